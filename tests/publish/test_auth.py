"""``pelican-posse auth``: each network's flow driven through its prompts against
its fake; what is printed, what is stored (0600, merged, .gitignore, git
check-ignore), no secret in any output, nothing written when it stops; then
``check`` reads the file and passes."""

from __future__ import annotations

import getpass
import os
import stat
import subprocess
from pathlib import Path

import pytest

from pelican.plugins.posse import cli
from pelican.plugins.posse.publish.auth import command, envfile
from tests.fakes.credentials import FB_PAGE_ID, FB_PAGE_TOKEN, SECRETS, X_CREDENTIALS
from tests.fakes.fake_bluesky import APP_PASSWORD, FakeBluesky
from tests.fakes.graph_auth import LONG_TOKEN, OTHER_PAGE, USER_TOKEN

pytest_plugins = ["tests.fakes.fixtures"]

APP_SECRET = "app-SECRET-f00d"  # FakeGraph's
ACCOUNT_PASSWORD = "abcd-efgh-ijkl-mnop"  # shaped like an app password
ALL_SECRETS = (
    *SECRETS,
    APP_SECRET,
    APP_PASSWORD,
    ACCOUNT_PASSWORD,
    USER_TOKEN,
    LONG_TOKEN,
    OTHER_PAGE["access_token"],
    "mstdn-new-SECRET",
    "csecret-SECRET",
)


@pytest.fixture(autouse=True)
def _fresh_sessions(fresh_sessions):
    """Every test here starts without a cached session (tests.fakes.fixtures)."""


@pytest.fixture
def fake_bluesky():
    with FakeBluesky(account_password=ACCOUNT_PASSWORD) as server:
        yield server


class Terminal:
    """A fake terminal: answers each prompt by its first words; records
    everything shown and which prompts hid what was typed."""

    def __init__(self, answers):
        self.answers = answers
        self.shown: list[str] = []
        self.hidden: list[str] = []

    def _answer(self, prompt):
        self.shown.append(prompt)
        for start, value in self.answers.items():
            if prompt.startswith(start):
                return value() if callable(value) else value
        raise AssertionError(f"unexpected prompt {prompt!r}")

    def ask(self, prompt):
        return self._answer(prompt)

    def secret(self, prompt):
        self.hidden.append(prompt)
        return self._answer(prompt)

    def out(self, text):
        self.shown.append(text)

    @property
    def text(self):
        return "\n".join(self.shown)


def drive(network, answers, environ, **kw):
    terminal = Terminal(answers)
    code = command.run(
        network,
        environ=environ,
        ask=terminal.ask,
        secret=terminal.secret,
        out=terminal.out,
        **kw,
    )
    for secret in ALL_SECRETS:
        assert secret not in terminal.text, secret
    return code, terminal


def stored(path=".env.posse"):
    return envfile.read(Path(path))


def x_answers(fake):
    return {
        "API Key (": X_CREDENTIALS["consumer_key"],
        "API Key Secret": X_CREDENTIALS["consumer_secret"],
        "PIN": fake.pin,
    }


def fb_answers(pick="1", token=USER_TOKEN):
    return {
        "App ID": "1234567890123",
        "App secret": APP_SECRET,
        "User token": token,
        "Number of the Page": pick,
    }


# --- X -------------------------------------------------------------------------------
def test_x_pin_flow_stores_the_four_values(fake_x):
    code, terminal = drive("x", x_answers(fake_x), {"POSSE_X_API_URL": fake_x.url})
    assert code == 0, terminal.text
    # The one portal setting comes before anything is asked.
    assert '"Read and write"' in terminal.shown[0]
    assert terminal.hidden == [
        "API Key (not shown as you type): ",
        "API Key Secret (not shown as you type): ",
    ]
    assert f"{fake_x.url}/oauth/authorize?oauth_token=req-" in terminal.text
    assert stored() == {
        "POSSE_X_API_KEY": X_CREDENTIALS["consumer_key"],
        "POSSE_X_API_SECRET": X_CREDENTIALS["consumer_secret"],
        "POSSE_X_ACCESS_TOKEN": X_CREDENTIALS["access_token"],
        "POSSE_X_ACCESS_TOKEN_SECRET": X_CREDENTIALS["access_token_secret"],
    }
    assert stat.S_IMODE(os.stat(".env.posse").st_mode) == 0o600
    assert "/.env.posse" in Path(".gitignore").read_text().splitlines()
    assert "not a git repository" in terminal.text
    assert "gh secret set -f .env.posse" in terminal.text
    assert "POSSE_X_ACCESS_TOKEN_SECRET" in terminal.text


def test_x_wrong_pin_is_one_line_and_writes_nothing(fake_x):
    answers = {**x_answers(fake_x), "PIN": "0000000"}
    code, terminal = drive("x", answers, {"POSSE_X_API_URL": fake_x.url})
    assert code == 2
    assert terminal.shown[-1].startswith("X: X refused the PIN")
    assert "Nothing was written" in terminal.shown[-1]
    assert not Path(".env.posse").exists() and not Path(".gitignore").exists()


def test_x_wrong_key_is_refused(fake_x):
    answers = {**x_answers(fake_x), "API Key Secret": "not-the-secret"}
    code, terminal = drive("x", answers, {"POSSE_X_API_URL": fake_x.url})
    assert code == 2 and "refused the API Key and Secret" in terminal.shown[-1]


# --- Facebook ---------------------------------------------------------------------
def test_facebook_picks_a_page_and_stores_its_token(fake_graph):
    subprocess.run(["git", "init", "-q"], check=True)
    env = {"POSSE_FACEBOOK_API_URL": fake_graph.url}
    code, terminal = drive("facebook", fb_answers(), env)
    assert code == 0, terminal.text
    assert f"  1. 佐藤経営サポート (id {FB_PAGE_ID})" in terminal.shown
    assert any("趣味の写真" in s and "cannot post" in s for s in terminal.shown)
    assert "The Page token of 佐藤経営サポート does not expire." in terminal.shown
    # The App secret served the exchange and debug_token: not kept beside the
    # Page token (posting never needs it). The expiry, not secret, is.
    assert stored() == {
        "POSSE_FACEBOOK_PAGE_ID": FB_PAGE_ID,
        "POSSE_FACEBOOK_PAGE_TOKEN": FB_PAGE_TOKEN,
        "POSSE_FACEBOOK_PAGE_TOKEN_EXPIRES": "never",
    }
    assert APP_SECRET not in Path(".env.posse").read_text()
    assert "git check-ignore confirms" in terminal.text
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env.posse"], check=False)
    assert ignored.returncode == 0
    # The long-lived token goes in a header, never in a URL (the short one is
    # in the exchange's query string, as Graph documents it).
    assert not any(LONG_TOKEN in r.path for r in fake_graph.received)


@pytest.mark.parametrize(
    ("setup", "answers", "said"),
    [
        (
            lambda f: setattr(f, "user_token_expired", True),
            fb_answers(),
            "the user token has expired",
        ),
        (None, fb_answers(token=FB_PAGE_TOKEN), "this is a Page token"),
        (
            lambda f: setattr(f, "token_scopes", ("pages_read_engagement",)),
            fb_answers(),
            "without pages_manage_posts the token cannot post",
        ),
        (None, fb_answers(pick="2"), "you cannot post to 趣味の写真"),
        (
            lambda f: setattr(f, "token_type", "USER"),
            fb_answers(),
            "gave a USER token, not a Page token",
        ),
        (
            None,
            {**fb_answers(), "App secret": "wrong-secret"},
            "refused the App ID or App secret",
        ),
    ],
)
def test_facebook_errors_are_one_clear_line(fake_graph, setup, answers, said):
    if setup:
        setup(fake_graph)
    env = {"POSSE_FACEBOOK_API_URL": fake_graph.url}
    code, terminal = drive("facebook", answers, env)
    assert code == 2
    last = terminal.shown[-1]
    assert last.startswith("Facebook: ") and said in last and "\n" not in last
    assert not Path(".env.posse").exists()


def test_facebook_keeps_the_app_secret_only_when_asked(fake_graph):
    env = {"POSSE_FACEBOOK_API_URL": fake_graph.url}
    code, _ = drive("facebook", fb_answers(), env, keep_app_secret=True)
    assert code == 0
    assert stored()["POSSE_FACEBOOK_APP_ID"] == "1234567890123"
    assert stored()["POSSE_FACEBOOK_APP_SECRET"] == APP_SECRET
    # Asked again without it: the secret an earlier run kept is removed, and
    # the user is told (names only).
    code, terminal = drive("facebook", fb_answers(), env)
    assert code == 0
    assert "POSSE_FACEBOOK_APP_SECRET" not in stored()
    assert "POSSE_FACEBOOK_APP_ID" not in stored()
    assert APP_SECRET not in Path(".env.posse").read_text()
    assert any(
        line.startswith("Removed POSSE_FACEBOOK_APP_ID, POSSE_FACEBOOK_APP_SECRET")
        for line in terminal.shown
    )


def test_facebook_stores_a_dated_expiry(fake_graph):
    fake_graph.token_expires_at = int(fake_graph.clock()) + 50 * 86400
    code, terminal = drive(
        "facebook", fb_answers(), {"POSSE_FACEBOOK_API_URL": fake_graph.url}
    )
    assert code == 0
    expires = stored()["POSSE_FACEBOOK_PAGE_TOKEN_EXPIRES"]
    assert len(expires) == 10 and f"expires on {expires}" in terminal.text


# --- Mastodon ----------------------------------------------------------------------
def test_mastodon_registers_an_app_and_exchanges_the_code(fake_mastodon):
    answers = {"Your Mastodon server": fake_mastodon.url, "Code": fake_mastodon.grant}
    code, terminal = drive("mastodon", answers, {})
    assert code == 0, terminal.text
    (app,) = fake_mastodon.apps.values()
    assert app["scopes"] == "write:statuses profile"
    assert app["redirect_uri"] == "urn:ietf:wg:oauth:2.0:oob"
    assert "/oauth/authorize?client_id=client-000001" in terminal.text
    assert "response_type=code" in terminal.text
    values = stored()
    assert values["POSSE_MASTODON_INSTANCE"] == fake_mastodon.url
    assert fake_mastodon.tokens[values["POSSE_MASTODON_TOKEN"]] == {
        "write:statuses",
        "profile",
    }
    assert "signed in as @hanako" in terminal.text
    assert terminal.hidden == []  # the code is short-lived and shown on screen


@pytest.mark.parametrize("expired", [False, True])
def test_mastodon_wrong_or_expired_code(fake_mastodon, expired):
    def code_given():
        given = fake_mastodon.grant()
        if expired:
            fake_mastodon.expire_codes()
            return given
        return "not-the-code"

    answers = {"Your Mastodon server": fake_mastodon.url, "Code": code_given}
    code, terminal = drive("mastodon", answers, {})
    assert code == 2 and "refused the code" in terminal.shown[-1]
    assert not Path(".env.posse").exists()


# --- Bluesky -----------------------------------------------------------------------
def test_bluesky_checks_the_app_password_with_one_session(fake_bluesky):
    answers = {"Your handle": "@hanako.bsky.social", "App password": APP_PASSWORD}
    env = {"POSSE_BLUESKY_API_URL": fake_bluesky.url}
    code, terminal = drive("bluesky", answers, env)
    assert code == 0, terminal.text
    assert fake_bluesky.sessions == 1
    assert stored() == {
        "POSSE_BLUESKY_HANDLE": "hanako.bsky.social",
        "POSSE_BLUESKY_APP_PASSWORD": APP_PASSWORD,
    }


def test_bluesky_refuses_what_is_not_an_app_password_without_sending_it(
    fake_bluesky,
):
    answers = {"Your handle": "hanako.bsky.social", "App password": "my password 1"}
    env = {"POSSE_BLUESKY_API_URL": fake_bluesky.url}
    code, terminal = drive("bluesky", answers, env)
    assert code == 2 and "does not look like an app password" in terminal.shown[-1]
    assert fake_bluesky.received == []


def test_bluesky_refuses_the_account_password_when_a_code_is_asked(fake_bluesky):
    answers = {"Your handle": "hanako.bsky.social", "App password": ACCOUNT_PASSWORD}
    env = {"POSSE_BLUESKY_API_URL": fake_bluesky.url}
    code, terminal = drive("bluesky", answers, env)
    assert code == 2 and "asked for a sign-in code" in terminal.shown[-1]
    assert not Path(".env.posse").exists()


# --- the file ------------------------------------------------------------------------
def test_a_second_network_keeps_the_first_ones_lines(fake_x, fake_bluesky):
    Path(".env.posse").write_text("# mine\nPOSSE_X_API_KEY=old\nOTHER=1\n")
    drive("x", x_answers(fake_x), {"POSSE_X_API_URL": fake_x.url})
    answers = {"Your handle": "hanako.bsky.social", "App password": APP_PASSWORD}
    drive("bluesky", answers, {"POSSE_BLUESKY_API_URL": fake_bluesky.url})
    text = Path(".env.posse").read_text()
    assert text.startswith("# mine\nPOSSE_X_API_KEY=xck-SECRET-7f3a9c\nOTHER=1\n")
    assert set(stored()) >= {"POSSE_X_ACCESS_TOKEN", "POSSE_BLUESKY_HANDLE"}
    assert Path(".gitignore").read_text().count("/.env.posse") == 1


@pytest.mark.parametrize(("stop", "code"), [(KeyboardInterrupt, 130), (EOFError, 1)])
def test_stopping_at_a_prompt_leaves_the_file_as_it_was(fake_x, stop, code):
    Path(".env.posse").write_text("POSSE_X_API_KEY=old\n")
    os.chmod(".env.posse", 0o600)

    def interrupt():
        raise stop

    answers = {**x_answers(fake_x), "PIN": interrupt}
    got, terminal = drive("x", answers, {"POSSE_X_API_URL": fake_x.url})
    assert got == code
    assert Path(".env.posse").read_text() == "POSSE_X_API_KEY=old\n"
    assert len(terminal.shown[-1].strip().splitlines()) == 1
    assert "nothing was written" in terminal.shown[-1]
    assert sorted(os.listdir()) == [".env.posse"]  # no temporary file left


def test_a_settings_file_is_refused():
    code, terminal = drive("x", {}, {}, env_file=Path("pelicanconf.py"))
    assert code == 2 and "settings file" in terminal.text


def test_the_command_line_uses_input_and_getpass(fake_bluesky, monkeypatch, capsys):
    monkeypatch.setenv("POSSE_BLUESKY_API_URL", fake_bluesky.url)
    monkeypatch.setattr("builtins.input", lambda prompt: "hanako.bsky.social")
    monkeypatch.setattr(getpass, "getpass", lambda prompt: APP_PASSWORD)
    assert cli.main(["auth", "bluesky", "--env-file", "creds.env"]) == 0
    out, err = capsys.readouterr()
    assert APP_PASSWORD not in out + err
    assert stored("creds.env")["POSSE_BLUESKY_APP_PASSWORD"] == APP_PASSWORD


def test_the_commands_read_the_file_and_the_environment_wins(monkeypatch):
    Path(".env.posse").write_text("POSSE_A=file\nPOSSE_B=file\nHOME=nope\n")
    env = cli.environment({"POSSE_A": "env", "HOME": "/h"})
    assert env == {"POSSE_A": "env", "POSSE_B": "file", "HOME": "/h"}


def test_check_passes_on_what_auth_wrote(
    fake_graph, fake_mastodon, fake_bluesky, monkeypatch, capsys
):
    drive("facebook", fb_answers(), {"POSSE_FACEBOOK_API_URL": fake_graph.url})
    answers = {"Your Mastodon server": fake_mastodon.url, "Code": fake_mastodon.grant}
    drive("mastodon", answers, {})
    answers = {"Your handle": "hanako.bsky.social", "App password": APP_PASSWORD}
    drive("bluesky", answers, {"POSSE_BLUESKY_API_URL": fake_bluesky.url})
    Path("publishconf.py").write_text(
        'SITEURL = "https://blog.example.jp"\n'
        'POSSE_SYNDICATE = ["facebook", "mastodon", "bluesky"]\n'
    )
    # Only where the fakes are comes from the environment.
    monkeypatch.setenv("POSSE_FACEBOOK_API_URL", fake_graph.url)
    monkeypatch.setenv("POSSE_BLUESKY_API_URL", fake_bluesky.url)
    code = cli.main(["check"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "All good (3 network(s) checked)." in out
    for secret in ALL_SECRETS:
        assert secret not in out + err
