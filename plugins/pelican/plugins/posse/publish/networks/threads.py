"""Post to Threads in its two documented steps: a container, then its publication.

``POST /v1.0/{user-id}/threads`` (``media_type=TEXT``, ``text``, the article's URL
as ``link_attachment``, so that the card comes from its Open Graph tags) answers a
container id; ``POST /v1.0/{user-id}/threads_publish`` with ``creation_id``
publishes it and answers the post's media id; ``GET /v1.0/{media-id}?fields=
permalink`` gives the address the ledger keeps. The token travels in the form
body (posting) or the query (reading), as Threads documents it, over https.

Exactly once, step by step (Threads promises no refusal of a copy, so
``copy_refusal`` is None; its reads are free, so ``look()`` reads the account):

* The container step fails, or its answer is lost: nothing is published. An
  unpublished container is harmless: Threads lets it expire after 24 hours. The
  error is ``Transient`` and the next try makes a new container.
* A run is killed between the steps: the record stays ``posting``; the next run
  looks (``look()``), finds nothing, and sends anew with a new container. The old
  one expires unpublished.
* The publish step's answer is lost (a timeout, a reset, a 5xx, no id): the post
  may exist, so it is ``Unconfirmed``; the next run looks before sending again. A
  container whose publish answer was lost is never published again: its id is not
  kept, and each attempt makes its own container.
* The permalink read fails after a publish that answered: the post is ``posted``
  all the same, with the profile's address (``POSSE_PROFILES['threads']``) or
  Threads' home as its URL.

``look()`` recognises our post in ``GET /v1.0/me/threads`` (newest first, since
the intent) by the article's URL in its ``link_attachment_url`` or its text,
else by its text: the listing's text, spaces collapsed, must begin with ours
without its trailing hashtags (a topic tag may be shown apart from the text).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import re
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
    never_sent,
    refused,
    stored_expiry,
)

log = logging.getLogger(__name__)

# --- the remedies: one sentence each, in messages.py (keys threads.remedy.*) ----
REMEDIES = {
    "token": "threads.remedy.token",
    "permission": "threads.remedy.permission",
    "links": "threads.remedy.links",
    "user_id": "threads.remedy.user_id",
    "url": "threads.remedy.url",
    "parameter": "threads.remedy.parameter",
    "refused": "threads.remedy.refused",
}


def remedy(name: str) -> Said:
    """What a person does about this refusal: a message key the ledger keeps,
    said in the reader's language when shown."""
    return said(REMEDIES[name])


DEFAULT_API_URL = "https://graph.threads.net"
VERSION = "v1.0"
HOME = "https://www.threads.com/"
TRANSIENT_CODES = {1, 2}
# 4, 17, 32, 613: Meta's throttles; 9 with 2207042: the 250-posts-a-day limit
# (Meta's code for a publishing limit; the contracts do not give Threads' own).
THROTTLING_CODES = {4, 9, 17, 32, 341, 613}
LINK_LIMIT = "THREADS_API__LINK_LIMIT_EXCEEDED"
LOOK_FIELDS = "id,text,permalink,timestamp,link_attachment_url"
LOOK_LIMIT = 100
LOOK_PAGES = 5  # 500 posts since the intent: more than a blog's owner writes
_SPACES = re.compile(r"\s+")


def _json_object(response: requests.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def not_threads(status: int) -> Said:
    """Our words for an answer that is not the Threads API's JSON."""
    return said("network.error.not_api", status=status, api="Threads API")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ThreadsNetwork(Network):
    name: ClassVar[str] = "threads"
    label: ClassVar[str] = "Threads"
    env_vars: ClassVar[tuple[str, ...]] = (
        "POSSE_THREADS_USER_ID",
        "POSSE_THREADS_TOKEN",
    )
    secret_vars: ClassVar[tuple[str, ...] | None] = ("POSSE_THREADS_TOKEN",)
    copy_refusal: ClassVar[dt.timedelta | None] = None  # nothing refuses a copy
    free_reads: ClassVar[bool] = True  # Threads reads are not billed
    expiry_var: ClassVar[str | None] = "POSSE_THREADS_TOKEN_EXPIRES"
    timeout: tuple[float, float] = (10.0, 30.0)  # (connect, read) seconds

    def __init__(self, env: Any, settings: object) -> None:
        super().__init__(env, settings)
        guard_logs(self.secrets(), "urllib3.connectionpool")

    # --- where -------------------------------------------------------------------
    def api(self, path: str) -> str:
        """``{base}/v1.0/{path}``; plain http only on loopback (a fake)."""
        base = self.base_url("POSSE_THREADS_API_URL", DEFAULT_API_URL, remedy("url"))
        parts = urlsplit(base)
        if parts.scheme != "https" and not _loopback(parts.hostname or ""):
            raise self.fail(
                Permanent,
                said(
                    "network.error.not_https",
                    variable="POSSE_THREADS_API_URL",
                    value=base,
                ),
                remedy=remedy("url"),
            )
        return f"{base.rstrip('/')}/{VERSION}/{path}"

    def user(self) -> str:
        user = self.env.get("POSSE_THREADS_USER_ID", "").strip()
        if not user.isdigit():
            raise self.fail(
                Permanent,
                said("threads.error.user_id", value=user),
                remedy=remedy("user_id"),
            )
        return user

    def token(self) -> str:
        return self.env.get("POSSE_THREADS_TOKEN", "").strip()

    # --- check -------------------------------------------------------------------
    @classmethod
    def problems_offline(
        cls, env: Mapping[str, str], settings: object, now: dt.datetime
    ) -> list[Problem]:
        found = super().problems_offline(env, settings, now)
        user = env.get("POSSE_THREADS_USER_ID", "").strip().strip("'\"")
        if user and not user.isdigit():
            found.append(
                Problem(
                    PROBLEM,
                    "POSSE_THREADS_USER_ID",
                    "check.threads.user_id",
                    {"value": user},
                )
            )
        raw = env.get("POSSE_THREADS_TOKEN_EXPIRES", "").strip()
        if not raw:
            found.append(
                Problem(
                    WARNING, "POSSE_THREADS_TOKEN_EXPIRES", "check.threads.no_expiry"
                )
            )
            return found
        try:
            expires = stored_expiry(raw)
        except ValueError:
            return found  # said by stored_expiry_problems
        if expires is not None and expires - now > dt.timedelta(days=14):
            found.append(
                Problem(
                    NOTE,
                    "POSSE_THREADS_TOKEN",
                    "check.threads.days_left",
                    {"date": expires.date().isoformat(), "days": (expires - now).days},
                )
            )
        return found

    def verify(self) -> Verified:
        """``GET /v1.0/me?fields=id,username``, then the publishing quota left
        (``GET /v1.0/{user-id}/threads_publishing_limit``)."""
        self.require_configured()
        user = self.user()
        try:
            me = self._get(self.api("me"), {"fields": "id,username"})
        except Permanent as error:
            return Verified(problems=[refused("POSSE_THREADS_TOKEN", error)])
        verified = Verified(account=f"@{me.get('username') or '?'} ({me.get('id')})")
        if str(me.get("id")) != user:
            verified.problems.append(
                Problem(PROBLEM, "POSSE_THREADS_USER_ID", "check.threads.other_user")
            )
            return verified
        try:
            quota = self._get(
                self.api(f"{user}/threads_publishing_limit"),
                {"fields": "quota_usage,config"},
            )
        except Permanent as error:
            verified.problems.append(refused("POSSE_THREADS_TOKEN", error))
            return verified
        rows = quota.get("data") if isinstance(quota.get("data"), list) else []
        row = rows[0] if rows and isinstance(rows[0], dict) else {}
        config = row.get("config") if isinstance(row.get("config"), dict) else {}
        used, total = row.get("quota_usage"), config.get("quota_total")
        if isinstance(used, int) and isinstance(total, int):
            severity = WARNING if used >= total else NOTE
            verified.problems.append(
                Problem(
                    severity,
                    "",
                    "check.threads.quota",
                    {"left": max(total - used, 0), "total": total},
                )
            )
        return verified

    # --- posting -----------------------------------------------------------------
    def post(self, post: Post) -> Delivered:
        self.require_configured()
        user = self.user()
        # requests is imported here, not at the top: `plan` and the build never post
        import requests  # noqa: PLC0415

        data = {
            "media_type": "TEXT",
            "text": post.text,
            "link_attachment": post.link or post.url,
            "access_token": self.token(),
        }
        log.debug("posse: threads: making a container for %s", post.article_id)
        try:
            response = requests.post(
                self.api(f"{user}/threads"), data=data, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise self._request_failed(exc, sent=False) from None
        container = self._created(response, published=False)
        data = {"creation_id": container, "access_token": self.token()}
        try:
            response = requests.post(
                self.api(f"{user}/threads_publish"), data=data, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise self._request_failed(exc, sent=True) from None
        media = self._created(response, published=True)
        url = self._permalink(media) or self._fallback_url()
        log.info("posse: threads: posted %s as %s", post.article_id, url)
        return Delivered(remote_id=media, url=url)

    def _created(self, response: requests.Response, *, published: bool) -> str:
        """The id a step answered. ``published``: the step that publishes, whose
        lost answer is ``Unconfirmed``; the container step's is ``Transient``."""
        lost = Unconfirmed if published else Transient
        maybe = (
            "network.error.may_exist" if published else "network.error.not_published"
        )
        body = _json_object(response)
        status = response.status_code
        if body is None:
            words = not_threads(status)
            if status >= 500 or response.ok:
                raise self.fail(lost, said(maybe, message=words), status=status)
            raise self.fail(Permanent, words, status=status, remedy=remedy("url"))
        if isinstance(body.get("error"), dict):
            error = self._classify(body["error"], status)
            if published and status >= 500 and isinstance(error, Transient):
                error = self.fail(
                    Unconfirmed,
                    said(maybe, message=error.message),
                    status=status,
                    code=error.code,
                )
            raise error
        found = str(body.get("id", "") or "")
        if not found:
            no_id = said("network.error.no_id", network="Threads")
            raise self.fail(lost, said(maybe, message=no_id), status=status)
        return found

    def _permalink(self, media: str) -> str | None:
        """The published post's address; None when the read fails (it is posted)."""
        try:
            body = self._get(self.api(media), {"fields": "permalink"})
        except DeliveryError as error:
            lost = said("threads.log.no_permalink", media=media, message=error.message)
            log.warning("posse: threads: %s", lost)
            return None
        link = body.get("permalink")
        return link if isinstance(link, str) and link.startswith("https://") else None

    def _fallback_url(self) -> str:
        profiles = getattr(self.settings, "profiles", None) or {}
        handle = str(profiles.get("threads", "") or "").strip()
        if handle.startswith("https://"):
            return handle
        return f"{HOME}@{handle.lstrip('@')}" if handle else HOME

    def _request_failed(
        self, exc: requests.RequestException, *, sent: bool
    ) -> DeliveryError:
        """A request that got no answer. ``sent``: the publish step."""
        import requests  # noqa: PLC0415 - loaded: exc is one of its errors

        if not isinstance(exc, requests.ConnectionError | requests.Timeout):
            failed = said(
                "network.error.request_failed", network="Threads", error=str(exc)
            )
            return self.fail(Permanent, failed, remedy=remedy("url"))
        kind = type(exc).__name__
        if never_sent(exc) or not sent:
            return self.fail(
                Transient,
                said("network.error.nothing_published", network="Threads", kind=kind),
            )
        return self.fail(Unconfirmed, said("network.error.publish_lost", kind=kind))

    def _classify(self, error: Mapping[str, Any], status: int) -> DeliveryError:
        code, subcode = error.get("code"), error.get("error_subcode")
        text = str(error.get("message") or "")
        user_msg = str(error.get("error_user_msg") or "").strip()
        if user_msg and user_msg not in text:
            text = f"{text} ({user_msg})"
        words = code_words(code, text)
        kw: dict[str, Any] = {"status": status, "code": code}
        if LINK_LIMIT in " ".join(str(v) for v in error.values()):
            return self.fail(Permanent, words, remedy=remedy("links"), **kw)
        if code in TRANSIENT_CODES or error.get("is_transient") is True:
            return self.fail(Transient, words, **kw)
        if code in THROTTLING_CODES or subcode == 2207042:
            return self.fail(RetryLater, words, not_before=None, **kw)
        if code == 190:
            return self.fail(Permanent, words, remedy=remedy("token"), **kw)
        if code == 10 or (isinstance(code, int) and 200 <= code <= 299):
            return self.fail(Permanent, words, remedy=remedy("permission"), **kw)
        if code == 100:
            return self.fail(Permanent, words, remedy=remedy("parameter"), **kw)
        if status >= 500:
            return self.fail(Transient, words, **kw)
        return self.fail(Permanent, words, remedy=remedy("refused"), **kw)

    # --- reading -----------------------------------------------------------------
    def _get(self, url: str, params: Mapping[str, str] | None) -> dict[str, Any]:
        """One read: its JSON object, or the error it answered."""
        import requests  # noqa: PLC0415 - see post()

        query = {**(params or {}), "access_token": self.token()}
        try:
            response = requests.get(url, params=query, timeout=self.timeout)
        except requests.RequestException as exc:
            raise self._request_failed(exc, sent=False) from None
        body = _json_object(response)
        status = response.status_code
        if body is None:
            words = not_threads(status)
            if status >= 500 or response.ok:
                raise self.fail(Transient, words, status=status)
            raise self.fail(Permanent, words, status=status, remedy=remedy("url"))
        if isinstance(body.get("error"), dict):
            raise self._classify(body["error"], status)
        return body

    def look(self, post: Post, since: dt.datetime) -> Delivered | None:
        """Our post about ``post``'s article among the account's threads since
        ``since`` (``GET /v1.0/me/threads``, newest first, ``LOOK_PAGES`` pages)."""
        self.require_configured()
        url: str | None = self.api("me/threads")
        params: dict[str, str] | None = {
            "fields": LOOK_FIELDS,
            "since": str(int(since.timestamp())),
            "limit": str(LOOK_LIMIT),
        }
        for _ in range(LOOK_PAGES):
            if url is None:
                break
            body = self._get(url, params)
            items = body.get("data") if isinstance(body.get("data"), list) else []
            for item in items:
                if isinstance(item, dict) and item.get("id") and _ours(item, post):
                    link = item.get("permalink")
                    log.info(
                        "posse: threads: found %s already posted as %s",
                        post.article_id,
                        item["id"],
                    )
                    return Delivered(
                        remote_id=str(item["id"]),
                        url=link if isinstance(link, str) else self._fallback_url(),
                    )
            url, params = self._next_page(body, items), None
        return None

    def _next_page(self, body: Mapping[str, Any], items: list[Any]) -> str | None:
        """``paging.next`` on our own base URL, without the token Threads copies
        into it (ours is added to every read)."""
        paging = body.get("paging")
        raw = paging.get("next") if isinstance(paging, dict) else None
        if not isinstance(raw, str) or not raw or not items:
            return None
        parts = urlsplit(raw)
        query = [(k, v) for k, v in parse_qsl(parts.query) if k != "access_token"]
        base = self.api("me/threads")
        return f"{base}?{urlencode(query)}"


def _plain(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _head(text: str) -> str:
    """``text`` without its trailing hashtags, spaces collapsed."""
    words = _plain(text).split(" ")
    while words and words[-1].startswith("#"):
        words.pop()
    return " ".join(words)


def _ours(item: Mapping[str, Any], post: Post) -> bool:
    wanted = [u.rstrip("/") for u in (post.link, post.url) if u]
    attached = item.get("link_attachment_url")
    if isinstance(attached, str) and attached.rstrip("/") in wanted:
        return True
    text = item.get("text")
    if not isinstance(text, str):
        return False
    if any(u in text for u in wanted):
        return True
    head = _head(post.text)
    return bool(head) and _plain(text).startswith(head)
