"""The ten-minute walk as a test: from keys to a first post, with the real command.

A blog whose one new article is due; ``pelican-posse auth x`` and ``auth facebook``
answered at their prompts in a terminal (a pseudo-terminal: a secret is typed where
nothing echoes, as a person types it), against the fake X and Facebook that know
only their URLs; then ``check``, then the first ``publish``. What the user sees:
one post on each, never a second one, and no secret in anything printed.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import stat
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.fakes.blog import SITEURL, baselined
from tests.fakes.credentials import FB_PAGE_TOKEN, SECRETS, X_CREDENTIALS
from tests.fakes.graph_auth import LONG_TOKEN, USER_TOKEN

pytest_plugins = ["tests.fakes.fixtures"]

NEW = ("posse-hajimemashita", "POSSE を始めました", "2026-03-01 09:00")
APP_SECRET = "app-SECRET-f00d"  # FakeGraph's
EVERY_SECRET = (*SECRETS, APP_SECRET, USER_TOKEN, LONG_TOKEN)
Answer = str | Callable[[str], str]


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return baselined(tmp_path_factory.mktemp("first-post"), NEW)


def _environment(urls: dict[str, str]) -> dict[str, str]:
    """A shell with this tree's command and only where the fakes are."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("POSSE_")}
    path = os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])
    return {**clean, **urls, "PYTHONPATH": path, "LANG": "C.UTF-8", "TERM": "dumb"}


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "pelican.plugins.posse.cli", *args]


def terminal(
    root: Path, env: dict[str, str], argv: list[str], answers: list[tuple[str, Answer]]
) -> tuple[int, str]:
    """Run ``argv`` in a pseudo-terminal; when what it shows ends with a
    prompt, type the answer (a callable gets the screen so far). Returns the
    exit code and the whole screen."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: only exec (the fakes' threads live in the parent)
        os.chdir(root)
        os.execvpe(argv[0], argv, env)
    screen, pending, deadline = b"", list(answers), time.monotonic() + 60
    since = 0  # what was shown after the last answer: the next prompt is there
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal: it has ended
                break
            if not chunk:
                break
            screen += chunk
        shown = screen.decode("utf-8", "replace")
        if pending and shown[since:].rstrip().endswith(pending[0][0]):
            answer = pending.pop(0)[1]
            typed = answer(shown) if callable(answer) else answer
            os.write(fd, typed.encode() + b"\r")
            since = len(shown)
    else:  # stuck at a question nobody answers: end it, then say which
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    shown = screen.decode("utf-8", "replace")
    assert not pending, f"never asked {pending[0][0]!r}:\n{shown}"
    return os.waitstatus_to_exitcode(status), screen.decode("utf-8", "replace")


def pin_from_the_page(screen: str) -> str:
    """What a person does: open the address auth printed, read the PIN."""
    address = re.search(r"(http://\S+/oauth/authorize\?\S+)", screen)
    assert address, screen
    with urllib.request.urlopen(address[1], timeout=10) as page:
        return re.search(r"<b>(\d+)</b>", page.read().decode())[1]


def test_from_the_keys_to_the_first_post_on_x_and_facebook(
    template, tmp_path, fake_x, fake_graph
):
    root = template.copy_to(tmp_path).root
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    env = _environment(
        {"POSSE_X_API_URL": fake_x.url, "POSSE_FACEBOOK_API_URL": fake_graph.url}
    )
    screens = []

    code, screen = terminal(
        root,
        env,
        _command("auth", "x"),
        [
            ("API Key (not shown as you type):", X_CREDENTIALS["consumer_key"]),
            (
                "API Key Secret (not shown as you type):",
                X_CREDENTIALS["consumer_secret"],
            ),
            ("PIN:", pin_from_the_page),
        ],
    )
    screens.append(screen)
    assert code == 0, screen
    assert "gh secret set -f .env.posse" in screen

    code, screen = terminal(
        root,
        env,
        _command("auth", "facebook"),
        [
            ("App ID:", fake_graph.app_id),
            ("App secret (not shown as you type):", APP_SECRET),
            ("(not shown as you type):", USER_TOKEN),
            ("Number of the Page to post to:", "1"),
        ],
    )
    screens.append(screen)
    assert code == 0, screen
    assert "does not expire" in screen

    stored = (root / ".env.posse").read_text("utf-8")
    assert stat.S_IMODE((root / ".env.posse").stat().st_mode) == 0o600
    assert "POSSE_FACEBOOK_PAGE_TOKEN_EXPIRES=never" in stored
    assert APP_SECRET not in stored  # used for the exchange, not kept
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".env.posse"], cwd=root, check=False
    )
    assert ignored.returncode == 0

    def run(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run(
            _command("-s", "publishconf.py", *args),
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        screens.extend([done.stdout, done.stderr])
        return done

    check = run("check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "X: ok, reached as @" in check.stdout
    assert "Facebook: ok, reached as" in check.stdout

    publish = run("publish")
    assert publish.returncode == 0, publish.stdout + publish.stderr
    assert len(fake_x.posts) == len(fake_graph.posts) == 1
    assert NEW[1] in fake_x.posts[0]["text"]
    link = fake_graph.posts[0]["link"]
    assert link.startswith(SITEURL) and link in fake_x.posts[0]["text"]
    said = " ".join(publish.stdout.split())
    assert "posted" in said and "x.com/" in said and "facebook.com/" in said

    again = run("publish")
    assert again.returncode == 0
    assert len(fake_x.posts) == len(fake_graph.posts) == 1, "announced once"

    for text in screens:
        for secret in (*EVERY_SECRET, FB_PAGE_TOKEN):
            assert secret not in text, secret
