"""How much slower a Pelican build gets with posse: the median ratio (goal <= 1.03).

Generates N articles (mixed Japanese and English, tags, two authors, some with
both) into a temporary site, then builds it with and without posse in
alternating runs, each in a fresh process; only ``Pelican(settings).run()`` is
timed, so interpreter start-up and imports do not dilute the ratio. Both the
process's CPU time and wall time are printed: on a shared or busy machine the
CPU-time ratio is the steadier figure (the goal is <= 1.03 either way).

Two settings are measured:

- production-like: absolute SITEURL, so posse also writes the manifest at the end
  of the build. Before measuring, ``pelican-posse baseline`` records every
  article as already announced (the steady state of a blog whose ledger is
  committed): the manifest then composes no post text.
  The same build without the manifest (the blog side alone) is timed too.
- local: empty SITEURL (no manifest, no absolute link-card URLs).

    python bench/build_overhead.py [--articles 2000] [--runs 3] [--theme notmyidea]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

JA_SENTENCES = [
    "中小企業の経営者にとって、事業承継は避けて通れない課題です。",
    "補助金の申請書は、審査員が読みやすい構成にすることが大切です。",
    "DX の第一歩は、社内の業務フローを棚卸しすることから始まります。",
    "SaaS を導入する前に、既存の Excel 管理を見直しましょう。",
    "後継者の育成には五年から十年かかると言われています。",
    "資金繰り表を毎月更新している会社は、意外に少ないものです。",
]
EN_SENTENCES = [
    "Succession planning takes longer than most owners expect.",
    "A grant application should answer the reviewer's questions in order.",
    "Digital transformation starts with an honest inventory of processes.",
    "Cash-flow forecasts are only useful when they are updated monthly.",
]
TAGS = ["経営", "DX", "補助金", "事業承継", "strategy", "finance", "IT"]
AUTHORS = ["山田 花子", "John Smith"]

CHILD = textwrap.dedent(
    """
    import json, logging, os, sys, time
    logging.disable(logging.WARNING)
    if os.environ.get("BENCH_SKIP_MANIFEST"):
        # The blog side alone: link cards, bar and card, without the manifest.
        import pelican.plugins.posse.manifest as manifest
        manifest.connect = lambda: None
    from pelican import Pelican
    from pelican.settings import read_settings
    settings = read_settings(sys.argv[1])
    pelican = Pelican(settings)
    wall, cpu = time.perf_counter(), time.process_time()
    pelican.run()
    elapsed = [time.perf_counter() - wall, time.process_time() - cpu]
    print("BENCH " + json.dumps(elapsed))
    """
)


def write_site(root: Path, articles: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    content = root / "content"
    content.mkdir(parents=True)
    for i in range(articles):
        ja = i % 3 != 2
        sentences = JA_SENTENCES if ja else EN_SENTENCES
        paragraphs = [
            " ".join(rng.choice(sentences) for _ in range(rng.randint(4, 9)))
            for _ in range(rng.randint(3, 8))
        ]
        authors = AUTHORS[i % 2] if i % 7 else ", ".join(AUTHORS)
        tags = ", ".join(rng.sample(TAGS, rng.randint(1, 3)))
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        year = 2020 + i // 336
        (content / f"a{i:05d}.md").write_text(
            f"Title: {'記事' if ja else 'Article'} {i}\n"
            f"Date: {year}-{month:02d}-{day:02d} 09:00\n"
            f"Lang: {'ja' if ja else 'en'}\n"
            f"Slug: a{i:05d}\n"
            f"Tags: {tags}\n"
            f"Authors: {authors}\n\n" + "\n\n".join(paragraphs) + "\n",
            encoding="utf-8",
        )


def write_conf(root: Path, name: str, *, posse: bool, siteurl: str, theme: str) -> Path:
    conf = root / f"{name}.py"
    conf.write_text(
        textwrap.dedent(
            f"""
            SITENAME = "Bench"
            SITEURL = {siteurl!r}
            PATH = {str(root / "content")!r}
            OUTPUT_PATH = {str(root / ("out-" + name))!r}
            THEME = {theme!r}
            TIMEZONE = "Asia/Tokyo"
            DEFAULT_LANG = "ja"
            CACHE_CONTENT = False
            LOAD_CONTENT_CACHE = False
            FEED_ALL_ATOM = "feeds/all.atom.xml"
            CATEGORY_FEED_ATOM = None
            TRANSLATION_FEED_ATOM = None
            AUTHOR_FEED_ATOM = None
            AUTHOR_FEED_RSS = None
            PLUGINS = {["pelican.plugins.posse"] if posse else []!r}
            POSSE_STATE_DIR = {str(root / ".posse")!r}
            POSSE_LEDGER_PATH = {str(root / "posse-ledger.json")!r}
            POSSE_PROFILES = {{"x": "posse_demo", "facebook": "posse.demo",
                              "note": "posse_demo", "rss": True}}
            POSSE_AUTHORS = {{"John Smith": {{"x": "jsmith", "github": "jsmith"}}}}
            """
        ),
        encoding="utf-8",
    )
    return conf


def build_time(
    conf: Path, cwd: Path, skip_manifest: bool = False
) -> tuple[float, float]:
    """(wall, CPU) seconds of one build in a fresh process."""
    env = dict(os.environ, BENCH_SKIP_MANIFEST="1" if skip_manifest else "")
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(conf)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("BENCH ")]
    if result.returncode != 0 or not lines:
        sys.exit(f"build failed ({conf.name}):\n{result.stderr[-3000:]}")
    wall, cpu = json.loads(lines[-1][6:])
    return float(wall), float(cpu)


def baseline(conf: Path, cwd: Path) -> str:
    cli = shutil.which("pelican-posse", path=str(Path(sys.executable).parent))
    if cli is None:
        return "no pelican-posse command: ledger empty"
    result = subprocess.run(
        [cli, "-s", str(conf), "baseline", "--json"],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return f"pelican-posse baseline failed ({result.stderr.strip()[:200]})"
    return f"ledger baselined: {result.stdout.strip()}"


def measure(root: Path, label: str, siteurl: str, runs: int, theme: str) -> None:
    with_posse = write_conf(root, f"posse{label}", posse=True, siteurl=siteurl,
                            theme=theme)  # fmt: skip
    without = write_conf(root, f"plain{label}", posse=False, siteurl=siteurl,
                         theme=theme)  # fmt: skip
    state = "no manifest (SITEURL empty)"
    if siteurl:
        build_time(with_posse, root)  # writes the manifest the baseline reads
        state = baseline(with_posse, root)
    build_time(without, root)  # warm the file-system cache for both
    plain: list[tuple[float, float]] = []
    posse: list[tuple[float, float]] = []
    blog_only: list[tuple[float, float]] = []
    for _ in range(runs):
        plain.append(build_time(without, root))
        posse.append(build_time(with_posse, root))
        if siteurl:
            blog_only.append(build_time(with_posse, root, skip_manifest=True))
    print(f"{label}: SITEURL={siteurl!r}; {state}")
    series = [("with posse", posse)]
    if blog_only:
        series.append(("posse without its manifest", blog_only))
    for kind, index in (("CPU", 1), ("wall", 0)):
        base = [t[index] for t in plain]
        print(f"  {kind:4} without posse: {', '.join(f'{t:.2f}' for t in base)} s")
        for name, runs_ in series:
            times = [t[index] for t in runs_]
            ratio = statistics.median(times) / statistics.median(base)
            print(
                f"  {kind:4} {name}: {', '.join(f'{t:.2f}' for t in times)} s;"
                f" median ratio {ratio:.3f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind")
    parser.add_argument("--theme", default="notmyidea")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="posse-bench-") as tmp:
        root = Path(tmp)
        write_site(root, args.articles)
        print(
            f"{args.articles} articles (2/3 Japanese, 1/3 English), theme "
            f"{args.theme}, {args.runs} alternating builds of each kind"
        )
        measure(root, "production", "https://bench.example.jp", args.runs, args.theme)
        measure(root, "local", "", args.runs, args.theme)


if __name__ == "__main__":
    main()
