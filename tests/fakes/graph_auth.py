"""Graph's token endpoints, for ``FakeGraph`` (``pelican-posse auth facebook``).

Per the contracts' "Getting credentials":
- ``GET /{v}/oauth/access_token?grant_type=fb_exchange_token&client_id&
  client_secret&fb_exchange_token`` → ``{"access_token", "token_type",
  "expires_in"}``: a long-lived user token (about 60 days).
- ``GET /{v}/me/accounts`` with a user token → ``{"data": [{"id", "name",
  "access_token", "tasks"}]}``: the Pages the user manages (``pages``; the first
  is the fake's own Page, whose token is ``page_token``).
- ``debug_token`` of a user token answers ``type: USER`` (the Page token's is
  FakeGraph's own ``_debug_token``).

Errors (assumed words where the contracts are silent, Graph's usual ones): an
expired short-lived token (``user_token_expired``) is code 190 subcode 463; an
unknown token code 190; a wrong App ID code 101 "Error validating application.
Invalid application ID."; a wrong App secret code 1 "Error validating client
secret."; ``me/accounts`` with a Page token is code 100 "Tried accessing
nonexisting field (accounts) on node type (Page)". Assumed: a Page token given
to the exchange comes back as it is (it is not a user token to lengthen), so the
mistake shows at ``me/accounts``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from ._server import Received, Reply

USER_TOKEN = "EAAG-short-SECRET-3b7f"
LONG_TOKEN = "EAAG-long-SECRET-8e2a"
OTHER_PAGE = {
    "id": "204857600654321",
    "name": "趣味の写真",
    "access_token": "EAAG-other-SECRET-51c0",
    "tasks": ["ANALYZE"],
}


class GraphAuth:
    """Mixed into ``FakeGraph``: ``auth_answer`` serves the token endpoints."""

    page_id: str
    page_name: str
    page_token: str
    app_id: str
    app_secret: str
    user_token_expired = False
    tasks = ("ADVERTISE", "ANALYZE", "CREATE_CONTENT", "MESSAGING", "MODERATE")
    other_pages: tuple[dict[str, Any], ...] = (OTHER_PAGE,)
    clock: Any
    _error: Any
    _bearer: Any
    usage_headers: Any

    def pages(self) -> list[dict[str, Any]]:
        own = {
            "id": self.page_id,
            "name": self.page_name,
            "access_token": self.page_token,
            "tasks": list(self.tasks),
        }
        return [own, *self.other_pages]

    def auth_answer(self, received: Received) -> Reply | None:
        parts = urlsplit(received.path)
        query = parse_qs(parts.query)
        segments = parts.path.strip("/").split("/")
        if received.method != "GET" or len(segments) != 3:
            if segments[1:] == ["debug_token"]:
                return self._debug_user(query)
            return None
        what = "/".join(segments[1:])
        if what == "oauth/access_token":
            return self._exchange({k: v[-1] for k, v in query.items()})
        if what == "me/accounts":
            return self._accounts(self._bearer(received, query))
        return None

    def _exchange(self, form: dict[str, str]) -> Reply:
        if form.get("grant_type") != "fb_exchange_token":
            return self._error(100, message="(#100) Invalid grant_type")
        if form.get("client_id") != self.app_id:
            return self._error(
                101, message="Error validating application. Invalid application ID."
            )
        if form.get("client_secret") != self.app_secret:
            return Reply(400, _body(1, "Error validating client secret."))
        token = form.get("fb_exchange_token", "")
        if token in {p["access_token"] for p in self.pages()}:
            answer = {"access_token": token, "token_type": "bearer"}
            return Reply(200, answer, self.usage_headers())
        if token not in (USER_TOKEN, LONG_TOKEN):
            return self._error(190, message="Invalid OAuth access token.")
        if token == USER_TOKEN and self.user_token_expired:
            return self._error(190, 463)
        answer = {
            "access_token": LONG_TOKEN,
            "token_type": "bearer",
            "expires_in": 5183944,
        }
        return Reply(200, answer, self.usage_headers())

    def _accounts(self, token: str) -> Reply:
        if token in {p["access_token"] for p in self.pages()}:
            return self._error(
                100,
                message="(#100) Tried accessing nonexisting field (accounts) on "
                "node type (Page)",
            )
        if token not in (USER_TOKEN, LONG_TOKEN):
            return self._error(190, message="Invalid OAuth access token.")
        if token == USER_TOKEN and self.user_token_expired:
            return self._error(190, 463)
        return Reply(200, {"data": self.pages()}, self.usage_headers())

    def _debug_user(self, query: dict[str, list[str]]) -> Reply | None:
        token = (query.get("input_token") or [""])[-1]
        if token not in (USER_TOKEN, LONG_TOKEN):
            return None  # FakeGraph's own debug_token answers
        data = {
            "app_id": self.app_id,
            "type": "USER",
            "expires_at": int(self.clock()) + 60 * 86400,
            "is_valid": True,
            "scopes": ["pages_manage_posts", "pages_read_engagement"],
        }
        return Reply(200, {"data": data}, self.usage_headers())


def _body(code: int, message: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": "OAuthException", "code": code}}
