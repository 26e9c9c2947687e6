"""What both fakes share: a threaded HTTP server on 127.0.0.1, a queue of scripted
faults, and a record of every request received."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Received:
    """One request as the fake saw it."""

    method: str
    path: str  # with the query string
    headers: dict[str, str]
    body: bytes
    status: int | None = None  # None when the connection was dropped

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Reply:
    status: int
    body: Any = None  # dict -> JSON, str -> text
    headers: dict[str, str] = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        # Quiet: the test output stays readable; requests are recorded instead.
        return

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        received = Received(self.command, self.path, dict(self.headers.items()), body)
        self.server.fake.received_request(received)
        reply = self.server.fake.dispatch(received)
        if reply is None:
            # A dropped connection: the client sees a reset / remote disconnect.
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        received.status = reply.status
        if isinstance(reply.body, dict | list):
            payload = json.dumps(reply.body, ensure_ascii=False).encode()
            ctype = "application/json; charset=utf-8"
        else:
            payload = str(reply.body or "").encode()
            ctype = "text/plain; charset=utf-8"
        try:
            self.send_response(reply.status)
            headers = {"Content-Type": ctype, **reply.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (its read timeout): nothing to answer to.
            self.close_connection = True

    do_POST = do_GET = do_PUT = do_DELETE = _serve


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeServer


@dataclass
class Fault:
    """What the next request gets instead of the fake's normal answer.

    ``delay`` seconds pass first (longer than the client's read timeout = a timeout);
    ``drop`` closes the connection without an answer; ``commit`` processes the request
    normally first (the post IS created) and only then delays, drops or replaces the
    answer: the uncertain outcome a real network sometimes gives. ``method`` set
    (``"POST"``): the fault waits for the next request with that method, and the
    others (a read before the send) get the normal answer.
    """

    status: int | None = None
    delay: float = 0.0
    drop: bool = False
    commit: bool = False
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    method: str | None = None


def answer_lost(after: float | None = None) -> Fault:
    """ "Created, answer lost": the request is processed (the post IS made), then
    the connection is dropped (``after=None``: the client sees a reset), or the
    answer is held ``after`` seconds (longer than the client's read timeout: the
    client sees a read timeout)."""
    if after is None:
        return Fault(commit=True, drop=True)
    return Fault(commit=True, delay=after)


class FakeServer:
    """Base of all fakes. Subclasses implement ``answer`` and ``fault_reply``."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.faults: deque[Fault] = deque()
        self.received: list[Received] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---
    def start(self, port: int = 0) -> FakeServer:
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.fake = self
        # A short poll interval: stop() returns at once, keeping the suite fast.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- scripting ---
    def script(self, *faults: Fault) -> None:
        """Queue faults; each one answers one request, in order."""
        with self.lock:
            self.faults.extend(faults)

    def received_request(self, received: Received) -> None:
        with self.lock:
            self.received.append(received)

    def dispatch(self, received: Received) -> Reply | None:
        with self.lock:
            fault = None
            for index, queued in enumerate(self.faults):
                if queued.method in (None, received.method):
                    fault = queued
                    del self.faults[index]
                    break
        if fault is None:
            with self.lock:
                return self.answer(received)
        reply = None
        if fault.commit:
            with self.lock:
                reply = self.answer(received)
        if fault.delay:
            time.sleep(fault.delay)
        if fault.drop:
            return None
        if fault.status is not None:
            return self.fault_reply(fault, received)
        if reply is None:
            with self.lock:
                reply = self.answer(received)
        return reply

    def answer(self, received: Received) -> Reply:
        raise NotImplementedError

    def fault_reply(self, fault: Fault, received: Received) -> Reply:
        raise NotImplementedError
