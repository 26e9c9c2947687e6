"""Plain text for posts: X's weighted length, HTML to text, and cutting text to fit.

``weighted_length()`` counts a post the way X does (twitter-text v3: NFC first, a
Japanese character weighs 2, every URL counts 23, an emoji sequence counts 2).
Its URL rules are a port of twitter-text's ``Regex.java`` and ``Extractor.java``
(https://github.com/twitter/twitter-text, Copyright 2018 Twitter, Inc., Apache
License 2.0), and ``tlds.txt`` next to this module is twitter-text's TLD list
(``conformance/tld_lib.yml``). We port rather than depend on the PyPI package
``twitter-text-parser``: it imports ``pkg_resources`` without declaring it and
carries 2019 emoji data; the ``emoji`` package keeps emoji sequences current.

``html_to_text()`` and ``shorten()`` serve both the composer and the page
metadata (og:description on every article), so both are built to be cheap:
the stdlib HTML parser, stopping early when asked, and BudouX run only on the
few characters around a cut.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser
from itertools import repeat
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

__all__ = [
    "extract_urls",
    "grapheme_length",
    "html_to_text",
    "shorten",
    "weighted_length",
]


# --- patterns compiled on first use ----------------------------------------------
# A build imports this module for every article's og:description, but most
# patterns here serve only weighted_length(), URLs and the slow way of cutting a
# text. Compiling them all cost a build ~60M instructions, and importing the
# third-party ``regex`` module (for \X, \p{...} and its \s) ~50M more: each is
# compiled, and ``regex`` imported, by the first call of its getter.


def re_on_first_use(pattern: str) -> Callable[[], re.Pattern[str]]:
    """A getter of ``pattern`` compiled by ``re``, the first time it is asked for."""
    return functools.cache(lambda: re.compile(pattern))


def regex_on_first_use(pattern: str) -> Callable[[], regex.Pattern[str]]:
    """A getter of ``pattern`` compiled by ``regex``, imported by the first call."""

    @functools.cache
    def compiled() -> regex.Pattern[str]:
        import regex  # noqa: PLC0415 - see above

        return regex.compile(pattern)

    return compiled


# --- X's v3 weighting (twitter-text-config-v3.json) --------------------------------

MAX_WEIGHTED_LENGTH = 280
URL_LENGTH = 23
# Code points X weighs 1; every other one weighs 2.
_LIGHT = re_on_first_use("[\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]+")


def _plain_weight(text: str) -> int:
    # Each character weighs 1, and the heavy ones (all but _LIGHT) 1 more.
    return len(text) + len(_LIGHT().sub("", text))


# --- twitter-text's URL rules (Regex.java), kept in its vocabulary -----------------

_INVALID_CHARS = "\ufffe\ufeff\uffff"
_DIRECTIONAL = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_LATIN_ACCENTS = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f"
    "\u0253\u0254\u0256\u0257\u0259\u025b\u0263\u0268\u026f\u0272\u0289\u028b"
    "\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_CYRILLIC = "\u0400-\u04ff"
_PUNCTUATION = r"\-_!\"#$%&'()*+,./:;<=>?@\[\]^`{|}~"


def _load_tlds() -> tuple[list[str], list[str]]:
    # Imported here: importlib.resources costs a build more than all of
    # posse's other imports, and only text with a URL-like "x.y" needs the list.
    from importlib import resources  # noqa: PLC0415

    sections: dict[str, list[str]] = {}
    current: list[str] = []
    data = resources.files(__package__).joinpath("tlds.txt").read_text("utf-8")
    for raw in data.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        else:
            current.append(line)
    return sections["generic"], sections["country"]


def _trie(words: list[str]) -> str:
    """One regex alternation for ``words``, factored by prefix.

    A flat alternation of 1,500 TLDs is tried name by name at every candidate
    position; a trie fails at the first character that no TLD continues with.
    """
    import regex  # noqa: PLC0415 - only to build the URL pattern

    tree: dict = {}
    for word in words:
        node = tree
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: dict) -> str:
        branches = [
            regex.escape(c) + render(child) for c, child in sorted(node.items()) if c
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return render(tree)


def _build_url_pattern() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    import regex  # noqa: PLC0415 - only text with a URL-like "x.y" needs it

    generic, country = _load_tlds()
    gtld_alt, cctld_alt = _trie(generic), _trie(country)
    gtld = f"(?:(?:{gtld_alt})(?=[^a-z0-9@+-]|$))"
    cctld = f"(?:(?:{cctld_alt})(?=[^a-z0-9@+-]|$))"
    chars = f"a-z0-9{_LATIN_ACCENTS}"
    preceding = f"(?:[^a-z0-9@＠$#＃{_INVALID_CHARS}]|[{_DIRECTIONAL}]|^)"
    subdomain = f"(?>(?:[{chars}][{chars}\\-_]*)?[{chars}]\\.)"
    domain_name = f"(?:(?:[{chars}][{chars}\\-]*)?[{chars}]\\.)"
    uni = f"[^{_PUNCTUATION}\\s\\p{{Z}}\\u2000-\\u206f]"
    unicode_domain_name = f"(?:(?:{uni}(?:{uni}|-)*)?{uni}\\.)"
    punycode = "(?:xn--[-0-9a-z]+)"
    domain = (
        f"(?:{subdomain}*{domain_name}(?:{gtld}|{cctld}|{punycode}))"
        f"|(?:(?<=https?://)(?:(?:{domain_name}{cctld})"
        f"|(?:{unicode_domain_name}(?:{gtld}|{cctld}))))"
        f"|(?:{domain_name}{cctld}(?=/))"
    )
    path_chars = (
        r"[a-z0-9!\*';:=\+,.\$/%#\[\]\-\u2013_~\|&@" + _LATIN_ACCENTS + _CYRILLIC + "]"
    )
    parens = (
        f"\\((?:{path_chars}+|(?:{path_chars}*\\({path_chars}+\\){path_chars}*))\\)"
    )
    path_end = f"[a-z0-9=_#/\\-\\+{_LATIN_ACCENTS}{_CYRILLIC}]|(?:{parens})"
    path = (
        f"(?:(?:{path_chars}*(?:{parens}{path_chars}*)*{path_end})|(?:@{path_chars}+/))"
    )
    query_chars = r"[a-z0-9!?\*'\(\);:&=\+\$/%#\[\]\-_\.,~\|@]"
    query_end = r"[a-z0-9\-_&=#/]"
    url = (
        f"(?P<before>{preceding})"
        f"(?P<url>(?P<protocol>https?://)?(?P<domain>{domain})"
        f"(?::[0-9]++)?(?:/{path}*+)?(?:\\?{query_chars}*{query_end})?)"
    )
    tco = f"^https?://t\\.co/([a-z0-9]+)(?:\\?{query_chars}*{query_end})?"
    return (
        regex.compile(url, regex.IGNORECASE),
        regex.compile(tco, regex.IGNORECASE),
    )


@functools.cache
def _url_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    return _build_url_pattern()


_MAX_URL_LENGTH = 4096
_MAX_TCO_SLUG_LENGTH = 40
_BAD_BEFORE_SCHEMELESS = regex_on_first_use(r"[-_./]$")


def _valid_host(url_length: int, has_protocol: bool, host: str) -> bool:
    # Java's IDN.toASCII: a label over 63 characters once punycoded is not a host,
    # which is what keeps a long run of kana before ".com" from counting as 23.
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    if not ascii_host:
        return False
    length = url_length + len(ascii_host) - len(host)
    return length + (0 if has_protocol else len("https://")) <= _MAX_URL_LENGTH


_SPACE = regex_on_first_use(r"\s")
_LAST_SPACE = regex_on_first_use(r"(?r)\s")
_ASCII_DOMAIN_CHAR = regex_on_first_use(f"(?i)[a-z0-9{_LATIN_ACCENTS}_.\\-]")


def _regions(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` where a URL may start: the regex is costly per character.

    A URL holds a dot followed by a letter or digit and no space, so only the
    space-free chunks with such a dot are searched, and in a long chunk (Japanese
    has no spaces) only from the left edge of that dot's domain, or its scheme, on.
    One character before each stretch is kept for the "preceding character" rule.
    """
    regions: list[tuple[int, int]] = []
    dot = text.find(".")
    while dot >= 0:
        if not text[dot + 1 : dot + 2].isalnum():
            # A domain's dot is followed by a TLD: "programme." starts no URL.
            dot = text.find(".", dot + 1)
            continue
        space = _LAST_SPACE().search(text, 0, dot)
        start = space.end() if space else 0
        space = _SPACE().search(text, dot)
        end = space.start() if space else len(text)
        if dot - start > 128:
            left = dot
            while (
                left > start
                and dot - left < 300
                and _ASCII_DOMAIN_CHAR().match(text, left - 1)
            ):
                left -= 1
            scheme = text.rfind("://", start, dot)
            if scheme >= 0:
                left = min(left, max(start, scheme - 5))
            start = left
        regions.append((max(0, start - 1), end))
        dot = text.find(".", end)
    return regions


def extract_urls(text: str) -> list[tuple[int, int]]:
    """(start, end) of every URL X would link in ``text``, with or without a scheme."""
    if "." not in text:
        return []
    regions = _regions(text)
    if not regions:  # prose with no "x.y": spare compiling the URL pattern (~1 s)
        return []
    url_re, tco_re = _url_patterns()
    spans: list[tuple[int, int]] = []
    for pos, endpos in regions:
        for match in url_re.finditer(text, pos, endpos):
            has_protocol = bool(match.group("protocol"))
            if not has_protocol and _BAD_BEFORE_SCHEMELESS().search(
                match.group("before")
            ):
                continue
            url = match.group("url")
            start, end = match.span("url")
            tco = tco_re.match(url)
            if tco:
                if len(tco.group(1)) > _MAX_TCO_SLUG_LENGTH:
                    continue
                end = start + tco.end()
                url = tco.group(0)
            if _valid_host(len(url), has_protocol, match.group("domain")):
                spans.append((start, end))
    return spans


# --- emoji ---------------------------------------------------------------------

# Characters without which no emoji sequence exists: a cheap test that spares the
# emoji tokenizer on the (Japanese or English) text that has none.
# Blocks, not the exact Extended_Pictographic property: the stdlib ``re`` tests
# them three times faster, and tests/test_weighted_length.py checks the cover.
_EMOJI_HINT = re_on_first_use(
    "[\u00a9\u00ae\u200d\u203c\u2049\u20e3\u2122\u2139\u2190-\u21ff"
    "\u2300-\u23ff\u24c2\u25a0-\u27bf\u2900-\u297f\u2b00-\u2bff\u3030\u303d"
    "\u3297\u3299\ufe0f\U0001f000-\U0001ffff\U000e0020-\U000e007f]"
)


def _emoji_spans(text: str) -> list[tuple[int, int]]:
    hints = [m.start() for m in _EMOJI_HINT().finditer(text)]
    if not hints:
        return []
    import emoji  # noqa: PLC0415  (only text with emoji-like characters pays for it)

    # A keycap starts one character before its first hint character.
    offset = max(0, hints[0] - 1)
    spans = []
    for found in emoji.emoji_list(text[offset : hints[-1] + 1]):
        start, end = found["match_start"] + offset, found["match_end"] + offset
        # X counts text-style symbols below U+2000 (©, ®) as plain characters.
        if end - start == 1 and ord(text[start]) < 0x2000:
            continue
        spans.append((start, end))
    return spans


def weighted_length(text: str) -> int:
    """The length X gives ``text`` (twitter-text v3); a post may weigh 280."""
    return _weighted_length(text)


# Composing measures the same few drafts several times; each costs tens of µs.
@functools.lru_cache(maxsize=2048)
def _weighted_length(text: str) -> int:
    text = unicodedata.normalize("NFC", text)
    entities = {start: (end, URL_LENGTH) for start, end in extract_urls(text)}
    for start, end in _emoji_spans(text):
        entities.setdefault(start, (end, 2))
    if not entities:
        return _plain_weight(text)
    total = 0
    position = 0
    for start in sorted(entities):
        if start < position:  # an emoji inside a URL: the URL already counted it
            continue
        total += _plain_weight(text[position:start])
        end, weight = entities[start]
        total += weight
        position = end
    return total + _plain_weight(text[position:])


def grapheme_length(text: str) -> int:
    """Characters as people see them (Bluesky and Mastodon count these), NFC first."""
    text = unicodedata.normalize("NFC", text)
    if _SIMPLE_TEXT().fullmatch(text):
        return len(text)
    return len(_GRAPHEME().findall(text))


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


# The fast path of html_to_text(): tags found by one regex, for the plain HTML
# Markdown and reST write. Anything else (comments, <script>, a stray "<", ...)
# goes to html.parser, whose results these match.
_TAG = re.compile(
    r"<(/?)([a-zA-Z][^\t\n\r\f />\x00]*)((?:[^<>\"']|=\s*\"[^\"]*\"|=\s*'[^']*')*)>"
)
_ATTR = re.compile(
    r"""([^\s/>=][^\s/=>]*)(?:\s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*))?"""
)


def _attrs(text: str) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    for m in _ATTR.finditer(text):
        value = m.group(2)
        if value is not None:
            if value[:1] in ("'", '"') and value[-1:] == value[:1] and len(value) > 1:
                value = value[1:-1]
            if "&" in value:
                value = unescape(value)
        found.append((m.group(1).lower(), value))
    return found


def _fast_collect(html: str, trailing_ok: bool) -> _Collector | None:
    """What html.parser would collect from ``html``, or None if unsure."""
    if "<!" in html or "<?" in html:
        return None
    out = _Collector()
    position = 0
    for m in _TAG.finditer(html):
        data = html[position : m.start()]
        if data:
            if "<" in data:
                return None
            out.handle_data(unescape(data) if "&" in data else data)
        position = m.end()
        tag = m.group(2).lower()
        rest = m.group(3)
        if m.group(1):
            if rest.strip():
                return None
            out.handle_endtag(tag)
            continue
        if tag in ("script", "style"):  # raw text up to the end tag
            return None
        stripped = rest.rstrip()
        closed = stripped.endswith("/") and (
            len(stripped) == 1 or stripped[-2] in " \t\n\r\f\"'"
        )
        if closed:
            stripped = stripped[:-1]
        out.handle_starttag(tag, _attrs(stripped) if stripped.strip() else [])
        if closed:
            out.handle_endtag(tag)
    data = html[position:]
    if data:
        if "<" in data or ("&" in data and not trailing_ok):
            return None
        out.handle_data(unescape(data) if "&" in data else data)
    return out


# Never skipped whatever their attributes say but the class: every other tag.
_NOT_SIMPLE = _SKIP_TAGS | {"sup"}
_EDGE = dict.fromkeys(_BLOCK_TAGS, _BLOCK)


def _simple_text(html: str, trailing_ok: bool) -> str | None:
    """``"".join(_fast_collect(html).parts)`` without a Python call per tag, for
    HTML none of whose tags is skipped or has a class (most Markdown and reST
    output); None when that is not so. A block tag leaves an edge, any other
    tag nothing, and the text between tags is kept, entities decoded."""
    text = _paragraphs_text(html)
    return _split_text(html, trailing_ok) if text is None else text


def _paragraphs_text(html: str) -> str | None:
    """``_simple_text(html)`` for HTML whose only tags are <p> and </p> and
    which holds no "&" (most openings: a paragraph, or the end of one and the
    start of the next); None for any other. Two str.replace() calls, which
    scan in C, cost a quarter of _split_text()'s regex split."""
    if "&" in html:
        return None
    text = html.replace("</p>", _BLOCK).replace("<p>", _BLOCK)
    return None if "<" in text else text


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
    # (Characters by index: a slice of text costs twice as much.)
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    # Most text before and after a run is not CJK (below U+3000): one compare.
    if not (before >= "\u3000" <= after and _is_cjk(before) and _is_cjk(after)):
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
            parser = _fast_collect(html, trailing_ok)
            if parser is not None:
                text = "".join(parser.parts)
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
    stripped, may read otherwise in the longer text. (Its one caller asks
    paragraphs_text() first: the tags are found by the regex split.)
    """
    text = _split_text(html, trailing_ok=False)
    return None if text is None else _collapsed(text)


def paragraphs_text(html: str) -> str | None:
    """``opening_text(html)`` for HTML of paragraphs only (<p> and </p>, no
    "&"), None for any other: most openings, which need neither the regex
    split nor lead_html()'s search (they hold no heading). Each "<" in such
    HTML starts a whole tag, so it ends before a tag, as an opening does."""
    text = _paragraphs_text(html)
    return None if text is None else _collapsed(text)


def _collapsed(text: str) -> str:
    """The collected ``text`` with its whitespace collapsed and stripped."""
    # The runs at either end would be stripped whatever they became.
    text = text.strip()
    # isascii() is answered without a scan. Other text may hold CJK, where only
    # a run with a line break, an ideographic space or a block edge can vanish;
    # the (many) plain spaces between sentences stay one space. Searching for
    # CJK first would cost more than deciding the few runs that could vanish.
    if text.isascii():
        return _one_space(text)
    return _collapse_cjk(text)


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


def _one_space(text: str) -> str:
    """Each run of spaces and _RUN_CHARS as one space, by str methods, which scan
    in C: a regex costs tens of instructions a character and more per match."""
    if "\n" in text or "\x1e" in text or "\u3000" in text:
        text = text.replace("\n", " ").replace("\x1e", " ").replace("\u3000", " ")
    return _plain_one_space(text)


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


# --- cutting text to fit -----------------------------------------------------------

_GRAPHEME = regex_on_first_use(r"\X")
# Tokens a cut must never enter (URLs are added from extract_urls()).
_TOKEN = regex_on_first_use(
    r"[#＃@＠][\p{L}\p{M}\p{N}_]+|[$¥€£]?\p{N}+(?:[.,:/]\p{N}+)*%?"
)
_SPACES = regex_on_first_use(r"\s+")
_COMMA = regex_on_first_use(r"[、，,;；:：]")
# Characters that never join a neighbour into one grapheme cluster: text made
# only of them (most Japanese and English prose) has a boundary everywhere, and
# the costly \X scan is only needed for the rest (emoji, combining marks, ...).
# (Its CJK ranges make it slow to compile, ~14M instructions: a text shorter than
# its limit never needs it.)
_SIMPLE_TEXT = re_on_first_use(
    "[\t\n\x20-\x7e\u00a0-\u02ff\u0370-\u0482\u048a-\u052f\u2010-\u2027"
    "\u2030-\u205e\u3000-\u3029\u3030-\u3098\u309b-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uff01-\uff9d\uffa0-\uffef]*"
)
_KANA = regex_on_first_use(r"[\u3040-\u30ff]")
_CJK_CHAR = regex_on_first_use(f"[{_CJK}]")
_TRAILING = " \t\r\n\u3000、，,:;：；「『（([{<“‘\"'-–—"
_ENDS_SENTENCE = regex_on_first_use(r"[。！？.!?][」』）)\"'”’]*$")


@functools.cache
def _budoux_parser():
    import budoux  # noqa: PLC0415  (loading its model costs a few ms; only when cut)

    return budoux.load_default_japanese_parser()


def _cuttable_positions(window: str) -> list[int]:
    """Grapheme boundaries of ``window`` that are not inside a URL, tag or number."""
    if _SIMPLE_TEXT().fullmatch(window):
        boundaries = list(range(1, len(window) + 1))
    else:
        boundaries = [m.end() for m in _GRAPHEME().finditer(window)]
    protected = extract_urls(window)
    protected += [m.span() for m in _TOKEN().finditer(window)]
    if not protected:
        return boundaries
    inside = set()
    for start, end in protected:
        inside.update(range(start + 1, end))
    return [p for p in boundaries if p not in inside]


def _last_fitting(cands: list[int], fits: Callable[[int], bool]) -> int | None:
    """The largest candidate that fits, by bisection (prefix measures only grow)."""
    lo, hi, best = 0, len(cands) - 1, None
    while lo <= hi:
        mid = (lo + hi) // 2
        if fits(cands[mid]):
            best, lo = cands[mid], mid + 1
        else:
            hi = mid - 1
    return best


def _phrase_boundaries(window: str, upto: int, japanese: bool) -> set[int]:
    """Word and phrase ends at or before ``upto``: spaces, 、, BudouX phrases."""
    found = {m.start() for m in _SPACES().finditer(window, 0, upto + 1)}
    found |= {m.end() for m in _COMMA().finditer(window, 0, upto)}
    start = max(0, upto - 32)
    segment = window[start : upto + 4]
    cjk_char = _CJK_CHAR()
    if japanese and cjk_char.search(segment):
        position = start
        for phrase in _budoux_parser().parse(segment)[:-1]:
            position += len(phrase)
            # A slice edge is not a real boundary; BudouX looks 3 characters out.
            if start == 0 or position - start >= 3:
                found.add(position)
    elif cjk_char.search(segment):
        # Chinese and other CJK text without kana: any break between two ideographs.
        for i in range(start + 1, min(upto, len(window)) + 1):
            if cjk_char.match(window, i - 1) and cjk_char.match(window, i):
                found.add(i)
    found.discard(0)
    return {p for p in found if p <= upto}


_CLOSERS = "」』）)\"'”’"
_NOT_REGEX_SPACE = "\x1c\x1d\x1e\x1f"  # str.isspace(), but not the regex module's \s


def _sentence_ends(text: str) -> list[int]:
    """Where sentences end in ``text``: what the regex (module) pattern
    ``(?:[。！？]+|[.!?]+(?=[\\s」』）)"'”’]|$))[」』）)"'”’]*`` finds (held equal
    in tests/test_text_properties.py). A regex engine costs a hundred
    instructions a character here, more than the rest of a description; the
    marks are found by str.find, which scans in C.

    A run of 。！？ ends a sentence; a run of .!? only before a space, a closing
    bracket or quote, or the end. Closing brackets and quotes after it go with it.
    """
    marks = []
    for mark in "。！？.!?":
        at = text.find(mark)
        while at >= 0:
            marks.append(at)
            at = text.find(mark, at + 1)
    if not marks:
        return []
    marks.sort()
    ends = []
    size = len(text)
    count = len(marks)
    i = 0
    while i < count:
        # The run: adjacent marks of one kind (full-width or ASCII).
        ascii_run = text[marks[i]] in ".!?"
        end = marks[i] + 1
        i += 1
        while i < count and marks[i] == end and (text[end] in ".!?") == ascii_run:
            end += 1
            i += 1
        if ascii_run and end < size and not _may_end_sentence(text[end]):
            continue
        while end < size and text[end] in _CLOSERS:
            end += 1
        ends.append(end)
    return ends


_FULL_WIDTH_MARKS = "。！？"
_ASCII_MARKS = ".!?"
# Greedy: it ends just after the last mark (one call; six str.rfind cost more).
_UP_TO_LAST_MARK = re.compile("(?s).*[。！？.!?]")
# The same, up to the last mark that ends a sentence, and its closing quotes:
# a full-width mark, or .!? before a space (not U+001C to U+001F, see
# _may_end_sentence()), a closing quote or the end. The mark is tested first,
# so the look-arounds cost nothing on the other characters.
_UP_TO_LAST_SENTENCE = re.compile(
    f"(?s).*[。！？.!?](?:(?<=[。！？])|(?=[^\\S{_NOT_REGEX_SPACE}]|[{_CLOSERS}]|$))"
    f"[{_CLOSERS}]*"
)


def _last_sentence_end(text: str, limit: int) -> int | None:
    """The last of ``_sentence_ends(text[: limit + 1])`` that is at most
    ``limit``, or None (held equal in tests/test_text_properties.py).

    One regex call finds the last sentence end; only when its closing quotes
    pass ``limit`` are the runs before it looked at, one by one.
    """
    found = _UP_TO_LAST_SENTENCE.match(text, 0, limit + 1)
    if found is None:
        return None
    end = found.end()
    return end if end <= limit else _last_sentence_end_by_runs(text, limit)


def _last_sentence_end_by_runs(text: str, limit: int) -> int | None:
    """``_last_sentence_end(text, limit)``, found from the end run by run, so
    only the last sentences are looked at.

    Sentences are runs of one kind of mark, and a run is whole: the mark
    found last ends the last run before ``stop``, which begins where marks of
    its kind begin. When that run ends no sentence (.!? before a letter) or
    its closing quotes pass ``limit``, the run before it is next.
    """
    size = min(len(text), limit + 1)
    stop = size
    while True:
        found = _UP_TO_LAST_MARK.match(text, 0, stop)
        if found is None:
            return None
        end = found.end()
        mark = text[end - 1]
        if mark in _FULL_WIDTH_MARKS or end == size or _may_end_sentence(text[end]):
            while end < size and text[end] in _CLOSERS:
                end += 1
            if end <= limit:
                return end
        # The next search ends where this run begins.
        kind = _FULL_WIDTH_MARKS if mark in _FULL_WIDTH_MARKS else _ASCII_MARKS
        stop = found.end() - 1
        while stop > 0 and text[stop - 1] in kind:
            stop -= 1


def _may_end_sentence(after: str) -> bool:
    """Whether a run of .!? before ``after`` ends a sentence (the regex
    module's \\s does not hold U+001C to U+001F; str.isspace() does)."""
    return after in _CLOSERS or (after.isspace() and after not in _NOT_REGEX_SPACE)


def _quick_sentence_end(text: str, limit: int) -> int | None:
    """The last sentence end within ``limit`` characters of ``text``, if it
    keeps a third of ``limit`` and is a grapheme boundary; None otherwise.

    A mark or closing quote joins no neighbour into a grapheme cluster, so the
    end is a boundary unless the character after it joins (a combining mark,
    a zero-width joiner, ...). No hashtag or number holds a sentence end: their
    characters are letters, digits and a "." before a digit. A sentence end is
    after a non-space, so its length is its position.
    """
    best = _last_sentence_end(text, limit)
    if best is None or best * 3 < limit:
        return None
    if best == len(text):
        return best
    # Most sentences end before a space, which joins nothing. (Characters
    # by index here and below: a slice of text costs twice as much.)
    after = text[best]
    if after != " " and not _joins_nothing(after):
        return None
    return best


def _joins_nothing(char: str) -> bool:
    """``_SIMPLE_TEXT().fullmatch(char)`` for one character, without the regex (slow
    to compile) for what mostly follows a sentence: a space, ASCII, kana, kanji."""
    return (
        " " <= char <= "~"
        or "\u4e00" <= char <= "\u9fff"
        or "\u3041" <= char <= "\u3096"
        or "\u309b" <= char <= "\u30ff"
        or bool(_SIMPLE_TEXT().fullmatch(char))
    )


def _url_may_hold(text: str, position: int) -> bool:
    """False when no URL in ``text`` can run across ``position``, which is just
    after a sentence mark or closing quote.

    A URL holds no space, so only the run of text around ``position`` between
    spaces matters. A URL without a scheme is made of ASCII, Latin and
    Cyrillic letters and ASCII punctuation, and holds a "." (its domain's); a
    mark or quote of any other script (。, 」) can only be in the domain of a URL
    with a scheme, which follows "://". Compiling the URL pattern costs a build
    about a second's work, so prose with a "3.11" or "Node.js" in it must not
    need it."""
    if position == len(text):
        return False
    after = text[position]
    if after == " " or (after.isspace() and after not in _NOT_REGEX_SPACE):
        return False
    # A mark or quote of another script (。, 」) with no "://" in the text (its
    # ":" is enough): Japanese text mostly, spared the search of the run.
    schemeless = _in_schemeless_url(text[position - 1])
    if not schemeless and ":" not in text:
        return False
    # The run's start: after the last separator no URL holds (a subset of
    # them is enough, a longer run only asks more often).
    start = max(text.rfind(space, 0, position) for space in " \n\t\u3000") + 1
    run = text[start:position]
    if "://" in run:
        return True
    return "." in run and schemeless


def _in_schemeless_url(char: str) -> bool:
    """Whether ``char`` may be part of a URL without a scheme (twitter-text's
    domain, path and query characters: ASCII, Latin accents, Cyrillic, the en
    dash)."""
    # One comparison for CJK (all the ranges are below U+2014).
    return char < "\u2014" and (
        char <= "\u024f"
        or "\u0253" <= char <= "\u036f"
        or "\u0400" <= char <= "\u04ff"
        or "\u1e00" <= char <= "\u1eff"
        or char == "\u2013"
    )


def _quick_sentence_cut(window: str, limit: int) -> str | None:
    """The common case of shorten() by character count, without its full scan:
    the last sentence end within ``limit`` characters, if it keeps a third of
    ``limit`` and is a place shorten() may cut (a grapheme boundary outside
    any URL, see _quick_sentence_end()). None means "ask shorten()", which then
    finds the same answer or a better one."""
    best = _quick_sentence_end(window, limit)
    if best is None:
        return None
    if _url_may_hold(window, best) and any(
        start < best < end for start, end in extract_urls(window)
    ):
        return None
    return window[:best]


def shorten_opening(opening: str, limit: int) -> str | None:
    """``shorten(text, limit)`` for every ``text`` that starts with ``opening``,
    when ``opening`` alone decides it; None otherwise.

    It does when ``opening`` is longer than ``limit`` and the quick cut (see
    _quick_sentence_cut()) needs no URL search: that cut looks at the first
    ``limit + 1`` characters only.
    """
    if len(opening) <= limit:
        return None
    best = _quick_sentence_end(opening, limit)
    if best is None or _url_may_hold(opening, best):
        return None
    return opening[:best]


def shorten(
    text: str,
    limit: int,
    *,
    lang: str = "en",
    measure: Callable[[str], int] = len,
    ellipsis: str = "…",
) -> str:
    """``text`` cut to at most ``limit`` by ``measure``, at the best place.

    The end of the last whole sentence that fits (。！？ or .!? before a space)
    when it keeps at least a third of ``limit``; otherwise a BudouX phrase
    boundary (Japanese), a space or 、 (any language), then ``ellipsis``. Never
    inside a grapheme cluster, an emoji sequence, a URL, a hashtag or a number.
    Returns ``""`` when not even one word fits.
    """
    if measure(text) <= limit:
        return text
    if limit <= 0:
        return ""
    # Only the opening matters. Widen the window until it holds the cut point.
    size = limit + 64
    while size < len(text) and measure(text[:size]) <= limit:
        size *= 2
    window = text[: size + 128]  # margin: a token crossing the edge stays whole
    if measure is len:
        quick = _quick_sentence_cut(window, limit)
        if quick is not None:
            return quick

    def fits(limit_: int) -> Callable[[int], bool]:
        return lambda p: measure(window[:p].rstrip()) <= limit_

    positions = _cuttable_positions(window)
    cuttable = set(positions)
    sentence_ends = [p for p in _sentence_ends(window) if p in cuttable]
    best = _last_fitting(sentence_ends, fits(limit)) if sentence_ends else None
    if best is not None and measure(window[:best].rstrip()) * 3 >= limit:
        return window[:best].rstrip()

    room = limit - measure(ellipsis)
    if room <= 0:
        return ""
    hard = _last_fitting(positions, fits(room))
    if hard is None:
        return ""
    japanese = lang.lower().startswith("ja") or bool(
        _KANA().search(window, 0, hard + 8)
    )
    phrases = sorted(
        p for p in _phrase_boundaries(window, hard, japanese) if p in cuttable
    )
    cut = phrases[-1] if phrases else hard
    if best is not None and best > cut:
        cut = best
    # Strip what fits() did not count (str.rstrip's whitespace includes controls
    # such as U+001F) as well as trailing punctuation, until neither is left:
    # head + ellipsis must fit, and a prefix never measures more than the whole.
    head = window[:cut]
    while (stripped := head.rstrip().rstrip(_TRAILING)) != head:
        head = stripped
    if not head:
        return ""
    if _ENDS_SENTENCE().search(head):
        return head
    return head + ellipsis
