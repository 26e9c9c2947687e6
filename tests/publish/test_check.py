"""``pelican-posse check``: offline format checks, one read-only call per network
against its fake, exit codes, --json, and never a secret in what it prints."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pelican.plugins.posse import cli
from pelican.plugins.posse.publish import check as check_mod
from pelican.plugins.posse.publish.networks import bluesky as bluesky_module
from pelican.plugins.posse.publish.plan import network_info
from pelican.plugins.posse.settings import PosseSettings
from tests.fakes.credentials import FB_PAGE_ID, FB_PAGE_TOKEN, SECRETS
from tests.fakes.fake_bluesky import APP_PASSWORD, FakeBluesky
from tests.fakes.fake_mastodon import TOKEN

pytest_plugins = ["tests.fakes.fixtures"]

NOW = dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC)
ALL_SECRETS = (*SECRETS, TOKEN, APP_PASSWORD, "app-SECRET-f00d")


@pytest.fixture(autouse=True)
def _fresh_sessions(fresh_sessions):
    """Every test here starts without a cached session (tests.fakes.fixtures)."""


@pytest.fixture
def fake_bluesky():
    with FakeBluesky() as server:
        yield server


def run(networks, env, **kw):
    posse = PosseSettings(syndicate=tuple(networks))
    report = check_mod.check(posse, env, now=kw.pop("now", NOW), **kw)
    said = "\n".join(check_mod.lines(report))
    dumped = json.dumps(check_mod.as_json(report), ensure_ascii=False)
    for secret in ALL_SECRETS:
        assert secret not in said and secret not in dumped
    return report, said


def findings(report):
    return [
        (p.severity, p.variable, p.key) for n in report.networks for p in n.problems
    ]


# --- offline -----------------------------------------------------------------
def test_a_vanity_name_as_page_id_is_a_problem_naming_the_variable():
    env = {
        "POSSE_FACEBOOK_PAGE_ID": "sato.keiei.support",
        "POSSE_FACEBOOK_PAGE_TOKEN": "EAAGtok123",
    }
    report, said = run(["facebook"], env, offline=True)
    assert ("problem", "POSSE_FACEBOOK_PAGE_ID", "check.facebook.page_id") in findings(
        report
    )
    line = next(x for x in said.splitlines() if "POSSE_FACEBOOK_PAGE_ID" in x)
    assert "'sato.keiei.support'" in line and "numeric id" in line
    assert report.exit_code == 2


def test_a_page_address_as_page_id_is_named_as_an_address():
    env = {
        "POSSE_FACEBOOK_PAGE_ID": "https://www.facebook.com/sato.keiei.support",
        "POSSE_FACEBOOK_PAGE_TOKEN": "EAAGtok123",
    }
    report, _ = run(["facebook"], env, offline=True)
    assert ("problem", "POSSE_FACEBOOK_PAGE_ID", "check.facebook.page_url") in findings(
        report
    )


@pytest.mark.parametrize(
    ("value", "severity", "key"),
    [
        ('"EAAGtok123"', "problem", "check.quoted"),
        ("'EAAGtok123'", "problem", "check.quoted"),
        ("EAAG tok123", "problem", "check.inner_space"),
        (" EAAGtok123\n", "warning", "check.stray_space"),
        ("", "problem", "check.empty"),
        ("   ", "problem", "check.empty"),
    ],
)
def test_quotes_spaces_and_empty_values(value, severity, key):
    env = {"POSSE_FACEBOOK_PAGE_ID": FB_PAGE_ID, "POSSE_FACEBOOK_PAGE_TOKEN": value}
    report, said = run(["facebook"], env, offline=True)
    assert findings(report) == [(severity, "POSSE_FACEBOOK_PAGE_TOKEN", key)]
    assert report.exit_code == (2 if severity == "problem" else 1)
    assert value.strip() not in said or not value.strip()


def test_the_mastodon_server_must_be_https():
    env = {
        "POSSE_MASTODON_TOKEN": "tok-abcdef",
        "POSSE_MASTODON_INSTANCE": "http://mastodon.social",
    }
    report, said = run(["mastodon"], env, offline=True)
    assert findings(report) == [
        ("problem", "POSSE_MASTODON_INSTANCE", "check.mastodon.instance")
    ]
    assert "https" in said
    env["POSSE_MASTODON_INSTANCE"] = "@hanako@mastodon.social"
    assert run(["mastodon"], env, offline=True)[0].exit_code == 2
    del env["POSSE_MASTODON_INSTANCE"]
    report, _ = run(["mastodon"], env, offline=True)
    assert findings(report) == [
        ("problem", "POSSE_MASTODON_INSTANCE", "check.mastodon.no_instance")
    ]
    env["POSSE_MASTODON_INSTANCE"] = "mastodon.social"
    assert run(["mastodon"], env, offline=True)[0].exit_code == 0


def test_x_access_token_format_and_bluesky_formats():
    env = {
        "POSSE_X_API_KEY": "key-abcdef",
        "POSSE_X_API_SECRET": "secret-abcdef",
        "POSSE_X_ACCESS_TOKEN": "AAAAAAAAAAAAAAAAAAAAABearer",
        "POSSE_X_ACCESS_TOKEN_SECRET": "tsecret-abcdef",
        "POSSE_BLUESKY_HANDLE": "https://bsky.app/profile/hanako",
        "POSSE_BLUESKY_APP_PASSWORD": "my-own-password",
    }
    report, _ = run(["x", "bluesky"], env, offline=True)
    assert findings(report) == [
        ("problem", "POSSE_X_ACCESS_TOKEN", "check.x.access_token"),
        ("problem", "POSSE_BLUESKY_HANDLE", "check.bluesky.handle"),
        ("warning", "POSSE_BLUESKY_APP_PASSWORD", "check.bluesky.password"),
    ]


def test_a_network_without_any_credentials_is_a_warning_not_a_failure():
    report, said = run(["x", "facebook"], {}, offline=True)
    assert {k for _, _, k in findings(report)} == {"check.not_configured"}
    assert report.exit_code == 1 and "outbox" in said


def test_a_stored_expiry_within_14_days_warns_and_a_past_one_is_a_problem():
    env = {
        "POSSE_FACEBOOK_PAGE_ID": FB_PAGE_ID,
        "POSSE_FACEBOOK_PAGE_TOKEN": FB_PAGE_TOKEN,
        "POSSE_FACEBOOK_PAGE_TOKEN_EXPIRES": "2026-09-10",
    }
    report, said = run(["facebook"], env, offline=True)
    assert findings(report) == [
        ("warning", "POSSE_FACEBOOK_PAGE_TOKEN_EXPIRES", "check.expires_soon")
    ]
    assert "2026-09-10" in said and report.exit_code == 1
    env["POSSE_FACEBOOK_PAGE_TOKEN_EXPIRES"] = "2026-08-01"
    assert run(["facebook"], env, offline=True)[0].exit_code == 2
    env["POSSE_FACEBOOK_PAGE_TOKEN_EXPIRES"] = "never"
    assert run(["facebook"], env, offline=True)[0].exit_code == 0


def test_offline_makes_no_request(fake_x, fake_graph, fake_mastodon, fake_bluesky):
    env = {
        **fake_x.env(),
        **fake_graph.env(),
        **fake_mastodon.env(),
        **fake_bluesky.env(),
    }
    report, said = run(["x", "facebook", "mastodon", "bluesky"], env, offline=True)
    assert report.exit_code == 0
    for fake in (fake_x, fake_graph, fake_mastodon, fake_bluesky):
        assert fake.received == []
    assert "--offline" in said and "billed" in said


# --- online, against the fakes -------------------------------------------------
def test_x_announces_the_billed_read_and_reaches_the_account(fake_x):
    announced = []
    report, said = run(["x"], fake_x.env(), announce=announced.append)
    assert fake_x.me_calls == 1 and fake_x.posts == []
    assert len(announced) == 1 and "billed by X" in announced[0]
    assert "$" not in announced[0]  # no read price is known: no number
    assert "@sato_keiei" in said and report.exit_code == 0


def test_x_bad_keys_and_a_read_only_token(fake_x):
    env = {**fake_x.env(), "POSSE_X_ACCESS_TOKEN_SECRET": "wrong-SECRET-value"}
    report, said = run(["x"], env)
    assert findings(report)[-1] == ("problem", "POSSE_X_ACCESS_TOKEN", "check.refused")
    assert "Read and Write" in said and report.exit_code == 2
    fake_x.access_level = "read"
    report, said = run(["x"], fake_x.env())
    assert findings(report)[-1] == (
        "problem",
        "POSSE_X_ACCESS_TOKEN",
        "check.x.read_only",
    )


def test_facebook_page_token_with_app_checks_type_scopes_and_expiry(fake_graph):
    env = {
        **fake_graph.env(),
        "POSSE_FACEBOOK_APP_ID": fake_graph.app_id,
        "POSSE_FACEBOOK_APP_SECRET": fake_graph.app_secret,
    }
    report, said = run(["facebook"], env)
    assert report.exit_code == 0, said
    assert fake_graph.page_name in said and fake_graph.posts == []
    assert not fake_graph.token_in_url
    paths = [r.path.partition("?")[0] for r in fake_graph.received]
    assert paths == [f"/v26.0/{FB_PAGE_ID}", "/v26.0/debug_token"]


@pytest.mark.parametrize(
    ("setup", "key"),
    [
        ({"token_type": "USER"}, "check.facebook.not_page"),
        ({"token_scopes": ("pages_show_list",)}, "check.facebook.scopes"),
        ({"token_profile_id": "999999999"}, "check.facebook.token_of_other_page"),
    ],
)
def test_facebook_token_problems_found_by_debug_token(fake_graph, setup, key):
    for name, value in setup.items():
        setattr(fake_graph, name, value)
    env = {
        **fake_graph.env(),
        "POSSE_FACEBOOK_APP_ID": fake_graph.app_id,
        "POSSE_FACEBOOK_APP_SECRET": fake_graph.app_secret,
    }
    report, _ = run(["facebook"], env)
    assert ("problem", "POSSE_FACEBOOK_PAGE_TOKEN", key) in findings(report)
    assert report.exit_code == 2


def test_facebook_expiring_and_expired_tokens(fake_graph):
    env = {
        **fake_graph.env(),
        "POSSE_FACEBOOK_APP_ID": fake_graph.app_id,
        "POSSE_FACEBOOK_APP_SECRET": fake_graph.app_secret,
    }
    fake_graph.token_expires_at = int(dt.datetime.now(dt.UTC).timestamp()) + 5 * 86400
    report, _ = run(["facebook"], env, now=dt.datetime.now(dt.UTC))
    assert findings(report) == [
        ("warning", "POSSE_FACEBOOK_PAGE_TOKEN", "check.expires_soon")
    ]
    assert report.exit_code == 1
    fake_graph.token_expires_at = int(dt.datetime.now(dt.UTC).timestamp()) - 60
    report, said = run(["facebook"], env, now=dt.datetime.now(dt.UTC))
    assert findings(report) == [
        ("problem", "POSSE_FACEBOOK_PAGE_TOKEN", "check.refused")
    ]
    assert "expired" in said


def test_facebook_without_the_app_says_what_cannot_be_checked(fake_graph):
    report, said = run(["facebook"], fake_graph.env())
    assert findings(report) == [
        ("note", "POSSE_FACEBOOK_APP_ID", "check.facebook.no_app")
    ]
    assert report.exit_code == 0 and "auth facebook --keep-app-secret" in said


def test_facebook_a_page_the_token_cannot_reach(fake_graph):
    env = {**fake_graph.env(), "POSSE_FACEBOOK_PAGE_ID": "123456789"}
    report, said = run(["facebook"], env)
    assert findings(report) == [("problem", "POSSE_FACEBOOK_PAGE_ID", "check.refused")]
    env = {**fake_graph.env(), "POSSE_FACEBOOK_PAGE_TOKEN": "EAAG-someone-elses"}
    report, said = run(["facebook"], env)
    assert findings(report) == [
        ("problem", "POSSE_FACEBOOK_PAGE_TOKEN", "check.refused")
    ]
    assert "POSSE_FACEBOOK_PAGE_TOKEN" in said


def test_mastodon_profile_token_is_verified(fake_mastodon):
    fake_mastodon.tokens[TOKEN] = {"write:statuses", "profile"}
    report, said = run(["mastodon"], fake_mastodon.env())
    assert report.exit_code == 0 and "@hanako@127.0.0.1" in said


def test_mastodon_write_statuses_only_is_a_note_never_a_failure(fake_mastodon):
    report, said = run(["mastodon"], fake_mastodon.env())
    assert findings(report) == [
        ("note", "POSSE_MASTODON_TOKEN", "check.mastodon.unverified")
    ]
    assert report.exit_code == 0
    assert "write:statuses and profile" in said and "/settings/applications" in said


def test_mastodon_bad_token_and_a_token_that_cannot_post(fake_mastodon):
    env = {**fake_mastodon.env(), "POSSE_MASTODON_TOKEN": "not-the-token"}
    report, _ = run(["mastodon"], env)
    assert findings(report) == [("problem", "POSSE_MASTODON_TOKEN", "check.refused")]
    fake_mastodon.tokens[TOKEN] = {"read"}
    report, _ = run(["mastodon"], fake_mastodon.env())
    assert (
        "problem",
        "POSSE_MASTODON_TOKEN",
        "check.mastodon.cannot_post",
    ) in findings(report)


def test_bluesky_one_session_good_and_bad(fake_bluesky):
    report, said = run(["bluesky"], fake_bluesky.env())
    assert report.exit_code == 0 and fake_bluesky.sessions == 1
    assert "hanako.bsky.social" in said
    bluesky_module._SESSIONS.clear()
    env = {**fake_bluesky.env(), "POSSE_BLUESKY_APP_PASSWORD": "abcd-efgh-ijkl-mnop"}
    report, _ = run(["bluesky"], env)
    assert findings(report) == [
        ("problem", "POSSE_BLUESKY_APP_PASSWORD", "check.refused")
    ]


def test_bluesky_account_password_is_named():
    with FakeBluesky(account_password="hanako-account-pw") as fake:
        env = {**fake.env(), "POSSE_BLUESKY_APP_PASSWORD": "hanako-account-pw"}
        report, _ = run(["bluesky"], env)
    assert (
        "problem",
        "POSSE_BLUESKY_APP_PASSWORD",
        "check.bluesky.account_password",
    ) in findings(report)


def test_an_unreachable_network_is_a_warning(fake_graph):
    env = {**fake_graph.env(), "POSSE_FACEBOOK_API_URL": "http://127.0.0.1:9"}
    report, _ = run(["facebook"], env)
    assert findings(report) == [("warning", "", "check.unreachable")]
    assert report.exit_code == 1


# --- the command ---------------------------------------------------------------
def _settings(networks: str) -> None:
    Path("publishconf.py").write_text(
        f'SITEURL = "https://blog.example.jp"\nPOSSE_SYNDICATE = {networks}\n'
    )


def test_cli_json_shape_and_exit_code(fake_x, fake_graph, monkeypatch, capsys):
    _settings('["x", "facebook"]')
    for name, value in {**fake_x.env(), **fake_graph.env()}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("POSSE_FACEBOOK_PAGE_ID", "sato.keiei.support")
    code = cli.main(["check", "--json"])
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert code == data["exit_code"] == 2 and data["problems"] == 1
    assert [n["network"] for n in data["networks"]] == ["x", "facebook"]
    x, facebook = data["networks"]
    assert x["checked_online"] and x["account"] == "@sato_keiei"
    assert x["findings"][0]["key"] == "check.billed"
    assert facebook["findings"][0] == {
        "severity": "problem",
        "variable": "POSSE_FACEBOOK_PAGE_ID",
        "key": "check.facebook.page_id",
        "message": facebook["findings"][0]["message"],
    }
    assert not facebook["checked_online"] and fake_graph.received == []
    for secret in ALL_SECRETS:
        assert secret not in out + err


def test_cli_offline_prints_one_line_per_finding(
    fake_x, fake_graph, monkeypatch, capsys
):
    _settings('["x", "facebook"]')
    for name, value in {**fake_x.env(), **fake_graph.env()}.items():
        monkeypatch.setenv(name, value)
    code = cli.main(["check", "--offline"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert fake_x.received == [] and fake_graph.received == []
    assert "X: the values are well-formed" in out and "billed" in out
    for secret in ALL_SECRETS:
        assert secret not in out + err


def test_publish_warns_of_a_stored_expiry_within_14_days():
    env = {
        "POSSE_FACEBOOK_PAGE_ID": FB_PAGE_ID,
        "POSSE_FACEBOOK_PAGE_TOKEN": FB_PAGE_TOKEN,
        "POSSE_FACEBOOK_PAGE_TOKEN_EXPIRES": "2026-09-05T00:00:00Z",
    }
    infos = network_info(["x", "facebook"], env)
    notes = check_mod.stored_expiry_notes(infos, env, NOW)
    assert len(notes) == 1 and "Facebook" in notes[0] and "2026-09-05" in notes[0]
    del env["POSSE_FACEBOOK_PAGE_TOKEN_EXPIRES"]
    assert (
        check_mod.stored_expiry_notes(network_info(["facebook"], env), env, NOW) == []
    )
