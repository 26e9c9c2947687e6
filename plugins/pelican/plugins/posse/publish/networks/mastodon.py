"""Mastodon: one ``POST /api/v1/statuses`` through Mastodon.py.

The instance comes from ``POSSE_MASTODON_INSTANCE`` (environment, else the
setting of the same name) and the token from ``POSSE_MASTODON_TOKEN``; a token
with the ``write:statuses`` scope is all posting needs (the look below needs the
account: ``POSSE_PROFILES['mastodon']``, or a token with ``profile``). Each post carries
``Idempotency-Key`` = the post's idempotency key: Mastodon remembers it for an
hour and answers a repeat with the first status instead of posting again, so the
engine's retries after a timeout can never double-post. Only one request is made
per post: no version probe, no credential check (Mastodon.py is told not to).

After an hour the key is forgotten, so ``look()`` reads the account's own recent
statuses (``GET /api/v1/accounts/:id/statuses``, public for public posts: no token
is sent). The account id is found, in this order: from a status posted earlier in
this run; from ``POSSE_PROFILES['mastodon']`` (``@user@host`` or
``https://host/@user``, when ``host`` is this instance) through the public
``GET /api/v1/accounts/lookup?acct=user``; from
``GET /api/v1/accounts/verify_credentials`` (only a token with ``profile`` or
``read:accounts`` may call it: a ``write:statuses`` token gets 403). A
``private`` or ``direct`` post is not in the public listing: for those the token
is sent, and it needs ``read:statuses``. When none of these finds the account,
the engine sends a first post without looking (and warns), and an interrupted
post older than the key's hour becomes ``uncertain``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from ...said import Said, said
from ...settings_servers import mastodon_instance_url as instance_url
from .base import (
    NOTE,
    PROBLEM,
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
    bare,
    language_code,
    never_sent,
)
from .mastodon_look import _ACCOUNTS, MastodonLook
from .server import address_problems

# Mastodon.py takes 0.4 s to import (requests 0.1 s): both are imported inside the
# methods that post, never for a Pelican build or the CLI's planning
# (docs/architecture.md).
if TYPE_CHECKING:
    from mastodon import Mastodon
    from mastodon.errors import MastodonAPIError

log = logging.getLogger(__name__)

# (connect, read) seconds: a slow instance must not hang a CI job.
TIMEOUT = (5.0, 30.0)


def _words(error: MastodonAPIError) -> tuple[int | None, str]:
    """The HTTP status and Mastodon's own words from Mastodon.py's error args."""
    args = error.args
    status = args[1] if len(args) > 1 and isinstance(args[1], int) else None
    message = args[3] if len(args) > 3 and args[3] else None
    reason = args[2] if len(args) > 2 and args[2] else None
    return status, str(message or reason or (args[0] if args else "no details"))


class MastodonNetwork(MastodonLook, Network):
    name: ClassVar[str] = "mastodon"
    label: ClassVar[str] = "Mastodon"
    env_vars: ClassVar[tuple[str, ...]] = ("POSSE_MASTODON_TOKEN",)
    # Mastodon answers a repeat of the same Idempotency-Key within about an hour
    # (documented; Rails.cache expires_in 3600 s) with the first status: 55
    # minutes leave a margin for clocks and a slow request. Later, look first.
    copy_refusal: ClassVar[dt.timedelta | None] = dt.timedelta(minutes=55)
    free_reads: ClassVar[bool] = True  # the public statuses listing
    timeout: tuple[float, float] = TIMEOUT  # (connect, read) seconds

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
                said("mastodon.error.no_instance"),
                remedy=said("mastodon.remedy.no_instance"),
            )
        try:
            return instance_url(value)
        except ValueError as error:
            raise Permanent(
                self.name,
                said(
                    "network.error.bad_value",
                    variable="POSSE_MASTODON_INSTANCE",
                    value=value,
                    problem=str(error),
                ),
                remedy=said("mastodon.remedy.instance"),
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
                    said("network.error.not_set", variable="POSSE_MASTODON_TOKEN"),
                    remedy=self._token_remedy(),
                )
            self._client = Mastodon(
                access_token=token,
                api_base_url=self._base_url(),
                request_timeout=self.timeout,  # type: ignore[arg-type]  # requests takes a pair
                # "throw": the engine decides about waiting, never Mastodon.py.
                ratelimit_method="throw",
                # No version probe: exactly one request per post.
                version_check_mode="none",
                session=requests.Session(),
                user_agent="pelican-posse",
            )
        return self._client

    def _token_remedy(self) -> Said:
        try:
            where: str | Said = self._base_url() + "/settings/applications"
        except Permanent:
            where = said("mastodon.where")
        return said("mastodon.remedy.token", where=where)

    # --- check -------------------------------------------------------------------
    @classmethod
    def problems_offline(
        cls, env: Mapping[str, str], settings: object, now: dt.datetime
    ) -> list[Problem]:
        found = super().problems_offline(env, settings, now)
        return found + address_problems(
            env,
            getattr(settings, "mastodon_instance", None),
            "POSSE_MASTODON_INSTANCE",
            instance_url,
            ("check.mastodon.no_instance", "check.mastodon.instance"),
        )

    def verify(self) -> Verified:
        """``GET /api/v1/apps/verify_credentials`` (any valid token: the app and
        its scopes), then ``GET /api/v1/accounts/verify_credentials`` (the
        account: needs ``profile`` or ``read:accounts``; a token made with
        ``write:statuses`` alone gets 403, which is said, never an error)."""
        base = self._base_url()
        variable = "POSSE_MASTODON_TOKEN"
        app = self._verify_read(f"{base}/api/v1/apps/verify_credentials")
        if isinstance(app, Permanent):
            return Verified(problems=[self._refused(app)])
        verified = Verified()
        scopes = app.get("scopes") if isinstance(app, dict) else None
        if isinstance(scopes, list) and not {"write", "write:statuses"} & set(scopes):
            verified.problems.append(
                Problem(
                    PROBLEM,
                    variable,
                    "check.mastodon.cannot_post",
                    {"scopes": " ".join(map(str, scopes)), "where": self._where()},
                )
            )
        account = self._verify_read(f"{base}/api/v1/accounts/verify_credentials")
        if isinstance(account, Permanent):
            if account.status != 403:
                return Verified(problems=[self._refused(account)])
            # Only the app is known: said as such, not as an account.
            verified.account = ""
            verified.problems.append(
                Problem(
                    NOTE,
                    variable,
                    "check.mastodon.unverified",
                    {"where": self._where()},
                )
            )
            return verified
        host = urlsplit(base).hostname or ""
        username = account.get("username") if isinstance(account, dict) else None
        verified.account = f"@{username or '?'}@{host}"
        return verified

    def _refused(self, error: Permanent) -> Problem:
        """A refused check: a bad token (401), or not a Mastodon server there."""
        if error.status in (401, 403):
            variable, remedy = "POSSE_MASTODON_TOKEN", self._token_remedy()
        else:
            variable = "POSSE_MASTODON_INSTANCE"
            remedy = said("mastodon.remedy.not_found")
        return Problem(
            PROBLEM,
            variable,
            "check.refused",
            {"message": bare(error.message), "remedy": remedy},
        )

    def _where(self) -> str:
        try:
            return self._base_url() + "/settings/applications"
        except Permanent:
            return "Preferences > Development"

    def _verify_read(self, url: str) -> Any:
        """The answer of one read with the token, or the Permanent it gives."""
        try:
            return self._get(url, {}, token=True, what=url.rpartition("/api/")[2])
        except Permanent as error:
            return error

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
                language=language_code(post.lang),
                idempotency_key=post.idempotency_key or None,
            )
        except MastodonRatelimitError as error:
            raise RetryLater(
                self.name,
                said("network.error.rate_limited_429"),
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
                said(
                    "network.error.not_found_at",
                    message=words,
                    where=client.api_base_url,
                ),
                status=404,
                remedy=said("mastodon.remedy.not_found"),
            ) from None
        except MastodonServerError as error:
            # A 5xx after the request was sent: the status may exist.
            status_code, words = _words(error)
            raise Unconfirmed(
                self.name,
                said("network.error.may_exist", message=words),
                status=status_code,
            ) from None
        except MastodonNetworkError as error:
            # Mastodon.py raises it inside `except`: the requests error is the context.
            cause = error.__cause__ or error.__context__ or error
            values = {"where": client.api_base_url, "kind": type(cause).__name__}
            if never_sent(error):
                raise Transient(
                    self.name, said("network.error.unreachable_at", **values)
                ) from None
            raise Unconfirmed(
                self.name, said("network.error.lost_at", **values)
            ) from None
        except MastodonAPIError as error:
            raise self._classify(error) from None
        except MastodonError as error:
            raise Permanent(
                self.name, str(error), remedy=said("mastodon.remedy.settings")
            ) from None
        return self._delivered(status)

    def _classify(self, error: MastodonAPIError) -> DeliveryError:
        status, words = _words(error)
        if status == 403:
            return Permanent(
                self.name,
                words,
                status=403,
                remedy=said("mastodon.remedy.forbidden", token=self._token_remedy()),
            )
        if status == 422 and "character limit" in words:
            return Permanent(
                self.name,
                words,
                status=422,
                remedy=said("mastodon.remedy.max_characters"),
            )
        if status in (408, 425):  # not processed: the server says so
            return Transient(self.name, words[:300], status=status)
        if status is None or status >= 500:
            # No status: an answer Mastodon.py could not read (a proxy's page?).
            # It may have posted.
            return Unconfirmed(
                self.name,
                said("network.error.may_exist", message=words[:300]),
                status=status,
            )
        return Permanent(
            self.name,
            words,
            status=status,
            remedy=said("mastodon.remedy.refused"),
        )

    @staticmethod
    def _reset(client: Mastodon) -> dt.datetime | None:
        # Mastodon.py keeps X-RateLimit-Reset (epoch seconds) from the 429 answer.
        reset = getattr(client, "ratelimit_reset", None)
        if isinstance(reset, int | float) and reset > 0:
            return dt.datetime.fromtimestamp(reset, dt.UTC)
        return None

    def _delivered(self, status: Any) -> Delivered:
        remote_id = str(status.get("id") or "") if isinstance(status, Mapping) else ""
        if not remote_id:
            raise Unconfirmed(
                self.name, said("network.error.no_post_id", network="Mastodon")
            )
        url = status.get("url") or status.get("uri") or ""
        account = status.get("account")
        if isinstance(account, Mapping) and account.get("id"):
            _ACCOUNTS[self._account_key()] = str(account["id"])
        log.debug("posse: mastodon status %s created", remote_id)
        return Delivered(remote_id=remote_id, url=str(url))
