"""``baseline`` and publish's refusal count the same articles on a site with a
translation: the translation is announced with its original (so counted with
it) unless POSSE_TRANSLATIONS = "each"; baseline still records it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pelican.plugins.posse import cli
from tests.harness.site import article, build, write_settings

ENV = {"POSSE_MASTODON_INSTANCE": "mastodon.social", "POSSE_MASTODON_TOKEN": "a" * 43}
WORDS = {
    "en": ("so {n} existing article(s) would be announced", "Baseline: {n} article(s)"),
    "ja": ("既存の記事 {n} 件を告知してしまいます", "ベースライン：{n} 件の記事"),
}


def _site(tmp_path: Path, translations: str) -> None:
    write_settings(
        tmp_path,
        {"POSSE_SYNDICATE": ["mastodon"], "POSSE_TRANSLATIONS": translations},
    )
    for n in range(4):
        article(
            tmp_path,
            f"post-{n}",
            f"記事 {n}",
            f"2026-11-0{n + 1} 09:00",
            slug=f"post-{n}",
        )
    article(
        tmp_path, "post-0-en", "Post 0", "2026-11-01 09:00", slug="post-0", lang="en"
    )
    build(tmp_path)


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(["-s", "publishconf.py", *argv])
    out, err = capsys.readouterr()
    return code, " ".join((out + err).split())


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("translations", ["default", "each"])
def test_baseline_counts_the_articles_publish_would_announce(
    tmp_path, monkeypatch, capsys, lang, translations
):
    n = {"default": 4, "each": 5}[translations]  # 4 articles, 1 translated
    _site(tmp_path, translations)
    for name, value in {**ENV, "POSSE_CLI_LANG": lang}.items():
        monkeypatch.setenv(name, value)
    refused, recorded = (words.format(n=n) for words in WORDS[lang])
    code, said = _run(capsys, "publish")
    assert code == 2 and refused in said, said
    code, said = _run(capsys, "baseline")
    assert code == 0 and recorded in said, said
    ledger = json.loads(Path("posse-ledger.json").read_text("utf-8"))
    # The translation is recorded all the same: POSSE_TRANSLATIONS = "each"
    # later must not announce it as new.
    assert "post-0-en.md" in json.dumps(ledger)
