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
- ``GET /{version}/{page-id}/published_posts`` (and ``/feed``, ``/posts``) with
  ``fields`` (``id``, ``message``, ``created_time``, ``permalink_url``,
  ``attachments{unshimmed_url,url,...}``), ``since`` / ``until`` (Unix seconds or
  ISO 8601), ``limit`` (at most 100) and cursor paging (``after``): ``{"data":
  [newest first], "paging": {"cursors": {"before", "after"}, "next"}}``. The token
  may come as ``Authorization: Bearer`` or ``access_token``. The fields deprecated
  in v3.3 (``caption``, ``description``, ``link``, ``name``, ``object_id``,
  ``source``, ``type``) answer ``(#12) link field is deprecated for versions v3.3
  and higher``. An attachment's ``url`` is Facebook's redirect
  (``l.facebook.com/l.php?u=...``), its ``unshimmed_url`` the link as posted.
- Nothing refuses a second Page post with the same message and link: Graph never
  promised to. A 506 "Duplicate status message" is only a scripted fault
  (``GraphFault(code=506)``), a possible answer no client may rely on.
- A post may take a moment to appear in a listing: ``visibility_delay`` seconds
  (default 0) during which a new post exists but is not listed.

Assumptions where the contracts are silent:
- A version that is not ``v<major>.<minor>`` gets 400 code 2500 "Unknown path
  components"; a well-formed one not in ``versions`` gets 400 code 12 (deprecated).
- A missing token is 400 code 104; a token that is not the Page's is 400 code 190
  ("Invalid OAuth access token"), no subcode. Another page id is 400 code 100,
  subcode 33 (object does not exist / missing permissions).
- Facebook accepts a token in the query string too; the fake accepts it but records
  ``token_in_url`` so tests can assert that our client never does that.
- Every error is HTTP 400 except codes 1 and 2 (500 and 503), as seen from the API.
- ``since`` is inclusive and ``until`` exclusive (by ``created_time``); a ``limit``
  over 100 is read as 100; without ``fields`` a post has ``id``, ``message`` and
  ``created_time``; an unknown field is 400 code 100 "Tried accessing nonexisting
  field"; ``paging.next`` repeats the request's parameters (the token only if it
  came in the query, as Graph does) with ``after`` = the last post's cursor.
- ``permalink_url`` is ``https://www.facebook.com/{page-id}/posts/{post-part}``.

Getting a Page token (``pelican-posse auth facebook``): ``graph_auth.py``.

Checking a token (``pelican-posse check``), per the contracts' "Getting credentials":
- ``GET /{version}/{page-id}?fields=id,name`` with the token: ``{"id", "name"}``.
  The Page's own token reads it, and so does a user token of someone who can see
  the Page (``token_type="USER"``: the token is still accepted, as Graph does for a
  public Page); another id is code 100 subcode 33 (the contracts are silent on the
  exact words: the same as a post to an unknown Page).
- ``GET /{version}/debug_token?input_token=TOKEN`` with the app token
  ``APP_ID|APP_SECRET`` (query ``access_token`` or ``Authorization: Bearer``):
  ``{"data": {"app_id", "type", "application", "profile_id", "expires_at",
  "data_access_expires_at", "is_valid", "scopes"}}``; ``expires_at`` 0 = never.
  A wrong app token is code 190 (assumed: Graph's "Invalid OAuth access token");
  a token the fake does not know answers ``is_valid: false`` with an ``error``.
- The token's kind is set on the fake: ``token_type`` (``PAGE``/``USER``),
  ``token_scopes``, ``token_expires_at`` (Unix seconds; a past one makes every
  call with the token answer code 190 subcode 463) and ``token_profile_id`` (the
  Page a Page token belongs to; default the fake's Page).

The "created, answer lost" case: ``script(Fault(commit=True, drop=True))`` (the
post is made, then the connection is dropped) or ``Fault(commit=True,
delay=SECONDS)`` (the answer comes after the client's read timeout); see
``tests.fakes._server.answer_lost``.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from ._server import FakeServer, Fault, Received, Reply
from .graph_auth import GraphAuth

VERSION = re.compile(r"^v\d+\.\d+$")
PATH = re.compile(r"^/(?P<version>[^/]+)/(?P<page>[^/]+)/(?P<edge>[a-z_]+)/?$")
NODE = re.compile(r"^/(?P<version>v[^/]+)/(?P<node>[^/]+)/?$")
PAGE_SCOPES = ("pages_manage_posts", "pages_read_engagement", "pages_show_list")
LISTINGS = ("feed", "published_posts", "posts")
DEPRECATED_FIELDS = (
    "caption",
    "description",
    "link",
    "name",
    "object_id",
    "source",
    "type",
)
POST_FIELDS = ("id", "message", "created_time", "permalink_url", "attachments")
ATTACHMENT_FIELDS = ("unshimmed_url", "url", "type", "title", "description", "target")
DEFAULT_FIELDS = ("id", "message", "created_time")
MAX_LIMIT = 100
DEFAULT_LIMIT = 25

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


class FakeGraph(GraphAuth, FakeServer):
    """``FakeGraph(page_id, page_token)``. ``posts`` holds every accepted post
    (``{"id", "message", "link", "path"}``); ``received`` every request."""

    def __init__(
        self,
        page_id: str,
        page_token: str,
        *,
        versions: tuple[str, ...] = ("v25.0", "v26.0"),
        visibility_delay: float = 0.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__()
        self.page_id = page_id
        self.page_token = page_token
        self.versions = versions
        self.visibility_delay = visibility_delay
        self.clock = clock
        self.posts: list[dict[str, Any]] = []
        self.token_in_url = False
        self.page_name = "佐藤経営サポート"
        self.app_id, self.app_secret = "1234567890123", "app-SECRET-f00d"
        self.token_type = "PAGE"
        self.token_scopes: tuple[str, ...] = PAGE_SCOPES
        self.token_expires_at = 0
        self.token_profile_id: str | None = None
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
        auth = self.auth_answer(received)  # auth facebook's calls (graph_auth.py)
        if auth is not None:
            return auth
        parts = urlsplit(received.path)
        query = parse_qs(parts.query)
        if "access_token" in query:
            self.token_in_url = True
        node = NODE.match(parts.path)
        if received.method == "GET" and node:
            return self._read_node(node["version"], node["node"], query, received)
        match = PATH.match(parts.path)
        listing = received.method == "GET" and match and match["edge"] in LISTINGS
        if not listing and (
            received.method != "POST" or not match or match["edge"] != "feed"
        ):
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
        auth = {k.lower(): v for k, v in received.headers.items()}.get(
            "authorization", ""
        )
        token = (
            form.get("access_token")
            or (query.get("access_token") or [""])[-1]
            or (auth[len("Bearer ") :] if auth.startswith("Bearer ") else "")
        )
        if not token:
            return self._error(
                104, message="An access token is required to request this resource."
            )
        if token != self.page_token:
            return self._error(
                190, message="Invalid OAuth access token - Cannot parse access token"
            )
        if self._expired():
            return self._error(190, 463)
        if not listing and (
            self.token_type != "PAGE" or "pages_manage_posts" not in self.token_scopes
        ):
            return self._error(200)
        if page != self.page_id:
            return self._error(
                100,
                33,
                f"Unsupported post request. Object with ID '{page}' does not exist, "
                "cannot be loaded due to missing permissions, or does not support "
                "this operation.",
            )
        if listing:
            return self._list(parts.path, query)
        message, link = form.get("message", ""), form.get("link", "")
        if not message and not link:
            return self._error(100, message="(#100) Missing message or attachment")
        if link and urlsplit(link).scheme not in ("http", "https"):
            return self._error(
                100,
                message="(#100) The parameter link is not a valid URL",
                user_msg="link",
            )
        self._next += 1
        post_id = f"{self.page_id}_{self._next}"
        self.posts.append(
            {
                "id": post_id,
                "message": message,
                "link": link,
                "path": parts.path,
                "form": form,
                "created": self.clock(),
            }
        )
        return Reply(200, {"id": post_id}, self.usage_headers())

    # --- checking a token ---
    def _expired(self) -> bool:
        return 0 < self.token_expires_at <= self.clock()

    def _bearer(self, received: Received, query: dict[str, list[str]]) -> str:
        auth = {k.lower(): v for k, v in received.headers.items()}.get(
            "authorization", ""
        )
        return (query.get("access_token") or [""])[-1] or (
            auth[len("Bearer ") :] if auth.startswith("Bearer ") else ""
        )

    def _read_node(
        self, version: str, node: str, query: dict[str, list[str]], received: Received
    ) -> Reply:
        if version not in self.versions:
            return self._error(12, message=f"(#12) Graph API {version} is deprecated")
        token = self._bearer(received, query)
        if not token:
            return self._error(
                104, message="An access token is required to request this resource."
            )
        if node == "debug_token":
            return self._debug_token(token, (query.get("input_token") or [""])[-1])
        if token != self.page_token:
            return self._error(
                190, message="Invalid OAuth access token - Cannot parse access token"
            )
        if self._expired():
            return self._error(190, 463)
        if node != self.page_id:
            return self._error(
                100,
                33,
                f"Unsupported get request. Object with ID '{node}' does not exist, "
                "cannot be loaded due to missing permissions, or does not support "
                "this operation.",
            )
        fields = (query.get("fields") or ["id"])[-1].split(",")
        page = {"id": self.page_id, "name": self.page_name}
        return Reply(
            200,
            {k: v for k, v in page.items() if k in fields or k == "id"},
            self.usage_headers(),
        )

    def _debug_token(self, app_token: str, input_token: str) -> Reply:
        if app_token != f"{self.app_id}|{self.app_secret}":
            return self._error(
                190, message="Invalid OAuth access token - Cannot parse access token"
            )
        if not input_token:
            return self._error(
                100, message="(#100) The parameter input_token is required"
            )
        if input_token != self.page_token:
            data: dict[str, Any] = {
                "error": {
                    "code": 190,
                    "message": "Invalid OAuth access token - Cannot parse access token",
                },
                "is_valid": False,
                "scopes": [],
            }
            return Reply(200, {"data": data}, self.usage_headers())
        data = {
            "app_id": self.app_id,
            "type": self.token_type,
            "application": "posse",
            "expires_at": self.token_expires_at,
            "data_access_expires_at": int(self.clock()) + 90 * 86400,
            "is_valid": not self._expired(),
            "scopes": list(self.token_scopes),
            "user_id": "100000000000001",
        }
        if self.token_type == "PAGE":
            data["profile_id"] = self.token_profile_id or self.page_id
        if self._expired():
            data["error"] = {
                "code": 190,
                "message": "Error validating access token: Session has expired.",
                "subcode": 463,
            }
        return Reply(200, {"data": data}, self.usage_headers())

    # --- reading the Page's posts ---
    def _list(self, path: str, query: dict[str, list[str]]) -> Reply:
        params = {k: v[-1] for k, v in query.items()}
        try:
            fields = _parse_fields(params.get("fields", ""))
        except ValueError as error:
            return self._error(100, message=f"(#100) {error}")
        for name, subfields in fields.items():
            if name in DEPRECATED_FIELDS:
                return self._error(
                    12,
                    message=f"(#12) {name} field is deprecated for versions v3.3 "
                    "and higher",
                )
            if name not in POST_FIELDS:
                unknown = [name]
            elif name == "attachments":
                unknown = [f for f in subfields if f not in ATTACHMENT_FIELDS]
            else:
                unknown = []
            if unknown:
                return self._error(
                    100,
                    message=f"(#100) Tried accessing nonexisting field ({unknown[0]}) "
                    "on node type (PagePost)",
                )
        try:
            since = _time(params.get("since"))
            until = _time(params.get("until"))
            limit = min(int(params.get("limit") or DEFAULT_LIMIT), MAX_LIMIT)
            after = (
                int(base64.b64decode(params["after"]).decode())
                if params.get("after")
                else None
            )
        except (ValueError, TypeError) as error:
            return self._error(100, message=f"(#100) Invalid parameter: {error}")
        if limit <= 0:
            return self._error(100, message="(#100) Invalid parameter: limit")
        now = self.clock()
        shown = [
            p
            for p in reversed(self.posts)  # newest first
            if now >= p["created"] + self.visibility_delay
            and (since is None or p["created"] >= since)
            and (until is None or p["created"] < until)
            and (after is None or self._serial(p) < after)
        ]
        page = shown[:limit]
        body: dict[str, Any] = {
            "data": [
                self._view(p, fields or dict.fromkeys(DEFAULT_FIELDS)) for p in page
            ]
        }
        if page:
            cursors = {
                "before": _cursor(self._serial(page[0])),
                "after": _cursor(self._serial(page[-1])),
            }
            body["paging"] = {"cursors": cursors}
            if len(shown) > limit:
                following = {
                    **{k: v for k, v in params.items() if k != "after"},
                    "after": cursors["after"],
                }
                body["paging"]["next"] = f"{self.url}{path}?{urlencode(following)}"
        return Reply(200, body, self.usage_headers())

    @staticmethod
    def _serial(post: dict[str, Any]) -> int:
        return int(post["id"].rpartition("_")[2])

    def _view(self, post: dict[str, Any], fields: dict[str, list[str]]) -> dict:
        created = dt.datetime.fromtimestamp(post["created"], dt.UTC)
        full: dict[str, Any] = {
            "id": post["id"],
            "created_time": created.strftime("%Y-%m-%dT%H:%M:%S+0000"),
            "permalink_url": "https://www.facebook.com/"
            f"{self.page_id}/posts/{post['id'].rpartition('_')[2]}",
        }
        if post["message"]:
            full["message"] = post["message"]
        if post["link"]:
            attachment = {
                "unshimmed_url": post["link"],
                "url": "https://l.facebook.com/l.php?u=" + quote(post["link"], safe=""),
                "type": "share",
                "title": post["link"],
                "description": "",
                "target": {"url": post["link"]},
            }
            wanted = fields.get("attachments") or list(ATTACHMENT_FIELDS)
            full["attachments"] = {
                "data": [{k: v for k, v in attachment.items() if k in wanted}]
            }
        # Graph leaves out a field the post has no value for (id always comes).
        return {k: v for k, v in full.items() if k in fields or k == "id"}

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


def _parse_fields(text: str) -> dict[str, list[str]]:
    """``id,attachments{unshimmed_url,url}`` -> {"id": [], "attachments": [...]}."""
    fields: dict[str, list[str]] = {}
    for match in re.finditer(r"([a-z_]+)(?:\{([^{}]*)\})?(?:,|$)", text.strip()):
        if match.group(0) == "":
            continue
        subs = [s for s in (match.group(2) or "").split(",") if s]
        fields[match.group(1)] = subs
    rebuilt = ",".join(
        name + ("{" + ",".join(subs) + "}" if subs else "")
        for name, subs in fields.items()
    )
    if rebuilt != text.strip().replace(" ", "") and text.strip():
        raise ValueError(f"Syntax error in fields {text!r}")
    return fields


def _time(value: str | None) -> float | None:
    """Graph's ``since``/``until``: Unix seconds or an ISO 8601 date."""
    if value is None or value == "":
        return None
    if value.lstrip("-").isdigit():
        return float(int(value))
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.timestamp()


def _cursor(serial: int) -> str:
    return base64.b64encode(str(serial).encode()).decode()
