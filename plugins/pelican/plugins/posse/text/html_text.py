"""HTML to plain text: the lead of an article, cheaply, for posts and og:description."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from itertools import repeat
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


# --- HTML to text ----------------------------------------------------------------

# Elements whose text is not prose a reader would want in a summary.
# fmt: off
_SKIP_TAGS = frozenset({
    "script", "style", "pre", "template", "noscript", "svg", "math", "nav",
    "figcaption", "iframe", "object", "video", "audio", "canvas", "button",
    "select", "textarea", "head", "title",
})
_SKIP_CLASSES = frozenset({
    "footnote", "footnotes", "footnote-ref", "footnote-reference", "footnote-list",
    "toc", "table-of-contents", "contents", "highlight", "highlighttable",
    "codehilite",
})
# Dropped without leaving a gap: "Claim<sup>1</sup>." reads "Claim."
_INLINE_SKIPS = frozenset({
    "sup", "a", "span", "code", "svg", "math", "button", "select", "textarea",
})
_BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
    "h5", "h6", "blockquote", "section", "article", "header", "footer", "aside",
    "table", "tr", "td", "th", "thead", "tbody", "tfoot", "hr", "figure", "main",
    "address", "details", "summary", "caption",
})
_VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
    "source", "track", "wbr",
})
# fmt: on
_CJK = (
    "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
    "\U00020000-\U0003ffff"
)
# A block edge (</p>, <br>, </li>…), told apart from a line break in the source.
_BLOCK = "\x1e"
_SENTENCE_MARKS = frozenset("。！？…、")
_CLOSE_QUOTES = frozenset("」』）】〕")
_PLAIN_SPACES = " \t\f\v\r\u00a0"  # a space first
_ALL_SPACES = _PLAIN_SPACES + "\n\u3000\x1e"


class _Collector:
    """The text of an HTML fragment, from start tags, end tags and data."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self._skip_tag: str | None = None
        self._skip_depth = 0

    def _skipped(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _SKIP_TAGS:
            return True
        values = dict(attrs)
        classes = set((values.get("class") or "").split())
        if classes & _SKIP_CLASSES:
            return True
        # Markdown's footnote reference: <sup id="fnref:1"><a class="footnote-ref">
        return tag == "sup" and (values.get("id") or "").startswith("fnref")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag and tag not in _VOID_TAGS:
                self._skip_depth += 1
            return
        if tag not in _VOID_TAGS and self._skipped(tag, attrs):
            self._skip_tag, self._skip_depth = tag, 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(_BLOCK)

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_depth -= 1
                if self._skip_depth == 0:
                    self._skip_tag = None
                    if tag not in _INLINE_SKIPS:
                        self.parts.append(_BLOCK)
            return
        if tag in _BLOCK_TAGS:
            self.parts.append(_BLOCK)

    def handle_data(self, data: str) -> None:
        if self._skip_tag is None:
            self.parts.append(data)
            self.size += len(data)


class _TextParser(_Collector, HTMLParser):
    def __init__(self) -> None:
        _Collector.__init__(self)
        HTMLParser.__init__(self, convert_charrefs=True)


# The fast path of html_to_text(): tags found by one regex split, for the plain
# HTML Markdown and reST write. Anything else (comments, <script>, a class, a
# stray "<", ...) goes to html.parser, whose results it matches.
_TAG = re.compile(
    r"<(/?)([a-zA-Z][^\t\n\r\f />\x00]*)((?:[^<>\"']|=\s*\"[^\"]*\"|=\s*'[^']*')*)>"
)
# Never skipped whatever their attributes say but the class: every other tag.
_NOT_SIMPLE = _SKIP_TAGS | {"sup"}
_EDGE = dict.fromkeys(_BLOCK_TAGS, _BLOCK)


def _simple_text(html: str, trailing_ok: bool) -> str | None:
    """What html.parser collects from ``html``, without a Python call per tag, for
    HTML none of whose tags is skipped or has a class (most Markdown and reST
    output); None when that is not so. A block tag leaves an edge, any other
    tag nothing, and the text between tags is kept, entities decoded."""
    return _split_text(html, trailing_ok)


def _split_text(html: str, trailing_ok: bool) -> str | None:
    """``_simple_text(html)``, for any HTML: the tags found by one regex split."""
    parts = _TAG.split(html)
    names = parts[2::4]
    # One "<" per tag: none in the text (a comment, "<!", "<?"), nor in an
    # attribute value.
    if html.count("<") != len(names):
        return None
    joined = "".join(names)
    if joined.lower() != joined:
        names = [name.lower() for name in names]
    # Many openings hold block tags only (<p>): none is skipped, each an edge.
    edges_only = _BLOCK_TAGS.issuperset(names)
    if not edges_only and not _NOT_SIMPLE.isdisjoint(names):
        return None
    rests = parts[3::4]
    closed: list[int] = []  # <br/>: a start and an end tag
    if any(rests):
        for i, rest in enumerate(rests):
            if not rest:
                continue
            if parts[4 * i + 1]:  # an end tag with more than spaces in it
                if rest.strip():
                    return None
            elif "class" in rest.lower():  # may name a skipped class
                return None
            else:
                stripped = rest.rstrip()
                if stripped.endswith("/") and (
                    len(stripped) == 1 or stripped[-2] in " \t\n\r\f\"'"
                ):
                    closed.append(i)
    texts = parts[0::4]
    if "&" in html:
        if "&" in texts[-1] and not trailing_ok:
            return None
        texts = [unescape(text) if "&" in text else text for text in texts]
    if edges_only and not closed:
        return _BLOCK.join(texts)
    marks = list(map(_EDGE.get, names, repeat("")))
    for i in closed:
        marks[i] += marks[i]
    out = [""] * (len(texts) + len(marks))
    out[0::2] = texts
    out[1::2] = marks
    return "".join(out)


def _joined(text: str, start: int, end: int, block: bool) -> str:
    """What the run of spaces ``text[start:end]`` becomes; ``block``: it holds
    a block edge, else a line break or an ideographic space (_collapse_cjk()
    decides the runs with an edge first, so these hold none)."""
    # Between two CJK characters a line break is no space at all (CSS Text's
    # segment-break rule), nor is a block edge after 。 or a closing bracket; a
    # heading or list item that ends without one keeps a space, or it would run
    # into the next block ("…から計画書づくりで"). Elsewhere any run is one space.
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if not (_is_cjk(before) and _is_cjk(after)):
        return " "
    if not block:
        return ""
    if before in _SENTENCE_MARKS or (
        before in _CLOSE_QUOTES and text[start - 2 : start - 1] in _SENTENCE_MARKS
    ):
        return ""
    return " "


_HEADING = re.compile(r"<h[1-6][\s>]", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]*>")


def lead_html(html: str) -> str:
    """The article's lead: its HTML before the first heading, or all of it when
    nothing but markup comes before one.

    The lead is the author's own introduction. Running on past a heading glues
    the heading's words and the next section onto it as if they were one
    sentence (「…確認しましょう。経営計画 自社の強み…」), in a post as in a card.
    """
    heading = _HEADING.search(html)
    if heading is None:
        return html
    lead = html[: heading.start()]
    return lead if _ANY_TAG.sub("", lead).strip() else html


def html_to_text(html: str, *, max_chars: int | None = None) -> str:
    """Readable plain text of an HTML fragment.

    Tags are stripped and entities decoded; code blocks, footnotes, tables of
    contents, images, scripts and styles are dropped; whitespace collapses to one
    space, and to nothing between two CJK characters across a line or block.
    With ``max_chars``, parsing stops once that much text was read (the result
    may be somewhat longer): a summary needs the opening, not the whole article.
    """
    step = max(1024, (max_chars or 0) * 3)
    text: str | None = None
    if max_chars is None or len(html) <= step:
        # html.parser may hold back a charref at the very end when not closed.
        trailing_ok = max_chars is None
        text = _simple_text(html, trailing_ok)
    if text is None:
        text = "".join(_html_parser_collect(html, max_chars, step).parts)
    return _collapsed(text)


def opening_text(html: str) -> str | None:
    """``html_to_text(html)`` when the text of any HTML that starts with ``html``
    starts with it too; None when unsure.

    It does when ``html`` is plain (see _simple_text()) and the text after its
    last tag has no "&" (a character reference may be cut short there): each
    tag in it is whole, more HTML only adds text after its text, and each run
    of spaces is decided by its neighbours, so only the trailing run, which is
    stripped, may read otherwise in the longer text.
    """
    text = _split_text(html, trailing_ok=False)
    return None if text is None else _collapsed(text)


def _collapsed(text: str) -> str:
    """The collected ``text`` with its whitespace collapsed and stripped."""
    # The runs at either end would be stripped whatever they became.
    return _collapse_cjk(text.strip())


def _is_cjk(char: str) -> bool:
    """Whether ``char`` (one character or "") is in one of the ``_CJK`` ranges
    (a one-character string compares as its code point; "" as less than all)."""
    return char >= "\u3000" and (
        char <= "\u30ff"
        or "\u4e00" <= char <= "\u9fff"
        or "\u3400" <= char <= "\u4dbf"
        or "\uf900" <= char <= "\ufaff"
        or "\uff00" <= char <= "\uffef"
        or "\U00020000" <= char <= "\U0003ffff"
    )


# A run of any of these and spaces is one space (CJK text aside).
_RUN_CHARS = "\t\n\r\f\v\u00a0\u3000\x1e"


def _plain_one_space(text: str) -> str:
    """Each run of spaces, tabs, carriage returns, form feeds and no-break spaces
    as one space."""
    if "\t" in text or "\r" in text or "\f" in text or "\v" in text or "\xa0" in text:
        for char in "\t\r\f\v\xa0":
            text = text.replace(char, " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text


def _collapse_cjk(text: str) -> str:
    """Each run of spaces and _RUN_CHARS as ``_joined()`` says: one space, or
    none in CJK text. The runs with a block edge are decided first, then those
    with a line break or an ideographic space: deciding a run leaves the others
    and their neighbours as they were. What is left are runs of plain spaces,
    one space each."""
    if "\x1e" in text:
        text = _join_runs(text, "\x1e")
    if "\n" in text:
        text = _join_runs(text, "\n")
    if "\u3000" in text:
        text = _join_runs(text, "\u3000")
    return _plain_one_space(text)


def _join_runs(text: str, char: str) -> str:
    """Each run of spaces in ``text`` that holds ``char`` as ``_joined()`` says;
    found by str.find, which scans in C (a regex is slow per character)."""
    parts: list[str] = []
    block = char == _BLOCK
    last = 0
    size = len(text)
    start = text.find(char)
    while start >= 0:
        end = start + 1
        while start > last and text[start - 1] in _ALL_SPACES:
            start -= 1
        while end < size and text[end] in _ALL_SPACES:
            end += 1
        parts.append(text[last:start])
        parts.append(_joined(text, start, end, block))
        last = end
        start = text.find(char, end)
    parts.append(text[last:])
    return "".join(parts)


def _html_parser_collect(html: str, max_chars: int | None, step: int) -> _Collector:
    parser = _TextParser()
    if max_chars is None:
        parser.feed(html)
        parser.close()
    else:
        for start in range(0, len(html), step):
            parser.feed(html[start : start + step])
            if parser.size > max_chars + 64:
                break
        else:
            parser.close()
    return parser
