"""Property tests: html_to_text()'s fast paths give exactly the slow path's text.

html_to_text() reads most HTML without html.parser: ``_simple_text`` (one split,
no Python call per tag) for HTML with no skipped tag and no class, else
html.parser. It must collect what html.parser collects, and the whitespace
collapsing done by str methods must equal the regex it replaced.
"""

from __future__ import annotations

import re

import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pelican.plugins.posse import text
from pelican.plugins.posse.text import cut, html_text, x_count

RUNS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Text between tags: Japanese, English, entities, every kind of space.
# fmt: off
WORDS = [
    "中小企業", "の", "経営者", "。", "、", "「計画」", "！", "カタカナ", "ｶﾞ", "𠮷",
    "word", "Succession planning", ".", " ", "  ", "\n", "\t", "\u3000", "\u00a0",
    "\r\n", "&amp;", "&lt;", "&gt;", "&quot;", "&#12354;", "&#x3042;", "&nbsp;",
    "&copy", "&copy;", "&", "&#", "&unknown;", "e\u0301", "👍🏽", "\x1e", "\u2003",
]
INLINE = ["em", "strong", "code", "a", "span", "b", "i", "EM", "abbr", "img", "sup"]
BLOCK = ["p", "li", "ul", "ol", "h2", "blockquote", "div", "br", "hr", "P"]
ATTRS = [
    "", ' href="https://example.jp/a?b=1&amp;c=2"', " href='/x'", ' title="a > b"',
    ' class="toc"', ' class="note"', ' id="fnref:1"', " /", "/", ' alt="図"  ',
    " data-class=x", "\n", ' CLASS="footnote"',
]
# fmt: on


@st.composite
def fragments(draw, depth=0):
    """Simple HTML as Markdown writes it, nested inline tags, sometimes odd."""
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 4 if depth < 3 else 1))
        if kind <= 1:
            parts.append("".join(draw(st.lists(st.sampled_from(WORDS), max_size=8))))
        else:
            tag = draw(st.sampled_from(INLINE if kind == 2 else BLOCK))
            attrs = draw(st.sampled_from(ATTRS))
            if tag.lower() in ("br", "hr", "img"):
                parts.append(f"<{tag}{attrs}>")
            else:
                inner = draw(fragments(depth + 1))
                parts.append(f"<{tag}{attrs}>{inner}</{tag}>")
    return "".join(parts)


htmls = st.one_of(fragments(), st.text(alphabet="<>/p!?-&;a\n 中。x=\"'", max_size=40))

# Articles as Markdown writes them, long enough for a description: paragraphs
# of sentences with inline tags, entities and URLs, and now and then what is
# skipped, ends the lead or needs html.parser.
# fmt: off
SENTENCES = [
    "中小企業の経営者にとって、事業承継は避けて通れない課題です。", "本当に？",
    "後継者の育成には十年かかる", "「計画」は大切！", "「はい。」", "Is it? ",
    "Cash-flow forecasts are only useful when updated monthly. ", "Yes!) ",
    "See example.com/a.b for more. ", "詳しくは https://example.jp/a.html を。",
]
INLINES = [
    "<em>{}</em>", "<STRONG>{}</STRONG>", '<a href="https://example.com/x">{}</a>',
    "<code>{}</code>", "{}<br />",
]
RARELY = [
    "<h2>見出し</h2>", "<pre><code>x = 1\n</code></pre>", "<!-- c -->", "<hr>",
    "<ul>\n<li>項目です。</li>\n</ul>", '<div class="toc">目次</div>', "<p>&amp</p>",
    '<p>注<span class="note">補足</span>です。</p>', "<p>本文<sup>1</sup>。</p>",
]
# fmt: on
prose = st.one_of(
    st.sampled_from(SENTENCES),
    st.tuples(st.sampled_from(INLINES), st.sampled_from(SENTENCES)).map(
        lambda pair: pair[0].format(pair[1])
    ),
    st.sampled_from(WORDS),
)
paragraphs = st.lists(prose, min_size=2, max_size=12).map(
    lambda parts: "<p>" + "".join(parts) + "</p>"
)
blocks = st.one_of(paragraphs, paragraphs, st.sampled_from(RARELY))
articles = st.lists(blocks, min_size=1, max_size=6).map("\n".join)
documents = st.one_of(articles, st.lists(htmls, max_size=4).map("".join))


def parser_text(html: str) -> str:
    parser = html_text._TextParser()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


@RUNS
@given(documents)
@example("<p>経営<em>計画</em>。</p>\n<p>&amp; 次<br />へ</p>")
@example('<p>a<a href="/x">b</a><span class="toc">c</span>d</p>')
@example("<p>a&amp")
@example("<!-- <p>x</p> --><p>y</p><?php ?>")
def test_fast_paths_collect_what_html_parser_collects(html):
    expected = parser_text(html)
    for trailing_ok in (True, False):
        simple = html_text._simple_text(html, trailing_ok)
        if simple is not None:
            assert simple == expected


_SPACE_RUN = re.compile("[ \\t\\n\\r\\f\\v\\u00a0\\u3000\\x1e]+")
_CJK_ONE = re.compile(f"[{html_text._CJK}]")


_MARKS = frozenset("。！？…、")  # a set: "" (the start of the text) is no mark


def reference_joined(value: str, start: int, end: int) -> str:
    """What the run of spaces ``value[start:end]`` becomes, as first written."""
    before, after = value[start - 1 : start], value[end : end + 1]
    if _CJK_ONE.match(before) and _CJK_ONE.match(after):
        run = value[start:end]
        if "\x1e" not in run:
            if "\n" in run or "\u3000" in run:
                return ""
        elif before in _MARKS or (
            before in "」』）】〕" and value[start - 2 : start - 1] in _MARKS
        ):
            return ""
    return " "


def reference_collapse(value: str) -> str:
    """html_to_text()'s whitespace rule as the one regex it was first written as."""
    if not _CJK_ONE.search(value):
        return _SPACE_RUN.sub(" ", value).strip()
    joined = _SPACE_RUN.sub(
        lambda m: reference_joined(value, m.start(), m.end()), value
    )
    return joined.strip()


collected = st.lists(
    st.sampled_from([*WORDS, "\x1e", "\x1e\n\x1e", " \x1e ", "」", "…", "a\x1e"]),
    max_size=40,
).map("".join)


@RUNS
@given(st.one_of(collected, st.text(max_size=200)))
@example("計画。\x1e\n\x1e次の")
@example("a \t\u00a0 b")
@example("Done.\x1e\n\x1e Next \u3000 caf\u00e9 \U0001f44d\n end")
@example("。\x1e 」\u3000\x1e\n中")
@example("」\x1e中")
def test_space_collapsing_equals_the_regex(value):
    assert html_text._collapse_cjk(value).strip() == reference_collapse(value)
    assert html_text._collapsed(value) == reference_collapse(value)


@RUNS
@given(documents)
def test_html_to_text_equals_html_parser_and_regex(html):
    assert text.html_to_text(html) == reference_collapse(parser_text(html))


@RUNS
@given(st.lists(st.one_of(st.characters(), st.sampled_from(["", "\u3000", "\u2fff"]))))
def test_is_cjk_is_the_character_class(chars):
    for char in chars:
        assert html_text._is_cjk(char) == bool(_CJK_ONE.match(char))


_SCHEMELESS_URL_CHAR = re.compile(
    "[\u0000-\u024f\u0253-\u036f\u0400-\u04ff\u1e00-\u1eff\u2013]"
)


@RUNS
@given(
    st.lists(st.one_of(st.characters(), st.sampled_from(["\u2013", "\u2014", "。"])))
)
def test_in_schemeless_url_is_the_character_class(chars):
    for char in chars:
        assert cut._in_schemeless_url(char) == bool(_SCHEMELESS_URL_CHAR.match(char))


_SENTENCE_END = regex.compile(
    r"(?:[。！？]+|[.!?]+(?=[\s」』）)\"'”’]|$))[」』）)\"'”’]*"
)
# fmt: off
MARKS = [
    "。", "！", "？", ".", "!", "?", "...", "」", "』", "）", ")", '"', "'", "”", "’",
    " ", "\n", "\x1c", "\x1e", "\x1f", "\u3000", "\u2028", "\x85", "a", "中",
    "e\u0301", "1.5", "x.com",
]
# fmt: on
sentences = st.lists(st.sampled_from(MARKS), max_size=40).map("".join)


@RUNS
@given(st.one_of(sentences, st.text(max_size=100)))
@example("Done. 「完了。」次! ok!x (yes.) end.")
def test_sentence_ends_are_the_regex_s(value):
    expected = [m.end() for m in _SENTENCE_END.finditer(value)]
    assert cut._sentence_ends(value) == expected


@RUNS
@given(st.lists(st.characters(), max_size=50))
@example(["\u3096", "\u3099", "\u309b", "\u30ff", "\u4e00", "\u9fff", "\x7f"])
def test_joins_nothing_is_the_simple_text_class(chars):
    for char in chars:
        assert cut._joins_nothing(char) == bool(x_count._SIMPLE_TEXT().fullmatch(char))


# Text to cut, with what a cut after a sentence must not split: URLs (one with
# 。」 in its domain), hashtags, numbers, emoji sequences, combining marks,
# Hangul jamo, half-width voiced marks, a CR LF pair.
# fmt: off
CUTTABLE = [
    *MARKS, "中小企業の経営者", "です", "Succession planning", " ", " ", "、",
    "#DX", "@ann", "$1,000", "👍🏽", "🇯🇵", "\u200d", "\u0301", "\u0915\u094d",
    "ｶ", "\uff9e", "\u1100\u1161", "\r\n", "example.com/a.b", "https://a.jp/x",
    "https://a.jp/(a.)b", "https://例え。」jp.com/", "https://t.co/abc", "://",
]
# fmt: on
to_cut = st.lists(
    st.one_of(st.sampled_from(CUTTABLE), st.sampled_from(SENTENCES)),
    min_size=4,
    max_size=60,
).map("".join)


def length(part: str) -> int:
    """len(), but not len itself: shorten() takes its quick cut only for len."""
    return len(part)


@RUNS
@given(st.one_of(to_cut, st.text(max_size=300)), st.integers(1, 150))
@example("Done. https://a.jp/(a.)b next", 20)
@example("はい。\u0301次の文", 5)
def test_the_quick_cut_is_the_full_search_s(value, limit):
    assert text.shorten(value, limit) == text.shorten(value, limit, measure=length)


@RUNS
@given(
    st.lists(
        st.sampled_from([*CUTTABLE, "3.11", "Node.js", "e.g.", "a.jp/x。", "é.com"]),
        min_size=2,
        max_size=40,
    ).map("".join)
)
@example("Python 3.11 が出ました。次は https://例え。」jp.com/ です。")
@example("see a.jp/(x.)y and é.com!z")
def test_no_url_crosses_a_sentence_end_the_shortcut_lets_by(value):
    # _url_may_hold() spares extract_urls() (and compiling its pattern) for
    # most sentence ends; where it says no, there must be no URL across.
    urls = text.extract_urls(value)
    for end in cut._sentence_ends(value):
        if not cut._url_may_hold(value, end):
            assert not any(start < end < stop for start, stop in urls), end


@RUNS
@given(to_cut, st.integers(1, 120), st.integers(0, 100))
@example("一文目です。二文目です。https://例え。」jp.com/", 7, 18)
def test_an_opening_decides_the_cut_of_every_text_it_starts(value, limit, rest):
    opening = value[: len(value) - rest]
    cut = text.shorten_opening(opening, limit)
    if cut is not None:
        assert cut == text.shorten(value, limit)


@RUNS
@given(documents, st.integers(0, 200))
@example("<p>経営<em>計画</em>。</p>\n<p>&amp; 次<br />へ</p>", 21)
@example("<p>計画。</p><!-- <p>x</p> --><p>y</p>", 26)
@example("<p>a &amp; b</p>", 7)
def test_an_opening_s_text_starts_the_text_of_all_it_opens(html, rest):
    opening = html[: len(html) - rest]
    found = text.opening_text(opening)
    if found is not None:
        assert found == text.html_to_text(opening)
        assert text.html_to_text(html).startswith(found)
