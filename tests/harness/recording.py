"""A recording network on loopback: what a crash test counts at the server.

``RecordingServer`` accepts ``POST /posts`` with ``{"text": ...}``; like X it
refuses an identical text with a 403 "duplicate content" (unless started with
``dedupe=False``: like Facebook, which never promised to), and it can hold each
answer a little so that a kill lands between the server's receipt and the
ledger's update. ``GET /posts?since=UNIX`` lists what it accepted, newest first
(``{"data": [{"id", "text", "created"}]}``), each post only ``visibility_delay``
seconds after it was made; ``GET`` on any other path answers the request count.

``Network`` classes that post to it (``POSSE_RECORDING_URL``):

- ``RecordingNetwork``: X-shaped: refuses copies (``copy_refusal`` 6 h), never
  looks (its reads would be billed);
- ``TrustingNetwork``: refuses no copy and cannot look;
- ``ListingNetwork``: Graph-shaped: refuses no copy (start the server with
  ``dedupe=False``) and looks for free in the listing.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

from pelican.plugins.posse.publish.networks.base import (
    AlreadyPosted,
    Delivered,
    Network,
    Post,
    Transient,
    Unconfirmed,
    never_sent,
)


class RecordingServer:
    def __init__(
        self, dedupe: bool = True, delay: float = 0.0, visibility_delay: float = 0.0
    ) -> None:
        self.dedupe = dedupe
        self.delay = delay
        self.visibility_delay = visibility_delay
        self.posts: list[dict[str, Any]] = []  # {"id", "text", "created"}
        self.accepted: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                parts = urllib.parse.urlsplit(self.path)
                with server.lock:
                    if parts.path == "/posts":
                        query = urllib.parse.parse_qs(parts.query)
                        since = float((query.get("since") or ["0"])[-1])
                        now = time.time()
                        shown = [
                            p
                            for p in reversed(server.posts)
                            if p["created"] >= since
                            and now >= p["created"] + server.visibility_delay
                        ]
                        data = json.dumps({"data": shown}).encode()
                    else:
                        data = json.dumps({"requests": server.requests}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                text = json.loads(self.rfile.read(length))["text"]
                with server.lock:
                    server.requests += 1
                    duplicate = server.dedupe and server.accepted[text] > 0
                    if duplicate:
                        server.refused[text] += 1
                    else:
                        server.accepted[text] += 1
                        number = sum(server.accepted.values())
                        server.posts.append(
                            {"id": str(number), "text": text, "created": time.time()}
                        )
                if server.delay:
                    time.sleep(random.uniform(0, server.delay))
                if duplicate:
                    body = {
                        "detail": "You are not allowed to create a Tweet with "
                        "duplicate content.",
                        "status": 403,
                        "title": "Forbidden",
                    }
                    status = 403
                else:
                    body = {"data": {"id": str(number), "text": text}}
                    status = 201
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a killed client breaks the pipe; that is the test's point

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/posts"
        self.stats_url = self.url.replace("/posts", "/stats")
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> RecordingServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class RecordingNetwork(Network):
    name = "x"
    label = "X"
    env_vars: ClassVar[tuple[str, ...]] = ("POSSE_RECORDING_URL",)
    secret_vars: ClassVar[tuple[str, ...]] = ()
    copy_refusal: ClassVar[dt.timedelta | None] = dt.timedelta(hours=6)
    free_reads: ClassVar[bool] = False

    def post(self, post: Post) -> Delivered:
        request = urllib.request.Request(
            self.env["POSSE_RECORDING_URL"],
            method="POST",
            data=json.dumps({"text": post.text}).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                data = json.loads(response.read())["data"]
        except urllib.error.HTTPError as err:
            if err.code == 403:
                raise AlreadyPosted(self.name, "duplicate content") from None
            kind = Unconfirmed if err.code >= 500 else Transient
            raise kind(self.name, f"HTTP {err.code}", status=err.code) from None
        except (urllib.error.URLError, OSError) as err:
            if never_sent(err):
                raise Transient(self.name, f"connection failed: {err}") from None
            raise Unconfirmed(self.name, f"answer lost: {err}") from None
        return Delivered(data["id"], self.post_url(data["id"]))

    @staticmethod
    def post_url(post_id: str) -> str:
        return f"https://x.example/status/{post_id}"


class TrustingNetwork(RecordingNetwork):
    """The same, for a network that neither refuses a copy nor can look."""

    copy_refusal: ClassVar[dt.timedelta | None] = None


class ListingNetwork(RecordingNetwork):
    """Graph-shaped: refuses no copy, and looks in the server's listing (free)."""

    copy_refusal: ClassVar[dt.timedelta | None] = None
    free_reads: ClassVar[bool] = True

    def look(self, post: Post, since: dt.datetime) -> Delivered | None:
        query = urllib.parse.urlencode({"since": int(since.timestamp())})
        url = f"{self.env['POSSE_RECORDING_URL']}?{query}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                listing = json.loads(response.read())["data"]
        except OSError as err:  # URLError and timeouts are OSErrors
            raise Transient(self.name, f"listing failed: {err}") from None
        for item in listing:
            if item["text"] == post.text or (post.url and post.url in item["text"]):
                return Delivered(item["id"], self.post_url(item["id"]))
        return None
