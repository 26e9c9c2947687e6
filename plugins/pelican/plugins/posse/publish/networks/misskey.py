"""Misskey: one ``POST /api/notes/create`` through requests, on any server.

The server comes from ``POSSE_MISSKEY_SERVER`` (environment, else the setting of
the same name; https, or http on loopback for local fakes) and the token from
``POSSE_MISSKEY_TOKEN`` (environment only), sent as the body's ``i`` as every
Misskey version accepts. A token with ``write:notes`` is all posting needs.

The text was composed by the build for ``POSSE_MISSKEY_MAX_CHARACTERS``; a server
may allow less, so the first post of a run reads ``api/meta``'s
``maxNoteTextLength`` (public, once per run) and cuts again when it is lower.

Misskey promises no idempotency: a note sent twice is two notes. So after a lost
answer the engine looks first: ``POST /api/users/notes`` (``userId``,
``sinceDate`` = the intent's time) and our note is the one whose text holds the
article's URL. The account's id is found, in this order: from a note posted in
this run; ``POSSE_MISSKEY_USER_ID`` (``auth misskey`` stores it, not secret);
``POSSE_PROFILES['misskey']`` on this server through the public
``users/show``; ``POST /api/i``, which current Misskey lets only a token with
``read:account`` call.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from ...profiles import account_on_server
from ...said import Said, said
from ...settings_servers import misskey_server_url
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
    bare,
    never_sent,
)
from .server import address_problems

# Misskey counts a note's code points, which is len() (compose.misskey_length
# says why); compose itself is not imported here: it loads regex.
misskey_length = len

# requests takes 0.1 s to import: only when a note is sent or read.
if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)

SERVER, TOKEN, USER_ID = (
    "POSSE_MISSKEY_SERVER",
    "POSSE_MISSKEY_TOKEN",
    "POSSE_MISSKEY_USER_ID",
)
TIMEOUT = (5.0, 30.0)  # (connect, read) seconds: a slow server must not hang CI
LOOK_LIMIT = 100  # users/notes' most per page
LOOK_PAGES = 3
_USER = re.compile(r"[A-Za-z0-9_]{1,20}")
# Misskey's error codes that mean "this token cannot do that".
_TOKEN_CODES = ("CREDENTIAL_REQUIRED", "AUTHENTICATION_FAILED", "PERMISSION_DENIED")

# Servers whose rules ask automatic posters to set the bot flag (no API says
# which do). misskey.io: terms of use, "Botの運用について" (support.misskey.io):
# mainly automatic posting needs the bot flag, and the profile or a pinned note
# must name the bot's administrator; accounts without were restricted
# (reported at http://blog.w0s.jp/711).
BOT_RULES = {"misskey.io": "https://support.misskey.io/"}


# --- remedies: every "what to do" sentence of this module, in one place --------
def remedy(kind: str, **values: Any) -> Said:
    """The remedy ``kind`` (``token``, ``server``, ``length``, ``post``, ``user``):
    a message key the ledger keeps, said in the reader's language when shown."""
    return said(f"misskey.remedy.{kind}", **values)


class MisskeyNetwork(Network):
    name: ClassVar[str] = "misskey"
    label: ClassVar[str] = "Misskey"
    env_vars: ClassVar[tuple[str, ...]] = (TOKEN,)
    # No idempotency key and no duplicate refusal: never re-send without looking.
    copy_refusal: ClassVar[dt.timedelta | None] = None
    free_reads: ClassVar[bool] = True  # users/notes, not billed
    timeout: tuple[float, float] = TIMEOUT

    def __init__(self, env: Mapping[str, str], settings: object) -> None:
        super().__init__(env, settings)
        self._limit: int | None = None  # the server's maxNoteTextLength
        self._limit_read = False
        self._user_id: str | None = None

    def __repr__(self) -> str:  # never the token
        return f"<MisskeyNetwork server={self._server_setting()!r}>"

    # --- where -------------------------------------------------------------------
    def _server_setting(self) -> str:
        return self.env.get(SERVER, "").strip() or str(
            getattr(self.settings, "misskey_server", None) or ""
        )

    def base(self) -> str:
        value = self._server_setting()
        if not value:
            not_set = said("network.error.not_set", variable=SERVER)
            raise self.fail(Permanent, not_set, remedy=remedy("server"))
        try:
            return misskey_server_url(value)
        except ValueError as error:
            bad = said(
                "network.error.bad_value",
                variable=SERVER,
                value=value,
                problem=str(error),
            )
            raise self.fail(Permanent, bad, remedy=remedy("server")) from None

    def _visibility(self) -> str:
        return str(getattr(self.settings, "misskey_visibility", "public"))

    # --- one call ------------------------------------------------------------------
    def call(
        self, endpoint: str, body: Mapping[str, Any], *, sending: bool = False
    ) -> Any:
        """``POST /api/ENDPOINT`` with the token; the answer's JSON, or the error
        the engine acts on. ``sending``: this call may create a note."""
        import requests  # noqa: PLC0415 - see the imports above

        url = f"{self.base()}/api/{endpoint}"
        token = self.env.get(TOKEN, "").strip()
        payload = {**body, "i": token} if token else dict(body)
        try:
            response = requests.post(
                url,
                json=payload,
                headers={"User-Agent": "pelican-posse"},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            values = {"where": url, "kind": type(error).__name__}
            if sending and not never_sent(error):
                lost = said("network.error.lost_at", **values)
                raise self.fail(Unconfirmed, lost) from None
            unreachable = said("network.error.unreachable_at", **values)
            raise self.fail(Transient, unreachable) from None
        return self._answer(response, endpoint, sending=sending)

    def _answer(
        self, response: requests.Response, endpoint: str, *, sending: bool
    ) -> Any:
        try:
            body = response.json()
        except ValueError:
            body = None
        status = response.status_code
        error = body.get("error") if isinstance(body, dict) else None
        error = error if isinstance(error, dict) else {}
        code = str(error.get("code") or "")
        words = f"{endpoint}: " + str(error.get("message") or f"HTTP {status}")
        if response.ok and body is not None and not error:
            return body
        if status == 429 or code == "RATE_LIMIT_EXCEEDED":
            raise self.fail(
                RetryLater,
                words,
                not_before=_not_before(response, error),
                status=status,
                code=code,
            )
        if status >= 500 or response.ok:  # a 2xx without JSON: a proxy's page?
            kind = Unconfirmed if sending else Transient
            raise self.fail(kind, words, status=status, code=code)
        if code in _TOKEN_CODES or status in (401, 403):
            raise self.fail(
                Permanent, words, remedy=remedy("token"), status=status, code=code
            )
        if status == 404:
            raise self.fail(
                Permanent, words, remedy=remedy("server"), status=status, code=code
            )
        kind = "length" if "text" in str(error.get("info") or "") else "post"
        raise self.fail(Permanent, words, remedy=remedy(kind), status=status, code=code)

    # --- posting -----------------------------------------------------------------
    def post(self, post: Post) -> Delivered:
        self.require_configured()
        base = self.base()
        text = post.text
        if post.url and post.url not in text:
            text = f"{text}\n\n{post.url}" if text else post.url
        limit = self.server_limit()
        if limit is not None and misskey_length(text) > limit:
            text = fit(text, post.url, limit, post.lang)
            log.info(
                "posse: misskey: %s cut to the server's %d", post.article_id, limit
            )
        answer = self.call(
            "notes/create",
            {"text": text, "visibility": self._visibility()},
            sending=True,
        )
        note = answer.get("createdNote") if isinstance(answer, dict) else None
        note_id = str(note.get("id") or "") if isinstance(note, dict) else ""
        if not note_id:
            no_id = said("network.error.no_note_id", network="Misskey")
            raise self.fail(Unconfirmed, no_id)
        self._learn_user(note)
        log.debug("posse: misskey note %s created", note_id)
        return Delivered(remote_id=note_id, url=f"{base}/notes/{note_id}")

    def server_limit(self) -> int | None:
        """The server's ``maxNoteTextLength``, read once per run; None when
        ``api/meta`` cannot tell (the note is sent as composed)."""
        if not self._limit_read:
            self._limit_read = True
            try:
                meta = self.call("meta", {"detail": False})
            except DeliveryError as error:
                log.info("posse: misskey: api/meta unread (%s)", error.message)
                return None
            value = meta.get("maxNoteTextLength") if isinstance(meta, dict) else None
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                self._limit = value
        return self._limit

    def _learn_user(self, note: Mapping[str, Any]) -> None:
        user = note.get("user")
        found = note.get("userId") or (
            user.get("id") if isinstance(user, dict) else None
        )
        if found:
            self._user_id = str(found)

    # --- looking -----------------------------------------------------------------
    def look(self, post: Post, since: dt.datetime) -> Delivered | None:
        """Our note since ``since`` whose text holds ``post.url``, or None."""
        base = self.base()
        user = self.user_id()
        body: dict[str, Any] = {
            "userId": user,
            "sinceDate": int(since.timestamp() * 1000),
            "limit": LOOK_LIMIT,
        }
        for _ in range(LOOK_PAGES):
            page = self.call("users/notes", body)
            if not isinstance(page, list) or not page:
                return None
            for note in page:
                if (
                    isinstance(note, dict)
                    and post.url
                    and post.url in str(note.get("text") or "")
                ):
                    note_id = str(note.get("id") or "")
                    if note_id:
                        log.info(
                            "posse: misskey: found %s already posted as %s",
                            post.article_id,
                            note_id,
                        )
                        return Delivered(note_id, f"{base}/notes/{note_id}")
            if len(page) < LOOK_LIMIT:
                return None
            # A full page: the next one goes on from its last note. Misskey
            # answers a since-only page oldest first, others newest first; the
            # order is read from the page rather than assumed.
            first, last = (str(n.get("createdAt") or "") for n in (page[0], page[-1]))
            onward = "sinceId" if first <= last else "untilId"
            body = {**body, onward: str(page[-1].get("id") or "")}
        return None

    def user_id(self) -> str:
        """The account's id (see the module's docstring for the order)."""
        if self._user_id:
            return self._user_id
        known = self.env.get(USER_ID, "").strip()
        if not known:
            user = self._profile_user()
            if user:
                shown = self.call("users/show", {"username": user, "host": None})
                known = str(shown.get("id") or "") if isinstance(shown, dict) else ""
            else:
                try:
                    me = self.call("i", {})
                except Permanent as error:
                    if error.code != "PERMISSION_DENIED":
                        raise
                    raise self.fail(
                        Permanent, error.message, remedy=remedy("user"), code=error.code
                    ) from None
                known = str(me.get("id") or "") if isinstance(me, dict) else ""
        if not known:
            no_id = said("network.error.no_user_id", network="Misskey")
            raise self.fail(Transient, no_id)
        self._user_id = known
        return known

    def _profile_user(self) -> str | None:
        """The user name of ``POSSE_PROFILES['misskey']`` when it is on this server."""
        profiles = getattr(self.settings, "profiles", None) or {}
        user, host = account_on_server(str(profiles.get("misskey", "") or ""))
        ours = urlsplit(self.base()).hostname or ""
        ok = _USER.fullmatch(user) and host.lower() == ours.lower()
        return user if ok else None

    # --- check ---------------------------------------------------------------------
    @classmethod
    def problems_offline(
        cls, env: Mapping[str, str], settings: object, now: dt.datetime
    ) -> list[Problem]:
        found = super().problems_offline(env, settings, now)
        return found + address_problems(
            env,
            getattr(settings, "misskey_server", None),
            SERVER,
            misskey_server_url,
            ("misskey.check.no_server", "misskey.check.server"),
        )

    def verify(self) -> Verified:
        """``POST /api/i`` (one read): the account and its bot flag. A token made
        with ``write:notes`` alone is refused there by current Misskey
        (PERMISSION_DENIED, which proves the token valid): then the account is
        read through the public ``users/show`` when its id or name is known."""
        host = urlsplit(self.base()).hostname or ""
        verified = Verified()
        try:
            me = self.call("i", {})
        except Permanent as error:
            if error.code != "PERMISSION_DENIED":
                variable = SERVER if error.status == 404 else TOKEN
                return Verified(
                    problems=[
                        Problem(
                            PROBLEM,
                            variable,
                            "check.refused",
                            {
                                "message": bare(error.message),
                                "remedy": error.remedy,
                            },
                        )
                    ]
                )
            me = self._public_account()
            if me is None:
                verified.problems.append(
                    Problem(NOTE, TOKEN, "misskey.check.unverified")
                )
        if isinstance(me, dict):
            verified.account = f"@{me.get('username') or '?'}@{host}"
            if me.get("isBot") is False and host in BOT_RULES:
                verified.problems.append(
                    Problem(
                        WARNING,
                        TOKEN,
                        "misskey.check.not_bot",
                        {"server": host, "rules": BOT_RULES[host]},
                    )
                )
        verified.problems += self._limit_problems()
        return verified

    def _public_account(self) -> dict[str, Any] | None:
        known = self.env.get(USER_ID, "").strip()
        user = None if known else self._profile_user()
        if not known and not user:
            return None
        body = {"userId": known} if known else {"username": user, "host": None}
        shown = self.call("users/show", body)
        return shown if isinstance(shown, dict) else None

    def _limit_problems(self) -> list[Problem]:
        limit = self.server_limit()
        ours = int(getattr(self.settings, "misskey_max_characters", 3000))
        if limit is None or limit >= ours:
            return []
        return [
            Problem(
                NOTE,
                "POSSE_MISSKEY_MAX_CHARACTERS",
                "misskey.check.server_limit",
                {"limit": limit, "ours": ours},
            )
        ]


def fit(text: str, url: str, limit: int, lang: str) -> str:
    """``text`` cut to ``limit`` code points, the URL kept whole: the words before
    it are shortened (a sentence's end, else a phrase), and what follows it (the
    hashtags) goes first when there is no room for it."""
    from ...text import shorten  # noqa: PLC0415 - BudouX: only when cutting

    if not url or url not in text:
        return shorten(text, limit, lang=lang, measure=misskey_length)
    head, _, tail = text.partition(url)
    head, tail = head.rstrip(), tail.strip()
    for kept in (tail, ""):
        after = f"\n{kept}" if kept else ""
        room = limit - misskey_length(url + after) - (2 if head else 0)
        if room >= (limit // 3 if kept else 1) and head:
            cut = shorten(head, room, lang=lang, measure=misskey_length)
            return (f"{cut}\n\n" if cut else "") + url + after
    if not head and misskey_length(url + "\n" + tail) > limit:
        room = limit - misskey_length(url) - 1
        cut = shorten(tail, room, lang=lang, measure=misskey_length) if room > 0 else ""
        return url + (f"\n{cut}" if cut else "")
    return url


def _not_before(
    response: requests.Response, error: Mapping[str, Any]
) -> dt.datetime | None:
    """When to try again: Retry-After (seconds), else Misskey's ``info.resetMs``."""
    now = dt.datetime.now(dt.UTC)
    after = response.headers.get("Retry-After", "")
    if after.strip().isdigit():
        return now + dt.timedelta(seconds=int(after))
    info = error.get("info")
    reset = info.get("resetMs") if isinstance(info, dict) else None
    if isinstance(reset, int | float) and reset > 0:
        return now + dt.timedelta(milliseconds=reset)
    return None
