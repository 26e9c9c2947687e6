"""How long ``pelican-posse plan`` takes on a big blog (goal <= 1 s).

Writes, into a temporary site, the manifest a build of 2,000 articles would
leave (a few new, drafts and translations held back, the rest announced) and a
ledger of 10,000 articles with a record for X and for Facebook each (years of
history, including articles since deleted). Then times the real command, as a
user runs it (a fresh process: start-up, reading settings, manifest and ledger,
deciding, printing), and the decision alone, in-process.

    python bench/plan.py [--articles 2000] [--ledger 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NETWORKS = ("x", "facebook")


def write_site(
    folder: Path, articles: int, ledger_size: int, ledger_format: int = 2
) -> None:
    (folder / "publishconf.py").write_text(
        'SITEURL = "https://blog.example.jp"\nTIMEZONE = "Asia/Tokyo"\n'
        'DEFAULT_LANG = "ja"\n',
        encoding="utf-8",
    )
    start = dt.datetime(2015, 1, 1, 9, tzinfo=dt.UTC)
    entries = []
    for n in range(articles):
        aid = f"posts/{n:05d}.md"
        url = f"https://blog.example.jp/posts/{n:05d}/"
        held = "draft" if n % 97 == 0 else "translation" if n % 41 == 0 else None
        new = n >= articles - 5
        texts = {}
        if new and not held:
            texts = {
                net: {
                    "text": f"ブログを更新しました：記事 {n}\n\n{url}",
                    "link": url if net == "facebook" else None,
                    "length": 60,
                    "limit": 280 if net == "x" else 63206,
                }
                for net in NETWORKS
            }
        entries.append(
            {
                "id": aid,
                "source_path": aid,
                "url": url,
                "title": f"記事 {n}",
                "lang": "ja",
                "date": (start + dt.timedelta(days=n)).isoformat(),
                "date_from_fs": False,
                "send": False,
                "tags": ["経営"],
                "status": "draft" if held == "draft" else "published",
                "translation_group": aid,
                "is_translation": held == "translation",
                "held": held,
                "image": None,
                "description": "要約。",
                "site_name": "ブログ",
                "texts": texts,
            }
        )
    state = folder / ".posse"
    state.mkdir()
    (state / "manifest.json").write_text(
        json.dumps(
            {
                "format": 2,
                "built_at": start.isoformat(),
                "siteurl": "https://blog.example.jp",
                "sitename": "ブログ",
                "default_lang": "ja",
                "networks": list(NETWORKS),
                "translations": "default",
                "since": None,
                "content": {
                    "path": "content",
                    "article_paths": [""],
                    "article_excludes": ["pages"],
                    "extensions": ["htm", "html", "md", "rst"],
                    "ignore_files": ["**/.*"],
                },
                "sources": [e["source_path"] for e in entries],
                "articles": entries,
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    ledger = {}
    for n in range(ledger_size):
        if articles - 5 <= n < articles:
            continue  # the new ones
        record = {
            "state": "posted",
            "attempts": 1,
            "at": start.isoformat(),
            "remote_id": str(10**15 + n),
            "text_sha256": "0" * 16,
        }
        posts = {
            "x": {**record, "url": f"https://x.com/h/status/{10**15 + n}"},
            "facebook": {**record, "url": f"https://www.facebook.com/1_{n}"},
        }
        ledger[f"posts/{n:05d}.md"] = (
            posts
            if ledger_format == 1
            else {
                "url": f"https://blog.example.jp/posts/{n:05d}/",
                "date": (start + dt.timedelta(days=n)).isoformat(),
                "posts": posts,
            }
        )
    head: dict[str, object] = {"about": "bench", "format": ledger_format}
    if ledger_format == 2:
        newest = (start + dt.timedelta(days=ledger_size - 1)).isoformat()
        head |= {"networks": list(NETWORKS), "newest": dict.fromkeys(NETWORKS, newest)}
    (folder / "posse-ledger.json").write_text(
        json.dumps(
            {**head, "articles": ledger},
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        )
        + "\n",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--ledger", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--ledger-format",
        type=int,
        choices=(1, 2),
        default=2,
        help="2: as pelican-posse writes it; 1: an older file, upgraded on read",
    )
    args = parser.parse_args()
    command = [str(Path(sys.executable).parent / "pelican-posse"), "plan"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSSE_")}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_site(folder, args.articles, args.ledger, args.ledger_format)
        wall, cpu = [], []
        for _ in range(args.runs):
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            begin = time.perf_counter()
            done = subprocess.run(
                command,
                cwd=folder,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            wall.append(time.perf_counter() - begin)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - used.ru_utime + after.ru_stime - used.ru_stime)
            if done.returncode != 0:
                sys.exit(f"pelican-posse plan failed:\n{done.stdout}{done.stderr}")
        sys.path.insert(0, str(ROOT / "plugins"))
        os.chdir(folder)
        from pelican.plugins.posse import settings
        from pelican.plugins.posse.publish import engine

        posse = settings.load({})[0]
        decide, decide_cpu = [], []
        for _ in range(args.runs):
            begin, begin_cpu = time.perf_counter(), time.process_time()
            plan = engine.Engine(posse, env).plan()
            decide.append(time.perf_counter() - begin)
            decide_cpu.append(time.process_time() - begin_cpu)
        due = len(plan.for_action("outbox")) + len(plan.for_action("post"))
        ledger_kb = (folder / "posse-ledger.json").stat().st_size // 1024
        manifest_kb = (folder / ".posse" / "manifest.json").stat().st_size // 1024
    print(
        f"pelican-posse plan: {args.articles} articles in the manifest "
        f"({manifest_kb} KB), {args.ledger} in the ledger ({ledger_kb} KB, "
        f"format {args.ledger_format}), "
        f"{due} posts due"
    )
    print(
        f"  command (fresh process), median of {args.runs}: wall "
        f"{statistics.median(wall):.3f} s, CPU {statistics.median(cpu):.3f} s "
        "(goal <= 1 s)"
    )
    print(
        f"  deciding alone (read manifest + ledger, plan), median: wall "
        f"{statistics.median(decide):.3f} s, CPU {statistics.median(decide_cpu):.3f} s"
    )
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if os.environ.get("PYTHONDONTWRITEBYTECODE") and not any(
        (ROOT / "plugins" / "pelican" / "plugins" / "posse").glob("__pycache__/*.pyc")
    ):
        # An editable install with no bytecode cache compiles the plugin's modules
        # on every run (~0.05-0.1 s); an installed wheel ships compiled ones.
        print("  (PYTHONDONTWRITEBYTECODE is set: the plugin is compiled on each run)")


if __name__ == "__main__":
    main()
