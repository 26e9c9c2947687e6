"""Drawing one card picture (1200×630 PNG) with Pillow: title, site, author, date.

The title is laid out by card_layout.py with Pillow's measure (Raqm, the text
layout engine, when Pillow has it: kerning and Japanese punctuation widths;
else Pillow's basic one). Nothing is drawn with a character the font has no
glyph for: ``render()`` answers those characters instead, and the caller warns.
"""

from __future__ import annotations

import functools
import os
from typing import Any

from . import card_fonts, card_layout
from .card_cache import CardText, Style

WIDTH, HEIGHT = 1200, 630
SAFE = 64  # no text nearer the edge than this (some networks crop the card)
_LEFT, _RIGHT = 96, WIDTH - 96  # the text column
_TITLE_TOP, _TITLE_BOTTOM = 72, 412
_SIZES = tuple(range(76, 43, -4))  # title sizes tried, largest first
_LINE = 1.32  # line height, times the size
_SITE_SIZE, _META_SIZE = 34, 28
_SITE_Y, _META_Y = 466, 516
_LOGO_HEIGHT = 72


def engine() -> str:
    """The layout engine Pillow uses here: "raqm" or "basic"."""
    from PIL import features  # noqa: PLC0415

    return "raqm" if features.check("raqm") else "basic"


@functools.cache
def _font(path: str, index: int, size: int) -> Any:
    from PIL import ImageFont  # noqa: PLC0415

    layout = ImageFont.Layout.RAQM if engine() == "raqm" else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, size, index=index, layout_engine=layout)


def _measure_at(font: card_fonts.FontFile):
    def at(size: int):
        return _font(font.path, font.index, size).getlength

    return at


def missing(text: CardText, fonts: card_fonts.Fonts) -> list[str]:
    """Characters of the card no font has a glyph for."""
    shown = _shown(text)
    found = card_fonts.missing(fonts.title, shown.title)
    found += card_fonts.missing(fonts.meta, f"{shown.site}{shown.byline}{shown.date}")
    return list(dict.fromkeys(found))


def _shown(text: CardText) -> CardText:
    clean = card_layout.clean
    return text._replace(
        title=clean(text.title), site=clean(text.site), byline=clean(text.byline)
    )


def _fit(line: str, font: Any, width: float) -> str:
    """``line``, cut with "…" to fit ``width`` (a long site name or byline)."""
    if font.getlength(line) <= width:
        return line
    chars = card_layout.graphemes(line)
    while chars and font.getlength("".join(chars) + "…") > width:
        chars.pop()
    return "".join(chars).rstrip() + "…"


def _muted(text: str, background: str) -> tuple[int, ...]:
    from PIL import ImageColor  # noqa: PLC0415

    a, b = ImageColor.getrgb(text), ImageColor.getrgb(background)
    return tuple(round(x * 0.7 + y * 0.3) for x, y in zip(a, b, strict=False))[:3]


def draw(
    text: CardText, style: Style, fonts: card_fonts.Fonts
) -> tuple[Any, list[tuple[str, tuple[int, int, int, int]]]]:
    """The card picture and the box of each text drawn on it (for tests)."""
    from PIL import Image, ImageDraw  # noqa: PLC0415

    shown = _shown(text)
    image = Image.new("RGB", (WIDTH, HEIGHT), style.background)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, 23, HEIGHT), fill=style.accent)
    boxes: list[tuple[str, tuple[int, int, int, int]]] = []
    right = _RIGHT
    logo = _logo(style.logo)
    if logo is not None:
        image.paste(logo, (right - logo.width, _SITE_Y), logo)
        right -= logo.width + 32
    layout = card_layout.lay_out(
        shown.title, _measure_at(fonts.title), _RIGHT - _LEFT, _SIZES
    )
    font = _font(fonts.title.path, fonts.title.index, layout.size)
    step = round(layout.size * _LINE)
    height = step * (len(layout.lines) - 1) + layout.size
    y = _TITLE_TOP + max(0, (_TITLE_BOTTOM - _TITLE_TOP - height) // 2)
    for line in layout.lines:
        pen.text((_LEFT, y), line, font=font, fill=style.text)
        boxes.append((line, pen.textbbox((_LEFT, y), line, font=font)))
        y += step
    pen.line((_LEFT, _SITE_Y - 28, _RIGHT, _SITE_Y - 28), fill=style.accent, width=3)
    site_font = _font(fonts.title.path, fonts.title.index, _SITE_SIZE)
    meta_font = _font(fonts.meta.path, fonts.meta.index, _META_SIZE)
    meta = "  ·  ".join(part for part in (shown.byline, shown.date) if part)
    for value, at_y, face, fill in (
        (shown.site, _SITE_Y, site_font, style.accent),
        (meta, _META_Y, meta_font, _muted(style.text, style.background)),
    ):
        if value:
            shown_value = _fit(value, face, right - _LEFT)
            pen.text((_LEFT, at_y), shown_value, font=face, fill=fill)
            box = pen.textbbox((_LEFT, at_y), shown_value, font=face)
            boxes.append((shown_value, box))
    return image, boxes


@functools.cache
def _logo(path: str | None) -> Any:
    if not path:
        return None
    from PIL import Image  # noqa: PLC0415

    with Image.open(path) as opened:
        logo = opened.convert("RGBA")
    ratio = _LOGO_HEIGHT / logo.height
    size = (max(1, min(320, round(logo.width * ratio))), _LOGO_HEIGHT)
    return logo.resize(size, Image.Resampling.LANCZOS)


def render(
    job: tuple[str, CardText, Style, card_fonts.Fonts, str],
) -> tuple[str, list[str]]:
    """Draw one card into ``path`` (a worker of the build's process pool):
    (key, characters no font has) — a card with such characters is not drawn."""
    key, text, style, fonts, path = job
    lacking = missing(text, fonts)
    if lacking:
        return key, lacking
    image, _ = draw(text, style, fonts)
    part = f"{path}.{os.getpid()}.part"
    # Level 3: a third less time than the default 6 for ~10% more bytes (~60 KB).
    image.save(part, "PNG", compress_level=3)
    os.replace(part, path)
    return key, []
