"""The manifest a real Pelican build writes: ids, hold-back reasons, texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelican.plugins.posse.ledger import Ledger, Record
from tests.harness import site


def _site(extra=None):
    site.write_settings(Path("."), extra)
    site.article(".", "published", "公開記事", "2026-03-01 09:00", slug="published")
    site.article(".", "draft", "下書き", "2026-03-02 09:00", status="draft")
    site.article(".", "hidden", "隠し記事", "2026-03-03 09:00", status="hidden")
    site.article(".", "skipped", "スキップ", "2026-03-04 09:00", status="skip")
    site.article(".", "optout", "告知しない", "2026-03-05 09:00", posse="off")
    site.article(".", "old", "古い記事", "2019-01-01 09:00")
    site.article(".", "future", "予約投稿", "2099-01-01 09:00")
    site.article(".", "tr-ja", "翻訳元", "2026-03-06 09:00", slug="tr", lang="ja")
    site.article(".", "tr-en", "Translated", "2026-03-06 09:00", slug="tr", lang="en")


def test_every_hold_back_reason_is_recorded(monkeypatch):
    _site({"POSSE_SINCE": "2020-01-01"})
    manifest = site.by_id(site.build(Path("."), monkeypatch))
    held = {aid: entry["held"] for aid, entry in manifest.items()}
    assert held == {
        "published.md": None,
        "draft.md": "draft",
        "hidden.md": "hidden",
        "optout.md": "off",
        "old.md": "before_since",
        "future.md": None,  # decided at publish time, when the date may have passed
        "tr-ja.md": None,
        "tr-en.md": "translation",
        "(skipped) スキップ": "skip",  # Pelican drops the file; plan still says why
    }
    entry = manifest["published.md"]
    assert entry["url"] == "https://blog.example.jp/published.html"
    assert entry["title"] == "公開記事" and entry["lang"] == "ja"
    assert entry["date"].startswith("2026-03-01T09:00:00+09:00")
    assert set(entry["texts"]) == {"x", "facebook"}
    assert entry["texts"]["x"]["text"].endswith(entry["url"])
    assert manifest["draft.md"]["texts"] == {}
    assert not list(Path("output").rglob("manifest.json"))  # never deployed


def test_each_translation_is_announced_when_asked(monkeypatch):
    _site({"POSSE_TRANSLATIONS": "each"})
    manifest = site.by_id(site.build(Path("."), monkeypatch))
    assert manifest["tr-en.md"]["held"] is None
    assert (
        manifest["tr-en.md"]["translation_group"]
        == manifest["tr-ja.md"]["translation_group"]
    )


def test_posse_id_survives_a_rename_and_duplicates_are_held(monkeypatch):
    site.write_settings(Path("."))
    site.article(".", "renamed-file", "記事", "2026-03-01 09:00", posse_id="launch")
    site.article(".", "copy", "コピー", "2026-03-02 09:00", posse_id="launch")
    manifest = site.build(Path("."), monkeypatch)["articles"]
    assert manifest[0]["id"] == "launch" and manifest[0]["held"] is None
    assert manifest[1]["held"] == "duplicate_id"


def test_only_articles_still_due_are_composed(monkeypatch):
    _site()
    ledger = Ledger(Path("posse-ledger.json"))
    ledger.set("published.md", "x", Record(state="posted", url="https://x.com/1"))
    ledger.set("tr-ja.md", "x", Record(state="baseline"))
    ledger.set("tr-ja.md", "facebook", Record(state="failed", error="401"))
    ledger.save()
    calls = []
    from pelican.plugins.posse.render import context

    original = site.standin_compose

    def counting(facts, network, settings):
        calls.append((facts.id, network))
        return original(facts, network, settings)

    monkeypatch.setattr(site, "standin_compose", counting)
    manifest = site.by_id(site.build(Path("."), monkeypatch))
    assert set(manifest["published.md"]["texts"]) == {"facebook"}
    assert set(manifest["tr-ja.md"]["texts"]) == {"facebook"}  # failed: still due
    assert ("published.md", "x") not in calls
    assert context.current().entries == []  # reset after the build


def test_a_post_only_previewed_in_the_outbox_keeps_its_text(monkeypatch):
    # So that `pelican-posse retry ARTICLE` can send it for real without a rebuild.
    _site()
    ledger = Ledger(Path("posse-ledger.json"))
    ledger.set("published.md", "x", Record(state="outbox"))
    ledger.set("published.md", "facebook", Record(state="posted", url="https://f/1"))
    ledger.save()
    manifest = site.by_id(site.build(Path("."), monkeypatch))
    assert set(manifest["published.md"]["texts"]) == {"x"}
    x = manifest["published.md"]["texts"]["x"]
    assert x["text"].strip() and manifest["published.md"]["url"] in x["text"]


def test_a_compose_error_names_the_file_and_holds_only_that_article(monkeypatch):
    site.write_settings(Path("."))
    site.article(".", "good", "良い記事", "2026-03-01 09:00")
    site.article(".", "bad", "悪い記事", "2026-03-02 09:00", compose="fail")
    manifest = site.by_id(site.build(Path("."), monkeypatch))
    assert "bad.md" in manifest["bad.md"]["texts"]["x"]["error"]
    assert "text" in manifest["good.md"]["texts"]["x"]


def test_no_manifest_without_an_absolute_siteurl(monkeypatch):
    site.write_settings(Path("."), siteurl="")
    site.article(".", "a", "記事", "2026-03-01 09:00")
    site.use_standin_compose(monkeypatch)
    from pelican import Pelican
    from pelican.settings import read_settings

    Pelican(read_settings("publishconf.py")).run()
    assert not Path(".posse/manifest.json").exists()


def test_a_corrupt_ledger_does_not_break_the_build(monkeypatch, caplog):
    site.write_settings(Path("."))
    site.article(".", "a", "記事", "2026-03-01 09:00")
    Path("posse-ledger.json").write_text("{oops")
    manifest = site.build(Path("."), monkeypatch)
    assert manifest["articles"][0]["texts"]
    assert "posse-ledger.json, line 1" in caplog.text
    assert Path("posse-ledger.json").read_text() == "{oops"


def test_card_description_is_cut_at_a_sentence_for_due_articles_only(monkeypatch):
    site.write_settings(Path("."))
    body = "補助金の申請書は審査員が読みやすい構成にすることが大切です。" * 12
    path = site.article(".", "long", "長い記事", "2026-03-01 09:00")
    path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
    site.article(".", "draft", "下書き", "2026-03-02 09:00", status="draft")
    manifest = site.by_id(site.build(Path("."), monkeypatch))
    description = manifest["long.md"]["description"]
    assert 0 < len(description) <= 200
    assert description.endswith("。")
    assert manifest["draft.md"]["description"] == ""  # never announced: not computed


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("posts/a.md", "posts/a.md"),
        ("posts//a.md", "posts/a.md"),
        ("./posts/a.md", "posts/a.md"),
        ("posts/./a.md", "posts/a.md"),
        (".drafts/a.md", ".drafts/a.md"),
        ("posts/", "posts"),
    ],
)
def test_article_id_is_the_normalised_source_path(source, expected):
    # An id must not change because the same file was reached another way.
    from pelican.plugins.posse.facts import article_id

    assert article_id(source, {}) == expected
    assert article_id(source, {"posse_id": " kept "}) == "kept"
