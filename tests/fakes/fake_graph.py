"""A local Facebook Graph API that posts to one Page the way Facebook does.

Obeys the facts in ``shared/contracts/README.md``:

- ``POST /{version}/{page-id}/feed`` with ``message``, ``link`` and ``access_token``
  form-encoded in the body; answers ``{"id": "{page-id}_{post-id}"}``.
- Errors in Facebook's shape ``{"error": {"message", "type", "code", "error_subcode",
  "error_user_title", "error_user_msg", "fbtrace_id"}}``, with a code for every row of
  the table (1, 2, 4, 10, 17, 32, 100, 190 + subcodes, 200-299, 341, 368, 506, 613,
  1609005) available as a scripted fault.
- ``X-App-Usage`` and ``X-Business-Use-Case-Usage`` headers on every answer; a
  throttling fault can carry ``estimated_time_to_regain_access`` (minutes).

Assumptions where the contracts are silent:
- A version that is not ``v<major>.<minor>`` gets 400 code 2500 "Unknown path
  components"; a well-formed one not in ``versions`` gets 400 code 12 (deprecated).
- A missing token is 400 code 104; a token that is not the Page's is 400 code 190
  ("Invalid OAuth access token"), no subcode. Another page id is 400 code 100,
  subcode 33 (object does not exist / missing permissions).
- Facebook accepts a token in the query string too; the fake accepts it but records
  ``token_in_url`` so tests can assert that our client never does that.
- Every error is HTTP 400 except codes 1 and 2 (500 and 503), as seen from the API.
- The same message and link posted twice is 506 "Duplicate status message".
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ._server import FakeServer, Fault, Received, Reply

VERSION = re.compile(r"^v\d+\.\d+$")
PATH = re.compile(r"^/(?P<version>[^/]+)/(?P<page>[^/]+)/feed/?$")

# Facebook's own words for each code of the table (status, message, title, user msg).
MESSAGES: dict[int, tuple[int, str]] = {
    1: (500, "An unknown error occurred"),
    2: (503, "An unexpected error has occurred. Please retry your request later."),
    4: (400, "(#4) Application request limit reached"),
    10: (400, "(#10) Application does not have permission for this action"),
    17: (400, "(#17) User request limit reached"),
    32: (400, "(#32) Page request limit reached"),
    100: (400, "(#100) Invalid parameter"),
    190: (400, "Error validating access token: Session has expired."),
    200: (
        400,
        "(#200) If posting to a page, requires both pages_read_engagement "
        "and pages_manage_posts as an admin with sufficient administrative "
        "permission",
    ),
    341: (400, "(#341) Application limit reached"),
    368: (
        400,
        "The action attempted has been deemed abusive or is otherwise disallowed",
    ),
    506: (400, "(#506) Duplicate status message"),
    613: (400, "(#613) Calls to this api have exceeded the rate limit."),
    1609005: (400, "Error Posting Link"),
}
SUBCODE_MESSAGES = {
    458: "Error validating access token: The user has not authorized application.",
    459: "Error validating access token: You cannot access the app till you log in "
    "to www.facebook.com and follow the instructions given.",
    460: "Error validating access token: The session has been invalidated because "
    "the user changed their password or Facebook has changed the session for "
    "security reasons.",
    463: "Error validating access token: Session has expired.",
    464: "Error validating access token: Sessions for the user are not allowed "
    "because the user is not a confirmed user.",
    467: "Invalid OAuth access token - Cannot parse access token",
}
THROTTLING = {4, 17, 32, 341, 613}


@dataclass
class GraphFault(Fault):
    """A scripted Graph API error: ``GraphFault(code=190, subcode=463)``.

    ``eta_minutes`` goes into ``estimated_time_to_regain_access`` of the usage
    header; ``message`` replaces Facebook's default words; ``status`` (from
    ``Fault``) overrides the HTTP status, e.g. a bare 502 with an HTML body.
    """

    code: int | None = None
    subcode: int | None = None
    eta_minutes: int | None = None
    message: str | None = None
    user_msg: str | None = None

    def __post_init__(self) -> None:
        if self.code is not None and self.status is None:
            self.status = MESSAGES.get(self.code, (400, ""))[0]


def error_body(
    code: int,
    subcode: int | None = None,
    message: str | None = None,
    user_title: str = "",
    user_msg: str = "",
) -> dict[str, Any]:
    words = (
        message
        or SUBCODE_MESSAGES.get(subcode or 0)
        or MESSAGES.get(code, (400, f"(#{code}) Error"))[1]
    )
    error: dict[str, Any] = {
        "message": words,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "A" + secrets.token_hex(10),
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    if user_title:
        error["error_user_title"] = user_title
    if user_msg:
        error["error_user_msg"] = user_msg
    if code in (1, 2):
        error["is_transient"] = True
    return {"error": error}


class FakeGraph(FakeServer):
    """``FakeGraph(page_id, page_token)``. ``posts`` holds every accepted post
    (``{"id", "message", "link", "path"}``); ``received`` every request."""

    def __init__(
        self,
        page_id: str,
        page_token: str,
        *,
        versions: tuple[str, ...] = ("v25.0", "v26.0"),
    ) -> None:
        super().__init__()
        self.page_id = page_id
        self.page_token = page_token
        self.versions = versions
        self.posts: list[dict[str, Any]] = []
        self.token_in_url = False
        self._calls = 0
        self._next = 100_000_000_000_000

    def env(self) -> dict[str, str]:
        return {
            "POSSE_FACEBOOK_API_URL": self.url,
            "POSSE_FACEBOOK_PAGE_ID": self.page_id,
            "POSSE_FACEBOOK_PAGE_TOKEN": self.page_token,
        }

    def usage_headers(self, eta_minutes: int = 0) -> dict[str, str]:
        share = min(self._calls, 100)
        buc = {
            self.page_id: [
                {
                    "type": "pages",
                    "call_count": 100 if eta_minutes else share,
                    "total_cputime": share,
                    "total_time": share,
                    "estimated_time_to_regain_access": eta_minutes,
                }
            ]
        }
        app = {"call_count": share, "total_cputime": share, "total_time": share}
        return {
            "X-Business-Use-Case-Usage": json.dumps(buc),
            "X-App-Usage": json.dumps(app),
        }

    def _error(
        self,
        code: int,
        subcode: int | None = None,
        message: str | None = None,
        **kw: Any,
    ) -> Reply:
        status = MESSAGES.get(code, (400, ""))[0]
        return Reply(
            status, error_body(code, subcode, message, **kw), self.usage_headers()
        )

    def answer(self, received: Received) -> Reply:
        self._calls += 1
        parts = urlsplit(received.path)
        query = parse_qs(parts.query)
        if "access_token" in query:
            self.token_in_url = True
        match = PATH.match(parts.path)
        if received.method != "POST" or not match:
            return self._error(2500, message="Unknown path components: " + parts.path)
        version, page = match["version"], match["page"]
        if not VERSION.match(version):
            return self._error(2500, message=f"Unknown path components: /{version}")
        if version not in self.versions:
            return self._error(
                12,
                message=f"(#12) Graph API {version} is deprecated "
                "and no longer available",
            )
        if "application/x-www-form-urlencoded" in received.headers.get(
            "Content-Type", ""
        ):
            form = {k: v[-1] for k, v in parse_qs(received.text).items()}
        else:
            form = {}
        token = form.get("access_token") or (query.get("access_token") or [""])[-1]
        if not token:
            return self._error(
                104, message="An access token is required to request this resource."
            )
        if token != self.page_token:
            return self._error(
                190, message="Invalid OAuth access token - Cannot parse access token"
            )
        if page != self.page_id:
            return self._error(
                100,
                33,
                f"Unsupported post request. Object with ID '{page}' does not exist, "
                "cannot be loaded due to missing permissions, or does not support "
                "this operation.",
            )
        message, link = form.get("message", ""), form.get("link", "")
        if not message and not link:
            return self._error(100, message="(#100) Missing message or attachment")
        if link and urlsplit(link).scheme not in ("http", "https"):
            return self._error(
                100,
                message="(#100) The parameter link is not a valid URL",
                user_msg="link",
            )
        if any(p["message"] == message and p["link"] == link for p in self.posts):
            return self._error(506)
        self._next += 1
        post_id = f"{self.page_id}_{self._next}"
        self.posts.append(
            {
                "id": post_id,
                "message": message,
                "link": link,
                "path": parts.path,
                "form": form,
            }
        )
        return Reply(200, {"id": post_id}, self.usage_headers())

    def fault_reply(self, fault: Fault, received: Received) -> Reply:
        code = getattr(fault, "code", None)
        if code is None:
            # A bare HTTP failure, e.g. a proxy's 502 page.
            status = int(fault.status or 502)
            return Reply(status, fault.body or f"<html>{status}</html>", fault.headers)
        eta = getattr(fault, "eta_minutes", None)
        body = fault.body or error_body(
            code,
            getattr(fault, "subcode", None),
            getattr(fault, "message", None),
            user_msg=getattr(fault, "user_msg", None) or "",
        )
        status = fault.status or MESSAGES.get(code, (400, ""))[0]
        headers = (
            self.usage_headers(eta or 0)
            if code in THROTTLING and eta
            else self.usage_headers()
        )
        return Reply(status, body, {**headers, **fault.headers})
