"""Mastodon: one ``POST /api/v1/statuses`` through Mastodon.py.

The instance comes from ``POSSE_MASTODON_INSTANCE`` (environment, else the
setting of the same name) and the token from ``POSSE_MASTODON_TOKEN``; a token
with the ``write:statuses`` scope is all posse needs. Each post carries
``Idempotency-Key`` = the post's idempotency key: Mastodon remembers it for an
hour and answers a repeat with the first status instead of posting again, so the
engine's retries after a timeout can never double-post. Only one request is made
per post: no version probe, no credential check (Mastodon.py is told not to).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from ..settings import mastodon_instance_url as instance_url
from .base import Delivered, Network, Permanent, Post, RetryLater, Transient

# Mastodon.py takes 0.4 s to import (requests 0.1 s): both are imported inside the
# methods that post, never for a Pelican build or the CLI's planning
# (docs/ARCHITECTURE.md).
if TYPE_CHECKING:
    from mastodon import Mastodon
    from mastodon.errors import MastodonAPIError

log = logging.getLogger(__name__)

# (connect, read) seconds: a slow instance must not hang a CI job.
TIMEOUT = (5.0, 30.0)
_LANG = re.compile(r"[a-z]{2,3}")


def _language(lang: str) -> str | None:
    # Mastodon wants ISO 639 ("ja"), Pelican may say "ja_JP" or "en-US".
    primary = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0] if lang else ""
    return primary if _LANG.fullmatch(primary) else None


def _words(error: MastodonAPIError) -> tuple[int | None, str]:
    """The HTTP status and Mastodon's own words from Mastodon.py's error args."""
    args = error.args
    status = args[1] if len(args) > 1 and isinstance(args[1], int) else None
    message = args[3] if len(args) > 3 and args[3] else None
    reason = args[2] if len(args) > 2 and args[2] else None
    return status, str(message or reason or (args[0] if args else "no details"))


class MastodonNetwork(Network):
    name: ClassVar[str] = "mastodon"
    label: ClassVar[str] = "Mastodon"
    env_vars: ClassVar[tuple[str, ...]] = ("POSSE_MASTODON_TOKEN",)
    # Mastodon forgets an Idempotency-Key after one hour: it protects the retries
    # within a run, but a post interrupted in an earlier run could be posted twice,
    # so the engine marks that one `uncertain` for a person instead.
    detects_duplicates: ClassVar[bool] = False

    def __init__(self, env: Mapping[str, str], settings: object) -> None:
        super().__init__(env, settings)
        self._client: Mastodon | None = None

    def __repr__(self) -> str:  # never the token
        return f"<MastodonNetwork instance={self._instance_setting()!r}>"

    def _instance_setting(self) -> str:
        return self.env.get("POSSE_MASTODON_INSTANCE", "").strip() or str(
            getattr(self.settings, "mastodon_instance", None) or ""
        )

    def _base_url(self) -> str:
        value = self._instance_setting()
        if not value:
            raise Permanent(
                self.name,
                "no Mastodon instance is set",
                remedy="set POSSE_MASTODON_INSTANCE (in pelicanconf.py or the "
                "environment) to your instance, e.g. 'mastodon.social'",
            )
        try:
            return instance_url(value)
        except ValueError as error:
            raise Permanent(
                self.name,
                f"POSSE_MASTODON_INSTANCE {value!r}: {error}",
                remedy="set POSSE_MASTODON_INSTANCE to your instance's host, "
                "e.g. 'mastodon.social'",
            ) from None

    def client(self) -> Mastodon:
        """One client per run: no request is made until the first post."""
        if self._client is None:
            import requests  # noqa: PLC0415 - see the imports above
            from mastodon import Mastodon  # noqa: PLC0415

            token = self.env.get("POSSE_MASTODON_TOKEN", "").strip()
            if not token:
                raise Permanent(
                    self.name,
                    "POSSE_MASTODON_TOKEN is not set",
                    remedy=self._token_remedy(),
                )
            self._client = Mastodon(
                access_token=token,
                api_base_url=self._base_url(),
                request_timeout=TIMEOUT,  # type: ignore[arg-type]  # requests takes a pair
                # "throw": the engine decides about waiting, never Mastodon.py.
                ratelimit_method="throw",
                # No version probe: exactly one request per post.
                version_check_mode="none",
                session=requests.Session(),
                user_agent="pelican-posse",
            )
        return self._client

    def _token_remedy(self) -> str:
        try:
            where = self._base_url() + "/settings/applications"
        except Permanent:
            where = "your instance's Preferences > Development"
        return (
            f"create an application at {where} with only the write:statuses "
            "scope and put its access token in POSSE_MASTODON_TOKEN"
        )

    def post(self, post: Post) -> Delivered:
        text = post.text
        if post.url and post.url not in text:
            # An announcement without its link is useless; Mastodon counts it as 23.
            text = f"{text}\n\n{post.url}" if text else post.url
        visibility = str(getattr(self.settings, "mastodon_visibility", "public"))
        client = self.client()
        from mastodon.errors import (  # noqa: PLC0415 - loaded by client()
            MastodonAPIError,
            MastodonError,
            MastodonNetworkError,
            MastodonNotFoundError,
            MastodonRatelimitError,
            MastodonServerError,
            MastodonUnauthorizedError,
        )

        try:
            status = client.status_post(
                text,
                visibility=visibility,
                language=_language(post.lang),
                idempotency_key=post.idempotency_key or None,
            )
        except MastodonRatelimitError as error:
            raise RetryLater(
                self.name,
                "rate limited (429 Too many requests)",
                not_before=self._reset(client),
                status=429,
            ) from error
        except MastodonUnauthorizedError as error:
            _, words = _words(error)
            raise Permanent(
                self.name, words, status=401, remedy=self._token_remedy()
            ) from None
        except MastodonNotFoundError as error:
            _, words = _words(error)
            raise Permanent(
                self.name,
                f"{words} (404 at {client.api_base_url})",
                status=404,
                remedy="check POSSE_MASTODON_INSTANCE: it must be the Mastodon "
                "server your account lives on",
            ) from None
        except MastodonServerError as error:
            status_code, words = _words(error)
            raise Transient(self.name, words, status=status_code) from None
        except MastodonNetworkError as error:
            raise Transient(
                self.name,
                f"could not reach {client.api_base_url}: "
                f"{type(error.__cause__ or error).__name__}",
            ) from None
        except MastodonAPIError as error:
            raise self._classify(error) from None
        except MastodonError as error:
            raise Permanent(
                self.name, str(error), remedy="check the Mastodon settings"
            ) from None
        return self._delivered(status)

    def _classify(self, error: MastodonAPIError) -> Permanent | Transient:
        status, words = _words(error)
        if status == 403:
            return Permanent(
                self.name,
                words,
                status=403,
                remedy="the token needs the write:statuses scope and an account "
                "that may post; " + self._token_remedy(),
            )
        if status == 422 and "character limit" in words:
            return Permanent(
                self.name,
                words,
                status=422,
                remedy="set POSSE_MASTODON_MAX_CHARACTERS to your instance's limit "
                "(shown at /api/v2/instance as max_characters)",
            )
        if status is None or status in (408, 425) or status >= 500:
            # No status: an answer Mastodon.py could not read (a proxy's page?).
            # It may have posted; a retry is safe thanks to the Idempotency-Key.
            return Transient(self.name, words[:300], status=status)
        return Permanent(
            self.name,
            words,
            status=status,
            remedy="fix the post or the Mastodon settings named above",
        )

    @staticmethod
    def _reset(client: Mastodon) -> dt.datetime | None:
        # Mastodon.py keeps X-RateLimit-Reset (epoch seconds) from the 429 answer.
        reset = getattr(client, "ratelimit_reset", None)
        if isinstance(reset, int | float) and reset > 0:
            return dt.datetime.fromtimestamp(reset, dt.UTC)
        return None

    def _delivered(self, status: Any) -> Delivered:
        remote_id = str(status["id"])
        url = status.get("url") or status.get("uri") or ""
        log.debug("posse: mastodon status %s created", remote_id)
        return Delivered(remote_id=remote_id, url=str(url))
