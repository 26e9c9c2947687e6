"""Property tests: the link card's JSON-LD and <meta> lines, written from cached
pieces, are exactly what the JSON encoder and markupsafe write; its description,
mostly cut from a short opening, is the one the lead's text gives."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from markupsafe import escape

from pelican.plugins.posse.profiles import Profile, x_handle
from pelican.plugins.posse.render import description as description_mod
from pelican.plugins.posse.render import linkcard
from pelican.plugins.posse.text import lead_html, shorten
from tests.properties.test_text_properties import RARELY, RUNS, SENTENCES, length, prose


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


HOSTILE = ["</script>", "<!--", "&amp;", '"', "'", "\\", "\u2028", "\x00", "経営", "😀"]
words = st.one_of(
    st.text(max_size=30), st.lists(st.sampled_from(HOSTILE), max_size=6).map("".join)
)
maybe = st.one_of(st.none(), st.just(""), words)


def site(name: str = "Blog", on_x: bool = False) -> linkcard.Site:
    accounts = {
        "Ann": (Profile("x", "https://x.com/ann", "https://x.com/ann", "ann"),),
    }
    blog = Profile("x", "https://x.com/blog", "https://x.com/blog", "blog")
    return linkcard.Site(
        siteurl="https://blog.example.jp",
        name=name,
        default_lang="ja",
        profiles=(blog,) if on_x else (),
        authors=lambda name: accounts.get(name, ()),
    )


# What the <meta> lines and the JSON-LD are both written from.
card_values = {
    "title": words,
    "url": maybe,
    "image": maybe,
    "published": maybe,
    "modified": maybe,
    "tags": st.lists(words, max_size=4),
    "authors": st.lists(
        st.one_of(st.sampled_from(["Ann", "山田 花子"]), words), max_size=3
    ),
}
cards = st.fixed_dictionaries({**card_values, "lang": words})


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
    written = linkcard._jsonld(card_site, linkcard.CardValues(**values))
    assert written == json_for_script(jsonld_data(card_site, **values))
    assert "<" not in written and ">" not in written and "&" not in written


def meta_triples(
    site, *, title, desc, url, lang, alternates, image, published, modified, tags,
    authors,
):  # fmt: skip
    """The <meta> elements as (attribute, key, value), the plain way: what
    linkcard._meta_html must write, each value escaped."""
    meta = [("property", "og:type", "article"), ("property", "og:title", title)]
    if desc:
        meta.append(("property", "og:description", desc))
    if url:
        meta.append(("property", "og:url", url))
    if site.name:
        meta.append(("property", "og:site_name", site.name))
    locale = linkcard.og_locale(lang)
    if locale:
        meta.append(("property", "og:locale", locale))
    meta += [("property", "og:locale:alternate", alt) for alt in alternates]
    if image:
        meta.append(("property", "og:image", image))
    if published:
        meta.append(("property", "article:published_time", published))
    if modified:
        meta.append(("property", "article:modified_time", modified))
    meta += [("property", "article:tag", tag) for tag in tags]
    meta.append(("name", "twitter:card", "summary_large_image" if image else "summary"))
    handle = x_handle(site.profiles)
    if handle:
        meta.append(("name", "twitter:site", handle))
    creator = x_handle(site.authors(authors[0])) if authors else None
    if creator:
        meta.append(("name", "twitter:creator", creator))
    return meta


langs = st.one_of(st.sampled_from(["ja", "en-GB", "pt_br", "xx", ""]), words)
metas = st.fixed_dictionaries(
    {
        **card_values,
        "desc": words,
        "lang": langs,
        "alternates": st.lists(st.sampled_from(["en_US", "ja_JP", "a&b"]), max_size=2),
    }
)


@RUNS
@given(metas, st.one_of(st.just("Blog"), words), st.booleans())
@example(
    {
        "title": "A & <B>",
        "desc": "\"'",
        "url": "https://a.jp/?a=1&b=2",
        "lang": "ja",
        "alternates": ["en_US"],
        "image": "https://a.jp/i.png",
        "published": "2026-01-01T09:00:00+09:00",
        "modified": None,
        "tags": ["a&b", "a&b"],
        "authors": ["Ann"],
    },
    "Tom's",
    True,
)
def test_meta_lines_are_the_escaped_values(values, name, site_on_x):
    # Written once per card, the lines many articles share taken from the site:
    # a second card from the same site must come out the same.
    card_site = site(name, site_on_x)
    expected = meta_triples(card_site, **values)
    html = "\n".join(f'<meta {a}="{k}" content="{escape(v)}">' for a, k, v in expected)
    said = linkcard.CardValues(
        **{k: values[k] for k in linkcard.CardValues._fields if k in values}
    )
    written = [
        linkcard._meta_html(
            card_site, said, desc=values["desc"], alternates=values["alternates"]
        )
        for _ in range(2)
    ]
    assert written[0] == html
    assert written[1] == html
    # A theme writing its own tags reads the same values back.
    assert linkcard.LinkCard(html, "{}").meta == tuple(expected)


def reference_description(html: str, lang: str) -> str:
    """description() the long way: the lead's text read from its openings, cut
    by shorten()'s full search."""
    text = description_mod.lead_text(lead_html(html))
    if not text.strip():
        text = description_mod.lead_text(html)
    limit = description_mod.DESCRIPTION_LIMIT
    return shorten(text, limit, lang=lang, measure=length)


# Paragraphs long enough for a description to be cut from the first sentences.
long_paragraphs = st.lists(
    st.one_of(st.sampled_from(SENTENCES), prose), min_size=8, max_size=20
).map(lambda parts: "<p>" + "".join(parts) + "</p>")
articles = st.lists(
    st.one_of(long_paragraphs, long_paragraphs, st.sampled_from(RARELY)),
    min_size=1,
    max_size=4,
).map("\n".join)
BENCH_LIKE = (
    "<p>後継者の育成には五年から十年かかると言われています。 DX の第一歩は、社内の"
    "業務フローを棚卸しすることから始まります。 補助金の申請書は、審査員が読みやすい"
    "構成にすることが大切です。 資金繰り表を毎月更新している会社は、意外に少ないも"
    "のです。 中小企業の経営者にとって、事業承継は避けて通れない課題です。</p>\n"
    "<p>中小企業の経営者にとって、事業承継は避けて通れない課題です。 SaaS を導入"
    "する前に、既存の Excel 管理を見直しましょう。</p>"
)


@RUNS
@given(articles, st.sampled_from(["ja", "en"]))
@example(BENCH_LIKE, "ja")
@example(BENCH_LIKE.replace("</p>", "</p><h2>見出し</h2>", 1), "ja")
@example("<p>" + "Cash-flow forecasts matter. " * 12 + "</p>", "en")
def test_the_description_is_the_one_the_lead_s_text_gives(html, lang):
    # Most of these are cut from the first sentences, as BENCH_LIKE is.
    article = SimpleNamespace(metadata={}, content=html)
    expected = reference_description(html, lang)
    assert description_mod.description(article, lang, html) == expected
    assert description_mod.description(article, lang) == expected
