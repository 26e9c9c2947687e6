"""A stateful fake of the Misskey endpoints posse uses, on 127.0.0.1.

It behaves as Misskey does, from its source (``packages/backend``) and the
contract (``shared/contracts/README.md``, "Misskey"):

- Every endpoint is ``POST /api/ENDPOINT`` with a JSON body; the token is the
  body's ``i`` or an ``Authorization: Bearer`` header. Errors are
  ``{"error": {"message", "code", "id", "kind"[, "info"]}}`` with Misskey's own
  codes, ids and statuses: no token where one is required is 401
  CREDENTIAL_REQUIRED, an unknown token 401 AUTHENTICATION_FAILED, a token
  without the endpoint's permission 403 PERMISSION_DENIED, a parameter that
  fails the JSON Schema 400 INVALID_PARAM (``info``: ``param``, ``reason``), an
  unknown endpoint 404 NO_SUCH_ENDPOINT.
- ``notes/create`` (``write:notes``): ``text`` 1 to ``max_note_length``
  characters counted as ajv counts ``maxLength`` (code points), ``visibility``
  one of public/home/followers/specified; answers ``{"createdNote": note}``.
  At most ``rate_limit`` notes an hour (Misskey's 300), then 429
  RATE_LIMIT_EXCEEDED with ``info.resetMs``. No idempotency: the same text
  twice is two notes.
- ``meta``: public, ``maxNoteTextLength``.
- ``i``: the token's account; current Misskey declares ``kind: 'read:account'``,
  so a ``write:notes`` token gets PERMISSION_DENIED.
- ``users/show`` (public): by ``userId`` or ``username`` + ``host``; else 400
  NO_SUCH_USER.
- ``users/notes`` (public; the owner's token also lists ``followers`` notes):
  ``userId`` required, ``limit`` 1-100 (default 10), ``sinceDate`` /
  ``untilDate`` (ms), ``sinceId`` / ``untilId``. Like Misskey's pagination
  query, a page asked only with ``since…`` is oldest first, any other newest
  first. ``listing_lag`` seconds hold a new note back from the listing.
- MiAuth: ``allow(session, permission)`` is the person pressing Allow on
  ``/miauth/{session}``; ``POST /api/miauth/{session}/check`` then answers
  ``{"ok": true, "token", "user"}`` once, else ``{"ok": false}``.

Faults are scripted with the shared ``script(Fault(...))``. Every Misskey call
is a POST, so a fault waits for a request to one of ``fault_paths`` (default:
``notes/create``; None: any request), and the reads around it are answered.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.parse
from collections.abc import Callable
from typing import Any

from ._server import FakeServer, Fault, Received, Reply

__all__ = ["TOKEN", "FakeMisskey", "Fault"]

# Distinctive, so a secrets test can search every output for it.
TOKEN = "misskey-tok-SECRET-7c1d9a"
VISIBILITIES = ("public", "home", "followers", "specified")
ERRORS = {
    "CREDENTIAL_REQUIRED": (
        401,
        "Credential required.",
        "1384574d-a912-4b81-8601-c7b1c4085df1",
        "permission",
    ),
    "AUTHENTICATION_FAILED": (
        401,
        "Authentication failed. Please ensure your token is correct.",
        "b0a7f5f8-dc2f-4171-b91f-de88ad238e14",
        "permission",
    ),
    "PERMISSION_DENIED": (
        403,
        "Your app does not have the necessary permissions to use this endpoint.",
        "1370e5b7-d4eb-4566-bb1d-7748ee6a1838",
        "permission",
    ),
    "INVALID_PARAM": (
        400,
        "Invalid param.",
        "3d81ceae-475f-4600-b2a8-2bc116157532",
        "client",
    ),
    "NO_SUCH_USER": (
        400,
        "No such user.",
        "4362f8dc-731f-4ad8-a694-be5a88922a24",
        "client",
    ),
    "NO_SUCH_ENDPOINT": (
        404,
        "No such endpoint.",
        "7ac52ab1-d8ac-4f73-929a-96bd85a8f7c1",
        "client",
    ),
    "RATE_LIMIT_EXCEEDED": (
        429,
        "Rate limit exceeded. Please try again later.",
        "d5826d14-3982-4d2e-8011-b9e9f02499ef",
        "client",
    ),
    "INTERNAL_ERROR": (
        500,
        "Internal error occurred. Please contact us if the error persists.",
        "5d37dbcb-891e-41ca-a3d6-e690c97775ac",
        "server",
    ),
}


def error(code: str, info: dict[str, Any] | None = None) -> Reply:
    status, message, eid, kind = ERRORS[code]
    body: dict[str, Any] = {"message": message, "code": code, "id": eid, "kind": kind}
    if info:
        body["info"] = info
    return Reply(status, {"error": body})


class FakeMisskey(FakeServer):
    name = "misskey"

    def __init__(
        self,
        *,
        token: str = TOKEN,
        permissions: tuple[str, ...] = ("write:notes",),
        max_note_length: int = 3000,
        username: str = "hanako",
        is_bot: bool = True,
        clock: Callable[[], float] = time.time,
        rate_limit: int = 300,
        listing_lag: float = 0.0,
        user_id: str = "9xyz000hanako",
    ) -> None:
        super().__init__()
        self.tokens: dict[str, set[str]] = {token: set(permissions)}
        self.token = token
        self.max_note_length = max_note_length
        self.username, self.is_bot, self.user_id = username, is_bot, user_id
        self.clock = clock
        self.rate_limit = rate_limit
        self.listing_lag = listing_lag
        self.notes: list[dict[str, Any]] = []
        self._made: dict[str, float] = {}  # note id -> when
        self._sessions: dict[str, set[str]] = {}  # allowed MiAuth sessions
        self._next = 0
        self.fault_paths: tuple[str, ...] | None = ("/api/notes/create",)

    @property
    def posts(self) -> list[dict[str, Any]]:  # the launcher's name for them
        return self.notes

    def env(self) -> dict[str, str]:
        return {"POSSE_MISSKEY_SERVER": self.url, "POSSE_MISSKEY_TOKEN": self.token}

    def allow(self, session: str, permission: str = "write:notes") -> None:
        """The person pressed Allow on ``/miauth/{session}?permission=…``."""
        with self.lock:
            self._sessions[session] = set(permission.split(","))

    def user(self) -> dict[str, Any]:
        return {
            "id": self.user_id,
            "username": self.username,
            "host": None,
            "name": "Hanako",
            "isBot": self.is_bot,
        }

    # --- serving ---------------------------------------------------------------
    def dispatch(self, received: Received) -> Reply | None:
        path = urllib.parse.urlsplit(received.path).path
        if self.fault_paths is not None and path not in self.fault_paths:
            with self.lock:
                return self.answer(received)
        return super().dispatch(received)

    def answer(self, received: Received) -> Reply:
        path = urllib.parse.urlsplit(received.path).path
        if received.method != "POST" or not path.startswith("/api/"):
            return error("NO_SUCH_ENDPOINT")
        try:
            body = json.loads(received.body or b"{}")
        except ValueError:
            return error("INVALID_PARAM", {"reason": "body is not JSON"})
        if not isinstance(body, dict):
            return error("INVALID_PARAM", {"reason": "body is not an object"})
        endpoint = path.removeprefix("/api/")
        if endpoint.startswith("miauth/") and endpoint.endswith("/check"):
            return self._check_session(endpoint.split("/")[1])
        handler = {
            "meta": self._meta,
            "notes/create": self._create,
            "i": self._i,
            "users/show": self._show,
            "users/notes": self._list,
        }.get(endpoint)
        if handler is None:
            return error("NO_SUCH_ENDPOINT")
        return handler(body, self._token(received, body))

    def fault_reply(self, fault: Fault, received: Received) -> Reply:
        if fault.body is not None:
            return Reply(fault.status or 500, fault.body, fault.headers)
        if fault.status == 429:
            reply = error("RATE_LIMIT_EXCEEDED", {"resetMs": 60000, "resetSec": 60})
        else:
            reply = error("INTERNAL_ERROR")
            reply.status = fault.status or 500
        reply.headers.update(fault.headers)
        return reply

    @staticmethod
    def _token(received: Received, body: dict[str, Any]) -> str | None:
        if isinstance(body.get("i"), str):
            return body["i"]
        auth = received.headers.get("Authorization", "")
        return (
            auth.removeprefix("Bearer ").strip() if auth.startswith("Bearer ") else None
        )

    def _authorize(self, token: str | None, kind: str | None) -> Reply | None:
        if not token:
            return error("CREDENTIAL_REQUIRED")
        if token not in self.tokens:
            return error("AUTHENTICATION_FAILED")
        if kind and kind not in self.tokens[token]:
            return error("PERMISSION_DENIED")
        return None

    def _meta(self, body: dict[str, Any], token: str | None) -> Reply:
        return Reply(
            200, {"name": "Fake Misskey", "maxNoteTextLength": self.max_note_length}
        )

    def _i(self, body: dict[str, Any], token: str | None) -> Reply:
        refused = self._authorize(token, "read:account")
        return refused or Reply(200, self.user())

    def _show(self, body: dict[str, Any], token: str | None) -> Reply:
        if body.get("userId") == self.user_id or (
            body.get("username") == self.username and body.get("host") is None
        ):
            return Reply(200, self.user())
        return error("NO_SUCH_USER")

    def _create(self, body: dict[str, Any], token: str | None) -> Reply:
        refused = self._authorize(token, "write:notes")
        if refused:
            return refused
        text, visibility = body.get("text"), body.get("visibility", "public")
        if not isinstance(text, str) or not text:
            return error("INVALID_PARAM", {"param": "#/properties/text/minLength"})
        # ajv's maxLength counts code points: Python's len.
        if len(text) > self.max_note_length:
            return error(
                "INVALID_PARAM",
                {
                    "param": "#/properties/text/maxLength",
                    "reason": f"must NOT have more than {self.max_note_length} "
                    "characters",
                },
            )
        if visibility not in VISIBILITIES:
            return error("INVALID_PARAM", {"param": "#/properties/visibility/enum"})
        hour_ago = self.clock() - 3600
        if sum(t >= hour_ago for t in self._made.values()) >= self.rate_limit:
            return error("RATE_LIMIT_EXCEEDED", {"resetMs": 3600000, "resetSec": 3600})
        self._next += 1
        now = self.clock()
        note = {
            "id": f"a{int(now * 1000):011x}{self._next:04d}",
            "createdAt": _iso(now),
            "userId": self.user_id,
            "user": self.user(),
            "text": text.strip(),
            "visibility": visibility,
        }
        self.notes.append(note)
        self._made[note["id"]] = now
        return Reply(200, {"createdNote": note})

    def _list(self, body: dict[str, Any], token: str | None) -> Reply:
        if body.get("userId") != self.user_id:
            return (
                error("NO_SUCH_USER")
                if body.get("userId")
                else error("INVALID_PARAM", {"param": "#/required"})
            )
        limit = body.get("limit", 10)
        if not isinstance(limit, int) or not 1 <= limit <= 100:
            return error("INVALID_PARAM", {"param": "#/properties/limit/maximum"})
        owner = token in self.tokens
        now = self.clock()
        found = [
            n
            for n in self.notes
            if now - self._made[n["id"]] >= self.listing_lag
            and (n["visibility"] in ("public", "home") or owner)
            and _within(n, self._made[n["id"]], body)
        ]
        found.sort(key=lambda n: n["id"])
        only_since = (
            not body.get("untilId")
            and not body.get("untilDate")
            and (body.get("sinceId") or body.get("sinceDate"))
        )
        page = found[:limit] if only_since else list(reversed(found))[:limit]
        return Reply(200, page)

    def _check_session(self, session: str) -> Reply:
        permissions = self._sessions.pop(session, None)
        if permissions is None:
            return Reply(200, {"ok": False})
        token = f"miauth-{session[:8]}-SECRET-{len(self.tokens)}"
        self.tokens[token] = permissions
        return Reply(200, {"ok": True, "token": token, "user": self.user()})


def _iso(when: float) -> str:
    stamp = dt.datetime.fromtimestamp(when, dt.UTC).isoformat(timespec="milliseconds")
    return stamp.replace("+00:00", "Z")


def _within(note: dict[str, Any], made: float, body: dict[str, Any]) -> bool:
    ms = made * 1000
    if isinstance(body.get("sinceDate"), int) and ms <= body["sinceDate"]:
        return False
    if isinstance(body.get("untilDate"), int) and ms >= body["untilDate"]:
        return False
    if body.get("sinceId") and note["id"] <= body["sinceId"]:
        return False
    return not (body.get("untilId") and note["id"] >= body["untilId"])
