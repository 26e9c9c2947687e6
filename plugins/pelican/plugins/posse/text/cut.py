"""Cutting a text to fit a limit: at a sentence's end, else a phrase, else a
grapheme, never inside a URL, tag or number (BudouX only around the cut).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
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


def _may_end_sentence(after: str) -> bool:
    """Whether a run of .!? before ``after`` ends a sentence (the regex
    module's \\s does not hold U+001C to U+001F; str.isspace() does)."""
    return after in _CLOSERS or (after.isspace() and after not in _NOT_REGEX_SPACE)


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
