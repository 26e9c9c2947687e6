"""--wait-live against a real page on loopback: 200 means live, anything else waits."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pelican.plugins.posse.publish import live


def test_wait_live_polls_until_the_page_answers_200():
    hits = {"/new.html": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            hits[self.path] = hits.get(self.path, 0) + 1
            # The deploy finishes while we wait: 404 twice, then the page.
            ok = self.path == "/new.html" and hits[self.path] > 2
            self.send_response(200 if ok else 404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    clock = [0.0]

    def sleep(seconds):
        clock[0] += seconds

    try:
        alive = live.wait_live(
            [f"{base}/new.html", f"{base}/never.html"],
            30,
            sleep=sleep,
            clock=lambda: clock[0],
            every=5,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert alive == {f"{base}/new.html"}
    assert hits["/new.html"] == 3
    assert clock[0] == 30  # gave up on the page that never came, on time


def test_a_page_not_live_says_why():
    assert live.page_problem("http://127.0.0.1:9/", timeout=1).startswith(
        "cannot connect"
    )
    problems: dict[str, str] = {}
    alive = live.wait_live(
        ["http://127.0.0.1:9/new.html"],
        0,
        check=lambda url: "HTTP 404",
        sleep=lambda s: None,
        problems=problems,
    )
    assert alive == set()
    assert problems == {"http://127.0.0.1:9/new.html": "HTTP 404"}
