"""Post text: what the composer writes for the demo blog, and how long it takes.

Reads the demo blog's articles with publishconf.py (absolute URLs) through
Pelican's own reader, composes the X and Facebook posts of each, and prints them
with their length in each network's measure. Then times the text functions on
those articles: per call, the median of several rounds.

    python bench/post_text.py [--site .] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def load_articles(site: Path):
    from pelican.contents import Article
    from pelican.readers import Readers
    from pelican.settings import read_settings

    from pelican.plugins.posse import facts

    os.chdir(site)
    settings = read_settings(str(site / "publishconf.py"))
    settings["PLUGINS"] = []
    readers = Readers(settings)
    content = Path(settings["PATH"])
    found = []
    for path in sorted(content.glob("*.md")):
        article = readers.read_file(
            base_path=str(content), path=path.name, content_class=Article
        )
        found.append(facts.from_article(article, settings))
    return found


def per_call(function, rounds: int) -> float:
    """Median seconds of one call, over ``rounds`` timed batches."""
    function()
    batch = 50
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(batch):
            function()
        times.append((time.perf_counter() - start) / batch)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path(__file__).parent.parent)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from pelican.plugins.posse import compose as compose_mod
    from pelican.plugins.posse.compose import compose
    from pelican.plugins.posse.settings import PosseSettings
    from pelican.plugins.posse.text import html_to_text, shorten, x_count

    uncached_length = x_count._weighted_length.__wrapped__

    def both(item):
        compose_mod._opening.cache_clear()
        compose(item, "x", posse)
        compose(item, "facebook", posse)

    articles = [a for a in load_articles(args.site.resolve()) if a.status != "draft"]
    posse = PosseSettings()
    for item in articles:
        for network in ("x", "facebook"):
            post = compose(item, network, posse)
            unit = "weighted length" if network == "x" else "characters"
            print(
                f"=== {item.source_path} [{item.lang}] on {network}: "
                f"{post.length}/{post.limit} {unit}"
                + (f", link={post.link}" if post.link else "")
            )
            print(post.text)
            print()

    print(
        f"timings (median of {args.rounds} rounds, per call, {len(articles)} articles)"
    )
    for item in articles:
        opening = html_to_text(item.content_html, max_chars=400)
        x_text = compose(item, "x", posse).text
        rows = [
            (
                "html_to_text(max_chars=400)",
                lambda i=item: html_to_text(i.content_html, max_chars=400),
            ),
            (
                "shorten(200, len)",
                lambda o=opening, i=item: shorten(o, 200, lang=i.lang),
            ),
            # Uncached: weighted_length remembers the drafts compose measures.
            ("weighted_length(X post)", lambda t=x_text: uncached_length(t)),
            # As in a build: each article's text is read once, then composed twice.
            ("compose(x)+compose(facebook)", lambda i=item: both(i)),
        ]
        cells = [
            f"{name} {per_call(fn, args.rounds) * 1e6:7.1f} µs" for name, fn in rows
        ]
        print(f"  {item.source_path:28s} " + " | ".join(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
