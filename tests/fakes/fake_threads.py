"""A local Threads API (graph.threads.net) that posts the way Threads does.

Obeys ``shared/contracts/README.md`` ("Threads"):

- Two steps: ``POST /v1.0/{user-id}/threads`` (``media_type=TEXT``, ``text``,
  ``link_attachment``) makes a container ``{"id"}``; ``POST /v1.0/{user-id}/
  threads_publish`` (``creation_id``) publishes it ``{"id": MEDIA_ID}``. The
  container must exist and belong to the user; a container published once cannot
  be published again; one older than 24 hours has expired.
- ``text`` at most 500 characters counted as Threads documents it (characters,
  each emoji by its UTF-8 bytes: ``count()``, written apart from the client's); a
  post with more than 5 links fails at the container step with
  ``THREADS_API__LINK_LIMIT_EXCEEDED``.
- 250 published posts per user in a moving 24 hours, enforced at publishing;
  ``GET /v1.0/{user-id}/threads_publishing_limit`` answers ``{"data":
  [{"quota_usage", "config": {"quota_total": 250, "quota_duration": 86400}}]}``.
- ``GET /v1.0/me/threads`` (or ``/{user-id}/threads``) with ``fields`` (``id``,
  ``text``, ``permalink``, ``timestamp``, ``link_attachment_url``, ...), ``since``
  / ``until`` (Unix seconds), ``limit`` and cursor paging (``after``):
  ``{"data": [newest first], "paging": {"cursors", "next"}}``; a new post shows
  only ``visibility_delay`` seconds after it was published (a listing may lag).
- ``GET /v1.0/{media-id}?fields=permalink`` and ``GET /v1.0/me?fields=id,username``.
- Tokens: ``GET /access_token?grant_type=th_exchange_token&client_secret=&
  access_token=SHORT`` gives a 60-day token; ``GET /refresh_access_token?
  grant_type=th_refresh_token&access_token=LONG`` a new one, only when the token
  is at least 24 hours old and not expired.
- Errors in Meta's shape ``{"error": {"message", "type", "code", "error_subcode",
  "is_transient", "fbtrace_id"}}``.

Assumptions where the contracts are silent (written down, never kinder):
- Every error is HTTP 400 except codes 1 and 2 (500, 503). A token travels as the
  query's or the form's ``access_token`` (as Threads documents it) or as a Bearer
  header; an unknown token is code 190, an expired one 190 subcode 463; a token
  without ``threads_content_publish`` gets code 10 when posting.
- A text over 500 is code 100 "Param text must be at most 500 characters long.";
  the link limit is code 100 with the name in the message and ``error_user_title``.
- The 250-a-day limit answers code 9, subcode 2207042 (Meta's code for a
  publishing limit reached on Instagram's content publishing, the same platform).
- A container that does not exist or is another user's: code 100 subcode 33;
  published twice: code 100 subcode 2207006 (assumed words); expired: code 100
  subcode 2207008.
- ``topic_tag_apart=True``: the first hashtag of a post is kept as its
  ``topic_tag``, not in its ``text`` (what a client may not rely on either way).
- ``GET /__requests`` (not Threads'): the number of requests, for the kill test.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import regex

from ._server import FakeServer, Fault, Received, Reply

USER_ID = "17841400000000001"
USERNAME = "hanako_blog"
SHORT_TOKEN = "THshort-SECRET-4b7e10"
TOKEN = "THAAlong-SECRET-8c2f5e"
APP_SECRET = "thapp-SECRET-31d9a0"
SCOPES = ("threads_basic", "threads_content_publish")
DAY = 86400.0
LIMIT = 250
FIELDS = ("id", "text", "permalink", "timestamp", "link_attachment_url", "username")
FIELDS += ("media_type", "shortcode", "topic_tag", "media_product_type")
URL = re.compile(r"https?://\S+|www\.\S+")
_CLUSTER = regex.compile(r"\X")
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}]")
_SUBCODES = {
    33: "Unsupported request. Object with ID '{id}' does not exist, cannot be "
    "loaded due to missing permissions, or does not support this operation.",
    2207006: "The media container has already been published.",
    2207008: "The media container has expired.",
    2207042: "You have reached the maximum number of posts that is allowed to be "
    "published by the API in 24 hours.",
}


def count(text: str) -> int:
    """Threads' count: characters, a cluster holding an emoji by its UTF-8 bytes."""
    text = unicodedata.normalize("NFC", text)
    return sum(
        len(c.encode()) if _EMOJI.search(c) or "\ufe0f" in c else len(c)
        for c in _CLUSTER.findall(text)
    )


@dataclass
class ThreadsFault(Fault):
    """A scripted Threads error: ``ThreadsFault(code=190, subcode=463)``."""

    code: int | None = None
    subcode: int | None = None
    message: str | None = None

    def __post_init__(self) -> None:
        if self.code is not None and self.status is None:
            self.status = {1: 500, 2: 503}.get(self.code, 400)


def error_body(
    code: int, subcode: int | None = None, message: str = "", **extra: Any
) -> dict[str, Any]:
    error: dict[str, Any] = {
        "message": message or f"(#{code}) Error",
        "type": "OAuthException" if code == 190 else "THReadsApiException",
        "code": code,
        "fbtrace_id": "A" + secrets.token_hex(10),
        **extra,
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    if code in (1, 2):
        error["is_transient"] = True
    return {"error": error}


class FakeThreads(FakeServer):
    """``posts``: every published post (newest last); ``containers`` by id."""

    def __init__(
        self,
        *,
        visibility_delay: float = 0.0,
        answer_delay: float = 0.0,
        topic_tag_apart: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__()
        self.user_id, self.username = USER_ID, USERNAME
        self.app_secret = APP_SECRET
        self.visibility_delay, self.answer_delay = visibility_delay, answer_delay
        self.topic_tag_apart = topic_tag_apart
        self.clock = clock
        self.scopes: tuple[str, ...] = SCOPES
        # token -> (issued, expires) in clock seconds
        self.tokens: dict[str, tuple[float, float]] = {
            SHORT_TOKEN: (clock(), clock() + 3600),
            TOKEN: (clock() - 2 * DAY, clock() + 58 * DAY),
        }
        self.containers: dict[str, dict[str, Any]] = {}
        self.posts: list[dict[str, Any]] = []
        self.token_in_url = False
        self._next = 18_000_000_000_000_000

    def env(self) -> dict[str, str]:
        expires = dt.datetime.fromtimestamp(self.tokens[TOKEN][1], dt.UTC)
        return {
            "POSSE_THREADS_API_URL": self.url,
            "POSSE_THREADS_USER_ID": self.user_id,
            "POSSE_THREADS_TOKEN": TOKEN,
            "POSSE_THREADS_TOKEN_EXPIRES": expires.date().isoformat(),
        }

    def _error(self, code: int, subcode: int | None = None, message: str = "", **kw):
        status = {1: 500, 2: 503}.get(code, 400)
        return Reply(status, error_body(code, subcode, message, **kw))

    def _id(self) -> str:
        self._next += 1
        return str(self._next)

    # --- dispatch ---
    def answer(self, received: Received) -> Reply:
        reply = self._answer(received)
        if received.method == "POST" and self.answer_delay:
            # Done, the answer on its way: the window a kill test aims at.
            time.sleep(self.answer_delay)
        return reply

    def _answer(self, received: Received) -> Reply:
        parts = urlsplit(received.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/__requests":  # not counted: the kill test polls it
            asked = sum(r.path != "/__requests" for r in self.received)
            return Reply(200, {"requests": asked})
        form = {}
        if "x-www-form-urlencoded" in received.headers.get("Content-Type", ""):
            form = {k: v[-1] for k, v in parse_qs(received.text).items()}
        if parts.path in ("/access_token", "/refresh_access_token"):
            return self._tokens(parts.path, query)
        auth = {k.lower(): v for k, v in received.headers.items()}.get(
            "authorization", ""
        )
        token = (
            form.get("access_token")
            or query.get("access_token")
            or auth.removeprefix("Bearer ").strip()
        )
        refusal = self._token_refusal(token)
        if refusal:
            return refusal
        path = parts.path.removeprefix("/v1.0/").strip("/").split("/")
        if received.method == "POST" and len(path) == 2:
            if path[0] != self.user_id:
                return self._error(100, 33, _SUBCODES[33].format(id=path[0]))
            if "threads_content_publish" not in self.scopes:
                return self._error(
                    10,
                    None,
                    "(#10) Application does not have permission for this "
                    "action: threads_content_publish",
                )
            if path[1] == "threads":
                return self._container(form)
            if path[1] == "threads_publish":
                return self._publish(form)
        if received.method == "GET":
            return self._read(path, query)
        return self._error(100, None, "Unsupported request: " + parts.path)

    def _token_refusal(self, token: str) -> Reply | None:
        if not token:
            return self._error(190, None, "An access token is required.")
        if token not in self.tokens:
            return self._error(
                190, None, "Invalid OAuth access token - Cannot parse access token"
            )
        if self.tokens[token][1] <= self.clock():
            return self._error(
                190, 463, "Error validating access token: Session has expired."
            )
        return None

    # --- posting ---
    def _container(self, form: dict[str, str]) -> Reply:
        if form.get("media_type") != "TEXT":
            return self._error(
                100,
                None,
                "Param media_type must be one of {TEXT, IMAGE, VIDEO, CAROUSEL}",
            )
        text, link = form.get("text", ""), form.get("link_attachment", "")
        if count(text) > 500:
            return self._error(
                100, None, "Param text must be at most 500 characters long."
            )
        if link and urlsplit(link).scheme not in ("http", "https"):
            return self._error(100, None, "Param link_attachment must be a valid URL")
        links = set(URL.findall(text)) | ({link} if link else set())
        if len(links) > 5:
            return self._error(
                100,
                None,
                "THREADS_API__LINK_LIMIT_EXCEEDED: posts may contain at most 5 links",
                error_user_title="THREADS_API__LINK_LIMIT_EXCEEDED",
            )
        cid = self._id()
        self.containers[cid] = {
            "owner": self.user_id,
            "text": text,
            "link": link,
            "created": self.clock(),
            "published": None,
        }
        return Reply(200, {"id": cid})

    def _publish(self, form: dict[str, str]) -> Reply:
        cid = form.get("creation_id", "")
        container = self.containers.get(cid)
        if container is None or container["owner"] != self.user_id:
            return self._error(100, 33, _SUBCODES[33].format(id=cid))
        if container["published"]:
            return self._error(100, 2207006, _SUBCODES[2207006])
        now = self.clock()
        if now - container["created"] > DAY:
            return self._error(100, 2207008, _SUBCODES[2207008])
        if self.quota_usage() >= LIMIT:
            return self._error(9, 2207042, _SUBCODES[2207042])
        mid = self._id()
        code = secrets.token_urlsafe(8).replace("-", "a").replace("_", "b")
        text, tag = container["text"], None
        if self.topic_tag_apart:
            found = re.search(r"(?:^|\s)#(\w+)", text)
            if found:
                tag = found[1]
                text = (text[: found.start()] + text[found.end() :]).strip()
        self.posts.append(
            {
                "id": mid,
                "text": text,
                "topic_tag": tag,
                "link": container["link"],
                "created": now,
                "shortcode": code,
                "permalink": f"https://www.threads.com/@{self.username}/post/{code}",
                "container": cid,
            }
        )
        container["published"] = mid
        return Reply(200, {"id": mid})

    def add_posts(self, count: int) -> None:
        """``count`` posts of the account published now (other things it said)."""
        for n in range(count):
            mid = self._id()
            self.posts.append(
                {
                    "id": mid,
                    "text": f"ひとりごと {n}",
                    "topic_tag": None,
                    "link": "",
                    "created": self.clock(),
                    "shortcode": f"c{mid}",
                    "permalink": f"https://www.threads.com/@{self.username}/post/c{mid}",
                    "container": "",
                }
            )

    def quota_usage(self) -> int:
        now = self.clock()
        return sum(1 for p in self.posts if now - p["created"] < DAY)

    # --- reading ---
    def _read(self, path: list[str], query: dict[str, str]) -> Reply:
        if path in (["me"], [self.user_id]):
            fields = query.get("fields", "id").split(",")
            me = {"id": self.user_id, "username": self.username}
            return Reply(200, {k: v for k, v in me.items() if k in fields or k == "id"})
        if path == [self.user_id, "threads_publishing_limit"]:
            row = {
                "quota_usage": self.quota_usage(),
                "config": {"quota_total": LIMIT, "quota_duration": int(DAY)},
            }
            return Reply(200, {"data": [row]})
        if len(path) == 2 and path[0] in ("me", self.user_id) and path[1] == "threads":
            return self._list(query)
        if len(path) == 1:
            post = next((p for p in self.posts if p["id"] == path[0]), None)
            if post is not None:
                fields = query.get("fields", "id").split(",")
                return self._view(post, fields)
        return self._error(100, 33, _SUBCODES[33].format(id="/".join(path)))

    def _view(self, post: dict[str, Any], fields: list[str]) -> Reply:
        unknown = [f for f in fields if f not in FIELDS]
        if unknown:
            return self._error(
                100, None, f"Tried accessing nonexisting field ({unknown[0]})"
            )
        return Reply(200, self._fields(post, fields))

    def _fields(self, post: dict[str, Any], fields: list[str]) -> dict[str, Any]:
        when = dt.datetime.fromtimestamp(post["created"], dt.UTC)
        full = {
            "id": post["id"],
            "text": post["text"],
            "permalink": post["permalink"],
            "timestamp": when.strftime("%Y-%m-%dT%H:%M:%S+0000"),
            "link_attachment_url": post["link"] or None,
            "username": self.username,
            "media_type": "TEXT_POST",
            "media_product_type": "THREADS",
            "shortcode": post["shortcode"],
            "topic_tag": post["topic_tag"],
        }
        return {k: v for k, v in full.items() if (k in fields or k == "id") and v}

    def _list(self, query: dict[str, str]) -> Reply:
        fields = query.get("fields", "id").split(",")
        unknown = [f for f in fields if f not in FIELDS]
        if unknown:
            return self._error(
                100, None, f"Tried accessing nonexisting field ({unknown[0]})"
            )
        try:
            since = float(query["since"]) if query.get("since") else None
            until = float(query["until"]) if query.get("until") else None
            limit = min(int(query.get("limit") or 25), 100)
            after = int(query["after"]) if query.get("after") else None
        except ValueError as error:
            return self._error(100, None, f"Invalid parameter: {error}")
        now = self.clock()
        shown = [
            p
            for p in reversed(self.posts)
            if now >= p["created"] + self.visibility_delay
            and (since is None or p["created"] >= since)
            and (until is None or p["created"] < until)
            and (after is None or int(p["id"]) < after)
        ]
        page = shown[:limit]
        body: dict[str, Any] = {"data": [self._fields(p, fields) for p in page]}
        if page:
            body["paging"] = {
                "cursors": {"before": page[0]["id"], "after": page[-1]["id"]}
            }
            if len(shown) > limit:
                following = {**query, "after": page[-1]["id"]}
                body["paging"]["next"] = (
                    f"{self.url}/v1.0/me/threads?{urlencode(following)}"
                )
        return Reply(200, body)

    # --- tokens (auth threads) ---
    def _tokens(self, path: str, query: dict[str, str]) -> Reply:
        token = query.get("access_token", "")
        if path == "/access_token":
            if query.get("grant_type") != "th_exchange_token":
                return self._error(100, None, "Invalid grant_type")
            if query.get("client_secret") != self.app_secret:
                return self._error(101, None, "Error validating client secret.")
            refusal = self._token_refusal(token)
            if refusal:
                return refusal
        else:
            if query.get("grant_type") != "th_refresh_token":
                return self._error(100, None, "Invalid grant_type")
            refusal = self._token_refusal(token)
            if refusal:
                return refusal
            if token == SHORT_TOKEN:
                return self._error(190, None, "A short-lived token cannot be refreshed")
            if self.clock() - self.tokens[token][0] < DAY:
                return self._error(
                    190, None, "The token must be at least 24 hours old to refresh"
                )
        new = "THAA" + secrets.token_hex(16)
        now = self.clock()
        self.tokens[new] = (now, now + 60 * DAY)
        return Reply(
            200,
            {"access_token": new, "token_type": "bearer", "expires_in": int(60 * DAY)},
        )

    def fault_reply(self, fault: Fault, received: Received) -> Reply:
        code = getattr(fault, "code", None)
        if code is None:
            status = int(fault.status or 502)
            return Reply(status, fault.body or f"<html>{status}</html>", fault.headers)
        body = fault.body or error_body(
            code,
            getattr(fault, "subcode", None),
            getattr(fault, "message", None)
            or _SUBCODES.get(getattr(fault, "subcode", None) or 0, f"(#{code}) Error"),
        )
        return Reply(fault.status or 400, body, fault.headers)
