"""Where a line of terminal text may break: after a space, or between two
Japanese phrases (BudouX), never inside a word or a name like ``mastodon.social``.

rich breaks a line only at spaces: Japanese, which has none, it cuts wherever
the terminal ends (「キーを設定す」 / 「る」, 'masto' / 'don.social'). The CLI
folds its Japanese lines here first (publish/console.py).
"""

from __future__ import annotations

import re

from rich.cells import cell_len

from .cut import budoux_parser

# Always a place to break: after spaces or Japanese punctuation, before an
# opening bracket (BudouX does not always see one next to a Latin word).
_AFTER = re.compile(r" +|[、。，．：；！？）」』】]+")
_BEFORE = re.compile(r"[（「『【]")
# Kana and CJK ideographs (and half-width katakana): a line with none is left
# to rich; a card title with none is laid out word by word (card_layout.py).
_JAPANESE = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]"
)


def has_japanese(text: str) -> bool:
    return _JAPANESE.search(text) is not None


def break_points(line: str) -> list[int]:
    """Offsets in ``line`` where it may break: after a run of spaces, and
    between two BudouX phrases unless both sides are of one Latin word (ASCII
    other than a space: ``pelicanconf.py``, ``'mastodon.social'``)."""
    points = {m.end() for m in re.finditer(_AFTER, line) if 0 < m.end() < len(line)}
    points |= {m.start() for m in re.finditer(_BEFORE, line) if m.start() > 0}
    at = 0
    for phrase in budoux_parser().parse(line)[:-1]:
        at += len(phrase)
        before, after = line[at - 1], line[at]
        if after == " ":
            continue  # the end of the spaces is the break point
        if not (_latin(before) and _latin(after)):
            points.add(at)
    return sorted(points)


def fold(line: str, width: int) -> list[int]:
    """Where to break ``line`` (no newline in it) so that no piece is wider than
    ``width`` terminal cells: at the last break point that fits, else (a word
    longer than the line) where the width ends."""
    cuts: list[int] = []
    start = 0
    points = [*break_points(line), len(line)]
    while cell_len(line[start:].rstrip()) > width:
        fitting = [
            p for p in points if start < p and cell_len(line[start:p].rstrip()) <= width
        ]
        end = fitting[-1] if fitting else _hard(line, start, width)
        cuts.append(end)
        start = end
    return cuts


def _latin(char: str) -> bool:
    return char.isascii() and not char.isspace()


def _hard(line: str, start: int, width: int) -> int:
    end = start + 1
    while end < len(line) and cell_len(line[start : end + 1]) <= width:
        end += 1
    return end
