"""``pelican-posse auth threads`` (and ``--refresh``) driven through its prompts
against the fake Threads API, and ``check`` for Threads, offline and online: what
is stored, what is said, and never a secret in any of it."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import stat
from pathlib import Path

import pytest

from pelican.plugins.posse import cli
from pelican.plugins.posse.publish import check as check_mod
from pelican.plugins.posse.publish.auth import command, envfile
from pelican.plugins.posse.publish.plan import network_info
from pelican.plugins.posse.settings import PosseSettings
from tests.fakes.fake_threads import (
    APP_SECRET,
    SHORT_TOKEN,
    TOKEN,
    USER_ID,
    FakeThreads,
    ThreadsFault,
)

SECRETS = (APP_SECRET, SHORT_TOKEN, TOKEN)


@pytest.fixture
def fake():
    with FakeThreads() as server:
        yield server


class Terminal:
    def __init__(self, answers):
        self.answers, self.shown, self.hidden = answers, [], []

    def _answer(self, prompt):
        self.shown.append(prompt)
        for start, value in self.answers.items():
            if prompt.startswith(start):
                return value
        raise AssertionError(f"unexpected prompt {prompt!r}")

    def ask(self, prompt):
        return self._answer(prompt)

    def secret(self, prompt):
        self.hidden.append(prompt)
        return self._answer(prompt)

    def out(self, text):
        self.shown.append(text)


def drive(fake, answers=None, *, refresh=False, environ=None):
    terminal = Terminal(answers or {})
    env = {"POSSE_THREADS_API_URL": fake.url, **(environ or {})}
    code = command.run(
        "threads",
        environ=env,
        ask=terminal.ask,
        secret=terminal.secret,
        out=terminal.out,
        refresh=refresh,
    )
    text = "\n".join(terminal.shown)
    for secret in (*SECRETS, *fake.tokens):
        assert secret not in text, "a secret was shown"
    return code, terminal, text


ANSWERS = {"Threads app secret": APP_SECRET, "Token from": SHORT_TOKEN}


def stored():
    return envfile.read(Path(".env.posse"))


# --- auth ---------------------------------------------------------------------------
def test_auth_exchanges_the_short_token_and_stores_id_token_and_expiry(fake):
    code, terminal, text = drive(fake, ANSWERS)
    assert code == 0, text
    assert terminal.hidden == [
        "Threads app secret (not shown as you type): ",
        "Token from the User Token Generator (not shown as you type): ",
    ]
    values = stored()
    assert set(values) == {
        "POSSE_THREADS_USER_ID",
        "POSSE_THREADS_TOKEN",
        "POSSE_THREADS_TOKEN_EXPIRES",
    }
    assert values["POSSE_THREADS_USER_ID"] == USER_ID
    token = values["POSSE_THREADS_TOKEN"]
    assert token not in (SHORT_TOKEN, TOKEN) and token in fake.tokens
    in_60_days = (dt.datetime.now(dt.UTC) + dt.timedelta(days=60)).date()
    assert values["POSSE_THREADS_TOKEN_EXPIRES"] == in_60_days.isoformat()
    assert APP_SECRET not in Path(".env.posse").read_text()  # used once, not kept
    assert stat.S_IMODE(os.stat(".env.posse").st_mode) == 0o600
    assert "/.env.posse" in Path(".gitignore").read_text().splitlines()
    assert "@hanako_blog" in text and "--refresh" in text
    exchange = next(r for r in fake.received if r.path.startswith("/access_token"))
    assert "grant_type=th_exchange_token" in exchange.path


@pytest.mark.parametrize(
    ("answers", "said"),
    [
        ({**ANSWERS, "Threads app secret": "wrong-secret"}, "app secret"),
        ({**ANSWERS, "Token from": "not-a-token"}, "Threads said:"),
    ],
)
def test_auth_refusals_are_one_line_and_write_nothing(fake, answers, said):
    code, terminal, _text = drive(fake, answers)
    assert code == 2 and said in terminal.shown[-1]
    assert "Nothing was written" in terminal.shown[-1]
    assert not Path(".env.posse").exists()


def test_auth_an_expired_short_token_says_to_make_a_new_one(fake):
    fake.tokens[SHORT_TOKEN] = (0.0, fake.clock() - 1)
    code, terminal, _ = drive(fake, ANSWERS)
    assert code == 2 and "lasts an hour" in terminal.shown[-1]


def test_refresh_replaces_the_token_and_its_expiry(fake):
    envfile.write(Path(".env.posse"), fake.env() | {"POSSE_THREADS_API_URL": ""})
    code, terminal, text = drive(fake, refresh=True)
    assert code == 0, text
    assert terminal.hidden == [] and len(terminal.shown) > 1  # asks nothing
    values = stored()
    assert values["POSSE_THREADS_TOKEN"] not in (TOKEN, "")
    in_60_days = (dt.datetime.now(dt.UTC) + dt.timedelta(days=60)).date()
    assert values["POSSE_THREADS_TOKEN_EXPIRES"] == in_60_days.isoformat()
    assert "gh secret set" in text
    refresh = next(r for r in fake.received if "refresh_access_token" in r.path)
    assert "grant_type=th_refresh_token" in refresh.path


@pytest.mark.parametrize(
    ("expires", "said"),
    [
        (dt.timedelta(days=-1), "expired on"),
        (dt.timedelta(days=59, hours=12), "less than a day old"),
    ],
)
def test_refresh_refuses_a_token_threads_would_not_refresh(fake, expires, said):
    when = (dt.datetime.now(dt.UTC) + expires).isoformat()
    env = {"POSSE_THREADS_TOKEN": TOKEN, "POSSE_THREADS_TOKEN_EXPIRES": when}
    code, terminal, _ = drive(fake, refresh=True, environ=env)
    assert code == 2 and said in terminal.shown[-1]
    assert not any("refresh_access_token" in r.path for r in fake.received)


def test_refresh_without_a_token_and_for_a_network_without_refresh(fake):
    code, terminal, _ = drive(fake, refresh=True)
    assert code == 2 and "auth threads` first" in terminal.shown[-1]
    lines = []
    assert command.run("x", environ={}, out=lines.append, refresh=True) == 2
    assert "no --refresh" in lines[-1]


def test_the_command_line_takes_refresh(fake, monkeypatch, capsys):
    monkeypatch.setenv("POSSE_THREADS_API_URL", fake.url)
    monkeypatch.setattr("builtins.input", lambda prompt: "")
    monkeypatch.setattr(getpass, "getpass", lambda prompt: SHORT_TOKEN)
    envfile.write(Path(".env.posse"), {"POSSE_THREADS_TOKEN": TOKEN})
    assert cli.main(["auth", "threads", "--refresh"]) == 0
    out, err = capsys.readouterr()
    for secret in (*SECRETS, stored()["POSSE_THREADS_TOKEN"]):
        assert secret not in out + err


# --- check --------------------------------------------------------------------------
NOW = dt.datetime.now(dt.UTC)


def run(env, **kw):
    report = check_mod.check(PosseSettings(syndicate=("threads",)), env, now=NOW, **kw)
    said = "\n".join(check_mod.lines(report))
    dumped = json.dumps(check_mod.as_json(report), ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in said + dumped
    return report, said


def findings(report):
    return [(p.severity, p.variable, p.key) for p in report.networks[0].problems]


def test_check_offline_formats():
    env = {"POSSE_THREADS_USER_ID": "@hanako_blog", "POSSE_THREADS_TOKEN": TOKEN}
    report, _said = run(env, offline=True)
    assert ("problem", "POSSE_THREADS_USER_ID", "check.threads.user_id") in findings(
        report
    )
    assert (
        "warning",
        "POSSE_THREADS_TOKEN_EXPIRES",
        "check.threads.no_expiry",
    ) in findings(report)
    assert report.exit_code == 2


def test_check_online_reaches_the_account_and_shows_days_and_quota(fake):
    report, said = run(fake.env())
    assert report.exit_code == 0, said
    assert "Threads: ok, reached as @hanako_blog" in said
    assert "in 57 days" in said or "in 58 days" in said
    assert "250 posts left of the 250" in said
    asked = [r.path.split("?")[0] for r in fake.received]
    assert asked == ["/v1.0/me", f"/v1.0/{USER_ID}/threads_publishing_limit"]
    assert all(r.method == "GET" for r in fake.received)


def test_check_a_token_expiring_within_14_days_warns_in_check_and_publish(fake):
    soon = (NOW + dt.timedelta(days=5)).date().isoformat()
    env = {**fake.env(), "POSSE_THREADS_TOKEN_EXPIRES": soon}
    report, _said = run(env)
    assert report.exit_code == 1
    assert ("warning", "POSSE_THREADS_TOKEN_EXPIRES", "check.expires_soon") in (
        findings(report)
    )
    notes = check_mod.stored_expiry_notes(network_info(["threads"], env), env, NOW)
    assert len(notes) == 1 and "Threads" in notes[0] and soon in notes[0]


def test_check_a_refused_token_names_the_variable_and_the_refresh(fake):
    fake.script(ThreadsFault(code=190, subcode=463))
    report, said = run(fake.env())
    assert report.exit_code == 2
    assert "POSSE_THREADS_TOKEN" in said and "auth threads --refresh" in said


def test_check_another_account_and_a_used_up_quota(fake):
    fake.user_id = "17841499999999999"
    env = {**fake.env(), "POSSE_THREADS_USER_ID": USER_ID}
    report, _ = run(env)
    assert ("problem", "POSSE_THREADS_USER_ID", "check.threads.other_user") in (
        findings(report)
    )
    fake.user_id = USER_ID
    fake.add_posts(250)
    report, said = run(fake.env())
    assert "0 posts left of the 250" in said and report.exit_code == 1
