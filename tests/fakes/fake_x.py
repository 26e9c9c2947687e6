"""A local X API v2 that creates posts the way X does, and refuses what X refuses.

Obeys ``tests/data/contracts/x-create-post.openapi.json`` (X's own OpenAPI extract)
and the facts in ``shared/contracts/README.md``:

- ``POST /2/tweets`` only; the JSON body must validate against ``CreatePostsRequest``
  (no extra properties).
- OAuth 1.0a HMAC-SHA1 verified with oauthlib against the one app and user token the
  fake was given (timestamp window and nonce replay included); a wrong signature gets
  X's 401 problem JSON.
- 201 ``{"data": {"id", "text"}}``; an identical text to an earlier post gets X's
  duplicate 403 (the exact body seen live in 2026).
- Rate limits: ``x-rate-limit-limit/remaining/reset`` on every answer, 100 posts per
  15-minute window per user; past it a 429 with the legacy body.
- Weighted length (twitter-text v3) over 280 is refused.
- ``POST /oauth/request_token`` and ``POST /oauth/access_token``: the PIN flow
  ``pelican-posse auth x`` runs (``x_oauth.py``; the PIN is ``FakeX.pin``).
- ``GET /2/users/me`` (the contracts' "verifying without posting", a billed read),
  signed the same way: ``{"data": {"id", "name", "username"}}``; ``me_calls``
  counts them.

Assumptions where the contracts are silent (write them here, nowhere else):
- Too long: X's v2 endpoint answers a text over 280 weighted characters with 403
  ``about:blank`` problem JSON, detail "Tweet needs to be a bit shorter." (the words of
  X's code 186, which v2 surfaces like the duplicate 403). Clients must treat it as a
  permanent refusal either way.
- A body that is not JSON or breaks the schema gets 400 ``invalid-request`` problem JSON
  naming the offending parameter, as the ``InvalidRequestProblem`` schema allows.
- Order of checks: auth (401), rate limit (429), body (400), length / duplicate (403).
- ``GET /2/users/me`` answers with an ``x-access-level`` header (``read-write``,
  or ``read`` for a token made before the app was given "Read and write":
  ``access_level``), as X's OAuth 1.0a answers carried it in API v1.1; a
  ``read`` token's post gets the 403 the contracts name ("oauth1 app permissions").
- Post ids are 19-digit strings, increasing, as X's snowflake ids are.
- How long X remembers a text for its duplicate check is not published:
  ``duplicate_window`` seconds (default None: for ever, the strictest reading);
  a test of what happens once X has forgotten sets it.

The "created, answer lost" case: ``script(answer_lost())`` (the post is made, the
connection dropped) or ``answer_lost(SECONDS)`` (the answer after the client's
read timeout), from ``tests.fakes._server``.
"""

from __future__ import annotations

import json
import logging
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from oauthlib.oauth1 import RequestValidator, SignatureOnlyEndpoint

from pelican.plugins.posse.text import weighted_length

from ._server import FakeServer, Fault, Received, Reply
from .x_oauth import XOAuth

CONTRACT = Path(__file__).resolve().parent.parent / "data" / "contracts"
OPENAPI = CONTRACT / "x-create-post.openapi.json"

DUPLICATE = {
    "detail": "You are not allowed to create a Tweet with duplicate content.",
    "type": "about:blank",
    "title": "Forbidden",
    "status": 403,
}
TOO_LONG = {
    "detail": "Tweet needs to be a bit shorter.",
    "type": "about:blank",
    "title": "Forbidden",
    "status": 403,
}
UNAUTHORIZED = {
    "title": "Unauthorized",
    "type": "about:blank",
    "status": 401,
    "detail": "Unauthorized",
}
READ_ONLY = {
    "title": "Forbidden",
    "type": "about:blank",
    "status": 403,
    "detail": "Your client app is not configured with the appropriate oauth1 app "
    "permissions for this endpoint.",
}
RATE_LIMITED = {"errors": [{"code": 88, "message": "Rate limit exceeded"}]}
NOT_FOUND = {
    "title": "Not Found Error",
    "detail": "Sorry, that page does not exist.",
    "type": "https://api.x.com/2/problems/resource-not-found",
    "status": 404,
}

# Canonical bodies for scripted faults, in the shapes X uses.
_FAULT_BODIES: dict[int, dict[str, Any]] = {
    401: UNAUTHORIZED,
    403: {
        "title": "Forbidden",
        "type": "about:blank",
        "status": 403,
        "detail": "You are not permitted to perform this action.",
    },
    429: RATE_LIMITED,
    500: {
        "title": "Internal Server Error",
        "type": "https://api.x.com/2/problems/internal-error",
        "detail": "Internal error",
        "status": 500,
    },
    502: {
        "title": "Bad Gateway",
        "type": "about:blank",
        "status": 502,
        "detail": "Bad Gateway",
    },
    503: {
        "title": "Service Unavailable",
        "type": "about:blank",
        "status": 503,
        "detail": "Service Unavailable",
    },
    504: {
        "title": "Gateway Timeout",
        "type": "about:blank",
        "status": 504,
        "detail": "Gateway Timeout",
    },
}

WINDOW_SECONDS = 15 * 60

# oauthlib's server side logs the signature base string (consumer key and token
# included) when a check fails. That is X's log, not ours: keep it out of the
# test's captured logs, where the secrets test looks for leaks by our client.
for _name in (
    "oauthlib.oauth1.rfc5849.signature",
    "oauthlib.oauth1.rfc5849.endpoints.base",
    "oauthlib.oauth1.rfc5849.endpoints.signature_only",
):
    logging.getLogger(_name).setLevel(logging.WARNING)


def _load_request_schema() -> dict[str, Any]:
    spec = json.loads(OPENAPI.read_text(encoding="utf-8"))
    # Resolve "#/components/..." refs against the whole document.
    return {
        **spec["components"]["schemas"]["CreatePostsRequest"],
        "components": spec["components"],
    }


@dataclass
class XFault(Fault):
    """A scripted answer. For a 429, ``reset_in`` seconds go in x-rate-limit-reset
    (None: the header is left out, as X sometimes does)."""

    reset_in: float | None = 900


class _Validator(RequestValidator):
    """Knows exactly one app (consumer) and one user token."""

    enforce_ssl = False  # loopback only: the fake speaks plain HTTP

    def __init__(self, fake: FakeX) -> None:
        super().__init__()
        self.fake = fake
        self.nonces: set[tuple[str, str, str]] = set()

    # Any printable key is fine: the check is the signature, not the key's shape.
    def check_client_key(self, client_key: str) -> bool:
        return bool(client_key)

    def check_access_token(self, request_token: str) -> bool:
        return bool(request_token)

    def check_nonce(self, nonce: str) -> bool:
        return bool(nonce)

    @property
    def dummy_client(self) -> str:
        return "dummy-client"

    @property
    def dummy_access_token(self) -> str:
        return "dummy-token"

    def validate_client_key(self, client_key: str, request: Any) -> bool:
        return client_key == self.fake.consumer_key

    def get_client_secret(self, client_key: str, request: Any) -> str:
        return (
            self.fake.consumer_secret
            if client_key == self.fake.consumer_key
            else "dummy"
        )

    def validate_access_token(self, client_key: str, token: str, request: Any) -> bool:
        return token == self.fake.access_token

    def get_access_token_secret(self, client_key: str, token: str, request: Any) -> str:
        if token == self.fake.access_token:
            return self.fake.access_token_secret
        # A request token signs /oauth/access_token (only there: see signature_ok).
        return self.fake.request_tokens.get(token, "dummy")

    def validate_timestamp_and_nonce(  # noqa: PLR0917 (oauthlib's signature)
        self,
        client_key: str,
        timestamp: str,
        nonce: str,
        request: Any,
        request_token: str | None = None,
        access_token: str | None = None,
    ) -> bool:
        key = (client_key, timestamp, nonce)
        if key in self.nonces:
            return False  # a replayed request
        self.nonces.add(key)
        return True


class FakeX(XOAuth, FakeServer):
    """``FakeX(consumer_key, consumer_secret, access_token, access_token_secret)``.

    ``posts`` holds every accepted post (``{"id", "text", "body", "headers"}``);
    ``received`` every request, accepted or not.
    """

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str,
        access_token: str,
        access_token_secret: str,
        *,
        limit: int = 100,
        duplicate_window: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__()
        self.duplicate_window = duplicate_window
        self.clock = clock
        self.consumer_key = consumer_key
        self.consumer_secret = consumer_secret
        self.access_token = access_token
        self.access_token_secret = access_token_secret
        self.limit = limit
        self.posts: list[dict[str, Any]] = []
        self._validator = _Validator(self)
        self._endpoint = SignatureOnlyEndpoint(self._validator)
        self._schema = _load_request_schema()
        self._window_start = time.time()
        self._used = 0
        self._next_id = 1_860_000_000_000_000_000
        self.access_level = "read-write"
        self.username = "sato_keiei"
        self.me_calls = 0
        self.request_tokens: dict[str, str] = {}  # the PIN flow's, to their secret

    # --- helpers ---
    def env(self) -> dict[str, str]:
        """The environment a client needs to post here."""
        return {
            "POSSE_X_API_URL": self.url,
            "POSSE_X_API_KEY": self.consumer_key,
            "POSSE_X_API_SECRET": self.consumer_secret,
            "POSSE_X_ACCESS_TOKEN": self.access_token,
            "POSSE_X_ACCESS_TOKEN_SECRET": self.access_token_secret,
        }

    def _rate_headers(self) -> dict[str, str]:
        now = time.time()
        if now - self._window_start >= WINDOW_SECONDS:
            self._window_start, self._used = now, 0
        return {
            "x-rate-limit-limit": str(self.limit),
            "x-rate-limit-remaining": str(max(self.limit - self._used, 0)),
            "x-rate-limit-reset": str(int(self._window_start + WINDOW_SECONDS)),
        }

    def signature_ok(self, received: Received) -> bool:
        host = received.headers.get("Host", "")
        uri = f"http://{host}{received.path}"
        headers = {
            k: v for k, v in received.headers.items() if k.lower() == "authorization"
        }
        # A JSON body is not part of an OAuth 1.0a signature (RFC 5849 §3.4.1.3).
        valid, request = self._endpoint.validate_request(
            uri, received.method, None, headers
        )
        return bool(
            valid
            and request is not None
            and request.resource_owner_key == self.access_token
        )

    def _invalid(self, detail: str, parameter: str, headers: dict[str, str]) -> Reply:
        body = {
            "errors": [{"parameters": {parameter: []}, "message": detail}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.x.com/2/problems/invalid-request",
        }
        return Reply(400, body, headers)

    # --- the API ---
    def answer(self, received: Received) -> Reply:
        path = urlsplit(received.path).path
        oauth = self.oauth_answer(received, path)
        if oauth is not None:
            return oauth
        if (received.method, path) == ("GET", "/2/users/me"):
            return self._me(received)
        if path != "/2/tweets" or received.method != "POST":
            return Reply(404, NOT_FOUND)
        if not self.signature_ok(received):
            return Reply(401, UNAUTHORIZED)
        if self.access_level != "read-write":
            return Reply(403, READ_ONLY)
        headers = self._rate_headers()
        if self._used >= self.limit:
            return Reply(429, RATE_LIMITED, headers)
        self._used += 1
        headers = self._rate_headers()
        if "application/json" not in received.headers.get("Content-Type", ""):
            return self._invalid("The request body must be JSON.", "body", headers)
        try:
            body = json.loads(received.body or b"null")
        except ValueError:
            return self._invalid("The request body is not valid JSON.", "body", headers)
        try:
            jsonschema.validate(body, self._schema)
        except jsonschema.ValidationError as err:
            parameter = ".".join(map(str, err.absolute_path)) or "body"
            return self._invalid(err.message, parameter, headers)
        text = unicodedata.normalize("NFC", body.get("text", ""))
        if not text and "media" not in body:
            return self._invalid("text or media is required", "text", headers)
        if weighted_length(text) > 280:
            return Reply(403, TOO_LONG, headers)
        now = self.clock()
        if any(
            post["text"] == text
            and (
                self.duplicate_window is None
                or now - post["created"] < self.duplicate_window
            )
            for post in self.posts
        ):
            return Reply(403, DUPLICATE, headers)
        self._next_id += 1
        post_id = str(self._next_id)
        self.posts.append(
            {
                "id": post_id,
                "text": text,
                "body": body,
                "headers": dict(received.headers),
                "created": now,
            }
        )
        return Reply(201, {"data": {"id": post_id, "text": text}}, headers)

    def _me(self, received: Received) -> Reply:
        self.me_calls += 1
        if not self.signature_ok(received):
            return Reply(401, UNAUTHORIZED)
        user_id = self.access_token.partition("-")[0]
        body = {"data": {"id": user_id, "name": "佐藤", "username": self.username}}
        return Reply(200, body, {"x-access-level": self.access_level})

    def fault_reply(self, fault: Fault, received: Received) -> Reply:
        status = int(fault.status or 500)
        headers = dict(fault.headers)
        if status == 429:
            headers.update(self._rate_headers())
            headers["x-rate-limit-remaining"] = "0"
            reset_in = getattr(fault, "reset_in", 900)
            if reset_in is None:
                headers.pop("x-rate-limit-reset")
            else:
                headers["x-rate-limit-reset"] = str(int(time.time() + reset_in))
        body = (
            fault.body
            if fault.body is not None
            else _FAULT_BODIES.get(
                status,
                {
                    "title": "Error",
                    "type": "about:blank",
                    "status": status,
                    "detail": f"HTTP {status}",
                },
            )
        )
        return Reply(status, body, headers)
