"""A recording network on loopback: what a crash test counts at the server.

``RecordingServer`` accepts ``POST /posts`` with ``{"text": ...}``; like X it
refuses an identical text with a 403 "duplicate content" (unless started with
``dedupe=False``), and it can hold each answer a little so that a kill lands
between the server's receipt and the ledger's update.

``RecordingNetwork`` / ``TrustingNetwork`` are ``Network`` classes that post to
it (``POSSE_RECORDING_URL``); the first declares that it detects duplicates.
"""

from __future__ import annotations

import json
import random
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

from pelican.plugins.posse.networks.base import (
    AlreadyPosted,
    Delivered,
    Network,
    Post,
    Transient,
)


class RecordingServer:
    def __init__(self, dedupe: bool = True, delay: float = 0.0) -> None:
        self.dedupe = dedupe
        self.delay = delay
        self.accepted: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                with server.lock:
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
    detects_duplicates: ClassVar[bool] = True

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
            raise Transient(self.name, f"HTTP {err.code}", status=err.code) from None
        except (urllib.error.URLError, OSError) as err:
            raise Transient(self.name, f"connection failed: {err}") from None
        return Delivered(data["id"], f"https://x.example/status/{data['id']}")


class TrustingNetwork(RecordingNetwork):
    """The same, for a network that cannot tell us about duplicates."""

    detects_duplicates: ClassVar[bool] = False
