"""How much slower a Pelican build gets with posse: the median ratio (goal <= 1.05).

Generates N articles (mixed Japanese and English, tags, two authors, some with
both) into a temporary site, then builds it with and without posse in
alternating runs (in a shuffled order each round), each in a fresh process;
only ``Pelican(settings)`` (which loads and registers the plugin) and ``.run()``
are measured, so interpreter start-up and Pelican's own imports do not dilute
the ratio.

Three figures are printed, each the median of the rounds' ratios (a round
builds each kind once, with one PYTHONHASHSEED). The user-space instruction
count of that span (``perf stat -e instructions:u``, switched on and off by the
child through perf's control file descriptors) is steady even on a shared
machine: within a round the ratio varies by about 0.02%, the seed moving both
builds alike. It is the figure to iterate with; without a usable ``perf`` it is
skipped. The process's CPU time and the wall time are what a
person waits for, but vary by +-10% when other work shares the cores.

Three settings are measured:

- production, no ledger: absolute SITEURL, and no ledger yet (a site that only
  wants the follow bar and link cards, or has not run ``baseline``). The
  articles are dated months back, so none can be announced by itself
  (POSSE_MAX_AGE): the build must compose no post text for them.
- production-like: absolute SITEURL, so posse also writes the manifest at the end
  of the build. Before measuring, ``pelican-posse baseline`` records every
  article as already announced (the steady state of a blog whose ledger is
  committed): the manifest then composes no post text.
  The same build without the manifest (the blog side alone) is timed too.
- local: empty SITEURL (no manifest, no absolute link-card URLs).

    python bench/build_overhead.py [--articles 2000] [--runs 3] [--theme notmyidea]

Where ``perf`` cannot count instructions (a container, a VM), ``--callgrind``
runs each build under ``valgrind --tool=callgrind`` instead and reads its
instruction total, which does not vary from run to run for one PYTHONHASHSEED;
callgrind is ~50x slower, so use a smaller site (``--articles 300``). Process
start-up (the interpreter, Pelican's imports, reading the settings) is counted
by callgrind too: it is measured once a round (a child that stops before
``Pelican(settings)``) and taken off every build.

The speed rule (docs/development.md) compares two versions of the plugin:
``--variants DIR [DIR ...]`` builds the same site with posse imported from each
``DIR`` (a ``plugins`` folder, put first on PYTHONPATH) with one PYTHONHASHSEED,
on the production kind (manifest, ledger after ``baseline``) and the local kind,
and prints each one's instructions against the first's as a share of the
build without posse:

    python bench/build_overhead.py --callgrind --articles 300 --runs 1 \
        --variants /path/to/main/plugins /path/to/branch/plugins
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
    # A dotted word ("3.11") looks like a domain to the URL rules: prose with
    # one must not cost the build the URL pattern's compile.
    "Python 3.11 で集計スクリプトの動作を確認しました。",
]
EN_SENTENCES = [
    "Succession planning takes longer than most owners expect.",
    "A grant application should answer the reviewer's questions in order.",
    "Digital transformation starts with an honest inventory of processes.",
    "Cash-flow forecasts are only useful when they are updated monthly.",
    "We tested the scripts with Python 3.11 and Node.js.",
]
TAGS = ["経営", "DX", "補助金", "事業承継", "strategy", "finance", "IT"]
AUTHORS = ["山田 花子", "John Smith"]

CHILD = textwrap.dedent(
    """
    import json, logging, os, sys, time
    logging.disable(logging.WARNING)
    if os.environ.get("BENCH_SKIP_MANIFEST"):
        # The blog side alone: link cards, bar and card, without the manifest.
        from pelican.plugins.posse.render import collect, links_back
        skip = lambda *args, **kwargs: None
        collect.collect = collect.note_skipped = collect.write = skip
        links_back.add_template_function = skip
    from pelican import Pelican
    from pelican.settings import read_settings

    def perf(command):
        # perf stat --control: counting is on only between "enable" and "disable".
        if os.environ.get("BENCH_PERF_CTL"):
            os.write(int(os.environ["BENCH_PERF_CTL"]), command + b"\\n")
            os.read(int(os.environ["BENCH_PERF_ACK"]), 16)

    settings = read_settings(sys.argv[1])
    if os.environ.get("BENCH_STARTUP_ONLY"):
        # Start-up alone, taken off each build's callgrind count.
        print("BENCH [0, 0]")
        sys.exit(0)
    perf(b"enable")
    wall, cpu = time.perf_counter(), time.process_time()
    Pelican(settings).run()
    elapsed = [time.perf_counter() - wall, time.process_time() - cpu]
    perf(b"disable")
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


def _usable_perf() -> str | None:
    """perf, if it is installed and may count this user's instructions."""
    perf = shutil.which("perf")
    if perf is None:
        return None
    probe = subprocess.run(
        [perf, "stat", "-e", "instructions:u", "-x,", "--", sys.executable, "-c", ""],
        capture_output=True,
        text=True,
        check=False,
    )
    return perf if probe.returncode == 0 and _instructions(probe.stderr) else None


PERF: str | None = None  # set in main()
CALLGRIND: bool = False  # set in main()


def build_time(
    conf: Path,
    cwd: Path,
    skip_manifest: bool = False,
    hash_seed: int | None = None,
    *,
    plugins: str | None = None,
    startup_only: bool = False,
    counted: bool = True,
) -> tuple[float, float, int | None]:
    """(wall s, CPU s, user-space instructions or None) of one build, fresh process.

    ``plugins``: a folder put first on PYTHONPATH, where posse is imported from
    (by default this checkout's, not whichever pelican-posse is installed).
    ``counted=False``: a build only run for what it leaves (the manifest, card
    pictures in the cache), at full speed, without perf or callgrind.
    """
    env = dict(os.environ, BENCH_SKIP_MANIFEST="1" if skip_manifest else "")
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = str(hash_seed)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (plugins or str(ROOT / "plugins"), env.get("PYTHONPATH", "")) if p
    )
    if startup_only:
        env["BENCH_STARTUP_ONLY"] = "1"
    if CALLGRIND and counted:
        return _callgrind_build(conf, cwd, env)
    # A user's posse is imported from .pyc files; without them every build
    # would also compile the plugin's source (pelican's own are precompiled).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    command = [sys.executable, "-c", CHILD, str(conf)]
    fds: tuple[int, ...] = ()
    if PERF and counted:
        ctl_r, ctl_w = os.pipe()
        ack_r, ack_w = os.pipe()
        fds = (ctl_r, ctl_w, ack_r, ack_w)
        env.update(BENCH_PERF_CTL=str(ctl_w), BENCH_PERF_ACK=str(ack_r))
        command = [
            PERF, "stat", "-e", "instructions:u", "-x,", "--delay=-1",
            f"--control=fd:{ctl_r},{ack_w}", "--", *command,
        ]  # fmt: skip
    try:
        result = subprocess.run(
            command,
            cwd=cwd,
            env=env,
            pass_fds=fds,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        for fd in fds:
            os.close(fd)
    lines = [ln for ln in result.stdout.splitlines() if ln.startswith("BENCH ")]
    if result.returncode != 0 or not lines:
        sys.exit(f"build failed ({conf.name}):\n{result.stderr[-3000:]}")
    wall, cpu = json.loads(lines[-1][6:])
    return float(wall), float(cpu), _instructions(result.stderr)


def _callgrind_build(
    conf: Path, cwd: Path, env: dict[str, str]
) -> tuple[float, float, int | None]:
    """One build under callgrind: (wall s, CPU s, instructions of the whole process)."""
    with tempfile.TemporaryDirectory(prefix="posse-callgrind-") as tmp:
        out = Path(tmp) / "callgrind.out"
        command = [
            "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
            "--", sys.executable, "-c", CHILD, str(conf),
        ]  # fmt: skip
        result = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, check=False
        )
        lines = [ln for ln in result.stdout.splitlines() if ln.startswith("BENCH ")]
        if result.returncode != 0 or not lines or not out.exists():
            sys.exit(f"build failed ({conf.name}):\n{result.stderr[-3000:]}")
        wall, cpu = json.loads(lines[-1][6:])
        return float(wall), float(cpu), _callgrind_total(out.read_text())


def _callgrind_total(text: str) -> int | None:
    """The instruction total of a callgrind out file (its totals: or summary: line)."""
    for line in reversed(text.splitlines()):
        if line.startswith(("totals:", "summary:")):
            return int(line.split()[1])
    return None


def _instructions(stderr: str) -> int | None:
    """The count from perf's CSV line ("123456,,instructions:u,..."), if any."""
    for line in stderr.splitlines():
        fields = line.split(",")
        if len(fields) > 2 and fields[2].startswith("instructions"):
            return int(fields[0]) if fields[0].isdigit() else None
    return None


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


def measure(
    root: Path,
    label: str,
    siteurl: str,
    runs: int,
    theme: str,
    *,
    baselined: bool = True,
    blog_only: bool = True,
) -> None:
    with_posse = write_conf(root, f"posse{label}", posse=True, siteurl=siteurl,
                            theme=theme)  # fmt: skip
    without = write_conf(root, f"plain{label}", posse=False, siteurl=siteurl,
                         theme=theme)  # fmt: skip
    state = "no manifest (SITEURL empty)"
    if siteurl and baselined:
        build_time(with_posse, root)  # writes the manifest the baseline reads
        state = baseline(with_posse, root)
    elif siteurl:
        (root / "posse-ledger.json").unlink(missing_ok=True)
        state = "no ledger"
    if siteurl:
        # Card pictures drawn (a site's first build) before any build is timed.
        build_time(with_posse, root, counted=False)
    build_time(without, root)  # warm the file-system cache for both
    plain: list[tuple[float, float, int | None]] = []
    posse: list[tuple[float, float, int | None]] = []
    without_manifest: list[tuple[float, float, int | None]] = []
    kinds: list[tuple[list, Path, bool]] = [
        (plain, without, False),
        (posse, with_posse, False),
    ]
    if siteurl and blog_only:
        kinds.append((without_manifest, with_posse, True))
    order = random.Random(runs)
    seeds = [random.SystemRandom().randrange(2**32) for _ in range(runs)]
    for seed in seeds:
        # A shuffled order each round: a build that always follows another
        # would inherit its warm (or cold) caches and skew CPU and wall time.
        order.shuffle(kinds)
        # One string-hash seed for the builds of a round, a new one each round:
        # the seed moves a whole build's count by up to ~0.2% (dict order, when
        # the garbage collector runs), as much as with and without posse differ
        # by run to run; within a round the two kinds see the same hashing.
        startup = _startup(without, root, seed)
        for results, conf, skip_manifest in kinds:
            wall, cpu, count = build_time(
                conf, root, skip_manifest=skip_manifest, hash_seed=seed
            )
            results.append((wall, cpu, None if count is None else count - startup))
    print(f"{label}: SITEURL={siteurl!r}; {state}")
    print(f"  PYTHONHASHSEED of each round: {', '.join(map(str, seeds))}")
    series = [("with posse", posse)]
    if without_manifest:
        series.append(("posse without its manifest", without_manifest))
    kinds = [("CPU", 1, 1.0, "s"), ("wall", 0, 1.0, "s")]
    counted = (plain, posse, without_manifest)
    if all(t[2] is not None for runs_ in counted for t in runs_):
        kinds.insert(0, ("instr", 2, 1e9, "G"))
    else:
        print("  (no instruction counts: perf missing or not permitted)")
    for kind, index, unit, suffix in kinds:
        base = [t[index] / unit for t in plain]
        print(
            f"  {kind:5} without posse: {', '.join(f'{t:.2f}' for t in base)} {suffix}"
        )
        for name, runs_ in series:
            values = [t[index] / unit for t in runs_]
            # Each round's builds against each other (same seed, same moment).
            ratio = statistics.median(v / b for v, b in zip(values, base, strict=True))
            print(
                f"  {kind:5} {name}: {', '.join(f'{t:.2f}' for t in values)} {suffix};"
                f" median ratio {ratio:.3f}"
            )


def _startup(conf: Path, cwd: Path, seed: int | None) -> int:
    """Instructions of a child's start-up alone, under callgrind (else 0)."""
    if not CALLGRIND:
        return 0
    return build_time(conf, cwd, hash_seed=seed, startup_only=True)[2] or 0


def compare_variants(root: Path, variants: list[str], runs: int, theme: str) -> None:
    """The build with posse imported from each of ``variants``, against the first."""
    seeds = [random.SystemRandom().randrange(2**32) for _ in range(runs)]
    print(f"variants: {', '.join(variants)}")
    for variant in variants:  # as a user's posse is: compiled once
        subprocess.run([sys.executable, "-m", "compileall", "-q", variant], check=True)
    print(f"  PYTHONHASHSEED of each round: {', '.join(map(str, seeds))}")
    for label, siteurl in (("production", "https://bench.example.jp"), ("local", "")):
        with_posse = write_conf(root, f"posse{label}", posse=True, siteurl=siteurl,
                                theme=theme)  # fmt: skip
        without = write_conf(root, f"plain{label}", posse=False, siteurl=siteurl,
                             theme=theme)  # fmt: skip
        state = "no manifest (SITEURL empty)"
        if siteurl:
            build_time(with_posse, root, plugins=variants[0], counted=False)
            state = baseline(with_posse, root)
        print(f"{label}: SITEURL={siteurl!r}; {state}")
        index = 2 if (PERF or CALLGRIND) else 1  # instructions, else CPU time
        shares: dict[str, list[float]] = {variant: [] for variant in variants}
        for seed in seeds:
            startup = _startup(without, root, seed) if CALLGRIND else 0
            plain = build_time(without, root, hash_seed=seed)[index] - startup
            counts = []
            for variant in variants:
                # Each variant's own untimed build right before it is timed: its
                # card pictures and kept summaries are in the state directory,
                # as on every build but a site's first (another variant's may
                # have been written in another format).
                build_time(with_posse, root, plugins=variant, counted=False)
                count = build_time(with_posse, root, hash_seed=seed, plugins=variant)
                counts.append(count[index] - startup)
            print(f"  seed {seed}: without posse {plain:,}")
            for variant, count in zip(variants, counts, strict=True):
                saved = count - counts[0]
                shares[variant].append(saved / plain)
                print(
                    f"    {variant}: {count:,} ({count / plain:.4f}x);"
                    f" {saved:+,} against the first ({saved / plain:+.3%} of a"
                    " build without posse)"
                )
        if len(seeds) > 1:
            # CPU time varies by a few percent from build to build: the median
            # of the rounds is the figure.
            for variant in variants[1:]:
                share = statistics.median(shares[variant])
                print(
                    f"  median against the first, {variant}:"
                    f" {share:+.3%} of a build without posse"
                )


KINDS = ("production-no-ledger", "production", "local")


def main() -> None:
    global PERF, CALLGRIND  # noqa: PLW0603 - probed once, before the first build
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=None,
                        help="2000; 300 with --callgrind")  # fmt: skip
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind")
    parser.add_argument("--theme", default="notmyidea")
    parser.add_argument("--callgrind", action="store_true",
                        help="count instructions under callgrind")  # fmt: skip
    parser.add_argument("--variants", nargs="+", metavar="DIR",
                        help="plugins folders to compare (see above)")  # fmt: skip
    parser.add_argument("--kinds", nargs="+", choices=KINDS, default=list(KINDS),
                        help="which settings to measure (default: all)")  # fmt: skip
    parser.add_argument("--no-blog-only", action="store_true",
                        help="skip the build without the manifest (a third fewer "
                        "builds: callgrind at 1,000 articles is slow)")  # fmt: skip
    args = parser.parse_args()
    CALLGRIND = args.callgrind
    PERF = None if CALLGRIND else _usable_perf()
    if args.articles is None:
        args.articles = 300 if CALLGRIND else 2000
    with tempfile.TemporaryDirectory(prefix="posse-bench-") as tmp:
        root = Path(tmp)
        write_site(root, args.articles)
        if args.variants:
            compare_variants(root, args.variants, args.runs, args.theme)
            return
        print(
            f"{args.articles} articles (2/3 Japanese, 1/3 English), theme "
            f"{args.theme}, {args.runs} alternating builds of each kind"
        )
        siteurl = "https://bench.example.jp"
        blog_only = not args.no_blog_only
        if "production-no-ledger" in args.kinds:
            measure(
                root, "production-no-ledger", siteurl, args.runs, args.theme,
                baselined=False, blog_only=blog_only,
            )  # fmt: skip
        if "production" in args.kinds:
            measure(root, "production", siteurl, args.runs, args.theme,
                    blog_only=blog_only)  # fmt: skip
        if "local" in args.kinds:
            measure(root, "local", "", args.runs, args.theme)


if __name__ == "__main__":
    main()
