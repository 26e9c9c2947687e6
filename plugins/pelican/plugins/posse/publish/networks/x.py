"""Post to X through tweepy (API v2 ``POST /2/tweets``, OAuth 1.0a user context).

One ``create_tweet`` call per post and nothing else: X bills every call, and a post
with a link costs $0.200. Every tweepy and requests failure is turned into one of
the delivery errors of ``base``, with X's own words and what to do about it.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from ...said import Said, said
from .base import (
    PROBLEM,
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
    guard_logs,
    refused,
)

# tweepy takes 0.3 s to import (requests 0.1 s): both are imported inside the
# methods that post, never for a Pelican build or the CLI's planning
# (docs/architecture.md).
if TYPE_CHECKING:
    import requests
    import tweepy

log = logging.getLogger(__name__)

TWEEPY_HOST = "https://api.twitter.com"  # hard-coded in tweepy's BaseClient.request
DEFAULT_API_URL = TWEEPY_HOST
HANDLE = re.compile(r"^[A-Za-z0-9_]{1,15}$")
# An OAuth 1.0a access token begins with the account's numeric id and a dash.
ACCESS_TOKEN = re.compile(r"^\d+-\S+$")

# Libraries that log request details (the OAuth header holds the access token).
_CHATTY_LOGGERS = (
    "tweepy.client",
    "requests_oauthlib.oauth1_auth",
    "oauthlib.oauth1.rfc5849",
    "urllib3.connectionpool",
)

REMEDY_KEYS = said("x.remedy.keys")
REMEDY_FORBIDDEN = said("x.remedy.forbidden")
REMEDY_TOO_LONG = said("x.remedy.too_long")
REMEDY_CREDITS = said("x.remedy.credits")
REMEDY_URL = said(
    "network.remedy.url",
    variable="POSSE_X_API_URL",
    network="X",
    example="http://127.0.0.1:8080",
)


def _handle(profiles: Any) -> str | None:
    """The X handle from POSSE_PROFILES['x'] (``name``, ``@name`` or a profile URL)."""
    value = str((profiles or {}).get("x", "") or "").strip()
    if value.startswith(("https://", "http://")):
        parts = urlsplit(value)
        if parts.hostname not in {
            "x.com",
            "www.x.com",
            "twitter.com",
            "www.twitter.com",
            "mobile.twitter.com",
        }:
            return None
        value = parts.path.strip("/").split("/")[0]
    value = value.removeprefix("@")
    return value if HANDLE.match(value) else None


def post_url(post_id: str, profiles: Any) -> str:
    handle = _handle(profiles)
    if handle:
        return f"https://x.com/{handle}/status/{post_id}"
    return f"https://x.com/i/web/status/{post_id}"


@functools.cache
def _redirecting_session() -> type[requests.Session]:
    """The session class below, made once, when X is first posted to."""
    import requests  # noqa: PLC0415 - see the imports above

    class _RedirectingSession(requests.Session):
        """tweepy's session, pointed at ``base`` and given timeouts.

        tweepy has no host parameter and never passes a timeout. The URL is
        rewritten here, before requests prepares the request, so the OAuth 1.0a
        signature (made while preparing) covers the URL actually requested.
        """

        def __init__(self, base: str, timeout: tuple[float, float]) -> None:
            super().__init__()
            self.base = base.rstrip("/")
            self.timeout = timeout

        def request(
            self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any
        ) -> requests.Response:
            url = str(url)
            if url.startswith(TWEEPY_HOST):
                url = self.base + url[len(TWEEPY_HOST) :]
            kwargs.setdefault("timeout", self.timeout)
            return super().request(method, url, *args, **kwargs)

    return _RedirectingSession


def _words(exc: tweepy.HTTPException) -> str | Said:
    """X's own words: the problem detail, or the legacy error messages."""
    messages = [str(m) for m in exc.api_messages if m]
    try:
        body = exc.response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        for key in ("detail", "title"):
            value = body.get(key)
            if isinstance(value, str) and value and value not in messages:
                messages.append(value)
                break
    status = getattr(exc.response, "status_code", "?")
    reason = getattr(exc.response, "reason", "") or ""
    text = "; ".join(messages) or reason
    return (
        f"HTTP {status}: {text}" if text else said("network.error.http", status=status)
    )


class XNetwork(Network):
    name: ClassVar[str] = "x"
    label: ClassVar[str] = "X"
    env_vars: ClassVar[tuple[str, ...]] = (
        "POSSE_X_API_KEY",
        "POSSE_X_API_SECRET",
        "POSSE_X_ACCESS_TOKEN",
        "POSSE_X_ACCESS_TOKEN_SECRET",
    )
    # X answers a repeated text with a 403 "duplicate content" (AlreadyPosted).
    # How long X remembers a text is OBSERVED, NOT PROMISED: X documents no
    # window, and a copy was refused live in 2026. Six hours covers the hourly
    # schedule of a CI run (the next run re-sends an interrupted post well inside
    # it) with margin, and stays short enough not to lean on an undocumented
    # memory; past it the engine cannot re-send and cannot look (reads are billed).
    copy_refusal: ClassVar[dt.timedelta | None] = dt.timedelta(hours=6)
    free_reads: ClassVar[bool] = False  # every read is billed: X never looks
    billed_verify: ClassVar[bool] = True  # GET /2/users/me is a billed read
    # (connect, read) seconds. A post is small; X answers within a few seconds.
    timeout: tuple[float, float] = (10.0, 30.0)

    def __init__(self, env: Any, settings: object) -> None:
        super().__init__(env, settings)
        guard_logs(self.secrets(), *_CHATTY_LOGGERS)

    # --- helpers ---
    def _base_url(self) -> str:
        return self.base_url("POSSE_X_API_URL", DEFAULT_API_URL, REMEDY_URL)

    def client(self) -> tweepy.Client:
        import tweepy  # noqa: PLC0415 - see the imports above

        env = self.env
        client = tweepy.Client(
            consumer_key=env.get("POSSE_X_API_KEY", "").strip(),
            consumer_secret=env.get("POSSE_X_API_SECRET", "").strip(),
            access_token=env.get("POSSE_X_ACCESS_TOKEN", "").strip(),
            access_token_secret=env.get("POSSE_X_ACCESS_TOKEN_SECRET", "").strip(),
            # Never sleep inside tweepy: the engine decides how long to wait.
            wait_on_rate_limit=False,
        )
        client.session = _redirecting_session()(self._base_url(), self.timeout)
        return client

    # --- check ---
    @classmethod
    def problems_offline(
        cls, env: Mapping[str, str], settings: object, now: dt.datetime
    ) -> list[Problem]:
        found = super().problems_offline(env, settings, now)
        token = env.get("POSSE_X_ACCESS_TOKEN", "").strip()
        if token and not found and not ACCESS_TOKEN.match(token):
            found.append(
                Problem(PROBLEM, "POSSE_X_ACCESS_TOKEN", "check.x.access_token")
            )
        return found

    def verify(self) -> Verified:
        """``GET /2/users/me`` with the four OAuth 1.0a values: a billed read."""
        self.require_configured()
        client = self.client()
        import requests  # noqa: PLC0415 - loaded by client()
        import tweepy  # noqa: PLC0415

        try:
            response = client.request("GET", "/2/users/me", user_auth=True)
        except tweepy.HTTPException as exc:
            error = self._classify(exc)
            if isinstance(error, Unconfirmed):  # a read creates nothing
                error = self.fail(Transient, error.message, status=error.status)
            if isinstance(error, Permanent):
                return Verified(problems=[refused("POSSE_X_ACCESS_TOKEN", error)])
            raise error from None
        except requests.RequestException as exc:
            unreachable = said(
                "network.error.unreachable", network="X", kind=type(exc).__name__
            )
            raise self.fail(Transient, unreachable) from None
        try:
            data = response.json().get("data") or {}
        except (ValueError, AttributeError):
            raise self.fail(
                Transient, said("network.error.not_json", network="X")
            ) from None
        verified = Verified(account="@" + str(data.get("username") or data.get("id")))
        # X says the token's access level on OAuth 1.0a answers (assumed where
        # the contracts are silent): a read-only token cannot post.
        if response.headers.get("x-access-level", "").lower() == "read":
            verified.problems.append(
                Problem(PROBLEM, "POSSE_X_ACCESS_TOKEN", "check.x.read_only")
            )
        return verified

    # --- the one call ---
    def post(self, post: Post) -> Delivered:
        self.require_configured()
        client = self.client()
        import requests  # noqa: PLC0415 - loaded by client()
        import tweepy  # noqa: PLC0415

        log.debug(
            "posse: x: posting %s (%d characters)", post.article_id, len(post.text)
        )
        try:
            response = client.create_tweet(text=post.text, user_auth=True)
        except tweepy.HTTPException as exc:
            raise self._classify(exc) from None
        except ValueError:
            # tweepy reads the body as JSON: a garbled 2xx.
            garbled = said("network.error.not_json", network="X")
            lost = said("network.error.may_exist", message=garbled)
            raise self.fail(Unconfirmed, lost) from None
        except requests.RequestException as exc:
            raise self.request_failed(exc, sent=True, remedy=REMEDY_URL) from None
        data = getattr(response, "data", None) or {}
        post_id = str(data.get("id", "")) if isinstance(data, dict) else ""
        if not post_id:
            # Posted or not, we cannot tell.
            raise self.fail(Unconfirmed, said("network.error.no_post_id", network="X"))
        url = post_url(post_id, getattr(self.settings, "profiles", {}))
        log.info("posse: x: posted %s as %s", post.article_id, url)
        return Delivered(remote_id=post_id, url=url)

    def _classify(self, exc: tweepy.HTTPException) -> DeliveryError:
        import tweepy  # noqa: PLC0415 - loaded: exc is one of its errors

        words = _words(exc)
        status = getattr(exc.response, "status_code", None)
        lower = words.lower() if isinstance(words, str) else ""
        if isinstance(exc, tweepy.TooManyRequests):
            not_before = None
            if exc.reset_time is not None:
                not_before = dt.datetime.fromtimestamp(int(exc.reset_time), dt.UTC)
            return self.fail(
                RetryLater,
                words,
                not_before=not_before,
                status=status,
                code=88 if 88 in exc.api_codes else None,
            )
        if isinstance(exc, tweepy.TwitterServerError):
            # After the request was sent: X may have made the post.
            return self.fail(
                Unconfirmed,
                said("network.error.may_exist", message=words),
                status=status,
            )
        if isinstance(exc, tweepy.Forbidden) and "duplicate" in lower:
            return self.fail(AlreadyPosted, words, status=status)
        if isinstance(exc, tweepy.Unauthorized):
            return self.fail(Permanent, words, remedy=REMEDY_KEYS, status=status)
        if status == 402:
            return self.fail(Permanent, words, remedy=REMEDY_CREDITS, status=status)
        if "shorter" in lower or "too long" in lower:
            return self.fail(Permanent, words, remedy=REMEDY_TOO_LONG, status=status)
        if isinstance(exc, tweepy.Forbidden):
            return self.fail(Permanent, words, remedy=REMEDY_FORBIDDEN, status=status)
        if isinstance(exc, tweepy.NotFound):
            return self.fail(Permanent, words, remedy=REMEDY_URL, status=status)
        return self.fail(
            Permanent,
            words,
            status=status,
            remedy=said("network.remedy.refused", network="X"),
        )
