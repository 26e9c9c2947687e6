"""Property tests: whatever the Unicode, the X post fits, links once, splits nothing."""

from __future__ import annotations

import datetime as dt
import html
import unicodedata

import pytest
import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pelican.plugins.posse.compose import ComposeError, compose
from pelican.plugins.posse.facts import ArticleFacts
from pelican.plugins.posse.settings import PosseSettings
from pelican.plugins.posse.text import html_to_text, shorten, weighted_length

URL = "https://blog.example.jp/posts/2026/property/"

# Pieces that stress the counter and the cutter: CJK and sentence ends, emoji
# with ZWJ and skin tones, flags, keycaps, combining marks, RTL text and marks,
# scheme-less URLs, numbers, hashtags and Latin words.
# fmt: off
PIECES = [
    "中", "小", "企業", "診断士", "。", "、", "「", "」", "！", "？", "ー", "カタカナ",
    "ひらがな", "ｶﾞ", "👨\u200d👩\u200d👧\u200d👦", "👍🏽", "🧕🏾", "🇯🇵",
    "1\ufe0f\u20e3", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    "e\u0301", "\u0915\u094d\u0937", "שלום", "مرحبا", "\u200f", "\u202b", " ", " ",
    ". ", "! ", "word", "Consultant", "example.co.jp", "note.com/abc",
    "https://t.co/x", "3.14", "1,000", "#DX", "\u3000", "\n",
]
# fmt: on
pieced = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
anything = st.text(max_size=300)  # any code point but lone surrogates
texts = st.one_of(pieced, anything)
titles = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join), st.text(max_size=200)
)
tag_lists = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=6
)


def article(title, body, tags, lang="ja"):
    return ArticleFacts(
        id="p.md",
        source_path="posts/p.md",
        title=title,
        url=URL,
        lang=lang,
        date=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        tags=tuple(tags),
        content_html=f"<p>{html.escape(body)}</p>",
    )


def graphemes(text):
    return regex.findall(r"\X", text)


def assert_grapheme_prefix(part, source):
    """``part`` (ellipsis removed) is whole graphemes from the start of ``source``."""
    body = part.removesuffix("…")
    got = graphemes(body)
    assert got == graphemes(source)[: len(got)]


def assert_grapheme_subsequence(part, source):
    """``part`` (ellipsis removed) is whole graphemes of ``source``, in order."""
    rest = iter(graphemes(source))
    for g in graphemes(part.removesuffix("…").strip()):
        if g.isspace():
            continue  # the choice may join two kept sentences with a space
        # (an English clause left after a greeting starts with a capital)
        assert any(g.lower() == s.lower() for s in rest), g


RUNS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@RUNS
@given(title=titles, body=texts, tags=tag_lists, lang=st.sampled_from(["ja", "en"]))
def test_x_post_fits_links_once_and_splits_nothing(title, body, tags, lang):
    source = unicodedata.normalize("NFC", html_to_text(f"<p>{html.escape(body)}</p>"))
    lead = compose(article(title, body, tags, lang), "x", PosseSettings(summary="lead"))
    # POSSE_SUMMARY = "lead": the summary is the article's opening, cut between
    # graphemes.
    assert_grapheme_prefix(lead.summary, source)
    post = compose(article(title, body, tags, lang), "x", PosseSettings())
    assert post.length == weighted_length(post.text) <= 280
    assert unicodedata.is_normalized("NFC", post.text)
    assert post.text.count(URL) == 1
    # "auto" may pass over small talk and asides (summary.py): what is left is
    # still the article's own graphemes, in its order, never a split one.
    assert_grapheme_subsequence(post.summary, source)
    assert post.summary in post.text
    for tag in post.hashtags:
        assert tag in post.text


@RUNS
@given(title=titles, body=texts, tags=tag_lists)
def test_every_network_stays_within_its_limit(title, body, tags):
    for network in ("facebook", "mastodon", "bluesky"):
        post = compose(article(title, body, tags), network, PosseSettings())
        assert post.length <= post.limit
        assert unicodedata.is_normalized("NFC", post.text)
        if network == "facebook":
            assert post.link == URL
            assert URL not in post.text
        else:
            assert post.text.count(URL) == 1


@RUNS
@given(text=texts, limit=st.integers(min_value=0, max_value=300))
# Found by hypothesis: U+001F is whitespace to str.rstrip() but was kept before "…".
@example(text="0000000000ᄀᄀᄀᄀᄀ\x1f00", limit=22)
def test_shorten_never_splits_a_grapheme(text, limit):
    text = unicodedata.normalize("NFC", text)
    for measure in (len, weighted_length):
        result = shorten(text, limit, measure=measure)
        assert measure(result) <= limit
        assert_grapheme_prefix(result, text)


@settings(max_examples=50, deadline=None)
@given(
    before=st.text(max_size=20),
    surrogate=st.integers(min_value=0xD800, max_value=0xDFFF).map(chr),
    where=st.sampled_from(["title", "body", "tag"]),
)
def test_lone_surrogates_are_refused_with_a_clear_error(before, surrogate, where):
    bad = before + surrogate
    parts = {"title": "題", "body": "本文。", "tags": ["DX"]}
    if where == "title":
        parts["title"] = bad
    elif where == "body":
        parts["body"] = bad
    else:
        parts["tags"] = [bad]
    with pytest.raises(ComposeError, match=r"posts/p\.md: .*lone surrogate"):
        compose(
            article(parts["title"], parts["body"], parts["tags"]), "x", PosseSettings()
        )


def test_example_with_everything_at_once():
    # One readable instance of the properties above, for when they fail.
    title = "👨\u200d👩\u200d👧\u200d👦家族と🇯🇵日本のDX" * 8
    body = "e\u0301té。" + "שלום note.com/abc 中小企業診断士の仕事。" * 20
    post = compose(
        article(title, body, ["中小企業 診断士", "👍🏽"]),
        "x",
        PosseSettings()._replace(hashtags_max=5),
    )
    assert post.length <= 280
    assert post.text.count(URL) == 1
