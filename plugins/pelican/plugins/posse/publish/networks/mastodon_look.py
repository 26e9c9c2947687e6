"""Mastodon's look before a re-send: the account's own recent statuses
(``GET /api/v1/accounts/:id/statuses``), and how the account is found
(mastodon.py's docstring says in which order). A mixin of MastodonNetwork:
it uses the network's ``env``, ``settings``, ``timeout``, ``_base_url()`` and
``_token_remedy()``."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ...profiles import account_on_server
from ...said import Said, said
from .base import Delivered, Permanent, Post, RetryLater, Transient, timestamp

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

LOOK_LIMIT = 40  # Mastodon's most per page
LOOK_PAGES = 5
_USER = re.compile(r"[A-Za-z0-9_]{1,30}")
# (instance URL, sha256 of the token) -> account id, learnt from a posted status.
_ACCOUNTS: dict[tuple[str, str], str] = {}


class MastodonLook:
    """``look()`` and the reads it makes."""

    name: str
    env: Mapping[str, str]
    settings: Any
    timeout: Any

    def _account_key(self) -> tuple[str, str]:
        token = self.env.get("POSSE_MASTODON_TOKEN", "").strip()
        return self._base_url(), hashlib.sha256(token.encode("utf-8")).hexdigest()

    def look(self, post: Post, since: dt.datetime) -> Delivered | None:
        """The account's own status since ``since`` whose text or card links
        ``post.url``: newest first, ``LOOK_LIMIT`` a page, at most ``LOOK_PAGES``."""
        base = self._base_url()
        account = self._account_id(base)
        visibility = str(getattr(self.settings, "mastodon_visibility", "public"))
        # Public and unlisted statuses are listed for anyone: send no token.
        private = visibility in ("private", "direct")
        params: dict[str, str] = {"limit": str(LOOK_LIMIT), "exclude_reblogs": "true"}
        for _ in range(LOOK_PAGES):
            page = self._get(
                f"{base}/api/v1/accounts/{account}/statuses",
                params,
                token=private,
                what=said("network.what.statuses"),
            )
            if not isinstance(page, list) or not page:
                return None
            for status in page:
                if isinstance(status, Mapping) and _links(status, post.url):
                    found = self._found(status)
                    if found is not None:
                        log.info(
                            "posse: mastodon: found %s already posted as %s",
                            post.article_id,
                            found.remote_id,
                        )
                        return found
            oldest = page[-1] if isinstance(page[-1], Mapping) else {}
            created = timestamp(oldest.get("created_at"))
            if created is not None and created < since:
                return None
            if not oldest.get("id"):
                return None
            params = {**params, "max_id": str(oldest["id"])}
        return None

    @staticmethod
    def _found(status: Mapping[str, Any]) -> Delivered | None:
        remote_id = str(status.get("id") or "")
        url = str(status.get("url") or status.get("uri") or "")
        return Delivered(remote_id=remote_id, url=url) if remote_id else None

    def _account_id(self, base: str) -> str:
        known = _ACCOUNTS.get(self._account_key())
        if known:
            return known
        user = self._profile_user(base)
        if user:
            account = self._get(
                f"{base}/api/v1/accounts/lookup",
                {"acct": user},
                token=False,
                what=said("network.what.account", user=user),
            )
        else:
            account = self._get(
                f"{base}/api/v1/accounts/verify_credentials",
                {},
                token=True,
                what=said("network.what.token_account"),
                scope_remedy=said(
                    "mastodon.remedy.profile", host=urlsplit(base).hostname
                ),
            )
        account_id = str(account.get("id") or "") if isinstance(account, dict) else ""
        if not account_id:
            raise Transient(
                self.name, said("network.error.no_account_id", network="Mastodon")
            )
        _ACCOUNTS[self._account_key()] = account_id
        return account_id

    def _profile_user(self, base: str) -> str | None:
        """The user name from POSSE_PROFILES['mastodon'] when it is an account on
        this instance (``@user@host``, ``user@host`` or ``https://host/@user``)."""
        profiles = getattr(self.settings, "profiles", None) or {}
        user, host = account_on_server(str(profiles.get("mastodon", "") or ""))
        if not _USER.fullmatch(user):
            return None
        ours = urlsplit(base).hostname or ""
        return user if host.lower() == ours.lower() else None

    def _get(
        self,
        url: str,
        params: Mapping[str, str],
        *,
        token: bool,
        what: str | Said,
        scope_remedy: Said | None = None,
    ) -> Any:
        """One read. Sent with the token only when ``token``; a failed read is
        Transient / RetryLater / Permanent (a read creates nothing)."""
        import requests  # noqa: PLC0415 - see the imports above

        headers = {"User-Agent": "pelican-posse"}
        if token:
            secret = self.env.get("POSSE_MASTODON_TOKEN", "").strip()
            headers["Authorization"] = f"Bearer {secret}"
        try:
            response = requests.get(
                url, params=params, headers=headers, timeout=self.timeout
            )
        except requests.RequestException as error:
            raise Transient(
                self.name,
                said("network.error.cannot_read", what=what, kind=type(error).__name__),
            ) from None
        return self._read_answer(response, what, scope_remedy)

    def _read_answer(
        self, response: requests.Response, what: str | Said, scope_remedy: Said | None
    ) -> Any:
        try:
            body = response.json()
        except ValueError:
            body = None
        words = (
            str(body.get("error"))
            if isinstance(body, dict) and body.get("error")
            else f"HTTP {response.status_code}"
        )
        status = response.status_code
        reading = said("network.error.reading", what=what, message=words)
        if status == 429:
            reset = timestamp(response.headers.get("X-RateLimit-Reset"))
            raise RetryLater(self.name, reading, not_before=reset, status=429)
        if status >= 500 or (response.ok and body is None):
            raise Transient(self.name, reading, status=status)
        if status in (401, 403):
            raise Permanent(
                self.name,
                reading,
                status=status,
                remedy=scope_remedy
                or said("mastodon.remedy.read", token=self._token_remedy()),
            )
        if not response.ok:
            raise Permanent(
                self.name,
                reading,
                status=status,
                remedy=said("mastodon.remedy.account"),
            )
        return body


def _links(status: Mapping[str, Any], url: str) -> bool:
    """True when the status's text (HTML) or its preview card links ``url``."""
    if not url:
        return False
    card = status.get("card")
    if isinstance(card, Mapping) and str(card.get("url") or "").rstrip("/") == (
        url.rstrip("/")
    ):
        return True
    content = status.get("content")
    return isinstance(content, str) and url in html.unescape(content)
