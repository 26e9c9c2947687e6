"""Post to a Facebook Page with one Graph API call: ``POST /{version}/{page}/feed``.

The Page token travels in the form body (posting) or the ``Authorization: Bearer``
header (reading), never in the URL, so no proxy or access log can keep it. Only a
Page can be posted to: Facebook removed posting to personal profiles (2018) and to
Groups (2024); a profile gets a share link on the blog.

Graph never promised to refuse a second Page post with the same message and link
(#506 is documented for duplicate *status messages*), so an answer that was lost
after sending is ``Unconfirmed``, and ``look()`` reads the Page's own published
posts (free: Graph reads are not billed) to find it before anything is sent again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit

if TYPE_CHECKING:
    import requests

from ...said import Said, said
from .base import (
    NOTE,
    PROBLEM,
    WARNING,
    AlreadyPosted,
    Delivered,
    DeliveryError,
    Network,
    Permanent,
    Post,
    Problem,
    RetryLater,
    Transient,
    Unconfirmed,
    Verified,
    code_words,
    guard_logs,
    json_object,
    refused,
    scrub,
    value_problems,
)

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://graph.facebook.com"
DEFAULT_VERSION = "v26.0"

TRANSIENT_CODES = {1, 2}
THROTTLING_CODES = {4, 17, 32, 341, 613}
# What look() asks of each post. Not `link`: deprecated since v3.3 (#12); the
# article's address is in attachments{unshimmed_url} (`url` there is Facebook's
# l.facebook.com redirect).
LOOK_FIELDS = "id,message,created_time,permalink_url,attachments{unshimmed_url}"
LOOK_LIMIT = 100  # Graph's most per page
LOOK_PAGES = 5  # 500 posts since the article's date is more than any blog makes
# What a Page token needs to post (and to look for a post whose answer was lost).
NEEDED_SCOPES = ("pages_manage_posts", "pages_read_engagement")
APP_VARS = ("POSSE_FACEBOOK_APP_ID", "POSSE_FACEBOOK_APP_SECRET")

REMEDY_TOKEN = said("facebook.remedy.token")
# Why a token stopped working, by the error_subcode of a code 190.
TOKEN_SUBCODES = frozenset({458, 459, 460, 463, 464, 467})
REMEDY_PERMISSION = said("facebook.remedy.permission")
REMEDY_BLOCKED = said("facebook.remedy.blocked")
REMEDY_LINK = said("facebook.remedy.link")
REMEDY_URL = said(
    "network.remedy.url",
    variable="POSSE_FACEBOOK_API_URL",
    network="Facebook",
    example="http://127.0.0.1:8081",
)


def _usage_wait(headers: Mapping[str, str]) -> float | None:
    """Seconds until Facebook lets us post again, from X-Business-Use-Case-Usage
    (``estimated_time_to_regain_access`` is in minutes); None when not said."""
    raw = headers.get("X-Business-Use-Case-Usage")
    if not raw:
        return None
    try:
        usage = json.loads(raw)
    except ValueError:
        return None
    minutes = [
        entry.get("estimated_time_to_regain_access")
        for entries in (usage.values() if isinstance(usage, dict) else ())
        for entry in (entries if isinstance(entries, list) else ())
        if isinstance(entry, dict)
    ]
    minutes = [m for m in minutes if isinstance(m, int | float) and m > 0]
    return max(minutes) * 60.0 if minutes else None


class FacebookPageNetwork(Network):
    name: ClassVar[str] = "facebook"
    label: ClassVar[str] = "Facebook"
    env_vars: ClassVar[tuple[str, ...]] = (
        "POSSE_FACEBOOK_PAGE_ID",
        "POSSE_FACEBOOK_PAGE_TOKEN",
    )
    secret_vars: ClassVar[tuple[str, ...] | None] = ("POSSE_FACEBOOK_PAGE_TOKEN",)
    # Graph may answer a copy with 506, but never promised to: nothing refuses it.
    copy_refusal: ClassVar[dt.timedelta | None] = None
    free_reads: ClassVar[bool] = True  # Graph reads are not billed
    expiry_var: ClassVar[str | None] = "POSSE_FACEBOOK_PAGE_TOKEN_EXPIRES"
    timeout: tuple[float, float] = (10.0, 30.0)  # (connect, read) seconds

    def __init__(self, env: Any, settings: object) -> None:
        super().__init__(env, settings)
        guard_logs(self.secrets(), "urllib3.connectionpool")

    def endpoint(self, edge: str = "feed") -> str:
        base = self.base_url("POSSE_FACEBOOK_API_URL", DEFAULT_API_URL, REMEDY_URL)
        version = (
            getattr(self.settings, "facebook_api_version", None) or DEFAULT_VERSION
        )
        page = self.env.get("POSSE_FACEBOOK_PAGE_ID", "").strip()
        if not page.isdigit():
            raise self.fail(
                Permanent,
                said("facebook.error.page_id", value=page),
                remedy=said("facebook.remedy.page_id"),
            )
        return f"{base.rstrip('/')}/{version}/{page}/{edge}"

    # --- check -------------------------------------------------------------------
    @classmethod
    def problems_offline(
        cls, env: Mapping[str, str], settings: object, now: dt.datetime
    ) -> list[Problem]:
        found = super().problems_offline(env, settings, now)
        page = env.get("POSSE_FACEBOOK_PAGE_ID", "").strip().strip("'\"")
        if page and not page.isdigit():
            key = "check.facebook.page_url" if "/" in page else "check.facebook.page_id"
            found.append(
                Problem(PROBLEM, "POSSE_FACEBOOK_PAGE_ID", key, {"value": page})
            )
        # The app id and secret only serve check (debug_token): never a problem.
        given = [name for name in APP_VARS if env.get(name, "").strip()]
        for name in given:
            found += [
                Problem(WARNING, p.variable, p.key, p.values)
                for p in value_problems(env, name)
            ]
        if len(given) == 1:
            missing = next(n for n in APP_VARS if n not in given)
            found.append(Problem(WARNING, missing, "check.facebook.app_pair"))
        app_id = env.get("POSSE_FACEBOOK_APP_ID", "").strip()
        if app_id and not app_id.isdigit():
            found.append(
                Problem(WARNING, "POSSE_FACEBOOK_APP_ID", "check.facebook.app_id")
            )
        return found

    def verify(self) -> Verified:
        """``GET /{version}/{page}?fields=id,name`` with the Page token, then, when
        the app id and secret are set, ``GET /debug_token``: the token's type,
        scopes and expiry."""
        import requests  # noqa: PLC0415 - see post()

        self.require_configured()
        token = self.env["POSSE_FACEBOOK_PAGE_TOKEN"].strip()
        page = self.env["POSSE_FACEBOOK_PAGE_ID"].strip()
        node = self.endpoint("").rstrip("/")
        try:
            response = requests.get(
                node,
                params={"fields": "id,name"},
                headers={"Authorization": f"Bearer {token}"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise self.request_failed(exc, sent=False, remedy=REMEDY_URL) from None
        try:
            body = self._listing(response)
        except Permanent as error:
            variable = (
                "POSSE_FACEBOOK_PAGE_ID"
                if error.code == 100
                else "POSSE_FACEBOOK_PAGE_TOKEN"
            )
            return Verified(problems=[refused(variable, error)])
        verified = Verified(account=f"{body.get('name') or '?'} ({body.get('id')})")
        if str(body.get("id")) != page:
            verified.problems.append(
                Problem(PROBLEM, "POSSE_FACEBOOK_PAGE_ID", "check.facebook.other_page")
            )
        app_id, app_secret = (self.env.get(n, "").strip() for n in APP_VARS)
        if not (app_id and app_secret):
            verified.problems.append(
                Problem(NOTE, "POSSE_FACEBOOK_APP_ID", "check.facebook.no_app")
            )
            return verified
        self._debug_token(verified, token, page, f"{app_id}|{app_secret}")
        return verified

    def _debug_token(
        self, verified: Verified, token: str, page: str, app_token: str
    ) -> None:
        import requests  # noqa: PLC0415 - see post()

        guard_logs([app_token], "urllib3.connectionpool")
        base = self.base_url("POSSE_FACEBOOK_API_URL", DEFAULT_API_URL, REMEDY_URL)
        version = (
            getattr(self.settings, "facebook_api_version", None) or DEFAULT_VERSION
        )
        # The token examined travels in the query, as Graph documents debug_token
        # (over https: only Facebook sees it); the app's own token in the header.
        try:
            response = requests.get(
                f"{base.rstrip('/')}/{version}/debug_token",
                params={"input_token": token},
                headers={"Authorization": f"Bearer {app_token}"},
                timeout=self.timeout,
            )
            data = self._listing(response).get("data")
        except requests.RequestException as exc:
            raise self.request_failed(exc, sent=False, remedy=REMEDY_URL) from None
        except Permanent as error:
            words = scrub(error.message, [app_token])
            verified.problems.append(
                Problem(
                    WARNING,
                    "POSSE_FACEBOOK_APP_SECRET",
                    "check.facebook.debug_failed",
                    {"message": words},
                )
            )
            return
        data = data if isinstance(data, dict) else {}
        variable = "POSSE_FACEBOOK_PAGE_TOKEN"
        if data.get("is_valid") is False:
            words = (data.get("error") or {}).get("message") or "is_valid: false"
            verified.problems.append(
                Problem(PROBLEM, variable, "check.facebook.invalid", {"message": words})
            )
            return
        kind = str(data.get("type") or "")
        if kind and kind != "PAGE":
            verified.problems.append(
                Problem(PROBLEM, variable, "check.facebook.not_page", {"type": kind})
            )
        profile = str(data.get("profile_id") or "")
        if kind == "PAGE" and profile and profile != page:
            verified.problems.append(
                Problem(PROBLEM, variable, "check.facebook.token_of_other_page")
            )
        scopes = data.get("scopes") if isinstance(data.get("scopes"), list) else []
        lacking = [s for s in NEEDED_SCOPES if s not in scopes]
        if lacking:
            verified.problems.append(
                Problem(
                    PROBLEM,
                    variable,
                    "check.facebook.scopes",
                    {"scopes": ", ".join(lacking)},
                )
            )
        expires = data.get("expires_at")
        if isinstance(expires, int) and expires > 0:
            verified.expires = dt.datetime.fromtimestamp(expires, dt.UTC)

    def post(self, post: Post) -> Delivered:
        self.require_configured()
        url = self.endpoint()
        data = {
            "message": post.text,
            "link": post.link or post.url,
            "access_token": self.env["POSSE_FACEBOOK_PAGE_TOKEN"].strip(),
        }
        log.debug("posse: facebook: posting %s", post.article_id)
        # requests is imported here, not at the top: `plan` and the build never post
        import requests  # noqa: PLC0415

        try:
            response = requests.post(url, data=data, timeout=self.timeout)
        except requests.RequestException as exc:
            raise self.request_failed(exc, sent=True, remedy=REMEDY_URL) from None
        return self._result(post, response)

    def _result(self, post: Post, response: requests.Response) -> Delivered:
        body = json_object(response)
        if body is None:
            words = not_graph(response.status_code)
            if response.status_code >= 500 or response.ok:
                # A proxy's error page, or a garbled answer: maybe posted, maybe not.
                raise self.fail(
                    Unconfirmed,
                    said("network.error.may_exist", message=words),
                    status=response.status_code,
                )
            raise self.fail(
                Permanent, words, status=response.status_code, remedy=REMEDY_URL
            )
        if isinstance(body.get("error"), dict):
            error = self._classify(body["error"], response)
            if response.status_code >= 500 and isinstance(error, Transient):
                # Graph's own 5xx (codes 1, 2: "unknown/unexpected error") after
                # the request was sent: nothing says the post was not created.
                error = self.fail(
                    Unconfirmed,
                    said("network.error.may_exist", message=error.message),
                    status=error.status,
                    code=error.code,
                )
            raise error
        post_id = str(body.get("id", "") or "")
        if not post_id:
            raise self.fail(
                Unconfirmed,
                said("network.error.no_post_id", network="Facebook"),
                status=response.status_code,
            )
        url = f"https://www.facebook.com/{post_id}"
        log.info("posse: facebook: posted %s as %s", post.article_id, url)
        return Delivered(remote_id=post_id, url=url)

    # --- looking -----------------------------------------------------------------
    def look(self, post: Post, since: dt.datetime) -> Delivered | None:
        """The Page's published post since ``since`` that links ``post``'s article.

        ``GET /{version}/{page}/published_posts`` (posts by the Page itself, newest
        first), ``limit=100``, ``since`` in Unix seconds, at most ``LOOK_PAGES``
        pages through ``paging.next``. The token goes in the Authorization header.
        """
        self.require_configured()
        import requests  # noqa: PLC0415 - see post()

        token = self.env["POSSE_FACEBOOK_PAGE_TOKEN"].strip()
        headers = {"Authorization": f"Bearer {token}"}
        url: str | None = self.endpoint("published_posts")
        params: dict[str, str] | None = {
            "fields": LOOK_FIELDS,
            "since": str(int(since.timestamp())),
            "limit": str(LOOK_LIMIT),
        }
        wanted = {u for u in (post.link, post.url) if u}
        for _ in range(LOOK_PAGES):
            if url is None:
                break
            try:
                response = requests.get(
                    url, params=params, headers=headers, timeout=self.timeout
                )
            except requests.RequestException as exc:
                raise self.request_failed(exc, sent=False, remedy=REMEDY_URL) from None
            body = self._listing(response)
            for item in body.get("data") or []:
                if isinstance(item, dict) and _announces(item, wanted):
                    post_id = str(item.get("id") or "")
                    if post_id:
                        link = str(item.get("permalink_url") or "")
                        log.info(
                            "posse: facebook: found %s already posted as %s",
                            post.article_id,
                            post_id,
                        )
                        return Delivered(
                            remote_id=post_id,
                            url=link or f"https://www.facebook.com/{post_id}",
                        )
            url, params = self._next_page(body), None
        return None

    def _listing(self, response: requests.Response) -> dict[str, Any]:
        body = json_object(response)
        if body is None:
            words = not_graph(response.status_code)
            if response.status_code >= 500 or response.ok:
                raise self.fail(Transient, words, status=response.status_code)
            raise self.fail(
                Permanent, words, status=response.status_code, remedy=REMEDY_URL
            )
        if isinstance(body.get("error"), dict):
            raise self._classify(body["error"], response)
        return body

    def _next_page(self, body: Mapping[str, Any]) -> str | None:
        """``paging.next``, on our own base URL (a proxy or fake stays in the path)
        and without any ``access_token`` Graph may have copied into it."""
        paging = body.get("paging")
        raw = paging.get("next") if isinstance(paging, dict) else None
        if not isinstance(raw, str) or not raw or not body.get("data"):
            return None
        parts = urlsplit(raw)
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "access_token"]
        base = urlsplit(
            self.base_url("POSSE_FACEBOOK_API_URL", DEFAULT_API_URL, REMEDY_URL)
        )
        prefix = base.path.rstrip("/")
        path = parts.path
        if prefix and not path.startswith(prefix + "/"):
            path = prefix + path
        return f"{base.scheme}://{base.netloc}{path}?{urlencode(query)}"

    def _classify(
        self, error: Mapping[str, Any], response: requests.Response
    ) -> DeliveryError:
        code = error.get("code")
        subcode = error.get("error_subcode")
        text = str(error.get("message") or "")
        user_msg = str(error.get("error_user_msg") or "").strip()
        if user_msg and user_msg not in text:
            text = f"{text} ({user_msg})"
        # "code 190: " is ours around Graph's own words.
        words = code_words(code, text)
        status = response.status_code
        kw: dict[str, Any] = {"status": status, "code": code}
        if code in TRANSIENT_CODES or error.get("is_transient") is True:
            return self.fail(Transient, words, **kw)
        if code in THROTTLING_CODES:
            wait = _usage_wait(response.headers)
            not_before = (
                dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait)
                if wait is not None
                else None
            )
            return self.fail(RetryLater, words, not_before=not_before, **kw)
        if code == 190:
            remedy = REMEDY_TOKEN
            if subcode in TOKEN_SUBCODES:
                why = said(f"facebook.why.{subcode}")
                remedy = said("facebook.remedy.token_because", why=why, remedy=remedy)
            return self.fail(Permanent, words, remedy=remedy, **kw)
        if code == 10 or (isinstance(code, int) and 200 <= code <= 299):
            return self.fail(Permanent, words, remedy=REMEDY_PERMISSION, **kw)
        if code == 368:
            return self.fail(Permanent, words, remedy=REMEDY_BLOCKED, **kw)
        if code == 506:
            return self.fail(AlreadyPosted, words, **kw)
        if code == 1609005:
            return self.fail(Permanent, words, remedy=REMEDY_LINK, **kw)
        if code == 100:
            return self.fail(
                Permanent, words, remedy=self._parameter_remedy(text, subcode), **kw
            )
        if code == 104:
            return self.fail(Permanent, words, remedy=REMEDY_TOKEN, **kw)
        if code in (12, 2500):
            return self.fail(
                Permanent,
                words,
                **kw,
                remedy=said("facebook.remedy.version", version=DEFAULT_VERSION),
            )
        if status >= 500:
            return self.fail(Transient, words, **kw)
        return self.fail(
            Permanent,
            words,
            **kw,
            remedy=said("network.remedy.refused", network="Facebook"),
        )

    @staticmethod
    def _parameter_remedy(words: str, subcode: Any) -> Said:
        lower = words.lower()
        if subcode == 33 or "does not exist" in lower:
            return said("facebook.remedy.unknown_page")
        if "link" in lower or "url" in lower:
            return said("facebook.remedy.param_link")
        if "message" in lower:
            return said("facebook.remedy.param_message")
        return said("facebook.remedy.param")


def not_graph(status: int) -> Said:
    """Our words for an answer that is not Graph's JSON (a proxy's page?)."""
    return said("network.error.not_api", status=status, api="Graph API")


def _same_url(a: str, b: str) -> bool:
    return a.rstrip("/") == b.rstrip("/")


def _announces(item: Mapping[str, Any], wanted: set[str]) -> bool:
    """True when a Graph post links one of ``wanted``: its attachment's
    ``unshimmed_url``, or the address written in its message."""
    attachments = item.get("attachments")
    data = attachments.get("data") if isinstance(attachments, dict) else None
    for attachment in data if isinstance(data, list) else ():
        link = attachment.get("unshimmed_url") if isinstance(attachment, dict) else None
        if isinstance(link, str) and any(_same_url(link, w) for w in wanted):
            return True
    message = item.get("message")
    return isinstance(message, str) and any(w in message for w in wanted)
