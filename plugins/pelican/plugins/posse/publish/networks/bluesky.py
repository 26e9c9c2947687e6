"""Bluesky: an ``app.bsky.feed.post`` record through the atproto SDK.

Calls per post: ``com.atproto.server.createSession`` once per run (the session is
reused for every later post of the run), then ``com.atproto.repo.uploadBlob`` only
when the article has a card image, then one ``com.atproto.repo.putRecord``.

Why ``putRecord`` and not ``createRecord``: the record key (``rkey``) is derived
from the post's idempotency key, and ``swapRecord: null`` tells the PDS "this must
be a create". If an earlier attempt did reach Bluesky (a timeout, a killed CI
job), the repeat is refused with ``InvalidSwap`` instead of posting twice, and we
report AlreadyPosted with the existing post's address. That refusal never expires,
so ``copy_refusal`` is ``timedelta.max``; a lost answer is still ``Unconfirmed``
(the caller learns the post may exist), and ``look()`` is one free
``com.atproto.repo.getRecord`` of that same key.

The link in the text is a ``app.bsky.richtext.facet#link`` whose ``byteStart`` /
``byteEnd`` are UTF-8 byte offsets (not characters: Japanese text before the URL
would otherwise shift the link), and the post carries an
``app.bsky.embed.external`` card with the article's title and description.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ...said import Said, said
from .base import (
    PROBLEM,
    WARNING,
    AlreadyPosted,
    Delivered,
    Network,
    Permanent,
    Post,
    Problem,
    RetryLater,
    Transient,
    Unconfirmed,
    Verified,
    language_code,
    never_sent,
    refused,
    scrub,
)
from .bluesky_text import _cut, _words, api_url, facets_for, graphemes, tid_for
from .bluesky_thumb import thumbnail

# atproto takes 3 s to import (httpx 0.4 s, requests 0.1 s): they are imported in the
# methods that log in or post, never for a Pelican build or the CLI's planning
# (docs/architecture.md).
if TYPE_CHECKING:
    from atproto import Client
    from atproto_client.exceptions import RequestErrorBase

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://bsky.social"
COLLECTION = "app.bsky.feed.post"
MAX_GRAPHEMES = 300  # app.bsky.feed.post#text maxGraphemes
MAX_BYTES = 3000  # app.bsky.feed.post#text maxLength
# httpx's (connect, read, write, pool) seconds, i.e. httpx.Timeout(30.0, connect=5.0).
TIMEOUT = (5.0, 30.0, 30.0, 30.0)
# A handle is a domain name (RFC 1035 labels, at least two); a DID also logs in.
_HANDLE = re.compile(
    r"([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}"
    r"[a-zA-Z0-9])?"
)
_DID = re.compile(r"did:[a-z]+:[a-zA-Z0-9._:%-]+")
# Bluesky makes app passwords as four groups of four: xxxx-xxxx-xxxx-xxxx.
_APP_PASSWORD = re.compile(r"[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}")


# (API URL, handle, sha256 of the app password) -> (logged-in client, DID)
_SESSIONS: dict[tuple[str, str, str], tuple[Client, str]] = {}


class BlueskyNetwork(Network):
    name: ClassVar[str] = "bluesky"
    label: ClassVar[str] = "Bluesky"
    env_vars: ClassVar[tuple[str, ...]] = (
        "POSSE_BLUESKY_HANDLE",
        "POSSE_BLUESKY_APP_PASSWORD",
    )
    secret_vars: ClassVar[tuple[str, ...] | None] = ("POSSE_BLUESKY_APP_PASSWORD",)
    # The record key comes from the idempotency key and the write is create-only:
    # sending an interrupted post again can only answer AlreadyPosted, however late.
    copy_refusal: ClassVar[dt.timedelta | None] = dt.timedelta.max
    free_reads: ClassVar[bool] = True  # getRecord: a public, unbilled read
    timeout: tuple[float, float, float, float] = TIMEOUT  # httpx: connect, read, ...

    def __init__(self, env: Mapping[str, str], settings: object) -> None:
        super().__init__(env, settings)
        self._client: Client | None = None
        self._did = ""

    def __repr__(self) -> str:  # never the password
        return f"<BlueskyNetwork handle={self._handle_setting()!r}>"

    def _handle_setting(self) -> str:
        return self.env.get("POSSE_BLUESKY_HANDLE", "").strip().lstrip("@")

    def _error(self, kind: type, message: str | Said, **kw: Any) -> Any:
        return kind(self.name, scrub(message, self.secrets()), **kw)

    # --- session ---------------------------------------------------------------
    def _login(self) -> Client:
        if self._client is not None:
            return self._client
        import httpx  # noqa: PLC0415 - see the imports above
        from atproto import Client  # noqa: PLC0415
        from atproto_client.exceptions import (  # noqa: PLC0415
            AtProtocolError,
            RequestErrorBase,
        )
        from atproto_client.request import Request  # noqa: PLC0415

        cached = _SESSIONS.get(self._session_key())
        if cached is not None:
            self._client, self._did = cached
            return self._client
        handle = self._handle_setting()
        password = self.env.get("POSSE_BLUESKY_APP_PASSWORD", "").strip()
        if not handle or not password:
            missing = ", ".join(self.missing_env(self.env))
            raise Permanent(
                self.name,
                said("network.error.not_set", variable=missing),
                remedy=self._remedy(),
            )
        if not (_HANDLE.fullmatch(handle) or _DID.fullmatch(handle)):
            raise Permanent(
                self.name,
                said("bluesky.error.handle", value=handle),
                remedy=said("bluesky.remedy.handle"),
            )
        raw_url = self.env.get("POSSE_BLUESKY_API_URL", "").strip() or DEFAULT_API_URL
        try:
            base = api_url(raw_url)
        except ValueError as error:
            raise Permanent(
                self.name,
                said(
                    "network.error.bad_value",
                    variable="POSSE_BLUESKY_API_URL",
                    value=raw_url,
                    problem=error.args[0],
                ),
                remedy=said("bluesky.remedy.api_url"),
            ) from None
        client = Client(base_url=base, request=Request(timeout=self.timeout))
        try:
            session = client.login(handle, password, fetch_bsky_profile=False)
            del session
        except RequestErrorBase as error:
            raise self._classify(error, login=True) from None
        except httpx.TransportError as error:
            raise self._unreachable(error) from None
        except AtProtocolError as error:
            raise self._error(
                Transient, said("network.error.login", kind=type(error).__name__)
            ) from None
        self._client = client
        self._did = client._session.did if client._session else ""
        _SESSIONS[self._session_key()] = (client, self._did)
        return client

    def _session_key(self) -> tuple[str, str, str]:
        # The engine makes one network object per post: sessions are shared per
        # process (one run), keyed without keeping the password itself (and by
        # the timeout, which the session's client was made with).
        password = self.env.get("POSSE_BLUESKY_APP_PASSWORD", "").strip()
        return (
            self.env.get("POSSE_BLUESKY_API_URL", "").strip() or DEFAULT_API_URL,
            self._handle_setting().lower(),
            hashlib.sha256(password.encode("utf-8")).hexdigest() + repr(self.timeout),
        )

    def _remedy(self) -> Said:
        return said("bluesky.remedy.password")

    # --- check -----------------------------------------------------------------
    @classmethod
    def problems_offline(
        cls, env: Mapping[str, str], settings: object, now: dt.datetime
    ) -> list[Problem]:
        found = super().problems_offline(env, settings, now)
        bad = {p.variable for p in found if p.severity == PROBLEM}
        handle = env.get("POSSE_BLUESKY_HANDLE", "").strip().lstrip("@")
        if (
            "POSSE_BLUESKY_HANDLE" not in bad
            and handle
            and not (_HANDLE.fullmatch(handle) or _DID.fullmatch(handle))
        ):
            found.append(
                Problem(
                    PROBLEM,
                    "POSSE_BLUESKY_HANDLE",
                    "check.bluesky.handle",
                    {"value": handle},
                )
            )
        password = env.get("POSSE_BLUESKY_APP_PASSWORD", "").strip()
        if (
            "POSSE_BLUESKY_APP_PASSWORD" not in bad
            and password
            and not _APP_PASSWORD.fullmatch(password)
        ):
            found.append(
                Problem(WARNING, "POSSE_BLUESKY_APP_PASSWORD", "check.bluesky.password")
            )
        raw_url = env.get("POSSE_BLUESKY_API_URL", "").strip()
        if raw_url:
            try:
                api_url(raw_url)
            except ValueError as error:
                found.append(
                    Problem(
                        PROBLEM,
                        "POSSE_BLUESKY_API_URL",
                        "check.url",
                        {"error": str(error)},
                    )
                )
        return found

    def verify(self) -> Verified:
        """One ``com.atproto.server.createSession``, kept for the rest of the run
        (Bluesky allows 30 logins in 5 minutes, 300 a day)."""
        try:
            self._login()
        except Permanent as error:
            variable = (
                "POSSE_BLUESKY_HANDLE"
                if "POSSE_BLUESKY_HANDLE" in str(error.message)
                else "POSSE_BLUESKY_APP_PASSWORD"
            )
            if error.code == "AuthFactorTokenRequired":
                return Verified(
                    problems=[
                        Problem(PROBLEM, variable, "check.bluesky.account_password")
                    ]
                )
            return Verified(problems=[refused(variable, error)])
        return Verified(account=f"@{self._handle_setting()} ({self._did})")

    # --- posting ---------------------------------------------------------------
    def record(
        self,
        post: Post,
        thumb: dict[str, Any] | None = None,
        now: dt.datetime | None = None,
    ) -> dict[str, Any]:
        """The ``app.bsky.feed.post`` record for ``post`` (no network)."""
        text = post.text
        created = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
        record: dict[str, Any] = {
            "$type": COLLECTION,
            "text": text,
            "createdAt": created.isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"
            ),
        }
        lang = language_code(post.lang)
        if lang:
            record["langs"] = [lang]
        facets = facets_for(text, post.url)
        if facets:
            record["facets"] = facets
        if post.url:
            external: dict[str, Any] = {
                "uri": post.url,
                "title": _cut(post.title or post.url, 300),
                "description": _cut(post.description or "", 1000),
            }
            if thumb:
                external["thumb"] = thumb
            record["embed"] = {"$type": "app.bsky.embed.external", "external": external}
        # The SDK's model checks the shape before anything is sent.
        from atproto import models  # noqa: PLC0415 - see the imports above

        models.AppBskyFeedPost.Record.model_validate(record)
        return record

    def post(self, post: Post) -> Delivered:
        if (
            graphemes(post.text) > MAX_GRAPHEMES
            or len(post.text.encode("utf-8")) > MAX_BYTES
        ):
            raise Permanent(
                self.name,
                said(
                    "bluesky.error.too_long",
                    count=graphemes(post.text),
                    limit=MAX_GRAPHEMES,
                ),
                remedy=said("bluesky.remedy.too_long"),
            )
        client = self._login()
        import httpx  # noqa: PLC0415 - loaded by _login()
        from atproto_client.exceptions import (  # noqa: PLC0415
            AtProtocolError,
            RequestErrorBase,
        )

        thumb = (
            thumbnail(
                client, post.image, classify=self._classify, secrets=self.secrets()
            )
            if post.image
            else None
        )
        try:
            record = self.record(post, thumb)
        except ValueError as error:  # pydantic's ValidationError is a ValueError
            raise Permanent(
                self.name,
                said("bluesky.error.record", error=str(error)[:500]),
                remedy=said("bluesky.remedy.record"),
            ) from None
        rkey = self.rkey(post)
        body = json.dumps(
            {
                "repo": self._did,
                "collection": COLLECTION,
                "rkey": rkey,
                "record": record,
                "swapRecord": None,  # "must be a create": a repeat is refused
            },
            ensure_ascii=False,
        ).encode("utf-8")
        try:
            response = client.invoke_procedure(
                "com.atproto.repo.putRecord",
                content=body,
                input_encoding="application/json",
                output_encoding="application/json",
            )
        except RequestErrorBase as error:
            raise self._classify(error, rkey=rkey) from None
        except httpx.TransportError as error:
            # The SDK passes some transport errors through (a dropped connection).
            if never_sent(error):
                raise self._unreachable(error) from None
            raise self._lost(error) from None
        except AtProtocolError as error:
            lost = said("network.error.may_exist", message=type(error).__name__)
            raise self._error(Unconfirmed, lost) from None
        content = response.content if isinstance(response.content, dict) else {}
        uri = str(content.get("uri") or f"at://{self._did}/{COLLECTION}/{rkey}")
        return Delivered(remote_id=uri, url=self.web_url(uri))

    def rkey(self, post: Post) -> str:
        """The post's record key: the same for every attempt at this article."""
        return tid_for(post.idempotency_key or f"{post.article_id}\n{self.name}")

    def look(self, post: Post, since: dt.datetime) -> Delivered | None:
        """``com.atproto.repo.getRecord`` of the post's own record key. The key is
        derived from the article, so any record there is this post, whenever it
        was made (``since`` is not needed)."""
        client = self._login()
        import httpx  # noqa: PLC0415 - loaded by _login()
        from atproto import models  # noqa: PLC0415
        from atproto_client.exceptions import (  # noqa: PLC0415
            AtProtocolError,
            RequestErrorBase,
        )

        rkey = self.rkey(post)
        params = models.ComAtprotoRepoGetRecord.Params(
            repo=self._did, collection=COLLECTION, rkey=rkey
        )
        try:
            response = client.invoke_query(
                "com.atproto.repo.getRecord",
                params=params,
                output_encoding="application/json",
            )
        except RequestErrorBase as error:
            if _words(error)[1] == "RecordNotFound":
                return None
            raise self._classify(error) from None
        except httpx.TransportError as error:
            raise self._unreachable(error) from None
        except AtProtocolError as error:
            raise self._error(Transient, type(error).__name__) from None
        content = response.content if isinstance(response.content, dict) else {}
        uri = str(content.get("uri") or f"at://{self._did}/{COLLECTION}/{rkey}")
        log.info("posse: bluesky: found %s already posted as %s", post.article_id, uri)
        return Delivered(remote_id=uri, url=self.web_url(uri))

    @staticmethod
    def web_url(uri: str) -> str:
        """``at://DID/app.bsky.feed.post/RKEY`` -> its page on bsky.app (by DID:
        the link keeps working when the handle changes)."""
        did, _, rest = uri.removeprefix("at://").partition("/")
        rkey = rest.rpartition("/")[2]
        return f"https://bsky.app/profile/{did}/post/{rkey}"

    # --- errors ----------------------------------------------------------------
    def _unreachable(self, error: Exception) -> Transient:
        return self._error(Transient, _unreachable(type(error).__name__))

    def _lost(self, error: BaseException) -> Unconfirmed:
        cause = type(error.__cause__ or error).__name__
        return self._error(
            Unconfirmed,
            said("network.error.lost_at", where="Bluesky", kind=cause),
        )

    def _classify(
        self, error: RequestErrorBase, *, login: bool = False, rkey: str = ""
    ) -> Exception:
        from atproto_client.exceptions import (  # noqa: PLC0415 - loaded: error is one
            BadRequestError,
            InvokeTimeoutError,
            NetworkError,
            RateLimitExceededError,
            UnauthorizedError,
        )

        status, name, words = _words(error)
        if isinstance(error, RateLimitExceededError):
            not_before = error.reset_at
            if not_before is None and error.retry_after is not None:
                not_before = dt.datetime.now(dt.UTC) + dt.timedelta(
                    seconds=error.retry_after
                )
            return self._error(
                RetryLater,
                said("network.error.rate_limited", message=words),
                not_before=not_before,
                status=429,
                code=name or None,
            )
        if status is None or isinstance(error, InvokeTimeoutError):
            if rkey and not never_sent(error):
                return self._lost(error)  # the record's write may have landed
            cause = type(error.__cause__ or error).__name__
            return self._error(Transient, _unreachable(cause))
        if name == "InvalidSwap" and rkey:
            uri = f"at://{self._did}/{COLLECTION}/{rkey}"
            return self._error(
                AlreadyPosted,
                said("network.error.exists", message=words),
                remote_id=uri,
                url=self.web_url(uri),
                status=status,
                code=name,
            )
        if name in ("ExpiredToken", "InvalidToken") and not login:
            self._client = None  # the next attempt logs in again
            _SESSIONS.pop(self._session_key(), None)
            return self._error(Transient, f"{name}: {words}", status=status, code=name)
        if isinstance(error, UnauthorizedError) or name == "AuthFactorTokenRequired":
            return self._error(
                Permanent,
                words,
                status=status,
                code=name or None,
                remedy=self._remedy(),
            )
        if status == 413 or isinstance(error, BadRequestError):
            return self._error(
                Permanent,
                f"{name}: {words}" if name else words,
                status=status,
                code=name or None,
                remedy=said("bluesky.remedy.invalid"),
            )
        if isinstance(error, NetworkError) or status >= 500:
            if rkey:  # after the record's write was sent: it may exist
                return self._error(
                    Unconfirmed,
                    said("network.error.may_exist", message=words),
                    status=status,
                    code=name or None,
                )
            return self._error(Transient, words, status=status, code=name or None)
        return self._error(
            Permanent,
            words,
            status=status,
            code=name or None,
            remedy=said("bluesky.remedy.other"),
        )


def _unreachable(kind: str) -> Said:
    return said("network.error.unreachable_at", where="Bluesky", kind=kind)
