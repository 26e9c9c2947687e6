"""A stateful fake of the one Mastodon endpoint posse uses: ``POST /api/v1/statuses``.

Real HTTP on 127.0.0.1 (an ephemeral port), so Mastodon.py runs unmodified against
it. It behaves as Mastodon 4.x does, from its source and documentation:

- Auth: ``Authorization: Bearer TOKEN``; an unknown token gets 401
  ``{"error": "The access token is invalid"}``; a token without ``write`` or
  ``write:statuses`` gets 403 ``{"error": "This action is outside the authorized
  scopes"}`` (Doorkeeper's words).
- Parameters (form-encoded, as Mastodon.py sends them, or JSON): ``status`` required
  and not blank, ``visibility`` one of public/unlisted/private/direct, ``language``
  an ISO 639 code; anything else wrong is a 422 ``{"error": "Validation failed: ..."}``.
- Length: ``StatusLengthValidator`` counts grapheme clusters after replacing every
  URL with 23 characters and ``@user@domain`` with ``@user``; over the limit is 422
  ``Validation failed: Text character limit of N exceeded``.
- ``Idempotency-Key``: Mastodon caches the key per account for one hour
  (``Rails.cache`` ``expires_in: 3600``); a repeat within that hour answers the
  first status with 200 and creates nothing. After the hour the key is forgotten.
- Rate limit headers on every answer: ``X-RateLimit-Limit``,
  ``X-RateLimit-Remaining``, ``X-RateLimit-Reset`` (ISO 8601, as Mastodon sends).
  A 429 carries ``{"error": "Too many requests"}``.

- Reading (no token needed for public and unlisted statuses, as on a default
  Mastodon): ``GET /api/v1/accounts/lookup?acct=USER`` (or ``USER@host``) is the
  account or 404 ``Record not found``; ``GET /api/v1/accounts/:id/statuses``
  (``limit`` default 20, at most 40; ``max_id``, ``since_id``, ``min_id``) lists
  newest first with a ``Link`` header (``next``: ``max_id``, ``prev``:
  ``min_id``). A token sent there must carry ``read`` or ``read:statuses`` (else
  403, as the contract says); with one, the owner's private and direct statuses
  are listed too. ``GET /api/v1/accounts/verify_credentials`` needs ``read``,
  ``read:accounts`` or ``profile`` (a ``write:statuses`` token gets 403).
  ``GET /api/v1/apps/verify_credentials`` works with any valid token: the app's
  ``name``, ``website`` and (Mastodon 4.3+) ``scopes`` (assumed: the token's own
  scopes, as the fake keeps one token per app).

Getting a token (``pelican-posse auth mastodon``, the contracts' "Getting
credentials"): ``POST /api/v1/apps`` (``client_name``, ``redirect_uris``,
``scopes``) registers an app and answers its ``client_id`` and
``client_secret``; the person's click on Authorize is ``grant(client_id)``, which
returns the code the page would show (``expire_codes()`` makes every code given
so far expired); ``POST /oauth/token`` with ``grant_type=authorization_code``
exchanges a code once for a token with the app's scopes. A wrong, used or
expired code, or another app's, is 400 ``invalid_grant`` with Doorkeeper's
description.

Assumed where the sources are silent: Mastodon's URL pattern (twitter-text's) is
approximated by ``https?://`` followed by non-space characters, which is what our
announcements contain. A status is listed at once on Mastodon; ``visibility_delay``
(default 0) holds a new one back from the listing, for tests of a listing that lags.
Links in ``content`` are ``<a href="URL">`` as Mastodon renders them.

Faults are scripted with the shared ``script(Fault(...))`` (``tests.fakes._server``):
a 5xx, a 429 with its headers, a dropped connection, a slow answer, or
``commit=True`` (the status IS created, then the answer is lost; also
``answer_lost()``): the "did it post?" case that Idempotency-Key exists for.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

import regex

from ._server import FakeServer, Fault, Received, Reply

__all__ = ["FakeMastodon", "Fault", "countable_length"]


# Mastodon counts with twitter-text's URL pattern; announcements hold plain URLs.
_URL = regex.compile(r"https?://\S+")
_MENTION = regex.compile(r"@([\w.]+)@[\w.-]+\w")
URL_LENGTH = 23
VISIBILITIES = ("public", "unlisted", "private", "direct")
IDEMPOTENCY_TTL = 3600.0
# Distinctive, so a secrets test can search every output for it.
TOKEN = "mstdn-tok-SECRET-4e8b2f"
GRANT = (
    "The provided authorization grant is invalid, expired, revoked, does not "
    "match the redirection URI used in the authorization request, or was issued "
    "to another client."
)


def _linked(text: str) -> str:
    """The status's HTML as Mastodon renders it: text escaped, URLs as links."""
    escaped = html.escape(text, quote=False)
    return _URL.sub(
        lambda m: (
            f'<a href="{m[0]}" rel="nofollow noopener" target="_blank">{m[0]}</a>'
        ),
        escaped,
    )


def countable_length(text: str) -> int:
    """Mastodon's StatusLengthValidator: graphemes, URLs as 23, @user@host as @user."""
    text = _URL.sub("x" * URL_LENGTH, text)
    text = _MENTION.sub(r"@\1", text)
    return len(regex.findall(r"\X", text))


class FakeMastodon(FakeServer):
    name = "mastodon"

    def __init__(
        self,
        *,
        token: str = TOKEN,
        scopes: tuple[str, ...] = ("write:statuses",),
        max_characters: int = 500,
        username: str = "hanako",
        clock: Callable[[], float] = time.time,
        rate_limit: int = 300,
        visibility_delay: float = 0.0,
        account_id: str = "109876543210987654",
    ) -> None:
        super().__init__()
        self.visibility_delay = visibility_delay
        self.account_id = account_id
        self._created: dict[str, float] = {}  # status id -> when it was made
        self.tokens: dict[str, set[str]] = {token: set(scopes)}
        self.max_characters = max_characters
        self.username = username
        self.clock = clock
        self.rate_limit = rate_limit
        self.remaining = rate_limit
        self.statuses: list[dict[str, Any]] = []
        self._idempotency: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}
        self._next_id = 113_000_000_000_000_000
        self.apps: dict[str, dict[str, str]] = {}  # client_id -> the app
        self.codes: dict[str, str] = {}  # authorization code -> client_id

    # What the real server would show at /@user/ID; the fake only needs the shape.
    def _status(self, text: str, visibility: str, language: str | None) -> dict:
        self._next_id += 1
        sid = str(self._next_id)
        created = dt.datetime.fromtimestamp(self.clock(), dt.UTC)
        return {
            "id": sid,
            "uri": f"{self.url}/users/{self.username}/statuses/{sid}",
            "url": f"{self.url}/@{self.username}/{sid}",
            "created_at": created.isoformat().replace("+00:00", "Z"),
            "content": "<p>" + _linked(text) + "</p>",
            "text": text,  # not in Mastodon's answer; handy for tests
            "visibility": visibility,
            "language": language,
            "sensitive": False,
            "spoiler_text": "",
            "account": self._account(),
            "media_attachments": [],
            "mentions": [],
            "tags": [],
            "emojis": [],
            "reblogs_count": 0,
            "favourites_count": 0,
            "replies_count": 0,
        }

    def _account(self) -> dict[str, Any]:
        return {
            "id": self.account_id,
            "username": self.username,
            "acct": self.username,
            "url": f"{self.url}/@{self.username}",
        }

    def _headers(self) -> dict[str, str]:
        reset = dt.datetime.fromtimestamp(self.clock() + 3 * 3600, dt.UTC)
        return {
            "X-RateLimit-Limit": str(self.rate_limit),
            "X-RateLimit-Remaining": str(max(self.remaining, 0)),
            "X-RateLimit-Reset": reset.isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"
            ),
        }

    def answer(self, received: Received) -> Reply:
        status, headers, body = self._answer(received)
        return Reply(status, body, headers)

    def fault_reply(self, fault: Fault, received: Received) -> Reply:
        # Mastodon's error bodies are {"error": "..."}; a 429 keeps the headers.
        words = {
            429: "Too many requests",
            500: "Internal Server Error",
            502: "Bad Gateway",
            503: "Service Unavailable",
            504: "Gateway Timeout",
        }.get(fault.status or 0, "Error")
        body = fault.body if fault.body is not None else {"error": words}
        return Reply(fault.status or 500, body, {**self._headers(), **fault.headers})

    def _answer(self, received: Received) -> tuple[int, dict[str, str], Any]:
        path = urllib.parse.urlsplit(received.path).path
        headers = self._headers()
        if received.method == "GET" and path in (
            "/api/v1/instance",
            "/api/v2/instance",
        ):
            return (
                200,
                headers,
                {
                    "uri": "127.0.0.1",
                    "version": "4.3.0",
                    "configuration": {
                        "statuses": {
                            "max_characters": self.max_characters,
                            "characters_reserved_per_url": URL_LENGTH,
                        }
                    },
                },
            )
        lower = {k.lower(): v for k, v in received.headers.items()}
        auth = lower.get("authorization", "")
        token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else ""
        if received.method == "POST" and path in ("/api/v1/apps", "/oauth/token"):
            return self._oauth(received, path, headers)
        if received.method == "GET":
            return self._read(received, path, token, headers)
        if (received.method, path) != ("POST", "/api/v1/statuses"):
            return 404, headers, {"error": "Record not found"}

        if token not in self.tokens:
            return 401, headers, {"error": "The access token is invalid"}
        if not self.tokens[token] & {"write", "write:statuses"}:
            return (
                403,
                headers,
                {"error": "This action is outside the authorized scopes"},
            )

        if lower.get("content-type", "").startswith("application/json"):
            params = {
                k: v
                for k, v in json.loads(received.body or b"{}").items()
                if v is not None
            }
        else:
            form = urllib.parse.parse_qs(received.text, keep_blank_values=True)
            params = {k: v[-1] for k, v in form.items()}

        key = lower.get("idempotency-key")
        now = self.clock()
        if key:
            seen = self._idempotency.get((token, key))
            if seen and now - seen[0] < IDEMPOTENCY_TTL:
                return 200, headers, seen[1]

        if self.remaining <= 0:
            return 429, headers, {"error": "Too many requests"}

        text = str(params.get("status", ""))
        visibility = str(params.get("visibility") or "public")
        language = params.get("language") or None
        if not text.strip():
            return 422, headers, {"error": "Validation failed: Text can't be blank"}
        if visibility not in VISIBILITIES:
            return (
                422,
                headers,
                {"error": "Validation failed: Visibility is not included in the list"},
            )
        if language is not None and not regex.fullmatch(r"[a-z]{2,3}", str(language)):
            return (
                422,
                headers,
                {"error": "Validation failed: Language is not included in the list"},
            )
        if countable_length(text) > self.max_characters:
            return (
                422,
                headers,
                {
                    "error": "Validation failed: Text character limit "
                    f"of {self.max_characters} exceeded"
                },
            )

        self.remaining -= 1
        status = self._status(text, visibility, language)
        self.statuses.append(status)
        self._created[status["id"]] = now
        if key:
            self._idempotency[(token, key)] = (now, status)
        return 200, self._headers(), status

    # --- reading -------------------------------------------------------------
    def _read(
        self, received: Received, path: str, token: str, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], Any]:
        query = {
            k: v[-1]
            for k, v in urllib.parse.parse_qs(
                urllib.parse.urlsplit(received.path).query
            ).items()
        }
        if token and token not in self.tokens:
            return 401, headers, {"error": "The access token is invalid"}
        scopes = self.tokens.get(token, set())
        outside = (
            403,
            headers,
            {"error": "This action is outside the authorized scopes"},
        )
        if path == "/api/v1/apps/verify_credentials":
            if not token:
                return 401, headers, {"error": "The access token is invalid"}
            app = {"name": "pelican-posse", "website": None, "scopes": sorted(scopes)}
            return 200, headers, app
        if path == "/api/v1/accounts/verify_credentials":
            if not token:
                return 401, headers, {"error": "The access token is invalid"}
            if not scopes & {"read", "read:accounts", "profile"}:
                return outside
            return 200, headers, self._account()
        if path == "/api/v1/accounts/lookup":
            acct = query.get("acct", "").removeprefix("@")
            user, _, host = acct.partition("@")
            ours = urllib.parse.urlsplit(self.url).hostname
            if user != self.username or host not in ("", ours):
                return 404, headers, {"error": "Record not found"}
            return 200, headers, self._account()
        match = regex.fullmatch(r"/api/v1/accounts/([^/]+)/statuses", path)
        if not match or match[1] != self.account_id:
            return 404, headers, {"error": "Record not found"}
        if token and not scopes & {"read", "read:statuses"}:
            return outside
        return self._statuses(query, owner=bool(token), headers=headers)

    def _statuses(
        self, query: dict[str, str], *, owner: bool, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], Any]:
        try:
            limit = min(max(int(query.get("limit") or 20), 1), 40)
            max_id = int(query["max_id"]) if query.get("max_id") else None
            since_id = int(query["since_id"]) if query.get("since_id") else None
            min_id = int(query["min_id"]) if query.get("min_id") else None
        except ValueError:
            return 400, headers, {"error": "Invalid parameter"}
        now = self.clock()
        listed = [
            s
            for s in reversed(self.statuses)  # newest first
            if now >= self._created[s["id"]] + self.visibility_delay
            and (owner or s["visibility"] in ("public", "unlisted"))
            and (max_id is None or int(s["id"]) < max_id)
            and (since_id is None or int(s["id"]) > since_id)
            and (min_id is None or int(s["id"]) > min_id)
        ]
        if min_id is not None:  # the page just after min_id, still newest first
            listed = listed[-limit:]
        page = listed[:limit]
        if page:
            base = f"{self.url}/api/v1/accounts/{self.account_id}/statuses"
            headers = {
                **headers,
                "Link": f'<{base}?limit={limit}&max_id={page[-1]["id"]}>; rel="next", '
                f'<{base}?limit={limit}&min_id={page[0]["id"]}>; rel="prev"',
            }
        return 200, headers, page

    @property
    def posts(self) -> list[dict[str, Any]]:
        return list(self.statuses)

    # --- getting a token ---
    def grant(self, client_id: str | None = None) -> str:
        """The person presses Authorize (for the last app by default)."""
        client_id = client_id or list(self.apps)[-1]
        code = f"code-{len(self.codes) + 1:04d}-{client_id[-6:]}"
        self.codes[code] = client_id
        return code

    def expire_codes(self) -> None:
        self.codes.clear()

    def _oauth(
        self, received: Received, path: str, headers: dict[str, str]
    ) -> tuple[int, dict[str, str], Any]:
        if "json" in received.headers.get("Content-Type", ""):
            form = json.loads(received.body or b"{}")
        else:
            form = {k: v[-1] for k, v in urllib.parse.parse_qs(received.text).items()}
        if path == "/api/v1/apps":
            if not form.get("client_name") or not form.get("redirect_uris"):
                return 422, headers, {"error": "Validation failed: Name can't be blank"}
            number = len(self.apps) + 1
            app = {
                "id": str(number),
                "name": form["client_name"],
                "client_id": f"client-{number:06d}",
                "client_secret": f"csecret-SECRET-{number:06d}",
                "redirect_uri": form["redirect_uris"],
                "scopes": form.get("scopes") or "read",
            }
            self.apps[app["client_id"]] = app
            return 200, headers, app
        app = self.apps.get(str(form.get("client_id")))
        if app is None or form.get("client_secret") != app["client_secret"]:
            return 401, headers, {"error": "invalid_client"}
        code = str(form.get("code", ""))
        if form.get("grant_type") != "authorization_code" or (
            self.codes.get(code) != app["client_id"]
        ):
            return 400, headers, {"error": "invalid_grant", "error_description": GRANT}
        del self.codes[code]
        token = f"mstdn-new-SECRET-{len(self.tokens):04d}"
        self.tokens[token] = set(app["scopes"].split())
        answer = {
            "access_token": token,
            "token_type": "Bearer",
            "scope": app["scopes"],
            "created_at": int(self.clock()),
        }
        return 200, headers, answer

    def env(self) -> dict[str, str]:
        """What ``pelican-posse`` needs to post here (as ``make fakes`` prints it)."""
        token = next(iter(self.tokens))
        return {"POSSE_MASTODON_INSTANCE": self.url, "POSSE_MASTODON_TOKEN": token}
