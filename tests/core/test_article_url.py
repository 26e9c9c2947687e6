"""facts.article_url() is Pelican's article.url, however the site's URLs are set."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category

from pelican.plugins.posse.facts import article_url

PATTERNS = [
    "{slug}.html",
    "{lang}/{slug}/",
    "posts/{slug!s}/{lang:>3}.html",
    "{date:%Y}/{slug}.html",  # Pelican's own formatting: asked of Pelican
    "{category}/{slug}.html",
    "{author}/{slug}-{lang}.html",
    "{path}",
    "static",
]


def article(pattern, *, lang="ja", status="published", **metadata):
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings.update(
        DEFAULT_LANG="ja",
        ARTICLE_URL=pattern,
        ARTICLE_LANG_URL="lang/" + pattern,
        DRAFT_URL="drafts/" + pattern,
        DRAFT_LANG_URL="drafts/lang/" + pattern,
    )
    values = {
        "title": "記事 <1>",
        "date": dt.datetime(2026, 1, 2, 9, 0),
        "lang": lang,
        "status": status,
        "category": Category("経営", settings),
        "author": Author("山田 花子", settings),
        **metadata,
    }
    return Article(
        "<p>本文</p>", metadata=values, settings=settings, source_path="c/a.md"
    )


@pytest.mark.parametrize("pattern", PATTERNS)
@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("status", ["published", "draft", "hidden"])
def test_article_url_is_pelican_s(pattern, lang, status):
    for extra in ({}, {"slug": "my-slug"}, {"slug": "日本語"}):
        item = article(pattern, lang=lang, status=status, **extra)
        assert article_url(item) == item.url


def test_override_url_and_other_objects_ask_pelican():
    item = article("{slug}.html", slug="x", url="custom/place/")
    assert article_url(item) == item.url == "custom/place/"

    class Shaped:
        url = "elsewhere.html"

    assert article_url(Shaped()) == "elsewhere.html"
