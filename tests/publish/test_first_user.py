"""What a first user noticed: plan before baseline, the language, and check
saying what the build will say about the accounts, in both languages."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from pelican.settings import DEFAULT_CONFIG

from pelican.plugins.posse import cli, i18n
from pelican.plugins.posse.publish import check as check_mod
from pelican.plugins.posse.publish.auth import command
from pelican.plugins.posse.render.pieces import Posse
from pelican.plugins.posse.settings import PosseSettings
from tests.harness.scripted import ENV, entry, install, seed_ledger, write_manifest

SETTINGS = 'SITEURL = "https://blog.example.jp"\nPOSSE_MAX_AGE = None\n'
KANA = re.compile(r"[\u3040-\u30ff]")


@pytest.fixture
def blog(monkeypatch):
    script = install(monkeypatch)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("LANG", "C")
    Path("publishconf.py").write_text(SETTINGS)
    seed_ledger()
    write_manifest([entry(1), entry(2), entry(3, held="draft")])
    return script


def run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, " ".join((out + err).split())


@pytest.fixture
def speaks():
    """Run a piece in a language, then back to English for the next test."""
    yield i18n.use
    i18n.use("en")


# --- plan before baseline (no ledger) ------------------------------------------
def test_plan_before_baseline_says_nothing_would_be_sent(blog, capsys):
    Path("posse-ledger.json").unlink()
    code, out = run(capsys, "plan")
    assert code == 2
    refusal = out.index("refusing to publish")
    heading = out.index("Not sent, since publish refuses (above): 4 post(s) of 2")
    assert refusal < heading
    assert "`pelican-posse baseline` these articles count as already" in out
    assert "(real post," not in out and "Plan:" not in out
    assert "(not sent, " in out and "billed call" not in out


def test_plan_before_baseline_in_japanese(blog, capsys, monkeypatch):
    Path("posse-ledger.json").unlink()
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    code, out = run(capsys, "plan")
    assert code == 2
    assert "送られない投稿：記事 2 件の 4 件" in out and "（送りません、" in out
    assert "実際に投稿、" not in out and "予定：" not in out
    # The networks named in the refusal, listed the Japanese way.
    assert "X、Facebook のキー" in out


def test_plan_json_before_baseline_keeps_its_shape(blog, capsys):
    Path("posse-ledger.json").unlink()
    assert cli.main(["plan", "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["refusal"].startswith("posse: refusing to publish")
    assert {i["action"] for i in data["items"] if not i.get("reason")} == {"post"}


def test_after_baseline_the_plan_posts_for_real(blog, capsys):
    code, out = run(capsys, "plan")
    assert code == 0 and "Plan: 4 post(s)" in out and "real post" in out
    assert "X bills: post with URL $0.200" in out and "Not sent" not in out


# --- the language -----------------------------------------------------------------
def test_x_price_label_is_japanese(blog, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    code, out = run(capsys, "plan")
    # Japanese lines fold between phrases, where no space is: compared without.
    assert code == 0 and "Xの料金：URL付きの投稿$0.200" in "".join(out.split())
    assert "post with URL" not in out


def test_posse_cli_lang_in_the_environment_is_heard(blog, capsys, monkeypatch):
    monkeypatch.setenv("POSSE_CLI_LANG", "ja")
    code, out = run(capsys, "plan")
    assert code == 0 and "予定：4 件の投稿" in out


def test_the_environment_wins_over_the_setting(blog, capsys, monkeypatch):
    # As for the other POSSE_* values both can give (docs/settings.md).
    Path("publishconf.py").write_text(SETTINGS + 'POSSE_CLI_LANG = "en"\n')
    monkeypatch.setenv("POSSE_CLI_LANG", "ja")
    code, out = run(capsys, "status")
    assert code == 0 and "台帳" in out
    monkeypatch.setenv("POSSE_CLI_LANG", "en")
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    Path("publishconf.py").write_text(SETTINGS + 'POSSE_CLI_LANG = "ja"\n')
    code, out = run(capsys, "status")
    assert code == 0 and "Ledger posse-ledger.json" in out and not KANA.search(out)


def test_a_wrong_language_in_the_environment_is_named(blog, capsys, monkeypatch):
    monkeypatch.setenv("POSSE_CLI_LANG", "jp")
    code, out = run(capsys, "plan")
    assert code == 2 and "POSSE_CLI_LANG in the environment is 'jp'" in out
    assert "ja or en" in out


# --- check and the accounts the build shows ---------------------------------------
def _check_settings(extra: str) -> None:
    Path("publishconf.py").write_text(SETTINGS + "POSSE_SYNDICATE = []\n" + extra)


def test_check_says_what_the_build_says_about_an_account(capsys, monkeypatch, caplog):
    _check_settings(
        'POSSE_PROFILES = {"x": "sato keiei", "facebook": "sato.keiei"}\n'
        'POSSE_AUTHORS = {"佐藤": {"note": "n"}}\n'
        'POSSE_FOLLOW = ["x", "youtube"]\n'
    )
    monkeypatch.setenv("LANG", "C")
    code, out = run(capsys, "check", "--offline")
    assert code == 1  # warnings: publish itself does not need the accounts
    for said in (
        "warning: POSSE_PROFILES['x']: 'sato keiei' is not a valid X handle; "
        "write your own, e.g. 'posse_demo'",
        "warning: POSSE_AUTHORS['佐藤']['note']: 'n' is not a valid note handle",
        "warning: POSSE_FOLLOW: 'youtube' has no account in POSSE_PROFILES",
        "a build logs this as an ERROR and leaves the link out",
    ):
        assert said in out
    assert "expected 'posse_demo'" not in out
    assert out.count("warning: ") == 3

    # The build's own log says the same three (render/pieces.py).
    site = {
        **DEFAULT_CONFIG,
        "POSSE_PROFILES": {"x": "sato keiei", "facebook": "sato.keiei"},
        "POSSE_AUTHORS": {"佐藤": {"note": "n"}},
        "POSSE_FOLLOW": ["x", "youtube"],
    }
    with caplog.at_level(logging.ERROR):
        Posse(site)
    logged = [r.getMessage().removeprefix("posse: ") for r in caplog.records]
    assert len(logged) == 3
    for line in logged[:2]:  # the accounts' problems word for word
        assert line in out


def test_check_says_it_in_japanese(capsys, monkeypatch):
    _check_settings('POSSE_PROFILES = {"x": "sato keiei"}\n')
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    code, out = run(capsys, "check", "--offline")
    assert code == 1
    assert "警告：POSSE_PROFILES['x']: 'sato keiei' は X のユーザー名として" in out
    joined = out.replace(" ", "")  # rich wraps Japanese between any two letters
    assert "例：'posse_demo'（英数字と_で1～15文字）" in joined
    assert "ビルドはこれをERRORとして記録し" in joined


def test_good_accounts_make_no_warning(capsys, monkeypatch):
    _check_settings('POSSE_PROFILES = {"x": "sato_keiei"}\nPOSSE_FOLLOW = ["x"]\n')
    code, out = run(capsys, "check", "--offline")
    assert code == 0 and "warning" not in out


def test_facebook_page_id_advice_is_japanese_offline(speaks):
    speaks("ja")
    env = {
        "POSSE_FACEBOOK_PAGE_ID": "sato.keiei.support",
        "POSSE_FACEBOOK_PAGE_TOKEN": "EAAGtok123",
    }
    posse = PosseSettings(syndicate=("facebook",))
    report = check_mod.check(posse, env, offline=True)
    said = "\n".join(check_mod.lines(report))
    assert "ページの設定 >「ページについて」>「ページの透明性」" in said
    assert "Page transparency" not in said
    assert "1 つのネットワーク" not in said  # a problem: no "all good" line
    env["POSSE_FACEBOOK_PAGE_ID"] = "104857600123456"
    report = check_mod.check(posse, env, offline=True)
    said = "\n".join(check_mod.lines(report))
    assert "問題はありません（1 つのネットワークを確かめました）。" in said


# --- auth's next steps ------------------------------------------------------------
def _after_auth(speaks, language: str) -> list[str]:
    speaks(language)
    shown: list[str] = []
    names = ["POSSE_X_API_KEY", "POSSE_X_API_SECRET"]
    command._after(Path(".env.posse"), names, shown.append)
    return shown


def _next_line(speaks, language: str) -> str:
    return _after_auth(speaks, language)[-1]


def test_auth_names_baseline_between_the_build_and_publish(speaks):
    line = _next_line(speaks, "en")
    check, build = line.index("pelican-posse check"), line.index("pelican content")
    baseline, publish = line.index("baseline"), line.index("pelican-posse publish")
    assert check < build < baseline < publish
    assert "already has articles" in line and "once" in line


def test_auth_names_baseline_in_japanese(speaks):
    line = _next_line(speaks, "ja")
    assert line.index("pelican-posse check") < line.index("pelican-posse baseline")
    assert line.index("pelican-posse baseline") < line.index("pelican-posse publish")
    assert "すでに記事のあるブログでは、最初に一度だけ" in line


def test_auth_lists_the_saved_names_the_japanese_way(speaks):
    saved = _after_auth(speaks, "ja")[0]
    assert saved.endswith("：POSSE_X_API_KEY、POSSE_X_API_SECRET")
