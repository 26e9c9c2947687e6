"""Cutting a text to fit a limit: at a sentence's end, else a phrase, else a
grapheme, never inside a URL, tag or number (BudouX only around the cut).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

from .html_text import _CJK
from .patterns import regex_on_first_use
from .x_count import _GRAPHEME, _SIMPLE_TEXT, extract_urls

# --- cutting text to fit -----------------------------------------------------------

_TOKEN = regex_on_first_use(
    r"[#＃@＠][\p{L}\p{M}\p{N}_]+|[$¥€£]?\p{N}+(?:[.,:/]\p{N}+)*%?"
)
_SPACES = regex_on_first_use(r"\s+")
_COMMA = regex_on_first_use(r"[、，,;；:：]")
_KANA = regex_on_first_use(r"[\u3040-\u30ff]")
_CJK_CHAR = regex_on_first_use(f"[{_CJK}]")
_TRAILING = " \t\r\n\u3000、，,:;：；「『（([{<“‘\"'-–—"
_ENDS_SENTENCE = regex_on_first_use(r"[。！？.!?][」』）)\"'”’]*$")


@functools.cache
def budoux_parser():  # one for the package: cut, fold, card titles
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
        for phrase in budoux_parser().parse(segment)[:-1]:
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


_FULL_MARKS = "。！？"
_ASCII_MARKS = ".!?"


def _ends_in(part: str) -> Iterator[int]:
    """``_sentence_ends(part)``, one end at a time: summary._first_end() wants
    the first, and _sentence_ends() finds every mark of the part first."""
    size = len(part)
    pos = 0
    while True:
        at = size
        for mark in "。！？.!?":
            found = part.find(mark, pos, at)
            if found >= 0:
                at = found
        if at == size:
            return
        # The run: adjacent marks of one kind (full-width or ASCII).
        kind = _ASCII_MARKS if part[at] in _ASCII_MARKS else _FULL_MARKS
        end = at + 1
        while end < size and part[end] in kind:
            end += 1
        pos = end
        if kind is _ASCII_MARKS and end < size and not _may_end_sentence(part[end]):
            continue
        while end < size and part[end] in _CLOSERS:
            end += 1
        yield end


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
    ends = [end for end in _sentence_ends(text[: limit + 1]) if end <= limit]
    best = ends[-1] if ends else None
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
