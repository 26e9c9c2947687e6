"""Card pictures in a build: which articles get one, drawing the new ones, and
pointing the link card and the manifest at them.

Only a production build (an absolute ``SITEURL``) has cards: a local build's
link card has no ``og:image`` at all, so drawing would be wasted. An article
gets a card when it is published or hidden (or a translation), has no ``Image:``, is not
``posse_card: off`` and ``POSSE_CARD`` is not False. Cards already in the cache
cost a lookup each in one listing of it (card_cache.py); the rest are
drawn, in a process pool when there are many. A card no font can draw (a
Japanese title and no Japanese font) is not made: one warning says how to fix
it, and the article keeps POSSE_DEFAULT_IMAGE, if any.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import facts as facts_mod
from ..settings import PosseSettings
from .context import current

if TYPE_CHECKING:
    from . import card_cache

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630  # card_draw.py's, without importing Pillow here
_OFF = {"off", "no", "false", "0", "none", "never"}
_POOL_FROM = 8  # cards to draw before a process pool pays for its start


class CardImage(NamedTuple):
    """What the link card says of an article's card picture."""

    url: str  # absolute
    meta: str  # the og:image:width, og:image:height and og:image:alt <meta> lines


def plan(generator: Any, posse: PosseSettings) -> None:
    """At ``article_generator_finalized``, after collect.py: find or draw each
    article's card and point its link card and manifest entry at it."""
    build = current()
    siteurl = str(generator.settings.get("SITEURL", "") or "")
    if not posse.card.on or not build.facts or not siteurl.startswith("http"):
        return
    wanted = _wanted(build)
    if not wanted:
        return
    from . import card_cache, card_fonts  # noqa: PLC0415 - a build with cards

    fonts = card_fonts.find(str(posse.card.font) if posse.card.font else None)
    if fonts is None:
        log.warning(
            "posse: no font found to draw card pictures; install one "
            "(Debian/Ubuntu: sudo apt install fonts-noto-cjk) or name a "
            ".ttf/.otf/.ttc file in POSSE_CARD['font']"
        )
        return
    style, logo_id = _style(posse)
    state = posse.state_dir
    # A plain string: a Path per article would cost more than the lookup.
    folder = os.path.join(state, card_cache.FOLDER, "")
    name_of = card_cache.Namer(
        style, logo_id, fonts.title.identity, fonts.meta.identity
    )
    # One listing rather than a stat a card: what is in the cache.
    kept = card_cache.listing(folder)
    card_fields = card_cache.card_fields
    names: dict[str, str] = {}  # id -> card name
    jobs = []
    unfit = []  # found before to need glyphs the font lacks: not tried again
    queued = set()
    for key, item in wanted:
        fields = card_fields(
            item.title, item.site_name, item.authors, item.date, item.lang
        )
        name = names[key] = name_of(fields)
        if name in queued or f"{name}.png" in kept:
            continue  # (two articles may show the same card)
        queued.add(name)
        if f"{name}{card_cache.NO_FONT}" in kept:
            unfit.append(name)
        else:
            text = card_cache.CardText(*fields)
            jobs.append((name, text, style, fonts, f"{folder}{name}.png"))
    failed = _draw(jobs, fonts, folder)
    build.card_unfit.update(unfit, (name for name, chars in failed.items() if chars))
    if build.card_unfit:
        count = sum(name in build.card_unfit for name in names.values())
        _say_unfit(failed, build.card_unfit, fonts, folder, count)
    _point(build, names, set(failed) | build.card_unfit, siteurl)


def _wanted(build: Any) -> list[tuple[str, facts_mod.ArticleFacts]]:
    found = []
    for entry in build.entries:
        item = build.facts.get(entry["id"])
        # Hidden articles too: their page is shared by hand, where a card shows.
        if item is None or entry["status"] not in ("published", "hidden"):
            continue
        meta = item.meta
        if meta.get("image") or str(meta.get("posse_card", "")).strip().lower() in _OFF:
            continue
        found.append((entry["id"], item))
    return found


def _style(posse: PosseSettings) -> tuple[card_cache.Style, str]:
    from . import card_cache  # noqa: PLC0415 - a build with cards

    card = posse.card
    logo = str(card.logo) if card.logo else None
    logo_id = card_cache.file_identity(logo)
    if logo and not logo_id:
        log.warning(
            "posse: POSSE_CARD['logo'] %r: no such file; cards are drawn without it",
            logo,
        )
        logo = None
    return card_cache.Style(card.background, card.text, card.accent, logo), logo_id


def _draw(jobs: list[tuple[Any, ...]], fonts: Any, folder: str) -> dict[str, str]:
    """Draw the cards not in the cache: {name: the characters no font has} of
    those not drawn ("" when drawing failed otherwise)."""
    if not jobs:
        return {}
    from . import card_cache, card_draw  # noqa: PLC0415

    os.makedirs(folder, exist_ok=True)
    results = None
    if len(jobs) >= _POOL_FROM and (os.cpu_count() or 1) > 1:
        results = _in_pool(card_draw.render, jobs)
    if results is None:
        results = [_one(card_draw.render, job) for job in jobs]
    failed = {}
    for name, lacking in results:
        if lacking:
            # Remembered, so that the next build does not try again (a new
            # font is a new name: the card is then drawn).
            with open(
                f"{folder}{name}{card_cache.NO_FONT}", "w", encoding="utf-8"
            ) as f:
                f.write("".join(lacking))
        if lacking or lacking is None:
            failed[name] = "".join(lacking or ())
    return failed


def _say_unfit(
    failed: dict[str, str], unfit: set[str], fonts: Any, folder: str, count: int
) -> None:
    """One warning for the ``count`` articles a missing glyph kept from their
    card, this build or before."""
    from . import card_cache  # noqa: PLC0415

    chars = "".join(failed.values())
    if not chars:  # all found before: the first one's characters tell enough
        first = min(unfit)
        with open(f"{folder}{first}{card_cache.NO_FONT}", encoding="utf-8") as f:
            chars = f.read()
    log.warning(
        "posse: the font %s has no glyph for %s; %d article(s) get no card "
        "picture (never one with boxes). Install a Japanese font (Debian/"
        "Ubuntu: sudo apt install fonts-noto-cjk) or name one in "
        "POSSE_CARD['font']",
        fonts.title.path,
        " ".join(sorted(set(chars))[:12]),
        count,
    )


def _one(render: Any, job: tuple[Any, ...]) -> tuple[str, list[str] | None]:
    """(name, characters no font has), or (name, None) when it could not be drawn."""
    try:
        return render(job)
    except (OSError, ValueError) as error:
        log.warning("posse: card picture for %r not drawn: %s", job[1].title, error)
        return job[0], None


def _in_pool(render: Any, jobs: list[tuple[Any, ...]]) -> list[Any] | None:
    """Every job's result from a process pool, or None when no pool could run
    (the cards are then drawn here, one by one)."""
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    workers = min(os.cpu_count() or 1, 8)
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(render, jobs, chunksize=4))
    except (OSError, BrokenProcessPool, ValueError) as error:
        log.info("posse: card pictures drawn one by one (%s)", error)
        return None


def _point(build: Any, names: dict[str, str], failed: set[str], siteurl: str) -> None:
    """The link card (by source path) and the manifest entry (its image) of each
    article with a card."""
    from markupsafe import escape  # noqa: PLC0415

    from . import card_cache  # noqa: PLC0415

    source_of = {key: source for source, key in build.key_of.items()}
    size = (
        f'<meta property="og:image:width" content="{WIDTH}">\n'
        f'<meta property="og:image:height" content="{HEIGHT}">'
    )
    # url_path(name) made absolute, the part every card shares written once.
    folder = facts_mod.absolute(card_cache.url_path(""), siteurl)
    folder = folder.removesuffix(".png") if folder else None
    for entry in build.entries:
        name = names.get(entry["id"])
        if name is None or name in failed:
            continue
        url = f"{folder}{name}.png" if folder else ""
        alt = escape(entry["title"])
        # No twitter:image or twitter:image:alt: X falls back to og:* (and a
        # long Japanese title twice more would cost the page ~400 bytes).
        meta = f'{size}\n<meta property="og:image:alt" content="{alt}">'
        entry["image"] = url
        build.cards[source_of.get(entry["id"], "")] = CardImage(url, meta)
        build.card_names.add(name)


def place(pelican: Any) -> None:
    """At ``finalized``: the build's cards into the output, stale ones dropped."""
    build = current()
    if build.card_names or build.card_unfit:
        state = build.settings[1].state_dir if build.settings else None
        if state is not None:
            from . import card_cache  # noqa: PLC0415

            card_cache.place(
                state, pelican.output_path, build.card_names, build.card_unfit
            )
