"""Secrets never leave the environment.

With distinctive credential values, run the whole flow — build, baseline, a publish
that fails on both networks (wrong key, expired token, lost answers, timeouts), the
status screen, a retry that succeeds, an outbox run, and the installed command with
``--verbose`` — then search everything a user or CI could keep: the built site, the
state directory, the ledger, the outbox, captured logs at DEBUG, stdout, stderr and
every exception text. Zero occurrences.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from pathlib import Path

import pytest

from pelican.plugins.posse.publish.networks import DeliveryError, Post
from pelican.plugins.posse.publish.networks.facebook import FacebookPageNetwork
from pelican.plugins.posse.publish.networks.x import XNetwork
from pelican.plugins.posse.settings import PosseSettings
from tests.fakes import GraphFault, XFault
from tests.fakes.blog import baselined, command
from tests.fakes.credentials import SECRETS

pytest_plugins = ["tests.fakes.fixtures"]

WRONG_X_SECRET = "xats-WRONG-SECRET-31f0c2"
WRONG_FB_TOKEN = "EAAG-wrongtok-SECRET-77aa10"
ALL_SECRETS = (*SECRETS, WRONG_X_SECRET, WRONG_FB_TOKEN)


def leaks(text: str) -> list[str]:
    return [secret for secret in ALL_SECRETS if secret in text]


def exception_texts(error: BaseException) -> str:
    """Everything an exception could show: message, repr, remedy, its traceback and
    the exceptions it was raised from or during."""
    parts = []
    seen = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts += [str(current), repr(current), str(getattr(current, "remedy", ""))]
        parts += traceback.format_exception(current)
        current = current.__cause__ or current.__context__
    return "\n".join(parts)


@pytest.fixture
def blog(tmp_path):
    return baselined(tmp_path, ("secret-test", "秘密のテスト", "2026-03-01 09:00"))


def test_no_secret_anywhere_after_a_flow_full_of_failures(  # noqa: PLR0917
    blog, fake_x, fake_graph, fakes_env, monkeypatch, capsys, caplog
):
    caplog.set_level(logging.DEBUG)
    blog.monkeypatch, blog.capsys = monkeypatch, capsys
    said: list[str] = []

    # 1. Wrong X secret and a Facebook token that is not the Page's: both refuse.
    blog.env(
        {
            **fakes_env,
            "POSSE_X_ACCESS_TOKEN_SECRET": WRONG_X_SECRET,
            "POSSE_FACEBOOK_PAGE_TOKEN": WRONG_FB_TOKEN,
        }
    )
    run = blog.cli("-v", "publish")
    said += [run.out, run.err]
    assert run.code == 3
    assert blog.record("secret-test.md", "x")["state"] == "failed"
    # Facebook's token is refused by publish's check before anything is sent.
    assert "problem with POSSE_FACEBOOK_PAGE_TOKEN" in " ".join(run.out.split())
    status = blog.cli("status")
    said += [status.out, status.err]

    # 2. Right credentials; lost answers, server errors and throttling on the way.
    blog.env(fakes_env)
    fake_x.script(XFault(drop=True), XFault(status=503))
    fake_graph.script(GraphFault(code=2), GraphFault(code=613, eta_minutes=1))
    run = blog.cli("-v", "--verbose", "retry")
    said += [run.out, run.err]
    run = blog.cli("-v", "retry", "secret-test.md")
    said += [run.out, run.err]
    # Facebook's faults meet its reads or its send (it looks before it sends;
    # which one depends on timing): later runs read it, wait out the throttle
    # and a lost answer's five minutes, then send or find it.
    for minutes in (2, 10, 20, 30):
        run = blog.cli("-v", "publish", later=dt.timedelta(minutes=minutes))
        said += [run.out, run.err]
        if blog.record("secret-test.md", "facebook")["state"] == "posted":
            break
    assert not fake_graph.faults
    assert blog.record("secret-test.md", "x")["state"] == "posted"
    assert blog.record("secret-test.md", "facebook")["state"] == "posted"

    # 3. A new article with Facebook unconfigured: the outbox preview is written.
    blog.article("outbox-test", "下書き箱のテスト", "2026-03-02 09:00")
    blog.build()
    env = dict(fakes_env)
    env.pop("POSSE_FACEBOOK_PAGE_TOKEN")
    blog.env(env)
    run = blog.cli("-v", "publish")
    said += [run.out, run.err]
    assert blog.record("outbox-test.md", "facebook")["state"] == "outbox"

    # 4. The installed command, verbose, with failures, as CI runs it.
    blog.article("cli-test", "コマンドのテスト", "2026-03-03 09:00")
    blog.build()
    fake_x.script(XFault(status=401))
    done = command(
        blog.root,
        {**fakes_env, "POSSE_FACEBOOK_PAGE_TOKEN": WRONG_FB_TOKEN},
        "-v",
        "publish",
    )
    said += [done.stdout, done.stderr]
    assert done.returncode == 3, done.stdout + done.stderr

    # 5. Exception texts, straight from the network modules.
    errors = []
    post = Post(
        "a.md",
        "x",
        "ブログを更新しました https://blog.example.jp/a.html",
        "https://blog.example.jp/a.html",
    )
    settings = PosseSettings()
    x_env = {**fake_x.env(), "POSSE_X_ACCESS_TOKEN_SECRET": WRONG_X_SECRET}
    fb_env = {**fake_graph.env(), "POSSE_FACEBOOK_PAGE_TOKEN": WRONG_FB_TOKEN}
    attempts = [
        (XNetwork(x_env, settings), None),  # 401
        (XNetwork(fake_x.env(), settings), XFault(drop=True)),  # connection lost
        (FacebookPageNetwork(fb_env, settings), None),  # 190
    ]
    for network, fault in attempts:
        if fault is not None:
            fake_x.script(fault)
        with pytest.raises(DeliveryError) as caught:
            network.post(post)
        errors.append(exception_texts(caught.value))

    # Everything a user or CI keeps.
    files = [
        p
        for p in Path(blog.root).rglob("*")
        if p.is_file() and p.suffix not in (".jpg", ".png")
    ]
    assert any(p.name == "posse-ledger.json" for p in files)
    assert any("outbox" in p.parts for p in files), "the outbox was written"
    assert any(p.parts[-2:] == ("output", "index.html") for p in files)
    for path in files:
        found = leaks(path.read_text("utf-8", errors="replace"))
        assert not found, f"{path.relative_to(blog.root)} holds a secret"
    assert "oauth_token" in caplog.text, "DEBUG logs were captured"
    assert not leaks(caplog.text), "a log line holds a secret"
    for text in said:
        assert not leaks(text), "stdout or stderr holds a secret"
    for text in errors:
        assert not leaks(text), "an exception text holds a secret"
