"""Property tests: html_to_text()'s fast paths give exactly the slow path's text.

html_to_text() reads most HTML without html.parser: ``_simple_text`` (one split,
no Python call per tag) for HTML with no skipped tag and no class, else
``_fast_collect`` (one regex, a callback per tag). Each must collect what
html.parser collects, and the whitespace collapsing done by str methods must
equal the regex it replaced.
"""

from __future__ import annotations

import re

import regex
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pelican.plugins.posse import text

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


def parser_text(html: str) -> str:
    parser = text._TextParser()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


@RUNS
@given(htmls)
@example("<p>経営<em>計画</em>。</p>\n<p>&amp; 次<br />へ</p>")
@example('<p>a<a href="/x">b</a><span class="toc">c</span>d</p>')
@example("<p>a&amp")
@example("<!-- <p>x</p> --><p>y</p><?php ?>")
def test_fast_paths_collect_what_html_parser_collects(html):
    expected = parser_text(html)
    for trailing_ok in (True, False):
        fast = text._fast_collect(html, trailing_ok)
        simple = text._simple_text(html, trailing_ok)
        if fast is not None:
            assert "".join(fast.parts) == expected
        if simple is not None:
            assert fast is not None  # never fast where the slower path is unsure
            assert simple == expected


_SPACE_RUN = re.compile("[ \\t\\n\\r\\f\\v\\u00a0\\u3000\\x1e]+")
_CJK_ONE = re.compile(f"[{text._CJK}]")


def reference_collapse(value: str) -> str:
    """html_to_text()'s whitespace rule as the one regex it was first written as."""
    if not _CJK_ONE.search(value):
        return _SPACE_RUN.sub(" ", value).strip()
    joined = _SPACE_RUN.sub(lambda m: text._joined(value, m.start(), m.end()), value)
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
def test_space_collapsing_equals_the_regex(value):
    assert text._one_space(value).strip() == _SPACE_RUN.sub(" ", value).strip()
    # Also on text without CJK: html_to_text() collapses all non-ASCII text so.
    assert text._collapse_cjk(value).strip() == reference_collapse(value)


@RUNS
@given(htmls)
def test_html_to_text_equals_html_parser_and_regex(html):
    assert text.html_to_text(html) == reference_collapse(parser_text(html))


@RUNS
@given(st.lists(st.one_of(st.characters(), st.sampled_from(["", "\u3000", "\u2fff"]))))
def test_is_cjk_is_the_character_class(chars):
    for char in chars:
        assert text._is_cjk(char) == bool(_CJK_ONE.match(char))


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
    assert text._sentence_ends(value) == expected
