"""How well the summary carries an article's point (issue 17's two figures).

On the openings of tests/data/summary_openings.py (Japanese and English
business-blog openings: greeting-, recap-, anecdote-, weather-, thanks- and
point-first, each with the sentence a reader marks as its point and the small
talk a reader marks as such), prints for the X post's summary and for
og:description, with the choice (``POSSE_SUMMARY = "auto"``) and without it
(``"lead"``, the plain opening):

- how many start with small talk (goal 0);
- how many contain the point (goal >= 90 %): the whole sentence, or, when it
  alone is longer than the room, its beginning up to the cut.

    python bench/summary_quality.py [--verbose]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]

from pelican.plugins.posse import summary  # noqa: E402
from pelican.plugins.posse.compose import compose  # noqa: E402
from pelican.plugins.posse.facts import ArticleFacts  # noqa: E402
from pelican.plugins.posse.render.description import describe  # noqa: E402
from pelican.plugins.posse.settings import PosseSettings  # noqa: E402
from tests.data.summary_openings import HELD_OUT, OPENINGS, Opening  # noqa: E402


def facts_of(opening: Opening, index: int) -> ArticleFacts:
    return ArticleFacts(
        id=f"o{index}.md",
        source_path=f"o{index}.md",
        title=opening.title,
        url=f"https://blog.example.jp/posts/o{index}/",
        lang=opening.lang,
        date=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC),
        tags=("中小企業診断士",) if opening.lang == "ja" else ("smallbusiness",),
        content_html=opening.html,
    )


def summaries(opening: Opening, index: int, mode: str) -> dict[str, str]:
    """The X post's summary and og:description of ``opening`` in ``mode``."""
    facts = facts_of(opening, index)
    x = compose(facts, "x", PosseSettings(summary=mode)).summary
    chosen = summary.for_facts(facts, mode)
    og = describe(None, opening.html, opening.lang, chosen)
    return {"X post": x, "og:description": og}


def starts_phatic(text: str, opening: Opening) -> bool:
    return any(text.startswith(unit) for unit in opening.small_talk)


def has_point(text: str, point: str) -> bool:
    if point in text:
        return True
    # The point cut at the end of the summary: at least half of it is there.
    cut = text.rstrip("…")
    at = cut.find(point[:8])
    return at >= 0 and point.startswith(cut[at:]) and 2 * (len(cut) - at) >= len(point)


def _figures(
    name: str, openings: tuple[Opening, ...], mode: str, verbose: bool
) -> None:
    counts: dict[str, list[int]] = {}
    for index, opening in enumerate(openings):
        for where, text in summaries(opening, index, mode).items():
            phatic, point = counts.setdefault(where, [0, 0])
            counts[where] = [
                phatic + starts_phatic(text, opening),
                point + has_point(text, opening.point),
            ]
            if verbose and mode == "auto" and where == "X post":
                print(f"  [{opening.shape}] {text}")
    label = "the choice" if mode == "auto" else "the plain opening"
    n = len(openings)
    for where, (phatic, point) in counts.items():
        print(
            f"{name:8} POSSE_SUMMARY={mode:4} {where:15} start with small talk: "
            f"{phatic}/{n}; contain the point: {point}/{n} "
            f"({100 * point / n:.0f} %)  [{label}]"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="each summary")
    args = parser.parse_args(argv)
    ja = sum(1 for o in OPENINGS if o.lang == "ja")
    held_ja = sum(1 for o in HELD_OUT if o.lang == "ja")
    print(
        f"{len(OPENINGS)} openings ({ja} Japanese, {len(OPENINGS) - ja} English; "
        + ", ".join(
            f"{shape} {sum(1 for o in OPENINGS if o.shape == shape)}"
            for shape in dict.fromkeys(o.shape for o in OPENINGS)
        )
        + f"), and {len(HELD_OUT)} held out ({held_ja} Japanese)"
    )
    for name, openings in (("openings", OPENINGS), ("held out", HELD_OUT)):
        for mode in ("lead", "auto"):
            _figures(name, openings, mode, verbose=args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
