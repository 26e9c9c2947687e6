"""What a card picture shows (its key), where it is kept between builds, how it
reaches the output.

A card's name is a hash of everything it shows and is drawn with (title,
authors, date, site, language, colours, logo and font files, the drawing's
version): the same article on the next build finds its picture by one stat and
is not drawn again; an edited title gets a new name (and networks, which cache
a picture by its URL, fetch the new one). The cache is
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
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger(__name__)

# Bumped whenever the drawing changes, so that every card is drawn again.
VERSION = "1"
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
    japanese = lang.lower().startswith("ja")
    byline = ("、" if japanese else ", ").join(authors)
    shown = ""
    if isinstance(date, dt.date):
        if japanese:
            shown = f"{date.year}年{date.month}月{date.day}日"
        else:
            shown = f"{_MONTHS[date.month - 1]} {date.day}, {date.year}"
    return CardText(title, site, byline, shown, lang)


def key(text: CardText, style: Style, *files: str) -> str:
    """The card's name: a hash of what it shows and is drawn with (fields
    joined by a control character no title holds; BLAKE2, built into Python,
    costs a small input less than OpenSSL's SHA-256 on every warm build)."""
    fields = "\x1f".join((VERSION, *text, *map(str, style), *files))
    digest = hashlib.blake2b(
        fields.encode("utf-8", "surrogatepass"), digest_size=_NAME_LENGTH // 2
    )
    return digest.hexdigest()


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
    names = set(names)
    target = Path(output_path) / OUTPUT_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    present = _listing(target)
    for name in names:
        if f"{name}.png" in present:
            continue  # the name is a hash of the content: the same picture
        source, out = cached(state_dir, name), target / f"{name}.png"
        try:
            os.link(source, out)
        except FileExistsError:
            pass
        except OSError:
            import shutil  # noqa: PLC0415

            try:
                shutil.copyfile(source, out)
            except OSError as error:
                log.warning(
                    "posse: card picture %s not copied to %s: %s", source, out, error
                )
    wanted = {f"{name}.png" for name in names} | {f"{n}{NO_FONT}" for n in unfit}
    for folder, listing in ((target, present), (cached(state_dir, "x").parent, None)):
        for entry in _listing(folder) if listing is None else listing:
            if entry.endswith((".png", NO_FONT)) and entry not in wanted:
                # Another build may have removed it already.
                with contextlib.suppress(OSError):
                    os.unlink(folder / entry)


def _listing(folder: Path) -> set[str]:
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()
