"""Start ``pelican-posse publish`` runs fast, and SIGKILL them at chosen instants.

A crash test needs dozens of runs; importing Pelican takes most of a second, so
this process imports everything once and forks one child per run. Each child runs
the real CLI (``run_cli.main``) in its own process; this process, its parent,
sends it SIGKILL, so the pid killed is always its own unreaped child.

Protocol, one JSON object per line: in ``{"argv", "cwd", "env", "kill_after",
"after_request"}``; out ``{"killed": bool, "exit": int | None}``.
``after_request`` (a URL) means: start the ``kill_after`` clock only once the
recording server has received a new request (or the child has exited).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
import urllib.request

from tests.harness import recording, run_cli  # noqa: F401 - imported once, before forking


def _requests(url: str) -> int:
    with urllib.request.urlopen(url, timeout=5) as response:
        return int(json.loads(response.read())["requests"])


def _alive(pid: int) -> bool:
    done, _ = os.waitpid(pid, os.WNOHANG)
    return done == 0


def _child(order: dict) -> None:
    os.chdir(order["cwd"])
    os.environ.update(order.get("env", {}))
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    try:
        code = run_cli.main(order["argv"])
    finally:
        sys.stdout.flush()
    os._exit(code)


def serve() -> None:
    for line in sys.stdin:
        order = json.loads(line)
        before = (
            _requests(order["after_request"]) if order.get("after_request") else None
        )
        pid = os.fork()
        if pid == 0:
            _child(order)
        killed, status = False, None
        if order.get("kill_after") is not None:
            if before is not None:
                while _requests(order["after_request"]) == before:
                    done, status = os.waitpid(pid, os.WNOHANG)
                    if done:
                        break
                    time.sleep(0.001)
            deadline = time.monotonic() + order["kill_after"]
            while status is None and time.monotonic() < deadline:
                done, status = os.waitpid(pid, os.WNOHANG)
                if not done:
                    status = None
                    time.sleep(0.0005)
            if status is None:
                os.kill(pid, signal.SIGKILL)  # our own child, not yet reaped
                killed = True
        if status is None:
            _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        print(
            json.dumps({"killed": killed, "exit": None if killed else code}), flush=True
        )


if __name__ == "__main__":
    serve()
