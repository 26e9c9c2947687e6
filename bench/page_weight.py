"""What posse adds to an article page a reader downloads (goal: <= 4,096 bytes,
0 scripts that run, 0 third-party resources).

Builds one small production-like site (absolute SITEURL, a Japanese and an
English article, the owner's X, Facebook and note accounts) with and without
posse, each in a fresh process, in Pelican's ``simple`` and ``notmyidea`` themes,
and compares the same article page. ``<script>`` elements are counted honestly:
posse's JSON-LD is a ``<script type="application/ld+json">`` element, which a
browser does not run (data), so both numbers are printed.

    python bench/page_weight.py
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

SITEURL = "https://blog.example.jp"
ARTICLES = {
    "ja.md": """\
Title: 事業承継は十年仕事
Date: 2026-03-01 09:00
Slug: jigyo-shokei
Lang: ja
Tags: 経営, 事業承継
Authors: 山田 花子
Image: images/card.png

事業承継は早めの準備が大切です。後継者の育成には五年から十年かかると言われています。
まずは現状の棚卸しから始めましょう。株式、資産、取引先との関係、社内の暗黙知。
引き継ぐべきものは想像以上に多く、一つずつ言葉にしていく作業が欠かせません。
""",
    "en.md": """\
Title: Succession takes ten years
Date: 2026-03-02 09:00
Slug: succession
Lang: en
Tags: strategy
Authors: 山田 花子

Succession planning takes longer than most owners expect. Start with an
inventory: shares, assets, customer relationships and the knowledge that only
lives in people's heads.
""",
}
PAGES = {"ja": "jigyo-shokei.html", "en": "succession-en.html"}

CHILD = textwrap.dedent(
    """
    import logging, sys
    logging.disable(logging.WARNING)
    from pelican import Pelican
    from pelican.settings import read_settings
    Pelican(read_settings(sys.argv[1])).run()
    """
)


def build(root: Path, theme: str, posse: bool) -> Path:
    name = f"{theme}-{'posse' if posse else 'plain'}"
    out = root / name
    conf = root / f"{name}.py"
    conf.write_text(
        textwrap.dedent(
            f"""
            SITENAME = "POSSE デモブログ"
            SITEURL = {SITEURL!r}
            PATH = {str(root / "content")!r}
            OUTPUT_PATH = {str(out)!r}
            THEME = {theme!r}
            TIMEZONE = "Asia/Tokyo"
            DEFAULT_LANG = "ja"
            CACHE_CONTENT = False
            FEED_ALL_ATOM = "feeds/all.atom.xml"
            CATEGORY_FEED_ATOM = None
            TRANSLATION_FEED_ATOM = None
            AUTHOR_FEED_ATOM = None
            AUTHOR_FEED_RSS = None
            PLUGINS = {["pelican.plugins.posse"] if posse else []!r}
            POSSE_STATE_DIR = {str(root / ".posse")!r}
            POSSE_LEDGER_PATH = {str(root / "ledger.json")!r}
            POSSE_PROFILES = {{"x": "posse_demo", "facebook": "posse.demo",
                              "note": "posse_demo"}}
            """
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(conf)],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"build failed ({name}):\n{result.stderr[-3000:]}")
    return out


def scripts(html: str) -> tuple[int, int]:
    """(all <script> elements, those a browser would run)."""
    tags = re.findall(r"<script\b([^>]*)>", html, flags=re.I)
    data = [t for t in tags if re.search(r'type="application/ld\+json"', t)]
    return len(tags), len(tags) - len(data)


def third_party(html: str) -> list[str]:
    """Resource URLs (loaded without a click) that leave the site's origin."""
    host = urlsplit(SITEURL).hostname
    urls = re.findall(r'\bsrc="([^"]+)"', html)
    urls += re.findall(r'<use\b[^>]*\bhref="([^"]+)"', html)
    for tag in re.findall(r"<link\b[^>]*>", html):
        if re.search(r'rel="[^"]*(stylesheet|preload|icon|modulepreload)', tag):
            urls += re.findall(r'href="([^"]+)"', tag)
    return [u for u in urls if urlsplit(u).hostname not in (None, host)]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="posse-weight-") as tmp:
        root = Path(tmp)
        (root / "content").mkdir()
        for name, text in ARTICLES.items():
            (root / "content" / name).write_text(text, encoding="utf-8")
        assets = None
        for theme in ("simple", "notmyidea"):
            plain = build(root, theme, posse=False)
            posse = build(root, theme, posse=True)
            for lang, page in PAGES.items():
                before = (plain / page).read_bytes()
                after = (posse / page).read_bytes()
                html = after.decode("utf-8")
                total, executable = scripts(html)
                plain_total, _ = scripts(before.decode("utf-8"))
                added = len(after) - len(before)
                gz = len(gzip.compress(after)) - len(gzip.compress(before))
                print(
                    f"{theme:9} {lang} article: +{added:,} bytes of HTML "
                    f"(+{gz:,} gzipped); <script> elements added: "
                    f"{total - plain_total} ({total - plain_total - executable} "
                    f"JSON-LD data, {executable} executable); third-party "
                    f"resource URLs: {len(third_party(html))}"
                )
            assets = {
                p.name: p.stat().st_size for p in sorted((posse / "posse").iterdir())
            }
        print(
            "same-origin assets, fetched once and cached: "
            + ", ".join(f"{name} {size:,} bytes" for name, size in assets.items())
        )
        print("goal: <= 4,096 bytes added, 0 executable scripts, 0 third-party URLs")


if __name__ == "__main__":
    main()
