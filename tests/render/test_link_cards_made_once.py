"""Each article's link card is made once a build, in one pass before the pages
are written, and not at all when no page shows it."""

from __future__ import annotations

import pytest
from pelican.writers import Writer

from pelican.plugins.posse.render import linkcard
from tests.render.test_rendering import build, read

ARTICLES = {
    f"a{i}.md": (
        f"Title: 記事 {i}\nDate: 2026-04-0{i} 10:30\nLang: ja\nSlug: a{i}\n\n"
        f"事業承継の準備は五年前から始めましょう。記事 {i} の本文です。\n"
    )
    for i in range(1, 4)
}


@pytest.fixture
def made(monkeypatch):
    """The source path of each link card made, and "page" for each file
    Pelican writes, in order."""
    events: list[str] = []
    real = linkcard.build

    def counted(article, site, **kwargs):
        events.append(str(article.source_path))
        return real(article, site, **kwargs)

    real_write = Writer.write_file

    def written(self, *args, **kwargs):
        events.append("page")
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(linkcard, "build", counted)
    monkeypatch.setattr(Writer, "write_file", written)
    return events


@pytest.mark.parametrize("siteurl", ["", "https://blog.example.jp"])
def test_each_card_is_made_once_and_shown_on_its_page(tmp_path, made, siteurl):
    out = build(tmp_path, ARTICLES, SITEURL=siteurl, POSSE_CARD=False)
    cards = [event for event in made if event != "page"]
    assert len(cards) == len(set(cards)) == len(ARTICLES)
    # All of them before the first page: one pass, not one between pages.
    assert made.index("page") > max(made.index(card) for card in cards)
    for i in range(1, 4):
        assert f'<meta property="og:title" content="記事 {i}">' in read(
            out, f"a{i}.html"
        )


def test_no_card_is_made_when_no_page_shows_one(tmp_path, made):
    out = build(tmp_path, ARTICLES, POSSE_AUTO_INSERT=False, POSSE_CARD=False)
    assert set(made) == {"page"}
    assert "og:title" not in read(out, "a1.html")
