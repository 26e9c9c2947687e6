"""Where a card picture's title breaks into lines: pure text layout, no drawing.

Japanese is broken only between BudouX phrases, other text only at spaces;
a closing mark (、。」） …) never starts a line and an opening one (「（ …) never
ends one. A unit wider than the line (one long URL or word) is the one
exception: it breaks after ``/ . - _ ? & = #``, else between graphemes. The
title is tried from the largest size down; what still needs more than three
lines at the smallest size is cut on a phrase boundary and ends with "…".

Widths come from a ``measure(size)`` callable (card_draw.py gives Pillow's), so
this module is tested without fonts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import NamedTuple

from ..text.cut import budoux_parser
from ..text.fold import has_japanese

ELLIPSIS = "…"
# Never at a line's start (JIS X 4051's line-start prohibitions, the ASCII
# closing marks; not ".", which starts ".NET").
CLOSING = frozenset(
    "、。，．・：；？！」』）］｝〉》】〕〗〙〟ゝゞヽヾーぁぃぅぇぉっゃゅょゎゕゖ"
    "ァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～…‥"
    ",)]}!?:;%％’”"
)
# Never at a line's end.
OPENING = frozenset("「『（［｛〈《【〔〖〘〝([{‘“")
# Where a unit wider than the line (a URL, a long word) may break: after these.
_BREAK_AFTER = re.compile(r"[^/.\-_?&=#]*[/.\-_?&=#]*")
_WORDS = re.compile(r"\S+\s*")
_SPACES = re.compile(r"\s+")

Measure = Callable[[str], float]


class Layout(NamedTuple):
    size: int  # the font size the lines were measured at
    lines: tuple[str, ...]  # each without trailing spaces; the last may end with "…"
    cut: bool  # True when the title did not fit and ends with "…"


def clean(title: str) -> str:
    """The title as a card shows it: NFC, emoji dropped (a card must never show a
    box, and few machines have a colour emoji font Pillow can draw), spaces
    collapsed."""
    text = unicodedata.normalize("NFC", title)
    if not text.isascii():
        import emoji  # noqa: PLC0415 - only for a title with non-ASCII characters

        text = emoji.replace_emoji(text, "")
        # What emoji leaves behind: variation selectors and zero-width joiners.
        text = re.sub("[\ufe0e\ufe0f\u200d\u20e3]", "", text)
    return _SPACES.sub(" ", text).strip()


def units(title: str) -> list[str]:
    """The title cut into the pieces a line may break between; their join is
    the title."""
    if not title:
        return []
    if has_japanese(title):
        parts: list[str] = []
        for phrase in budoux_parser().parse(title):
            # A space inside a phrase (mixed text) is a place to break too.
            parts += _WORDS.findall(phrase) if " " in phrase.strip() else [phrase]
        return _short_quotes(glue(_spaces_trailing(parts)))
    return glue(_WORDS.findall(title))


_PAIRS = {"「": "」", "『": "』", "（": "）", "(": ")", "【": "】"}
_SHORT_QUOTE = 12  # characters: fits a line at the largest size


def _short_quotes(parts: list[str]) -> list[str]:
    """Phrases inside a short 「quote」 kept on one line: 「社長の頭の中」を is
    read as one thing (a long quote still breaks between its phrases)."""
    out: list[str] = []
    start = None  # where an open quote's first phrase is in ``out``
    closing = ""
    for part in parts:
        out.append(part)
        if start is None:
            opened = [c for c in part if c in _PAIRS]
            if opened and _PAIRS[opened[-1]] not in part[part.rindex(opened[-1]) :]:
                start, closing = len(out) - 1, _PAIRS[opened[-1]]
        elif closing in part:
            if len("".join(out[start:])) <= _SHORT_QUOTE:
                out[start:] = ["".join(out[start:])]
            start = None
        if start is not None and len("".join(out[start:])) > _SHORT_QUOTE:
            start = None  # too long to keep together
    return out


def _spaces_trailing(parts: Sequence[str]) -> list[str]:
    """BudouX may start a phrase with a space: it goes to the end of the one
    before, where a line's trailing space is not drawn."""
    out: list[str] = []
    for part in parts:
        body = part.lstrip()
        if out and body != part:
            out[-1] += part[: len(part) - len(body)]
        elif body != part:
            body = part  # the title starts with a space (clean() strips it)
        if body:
            out.append(body)
    return out


def glue(parts: Sequence[str]) -> list[str]:
    """``parts`` rearranged so that no break puts a closing mark at a line's
    start or an opening one at a line's end: closing marks a part starts with
    go to the part before, opening marks a part ends with go to the next (the
    rest of each part stays free to break around)."""
    out: list[str] = []
    for given in parts:
        part = given
        if out:
            start = _leading(part)
            out[-1] += part[:start]
            part = part[start:]
            before = out[-1].rstrip()
            end = len(before)
            while end > 0 and before[end - 1] in OPENING:
                end -= 1
            if end < len(before) and _starts_cluster(out[-1][end:]):
                part = out[-1][end:] + part
                out[-1] = out[-1][:end]
                if not out[-1]:
                    out.pop()
        if part:
            if out and not _starts_cluster(part):
                out[-1] += part
            else:
                out.append(part)
    return out


def _leading(part: str) -> int:
    """How many closing marks ``part`` starts with (all of it when the rest
    would start inside a grapheme)."""
    start = 0
    while start < len(part) and part[start] in CLOSING:
        start += 1
    if 0 < start < len(part) and not _starts_cluster(part[start:]):
        return len(part)
    return start


def _starts_cluster(text: str) -> bool:
    """Whether a grapheme may start at ``text``'s first character (not a
    combining mark, joiner or variation selector)."""
    return unicodedata.category(text[0])[0] != "M" and text[0] not in "\u200c\u200d"


def graphemes(text: str) -> list[str]:
    import regex  # noqa: PLC0415 - \X; only for a unit wider than a line

    return regex.findall(r"\X", text)


def _fits(text: str, measure: Measure, width: float) -> bool:
    return measure(text.rstrip()) <= width


def pack(parts: Sequence[str], measure: Measure, width: float) -> list[list[str]]:
    """Lines (each a list of parts), filled greedily; a part wider than the line
    is broken after ``/ . -`` and the like, else between graphemes."""
    lines: list[list[str]] = []
    line: list[str] = []
    for part in parts:
        if _fits("".join(line) + part, measure, width):
            line.append(part)
            continue
        if _fits(part, measure, width):
            if line:
                lines.append(line)
            line = [part]
            continue
        # Too wide for any line: broken from where this line is, not below it.
        *done, line = _break_long("".join(line) + part, measure, width)
        lines += done
    if line:
        lines.append(line)
    return lines


def _break_long(part: str, measure: Measure, width: float) -> list[list[str]]:
    pieces = glue([p for p in _BREAK_AFTER.findall(part) if p])
    if len(pieces) > 1 and all(_fits(p, measure, width) for p in pieces):
        return pack(pieces, measure, width)
    chars = glue(graphemes(part))
    lines: list[list[str]] = []
    line: list[str] = []
    for char in chars:
        if line and not _fits("".join(line) + char, measure, width):
            lines.append(line)
            line = []
        line.append(char)
    lines.append(line)
    return lines


def lay_out(
    title: str,
    measure_at: Callable[[int], Measure],
    width: float,
    sizes: Sequence[int],
    max_lines: int = 3,
) -> Layout:
    """The largest of ``sizes`` (largest first) at which ``title`` (already
    clean()) fits in ``max_lines``; else the smallest, cut with "…"."""
    parts = units(title)
    lines: list[list[str]] = []
    # The title's width scales with the size: sizes at which it is wider than
    # all the lines together cannot fit, and are not tried.
    whole = measure_at(sizes[0])(title) / sizes[0] if sizes else 0
    for size in sizes:
        if size != sizes[-1] and whole * size > width * max_lines:
            continue
        measure = measure_at(size)
        lines = pack(parts, measure, width)
        if len(lines) <= max_lines:
            return Layout(size, tuple("".join(x).rstrip() for x in lines), False)
    kept = lines[:max_lines]
    last = kept[-1]
    while last and not _fits("".join(last).rstrip() + ELLIPSIS, measure, width):
        last.pop()
    if not last and len(kept) > 1:
        # One unit filled the last line: end the line before it instead.
        kept.pop()
        last = kept[-1]
        while last and not _fits("".join(last).rstrip() + ELLIPSIS, measure, width):
            last.pop()
    texts = ["".join(x).rstrip() for x in kept]
    texts[-1] += ELLIPSIS
    return Layout(size, tuple(texts), True)
