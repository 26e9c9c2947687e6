"""Links back: once posted, the next build says where, with microformats."""

from __future__ import annotations

import re
from pathlib import Path

from pelican.plugins.posse.ledger import Ledger, Record
from tests.harness import site


def _build(monkeypatch) -> None:
    site.write_settings(Path("."))
    site.article(".", "posted", "告知済みの記事", "2026-03-01 09:00", slug="posted")
    site.article(
        ".", "posted-en", "Announced", "2026-03-01 09:00", slug="posted", lang="en"
    )
    site.article(".", "quiet", "まだの記事", "2026-03-02 09:00", slug="quiet")
    ledger = Ledger(Path("posse-ledger.json"))
    ledger.set(
        "posted.md",
        "x",
        Record(state="posted", url="https://x.com/hanako/status/123", remote_id="123"),
    )
    ledger.set(
        "posted.md",
        "facebook",
        Record(state="posted", url="https://www.facebook.com/1_2", remote_id="1_2"),
    )
    ledger.set("quiet.md", "x", Record(state="baseline"))
    ledger.set("quiet.md", "facebook", Record(state="failed", error="401"))
    ledger.save()
    site.build(Path("."), monkeypatch)


def _block(html: str) -> str:
    found = re.search(r'<p class="posse-syndication".*?</p>', html, re.S)
    assert found, "no links back on the page"
    return found.group(0)


def test_posted_article_links_to_its_posts_in_japanese(monkeypatch):
    _build(monkeypatch)
    block = _block(Path("output/posted.html").read_text(encoding="utf-8"))
    assert block.count('class="u-syndication" rel="syndication"') == 2
    assert 'href="https://x.com/hanako/status/123">X</a>' in block
    assert 'href="https://www.facebook.com/1_2">Facebook</a>' in block
    text = re.sub(r"<[^>]+>", "", block)
    assert text.strip() == "この記事は X・Facebook でも紹介しています"


def test_translation_shows_its_group_posts_in_its_language(monkeypatch):
    _build(monkeypatch)
    page = Path("output/posted-en.html").read_text(encoding="utf-8")
    block = _block(page)
    assert re.sub(r"<[^>]+>", "", block).strip() == "Also on X / Facebook"
    assert 'href="https://x.com/hanako/status/123"' in block


def test_no_links_back_without_a_post(monkeypatch):
    _build(monkeypatch)
    page = Path("output/quiet.html").read_text(encoding="utf-8")
    assert "posse-syndication" not in page and "u-syndication" not in page
