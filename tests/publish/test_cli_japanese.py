"""``pelican-posse`` in Japanese: LANG=ja_JP.UTF-8 or POSSE_CLI_LANG = "ja"."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pelican.plugins.posse import cli
from pelican.plugins.posse.ledger import Ledger, Record
from pelican.plugins.posse.publish.networks.base import Permanent
from pelican.plugins.posse.said import said
from tests.conftest import ROOT
from tests.harness.scripted import ENV, entry, install, seed_ledger, write_manifest

SETTINGS = 'SITEURL = "https://blog.example.jp"\nPOSSE_MAX_AGE = None\n'
JAPANESE = re.compile(r"[\u3040-\u30ff]")  # kana: Japanese words, not just kanji


@pytest.fixture
def blog(monkeypatch):
    script = install(monkeypatch)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    Path("publishconf.py").write_text(SETTINGS)
    seed_ledger()
    write_manifest([entry(1), entry(2, held="draft")])
    return script


def run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def test_plan_and_status_speak_japanese_under_a_japanese_locale(
    blog, capsys, monkeypatch
):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    code, out = run(capsys, "plan")
    assert code == 0
    assert "ネットワーク" in out and "予定：2 件の投稿" in out
    assert "下書き（Status: draft）" in out
    assert "Networks" not in out and "post(s)" not in out
    code, out = run(capsys, "status")
    assert code == 0 and "台帳 posse-ledger.json" in out
    assert "導入前に告知済み" in out and "待機中" in out


def test_the_setting_makes_it_japanese_in_an_english_locale(blog, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "C")
    Path("publishconf.py").write_text(SETTINGS + 'POSSE_CLI_LANG = "ja"\n')
    code, out = run(capsys, "plan")
    assert code == 0 and "予定：2 件の投稿" in out
    code, out = run(capsys, "status")
    assert code == 0 and "台帳" in out


def test_english_under_lang_c_and_when_the_setting_says_so(blog, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "C")
    code, out = run(capsys, "plan")
    assert code == 0 and "Plan: 2 post(s)" in out and not JAPANESE.search(out)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    Path("publishconf.py").write_text(SETTINGS + 'POSSE_CLI_LANG = "en"\n')
    code, out = run(capsys, "status")
    assert code == 0 and "Ledger posse-ledger.json" in out
    assert not JAPANESE.search(out)


def test_a_bad_language_setting_is_named(capsys):
    Path("publishconf.py").write_text(SETTINGS + 'POSSE_CLI_LANG = "fr"\n')
    code, out = run(capsys, "plan")
    said = " ".join(out.split())
    assert code == 2 and "POSSE_CLI_LANG" in said and "'ja', 'en'" in said


def test_errors_before_the_settings_are_read_follow_the_environment(
    capsys, monkeypatch
):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    code, out = run(capsys, "plan")
    assert code == 2 and "設定ファイルがありません" in out


def test_failures_remedies_and_resolve_in_japanese(blog, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    blog.answers["x"] = [
        Permanent("x", "403 Forbidden: app is read-only", remedy="Read and Write")
    ]
    code, out = run(capsys, "publish")
    assert code == 3 and "失敗" in out and "対応が必要な投稿が 1 件" in out
    code, out = run(capsys, "status")
    # The network's own words stay as they are, inside a Japanese sentence.
    assert "エラー：403 Forbidden: app is read-only" in " ".join(out.split())
    code, out = run(capsys, "resolve", "posts/0001.md", "x", "--posted", "https://x")
    said = " ".join(out.split())
    assert code == 2 and "「失敗」と記録されていて" in said


def test_refusal_in_japanese(capsys, monkeypatch, blog):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    Path("posse-ledger.json").unlink()
    code, out = run(capsys, "plan")
    said = " ".join(out.split())
    assert (
        code == 2 and "投稿を中止しました" in said and "pelican-posse baseline" in said
    )


def test_the_installed_command_speaks_japanese_in_a_fresh_process(blog):
    Ledger.load(Path("posse-ledger.json"))  # the seeded ledger is readable
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")
    }
    env |= {
        "LANG": "ja_JP.UTF-8",
        "PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "pelican.plugins.posse.cli", "plan"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "予定：2 件の投稿" in done.stdout and "Traceback" not in done.stderr


def test_a_record_state_is_shown_in_words(blog, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    ledger = Ledger.load(Path("posse-ledger.json"))
    ledger.set(
        "posts/0001.md", "x", Record(state="uncertain", at="2026-01-01T00:00:00+00:00")
    )
    ledger.save()
    code, out = run(capsys, "status", "--articles")
    assert code == 1 and "不明" in out and "記事 ID" in out


def test_a_remedy_an_english_run_recorded_reads_in_japanese(blog, capsys, monkeypatch):
    # (C.UTF-8, not C: publish sets the process's locale, which later tests share.)
    monkeypatch.setenv("LANG", "C.UTF-8")
    blog.answers["x"] = [
        Permanent("x", "HTTP 401: Unauthorized", remedy=said("x.remedy.keys"))
    ]
    code, out = run(capsys, "publish")
    assert code == 3 and "failed" in out
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    code, out = run(capsys, "status")
    said_now = " ".join(out.split())
    assert "エラー：HTTP 401: Unauthorized" in said_now  # the network's own words
    assert "権限を「Read and Write」にしてから" in said_now
    assert "Check POSSE_X_API_KEY" not in said_now


def test_an_older_ledgers_english_error_is_shown_as_it_is(blog, capsys, monkeypatch):
    # A ledger written before errors were kept as keys: its text is shown as
    # written, inside the Japanese line.
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    ledger = Ledger.load(Path("posse-ledger.json"))
    ledger.set(
        "posts/0001.md",
        "x",
        Record(
            state="pending",
            attempts=1,
            at="2026-01-01T00:00:00+00:00",
            error="could not reach X (ConnectError)",
        ),
    )
    ledger.save()
    code, out = run(capsys, "status")
    assert code == 0  # pending: the next run tries it again
    said_now = " ".join(out.split())
    assert "エラー：could not reach X (ConnectError)" in said_now
    assert "次の `pelican-posse publish` でもう一度送ります" in said_now


def _help(*argv: str, lang: str) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")
    }
    env |= {"LANG": lang, "PYTHONPATH": f"{ROOT / 'plugins'}{os.pathsep}{ROOT}"}
    done = subprocess.run(
        [sys.executable, "-m", "pelican.plugins.posse.cli", *argv, "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return " ".join(done.stdout.split())


def test_help_speaks_japanese_under_a_japanese_locale():
    said = _help(lang="ja_JP.UTF-8")
    assert said.startswith("使い方: pelican-posse")
    assert "それぞれ一度だけ告知します" in said and "オプション:" in said
    assert "このヘルプを表示して終了します" in said
    assert "announce what is due" not in said
    said = _help("resolve", lang="ja_JP.UTF-8")
    assert "投稿されていた：その URL を記録し" in said and "位置引数:" in said
    english = _help(lang="C.UTF-8")
    assert english.startswith("usage: pelican-posse") and not JAPANESE.search(english)


def test_every_help_text_has_japanese():
    from pelican.plugins.posse import clihelp
    from tools import i18n as tool

    po = tool.po_path("ja").read_text(encoding="utf-8")
    translated = {e.msgid for e in tool.read_po(po) if e.msgstr}
    missing = [
        w for w, t in clihelp.texts(cli._parser()).items() if t not in translated
    ]
    assert not missing, f"no Japanese for {missing}: run tools/i18n.py extract"


def test_a_settings_problem_is_said_in_japanese(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    Path("publishconf.py").write_text(SETTINGS + "POSSE_SYNDICATE = ['twitter']\n")
    code, out = run(capsys, "plan")
    said = " ".join(out.split())
    assert code == 2 and "POSSE_SYNDICATE" in said  # the setting keeps its name
    # Japanese lines fold between phrases, where no space is: compared without.
    assert "'twitter'というネットワークはありません" in "".join(out.split())
    assert "Twitter は 'x' と書いてください" in said


def test_a_damaged_ledger_is_explained_in_japanese(blog, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    text = Path("posse-ledger.json").read_text(encoding="utf-8")
    Path("posse-ledger.json").write_text(text.replace('"baseline"', '"sent"'))
    code, out = run(capsys, "status")
    said = " ".join(out.split())
    assert code == 2 and "posse-ledger.json の" in said and "行目" in said
    assert "の状態が 'sent' です" in said  # the value stays as written
    assert "git からファイルを元に戻してください" in said


def test_a_missing_manifest_is_said_in_japanese(blog, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    for manifest in Path(".posse").glob("**/manifest.json"):
        manifest.unlink()
    code, out = run(capsys, "plan")
    said = " ".join(out.split())
    assert code == 2 and "マニフェストがありません" in said, said


def test_argparses_own_errors_speak_japanese(capsys, monkeypatch):
    import argparse

    own = argparse._
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    code, out = run(capsys, "resolve", "posts/0001.md")
    said_now = " ".join(out.split())
    assert code == 2 and said_now.startswith("使い方: pelican-posse resolve")
    assert "pelican-posse resolve: エラー: 次の引数が必要です: network" in said_now
    code, out = run(capsys, "publsh")
    said_now = " ".join(out.split())
    assert code == 2 and "'publsh' は選べません（'plan', 'publish'," in said_now
    code, out = run(capsys, "plan", "--bogus")
    assert code == 2 and "エラー: 認識できない引数です: --bogus" in out
    assert not re.search(r"usage|error|required|invalid choice|unrecognized", out)
    # argparse has its own gettext back: another program is not affected.
    assert argparse._ is own
    other = argparse.ArgumentParser(prog="other")
    assert other.format_usage().startswith("usage: other")


def test_argparses_words_keep_their_placeholders_in_japanese():
    from pelican.plugins.posse import clihelp
    from tools import i18n as tool

    po = tool.po_path("ja").read_text(encoding="utf-8")
    japanese = {e.msgid: e.msgstr for e in tool.read_po(po)}
    placeholder = re.compile(r"%(?:\(\w+\))?[sr]")
    for msgid in clihelp.ARGPARSE_WORDS:
        assert japanese.get(msgid), f"no Japanese for argparse's {msgid!r}"
        assert sorted(placeholder.findall(japanese[msgid])) == sorted(
            placeholder.findall(msgid)
        ), msgid
