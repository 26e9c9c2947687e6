"""Which font files a card picture is drawn with, found once per build.

POSSE_CARD's ``font`` wins; else a Japanese sans-serif at the place each system
installs it (Noto Sans CJK on Debian/Ubuntu and Arch, Hiragino on macOS, Yu
Gothic on Windows: one stat each), else fontconfig's answer (``fc-match``, one
call a build), else no font. A font's identity (path, face, size, time) goes
into each card's cache key, so a new font redraws the cards.

Whether a font has a glyph for a character is told by drawing it: a missing
glyph is drawn as the font's .notdef, the box no card may show.
"""

from __future__ import annotations

import functools
import logging
import os
from typing import NamedTuple

log = logging.getLogger(__name__)

# (bold, regular), face 0 of each is the Japanese one.
_KNOWN = (
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ),
    (
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    ),
    (
        "/System/Library/Fonts/ヒラギノ角ゴシック W6.ttc",
        "/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc",
    ),
    ("C:/Windows/Fonts/YuGothB.ttc", "C:/Windows/Fonts/YuGothR.ttc"),
)
_FC_TIMEOUT = 10  # seconds; fontconfig builds its cache on a first call


class FontFile(NamedTuple):
    path: str
    index: int  # the face in a .ttc collection
    identity: str  # path, face, size and modification time: part of a cache key


class Fonts(NamedTuple):
    title: FontFile  # bold, for the title
    meta: FontFile  # regular, for the site, author and date


def font_file(path: str, index: int = 0) -> FontFile | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return FontFile(path, index, f"{path}#{index}:{stat.st_size}:{stat.st_mtime_ns}")


def find(setting: str | None) -> Fonts | None:
    """The fonts to draw with, or None (a message says why)."""
    if setting:
        given = font_file(setting)
        if given is None:
            log.warning(
                "posse: POSSE_CARD['font'] %r: no such file; no card pictures "
                "are drawn (the default image, if any, is used)",
                setting,
            )
        return Fonts(given, given) if given else None
    for bold, regular in _KNOWN:
        found = font_file(bold)
        if found is not None:
            return Fonts(found, font_file(regular) or found)
    bold = _fc_match("sans-serif:lang=ja:weight=bold")
    if bold is None:
        return None
    return Fonts(bold, _fc_match("sans-serif:lang=ja") or bold)


def _fc_match(pattern: str) -> FontFile | None:
    import shutil  # noqa: PLC0415 - only where no font is at a known place
    import subprocess  # noqa: PLC0415

    program = shutil.which("fc-match")
    if program is None:
        return None
    try:
        done = subprocess.run(
            [program, "-f", "%{file}|%{index}", pattern],
            capture_output=True,
            text=True,
            timeout=_FC_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    path, _, index = done.stdout.strip().partition("|")
    if done.returncode != 0 or not path:
        return None
    return font_file(path, int(index) if index.isdigit() else 0)


@functools.cache
def _probe(path: str, index: int):
    from PIL import ImageFont  # noqa: PLC0415

    font = ImageFont.truetype(
        path, 24, index=index, layout_engine=ImageFont.Layout.BASIC
    )
    # U+10FFFD: a private-use character no font maps, so it draws .notdef.
    return font, _mask(font, "\U0010fffd")


def _mask(font, char: str) -> tuple[tuple[int, int], bytes]:
    mask = font.getmask(char)
    return mask.size, bytes(mask)


def missing(font: FontFile, text: str) -> list[str]:
    """The characters of ``text`` ``font`` has no glyph for (drawn as .notdef,
    or as nothing where .notdef is empty)."""
    probe, notdef = _probe(font.path, font.index)
    blank = notdef[0] == (0, 0) or not any(notdef[1])
    found = []
    for char in dict.fromkeys(text):
        if char.isspace():
            continue
        drawn = _mask(probe, char)
        if drawn == notdef or (blank and not any(drawn[1])):
            found.append(char)
    return found
