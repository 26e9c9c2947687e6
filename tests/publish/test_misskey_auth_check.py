"""``pelican-posse auth misskey`` (MiAuth, only write:notes) through its prompts,
and ``check`` for Misskey: offline formats, the one read online, the bot-flag
warning and the server's own limit. No secret in anything printed."""

from __future__ import annotations

import datetime as dt
import json
import re
import stat
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from pelican.plugins.posse.publish import check as check_mod
from pelican.plugins.posse.publish.auth import command, envfile
from pelican.plugins.posse.settings import PosseSettings
from tests.fakes.fake_misskey import TOKEN, FakeMisskey
from tests.publish.test_auth import Terminal

NOW = dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def fake():
    with FakeMisskey() as server:
        yield server


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def miauth(fake, terminal, *, allow=True):
    """The person opens the printed address and presses Allow (or not)."""
    url = re.search(r"(\S+/miauth/\S+)", terminal.text)[1]
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert query == {"name": ["pelican-posse"], "permission": ["write:notes"]}
    if allow:
        fake.allow(parts.path.rsplit("/", 1)[1], query["permission"][0])
    return ""  # Enter


def drive(fake, *, allow=True, server=None):
    terminal = Terminal({})
    terminal.answers = {
        "Your Misskey server": server or fake.url,
        "When you have pressed Allow": lambda: miauth(fake, terminal, allow=allow),
    }
    code = command.run(
        "misskey",
        environ={},
        ask=terminal.ask,
        secret=terminal.secret,
        out=terminal.out,
    )
    for token in fake.tokens:
        assert token not in terminal.text
    return code, terminal


def test_miauth_asks_only_write_notes_and_stores_server_token_and_user(fake):
    code, terminal = drive(fake)
    assert code == command.EXIT_OK, terminal.text
    values = envfile.read(Path(".env.posse"))
    assert values["POSSE_MISSKEY_SERVER"] == fake.url
    assert values["POSSE_MISSKEY_USER_ID"] == fake.user_id
    assert fake.tokens[values["POSSE_MISSKEY_TOKEN"]] == {"write:notes"}
    assert stat.S_IMODE(Path(".env.posse").stat().st_mode) == 0o600
    assert "@hanako" in terminal.text
    assert ".env.posse" in Path(".gitignore").read_text()


def test_auth_tells_to_set_the_bot_flag_where_the_server_asks_it(fake, monkeypatch):
    from pelican.plugins.posse.publish.networks import misskey

    fake.is_bot = False
    _, terminal = drive(fake)
    assert "This account is a bot" not in terminal.text
    monkeypatch.setitem(misskey.BOT_RULES, "127.0.0.1", "https://example.org/rules")
    Path(".env.posse").unlink()
    code, terminal = drive(fake)
    assert code == command.EXIT_OK
    assert '"This account is a bot"' in terminal.text


def test_enter_before_allow_is_refused_and_writes_nothing(fake):
    code, terminal = drive(fake, allow=False)
    assert code == command.EXIT_REFUSED
    assert "Allow" in terminal.text
    assert not Path(".env.posse").exists()


def test_a_plain_http_server_is_refused_before_any_request(fake):
    code, terminal = drive(fake, server="http://misskey.io")
    assert code == command.EXIT_REFUSED
    assert "misskey.io" in terminal.text
    assert fake.received == []


def test_ctrl_c_at_the_enter_prompt_leaves_nothing(fake):
    def interrupt():
        raise KeyboardInterrupt

    terminal = Terminal({"Your Misskey server": fake.url, "When you": interrupt})
    code = command.run(
        "misskey",
        environ={},
        ask=terminal.ask,
        secret=terminal.secret,
        out=terminal.out,
    )
    assert code == command.EXIT_INTERRUPTED
    assert not Path(".env.posse").exists()


# --- check ---------------------------------------------------------------------------
def run(env):
    posse = PosseSettings(syndicate=("misskey",))
    report = check_mod.check(posse, env, now=NOW)
    said = "\n".join(check_mod.lines(report))
    dumped = json.dumps(check_mod.as_json(report), ensure_ascii=False)
    for secret in (TOKEN, env.get("POSSE_MISSKEY_TOKEN", "")):
        if len(secret) > 6:
            assert secret not in said and secret not in dumped
    return report, said


def findings(report):
    return [
        (p.severity, p.variable, p.key) for n in report.networks for p in n.problems
    ]


def offline(env):
    report = check_mod.check(
        PosseSettings(syndicate=("misskey",)), env, now=NOW, offline=True
    )
    return report, "\n".join(check_mod.lines(report))


def test_offline_the_server_must_be_https_and_the_token_clean():
    env = {
        "POSSE_MISSKEY_TOKEN": "tok-abcdef",
        "POSSE_MISSKEY_SERVER": "http://misskey.io",
    }
    report, said = offline(env)
    assert findings(report) == [
        ("problem", "POSSE_MISSKEY_SERVER", "misskey.check.server")
    ]
    assert "https" in said
    del env["POSSE_MISSKEY_SERVER"]
    report, _ = offline(env)
    assert findings(report) == [
        ("problem", "POSSE_MISSKEY_SERVER", "misskey.check.no_server")
    ]
    env.update(POSSE_MISSKEY_SERVER="misskey.io", POSSE_MISSKEY_TOKEN='"tok-abcdef"')
    report, _ = offline(env)
    assert findings(report) == [("problem", "POSSE_MISSKEY_TOKEN", "check.quoted")]
    env["POSSE_MISSKEY_TOKEN"] = "tok-abcdef "
    report, _ = offline(env)
    assert findings(report) == [("warning", "POSSE_MISSKEY_TOKEN", "check.stray_space")]


def test_offline_makes_no_request(fake):
    offline(fake.env())
    assert fake.received == []


def test_online_a_bot_account_with_read_account_passes(fake):
    fake.tokens[TOKEN] = {"write:notes", "read:account"}
    report, said = run(fake.env())
    assert report.exit_code == 0, said
    assert "@hanako@127.0.0.1" in said
    assert sum(r.path == "/api/i" for r in fake.received) == 1


def test_online_a_write_notes_token_is_a_note_unless_the_user_is_known(fake):
    report, said = run(fake.env())
    assert findings(report) == [
        ("note", "POSSE_MISSKEY_TOKEN", "misskey.check.unverified")
    ]
    assert report.exit_code == 0
    env = {**fake.env(), "POSSE_MISSKEY_USER_ID": fake.user_id}
    report, said = run(env)
    assert findings(report) == [] and "@hanako" in said


def test_a_bad_token_is_a_problem_naming_it(fake):
    report, said = run({**fake.env(), "POSSE_MISSKEY_TOKEN": "not-the-token"})
    assert findings(report) == [("problem", "POSSE_MISSKEY_TOKEN", "check.refused")]
    assert "write:notes" in said and report.exit_code == 2


def test_not_a_bot_warns_on_a_server_known_to_ask_it(fake, monkeypatch):
    from pelican.plugins.posse.publish.networks import misskey

    fake.is_bot = False
    fake.tokens[TOKEN] = {"write:notes", "read:account"}
    report, _ = run(fake.env())
    assert findings(report) == []  # 127.0.0.1 asks nothing
    monkeypatch.setitem(misskey.BOT_RULES, "127.0.0.1", "https://example.org/rules")
    report, said = run(fake.env())
    assert findings(report) == [
        ("warning", "POSSE_MISSKEY_TOKEN", "misskey.check.not_bot")
    ]
    assert "bot" in said and "https://example.org/rules" in said
    assert report.exit_code == 1
    assert "misskey.io" in misskey.BOT_RULES


def test_a_lower_server_limit_is_noted(fake):
    fake.tokens[TOKEN] = {"write:notes", "read:account"}
    fake.max_note_length = 500
    report, said = run(fake.env())
    assert findings(report) == [
        ("note", "POSSE_MISSKEY_MAX_CHARACTERS", "misskey.check.server_limit")
    ]
    assert "500" in said and "3000" in said
