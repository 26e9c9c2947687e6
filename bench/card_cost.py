"""What a card picture costs: drawn cold (one by one, and in a process pool),
and found in the cache on a warm build (goal: <= 50 ms a card drawn).

    python bench/card_cost.py [--cards 200]

Titles are cut from the build bench's sentences (Japanese, English, mixed) to
15-70 characters. "one by one" is a process drawing every card itself; the
first card (fonts and BudouX's model loaded) is reported apart. "pool" is how
a build with many new cards draws them (render/cards.py). "warm" is what a
build does per article when the card is cached: the key and one stat.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "plugins"), str(ROOT)]

from bench.build_overhead import EN_SENTENCES, JA_SENTENCES  # noqa: E402
from pelican.plugins.posse.render import (  # noqa: E402
    card_cache,
    card_draw,
    card_fonts,
    cards,
)


def titles(count: int, seed: int = 2026) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    found = []
    for i in range(count):
        ja = i % 3 != 2
        text = " ".join(
            rng.choice(JA_SENTENCES if ja else EN_SENTENCES) for _ in range(3)
        )
        found.append((f"{text[: rng.randint(15, 70)]} {i}", "ja" if ja else "en"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=200)
    args = parser.parse_args()
    fonts = card_fonts.find(None)
    if fonts is None:
        sys.exit("no font found: sudo apt install fonts-noto-cjk")
    style = card_cache.Style("#ffffff", "#1f2328", "#0b6e4f", None)
    date = dt.datetime(2026, 12, 7)
    with tempfile.TemporaryDirectory(prefix="posse-cards-") as tmp:
        jobs = []
        for n, (title, lang) in enumerate(titles(args.cards)):
            text = card_cache.card_text(title, "Bench", ["山田 花子"], date, lang)
            jobs.append((f"c{n}", text, style, fonts, os.path.join(tmp, f"c{n}.png")))
        print(
            f"{args.cards} cards; font {fonts.title.path}; engine {card_draw.engine()}"
        )
        took, cpu = [], []
        for job in jobs:
            start, start_cpu = time.perf_counter(), time.process_time()
            card_draw.render(job)
            took.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        rest, rest_cpu = took[1:] or took, cpu[1:] or cpu
        print(
            f"  cold, one by one: first {took[0] * 1000:.0f} ms (fonts, BudouX); "
            f"then median {statistics.median(rest) * 1000:.1f} ms wall, "
            f"{statistics.median(rest_cpu) * 1000:.1f} ms CPU; "
            f"mean {statistics.mean(rest) * 1000:.1f} ms wall; "
            f"max {max(rest) * 1000:.0f} ms a card"
        )
        sizes = [os.path.getsize(job[4]) for job in jobs]
        median = statistics.median(sizes)
        print(f"  file size: median {median:,.0f} B, max {max(sizes):,} B")
        for job in jobs:
            os.unlink(job[4])
        start = time.perf_counter()
        cards._in_pool(card_draw.render, jobs)
        wall = time.perf_counter() - start
        print(
            f"  cold, process pool ({os.cpu_count()} cores): {wall:.2f} s, "
            f"{wall / len(jobs) * 1000:.1f} ms a card (wall, pool start included)"
        )
        start = time.perf_counter()
        for job in jobs:
            name = card_cache.key(job[1], style, "", fonts.title.identity, "")
            os.path.exists(card_cache.cached(Path(tmp), name))
        warm = (time.perf_counter() - start) / len(jobs)
        print(f"  warm (key and one stat): {warm * 1e6:.1f} µs a card")


if __name__ == "__main__":
    main()
