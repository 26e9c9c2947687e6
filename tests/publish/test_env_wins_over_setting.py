"""A wrong server address in the settings file does not stop a run when the
environment's variable of the same name, which wins, is right: it is said once
as a warning naming the setting and the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelican.plugins.posse import cli

SETTINGS = (
    'SITEURL = "https://blog.example.jp"\n'
    'POSSE_SYNDICATE = ["mastodon", "misskey"]\n'
    'POSSE_MASTODON_INSTANCE = "@hanako@mastodon.social"\n'
    'POSSE_MISSKEY_SERVER = "https://misskey.io/notes"\n'
)
GOOD = {
    "POSSE_MASTODON_INSTANCE": "mastodon.social",
    "POSSE_MASTODON_TOKEN": "a" * 43,
    "POSSE_MISSKEY_SERVER": "misskey.io",
    "POSSE_MISSKEY_TOKEN": "b" * 32,
}


def _check(monkeypatch, capsys, env, lang="en"):
    Path("pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    monkeypatch.setenv("POSSE_CLI_LANG", lang)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = cli.main(["check", "--offline"])
    out, err = capsys.readouterr()
    return code, out, "".join(err.split())  # rich wraps long lines


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "not used: the environment's variable of the same name is"),
        ("ja", "この設定は使いません。同じ名前の環境変数の値を使います"),
    ],
)
def test_the_environment_s_valid_server_is_used_and_the_setting_only_warns(
    monkeypatch, capsys, lang, words
):
    code, out, err = _check(monkeypatch, capsys, GOOD, lang)
    assert code != 2, out + err
    assert "Mastodon" in out and "Misskey" in out  # the run went on to check them
    colon = ":" if lang == "en" else "："
    for setting in ("POSSE_MASTODON_INSTANCE", "POSSE_MISSKEY_SERVER"):
        assert err.count(f"pelicanconf.py{colon}{setting}") == 1, err
    assert err.count("".join(words.split())) == 2


def test_a_wrong_environment_value_too_still_stops_the_run(monkeypatch, capsys):
    env = {**GOOD, "POSSE_MASTODON_INSTANCE": "@hanako@mastodon.social"}
    code, out, err = _check(monkeypatch, capsys, env)
    assert code == 2 and out == ""
    assert "pelicanconf.py:POSSE_MASTODON_INSTANCE" in err and "notused" not in err
