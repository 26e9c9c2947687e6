"""X's weighted length of a post, its URLs, and the length people see.


``weighted_length()`` counts a post the way X does (twitter-text v3: NFC first, a
Japanese character weighs 2, every URL counts 23, an emoji sequence counts 2).
Its URL rules are a port of twitter-text's ``Regex.java`` and ``Extractor.java``
(https://github.com/twitter/twitter-text, Copyright 2018 Twitter, Inc., Apache
License 2.0), and ``tlds.txt`` next to this module is twitter-text's TLD list
(``conformance/tld_lib.yml``). We port rather than depend on the PyPI package
``twitter-text-parser``: it imports ``pkg_resources`` without declaring it and
carries 2019 emoji data; the ``emoji`` package keeps emoji sequences current.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

from .patterns import re_on_first_use, regex_on_first_use

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


_GRAPHEME = regex_on_first_use(r"\X")
# Tokens a cut must never enter (URLs are added from extract_urls()).
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
