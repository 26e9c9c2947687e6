"""What a card picture shows (its key), where it is kept between builds, how it
reaches the output.

A card's name is a hash of everything it shows and is drawn with (title,
authors, date, site, language, colours, logo and font files, the drawing's
version): the same article on the next build finds its picture in the
cache's listing and is not drawn again; an edited title gets a new name (and
networks, which cache a picture by its URL, fetch the new one). The cache is
``<POSSE_STATE_DIR>/cards/``; the output gets a hard link (a copy where links
are not possible) at ``posse/cards/<name>.png``, an ASCII name whatever the
article's id holds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger(__name__)

# Bumped whenever the drawing changes, so that every card is drawn again.
VERSION = "2"  # 2: names written as Namer says (1: the repr of a CardText)
FOLDER = "cards"  # in POSSE_STATE_DIR
OUTPUT_FOLDER = "posse/cards"  # in the output, and in the card's URL
# Beside a card the font could not draw: the characters it lacks.
NO_FONT = ".nofont"
_NAME_LENGTH = 16  # hex digits: 64 bits, no collision among a blog's cards
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


class CardText(NamedTuple):
    """What a card shows (all of it goes into the cache key)."""

    title: str
    site: str
    byline: str  # the authors
    date: str  # as shown
    lang: str


class Style(NamedTuple):
    background: str
    text: str
    accent: str
    logo: str | None  # a file path


def card_text(
    title: str, site: str, authors: Sequence[str], date: dt.datetime | None, lang: str
) -> CardText:
    return CardText(*card_fields(title, site, authors, date, lang))


def card_fields(
    title: str, site: str, authors: Sequence[str], date: dt.datetime | None, lang: str
) -> tuple[str, str, str, str, str]:
    """What ``card_text`` holds, as a plain tuple: a warm build needs no more
    than this to name a card (a NamedTuple's ``__new__`` is Python code)."""
    japanese = lang.lower().startswith("ja")
    byline = ("、" if japanese else ", ").join(authors)
    shown = ""
    if isinstance(date, dt.date):
        if japanese:
            shown = f"{date.year}年{date.month}月{date.day}日"
        else:
            shown = f"{_MONTHS[date.month - 1]} {date.day}, {date.year}"
    return (title, site, byline, shown, lang)


def key(text: CardText, *shared: object) -> str:
    """The card's name (see Namer); ``shared``: the style, logo and font
    identities, the same for every card of a build."""
    return Namer(*shared)(text)


class Namer:
    """The names of one build's cards: the first 16 hex digits of the SHA-256
    of ``repr((VERSION, *shared))`` (written once a build), then each of the
    card's five fields after a NUL. A field holding a NUL itself (only a
    damaged file's title could) is written as the repr of all five after a
    \\x01 instead, so that two different cards never write the same text."""

    __slots__ = ("_prefix",)

    def __init__(self, *shared: object) -> None:
        self._prefix = repr((VERSION, *shared))

    def __call__(self, fields: Sequence[str]) -> str:
        joined = "\0".join(fields)
        if joined.count("\0") == len(fields) - 1:
            written = f"{self._prefix}\0{joined}"
        else:
            written = f"{self._prefix}\x01{tuple(fields)!r}"
        digest = hashlib.sha256(written.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()[:_NAME_LENGTH]


def file_identity(path: Path | str | None) -> str:
    """A file's path, size and time ("" without a file): part of a key."""
    if not path:
        return ""
    try:
        stat = os.stat(path)
    except OSError:
        return ""
    return f"{path}:{stat.st_size}:{stat.st_mtime_ns}"


def cached(state_dir: Path, name: str) -> Path:
    return Path(state_dir) / FOLDER / f"{name}.png"


def url_path(name: str) -> str:
    return f"{OUTPUT_FOLDER}/{name}.png"


def place(
    state_dir: Path,
    output_path: str | Path,
    names: Iterable[str],
    unfit: Iterable[str] = (),
) -> None:
    """Put each card into the output (an unchanged card is left alone) and drop
    the cards no article shows any more, there and in the cache (``unfit``:
    cards the font cannot draw, whose marks are kept)."""
    wanted = {f"{name}.png" for name in names}
    target = Path(output_path) / OUTPUT_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    present = listing(target)
    # A present name is the same picture (the name is a hash of the content).
    for file_name in wanted - present:
        source, out = Path(state_dir) / FOLDER / file_name, target / file_name
        try:
            os.link(source, out)
        except FileExistsError:
            pass
        except OSError:
            try:
                shutil.copyfile(source, out)
            except OSError as error:
                log.warning(
                    "posse: card picture %s not copied to %s: %s", source, out, error
                )
    wanted.update(f"{name}{NO_FONT}" for name in unfit)
    for folder, known in ((target, present), (Path(state_dir) / FOLDER, None)):
        for entry in (listing(folder) if known is None else known) - wanted:
            if entry.endswith((".png", NO_FONT)):
                # Another build may have removed it already.
                with contextlib.suppress(OSError):
                    os.unlink(folder / entry)


def listing(folder: Path | str) -> set[str]:
    """The names of the files in ``folder`` (none when there is no folder)."""
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()
