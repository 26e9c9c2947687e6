"""X's PIN-based OAuth 1.0a endpoints, for ``FakeX`` (``pelican-posse auth x``).

Per the contracts' "Getting credentials": ``POST /oauth/request_token`` (signed
with the app's key and secret alone, ``oauth_callback=oob``) answers
``oauth_token``, ``oauth_token_secret``, ``oauth_callback_confirmed=true``
form-encoded; the user opens ``/oauth/authorize?oauth_token=...`` and reads a PIN
(``pin``: the fake shows the same PIN for every request token); ``POST
/oauth/access_token`` (signed with the request token and its secret, carrying
``oauth_verifier``) answers the access token and secret, ``user_id`` and
``screen_name``. Signatures are checked with oauthlib, as ``/2/tweets``'s are.

Assumed where the contracts are silent: a bad signature is 401 with X's text
"Could not authenticate you."; a callback other than ``oob`` (the app has none)
is 403 "Callback URL not approved for this client application."; a wrong PIN is
401 "Error processing your OAuth request: Invalid oauth_verifier parameter" and
the request token stays usable (X lets the user retype it); a request token is
used once.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import parse_qs, urlencode

from ._server import Received, Reply

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class XOAuth:
    """Mixed into ``FakeX``: ``oauth_answer`` serves ``/oauth/*``."""

    pin = "2469517"
    request_tokens: dict[str, str]
    access_token: str
    access_token_secret: str
    username: str
    _endpoint: Any

    def _signed(self, received: Received) -> Any:
        host = received.headers.get("Host", "")
        headers = {
            k: v for k, v in received.headers.items() if k.lower() == "authorization"
        }
        body = (
            received.text
            if "form" in received.headers.get("Content-Type", "")
            else None
        )
        valid, request = self._endpoint.validate_request(
            f"http://{host}{received.path}", received.method, body, headers
        )
        return request if valid else None

    def oauth_answer(self, received: Received, path: str) -> Reply | None:
        if received.method == "GET" and path == "/oauth/authorize":
            return self._authorize_page(received)
        if received.method != "POST" or path not in (
            "/oauth/request_token",
            "/oauth/access_token",
        ):
            return None
        request = self._signed(received)
        if request is None:
            return Reply(401, "Could not authenticate you.")
        params = dict(request.oauth_params)
        if path == "/oauth/request_token":
            if request.resource_owner_key:
                return Reply(401, "Could not authenticate you.")
            if params.get("oauth_callback") != "oob":
                return Reply(
                    403, "Callback URL not approved for this client application."
                )
            token, secret = "req-" + secrets.token_hex(8), secrets.token_hex(16)
            self.request_tokens[token] = secret
            answer = {
                "oauth_token": token,
                "oauth_token_secret": secret,
                "oauth_callback_confirmed": "true",
            }
            return Reply(200, urlencode(answer), FORM)
        token = request.resource_owner_key
        if token not in self.request_tokens:
            return Reply(401, "Invalid request token.")
        verifier = params.get("oauth_verifier") or _form(received, "oauth_verifier")
        if verifier != self.pin:
            return Reply(
                401,
                "Error processing your OAuth request: Invalid oauth_verifier parameter",
            )
        del self.request_tokens[token]
        answer = {
            "oauth_token": self.access_token,
            "oauth_token_secret": self.access_token_secret,
            "user_id": self.access_token.partition("-")[0],
            "screen_name": self.username,
        }
        return Reply(200, urlencode(answer), FORM)

    def _authorize_page(self, received: Received) -> Reply:
        """The page the user opens (``auth x`` prints its address): as X's,
        after "Authorize app", it shows the PIN to type back (the fake skips
        the sign-in and the button: there is no account to choose)."""
        query = parse_qs(received.path.partition("?")[2])
        token = (query.get("oauth_token") or [""])[-1]
        if token not in self.request_tokens:
            return Reply(400, "This page is no longer valid. Run auth x again.")
        page = (
            "<!doctype html><meta charset=utf-8><title>Fake X: authorize</title>"
            "<p>You've authorized pelican-posse (fake X). Enter this PIN to "
            f"complete the authorization process:</p><p><b>{self.pin}</b></p>"
        )
        return Reply(200, page, {"Content-Type": "text/html; charset=utf-8"})


def _form(received: Received, name: str) -> str:
    return (parse_qs(received.text).get(name) or [""])[-1]
