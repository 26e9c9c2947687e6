"""Property tests: the link card's JSON-LD and <meta> lines, written from cached
pieces, are exactly what the JSON encoder and markupsafe write."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from pelican.plugins.posse import linkcard
from pelican.plugins.posse.profiles import Profile


def jsonld_data(site, *, title, lang, url, image, published, modified, tags, authors):
    """The JSON-LD as data, the plain way: what linkcard._jsonld must write."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": title,
        "inLanguage": lang,
    }
    for key, value in (
        ("url", url),
        ("image", image),
        ("datePublished", published),
        ("dateModified", modified),
        ("keywords", tags),
    ):
        if value:
            data[key] = value
    if authors:
        data["author"] = [site.person(name) for name in authors]
    return data


def json_for_script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


RUNS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
HOSTILE = ["</script>", "<!--", "&amp;", '"', "'", "\\", "\u2028", "\x00", "経営", "😀"]
words = st.one_of(
    st.text(max_size=30), st.lists(st.sampled_from(HOSTILE), max_size=6).map("".join)
)
maybe = st.one_of(st.none(), st.just(""), words)


def site() -> linkcard.Site:
    accounts = {
        "Ann": (Profile("x", "https://x.com/ann", "https://x.com/ann", "ann"),),
    }
    return linkcard.Site(
        siteurl="https://blog.example.jp",
        name="Blog",
        default_lang="ja",
        authors=lambda name: accounts.get(name, ()),
    )


cards = st.fixed_dictionaries(
    {
        "title": words,
        "lang": words,
        "url": maybe,
        "image": maybe,
        "published": maybe,
        "modified": maybe,
        "tags": st.lists(words, max_size=4),
        "authors": st.lists(
            st.one_of(st.sampled_from(["Ann", "山田 花子"]), words), max_size=3
        ),
    }
)


@RUNS
@given(cards)
@example(
    {
        "title": "</script><!--",
        "lang": "ja",
        "url": "https://a.jp/?a=1&b=2",
        "image": None,
        "published": "2026-01-01",
        "modified": None,
        "tags": [],
        "authors": ["Ann", "Ann"],
    }
)
def test_jsonld_is_the_encoder_s(values):
    card_site = site()
    expected = json_for_script(jsonld_data(card_site, **values))
    assert linkcard._jsonld(card_site, **values) == expected
    assert "<" not in expected and ">" not in expected and "&" not in expected


@RUNS
@given(
    st.lists(st.tuples(st.sampled_from(["og:title", "article:tag"]), words), max_size=5)
)
def test_meta_lines_are_escaped_values_shared_or_not(pairs):
    meta = tuple(("property", key, value) for key, value in pairs)
    expected = "\n".join(
        f'<meta property="{key}" content="{escape(value)}">' for key, value in pairs
    )
    card = linkcard.LinkCard(meta, "{}")
    assert str(card.html) == expected
    assert str(card.html) == expected  # the second time from the shared lines
