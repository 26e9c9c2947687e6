"""What posse adds to an article page a reader downloads (goal: <= 4,096 bytes,
0 scripts that run, 0 third-party resources), with and without the share row.

Builds one small production-like site (absolute SITEURL, a Japanese and an
English article, the owner's X, Facebook and note accounts) without posse, with
posse, and with posse and the demo's share row (POSSE_SHARE = x, facebook, line,
hatena), each in a fresh process, in Pelican's ``simple`` and ``notmyidea``
themes, and compares the same article page. ``<script>`` elements are counted
honestly: posse's JSON-LD is a ``<script type="application/ld+json">`` element,
which a browser does not run (data), so both numbers are printed. Third-party
URLs are looked for in the page and in the stylesheets it links from the site
(posse.css draws the icons with ``url()``).

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
from urllib.parse import urljoin, urlsplit

SITEURL = "https://blog.example.jp"
SHARE = ["x", "facebook", "line", "hatena"]  # the demo's row (pelicanconf.py)
VARIANTS = {"plain": "without posse", "posse": "posse", "share": "posse + share row"}
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


def build(root: Path, theme: str, variant: str) -> Path:
    name = f"{theme}-{variant}"
    posse = variant != "plain"
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
            POSSE_SHARE = {SHARE if variant == "share" else []!r}
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


def third_party(html: str, page: str, out: Path) -> list[str]:
    """Resource URLs (loaded without a click) that leave the site's origin: in
    the page, and in the same-origin stylesheets it links (their url()s)."""
    host = urlsplit(SITEURL).hostname
    base = f"{SITEURL}/{page}"
    urls = re.findall(r'\bsrc="([^"]+)"', html)
    urls += re.findall(r'<use\b[^>]*\bhref="([^"]+)"', html)
    sheets = []
    for tag in re.findall(r"<link\b[^>]*>", html):
        if re.search(r'rel="[^"]*(stylesheet|preload|icon|modulepreload)', tag):
            found = re.findall(r'href="([^"]+)"', tag)
            urls += found
            if "stylesheet" in tag:
                sheets += [urljoin(base, u) for u in found]
    absolute = [urljoin(base, u) for u in urls]
    for sheet in sheets:
        parts = urlsplit(sheet)
        if parts.hostname != host:
            continue
        css = (out / parts.path.lstrip("/")).read_text(encoding="utf-8")
        for ref in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
            absolute.append(urljoin(sheet, ref))
    return [u for u in absolute if urlsplit(u).hostname != host]


def icons_used(html: str, out: Path) -> tuple[list[str], int]:
    """The icon files this page's links need (by class), and their total size."""
    names = sorted(set(re.findall(r'<a class="posse-([a-z]+)"', html)))
    files = [out / "posse" / "icons" / f"{name}.svg" for name in names]
    return names, sum(f.stat().st_size for f in files if f.exists())


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="posse-weight-") as tmp:
        root = Path(tmp)
        (root / "content").mkdir()
        for name, text in ARTICLES.items():
            (root / "content" / name).write_text(text, encoding="utf-8")
        worst = 0
        for theme in ("simple", "notmyidea"):
            outs = {variant: build(root, theme, variant) for variant in VARIANTS}
            for lang, page in PAGES.items():
                before = (outs["plain"] / page).read_bytes()
                plain_total, _ = scripts(before.decode("utf-8"))
                for variant in ("posse", "share"):
                    after = (outs[variant] / page).read_bytes()
                    html = after.decode("utf-8")
                    total, executable = scripts(html)
                    added = len(after) - len(before)
                    worst = max(worst, added)
                    gz = len(gzip.compress(after)) - len(gzip.compress(before))
                    foreign = third_party(html, page, outs[variant])
                    print(
                        f"{theme:9} {lang} {VARIANTS[variant]:17}: +{added:,} bytes "
                        f"of HTML (+{gz:,} gzipped); <script> elements added: "
                        f"{total - plain_total} ({total - plain_total - executable} "
                        f"JSON-LD data, {executable} executable); third-party "
                        f"resource URLs: {len(foreign)}"
                    )
        out = outs["share"]
        css = (out / "posse" / "posse.css").stat().st_size
        icons = sorted((out / "posse" / "icons").glob("*.svg"))
        names, used = icons_used((out / PAGES["ja"]).read_text("utf-8"), out)
        print(
            f"same-origin assets, fetched once and cached: posse.css {css:,} bytes; "
            f"{len(icons)} icons of {min(f.stat().st_size for f in icons):,}-"
            f"{max(f.stat().st_size for f in icons):,} bytes, of which this page "
            f"uses {len(names)} ({', '.join(names)}): {used:,} bytes"
        )
        print(
            f"goal: <= 4,096 bytes added (largest here: {worst:,}, margin "
            f"{4096 - worst:,}), 0 executable scripts, 0 third-party URLs"
        )


if __name__ == "__main__":
    main()
