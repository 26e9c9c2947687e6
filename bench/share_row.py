"""Bytes the share row adds to the demo blog's article pages.

Builds the demo blog for production (publishconf.py, absolute SITEURL) three
times, each in a fresh process: without a share row, with the demo's row
(POSSE_SHARE in pelicanconf.py) and with all seven networks, and prints, per
article page, how many bytes of HTML (and gzipped) the row adds, and the icon
files the demo row's links need. The whole of posse's additions, share row
included, is measured by bench/page_weight.py (goal: <= 4,096 bytes).

    python bench/share_row.py
"""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "ja, 27-character title": "posts/jigyo-keikaku/index.html",
    "ja, 20-character title": "posts/dx-saas-tanaoroshi/index.html",
    "en, 56-character title": "posts/links-not-widgets/en/index.html",
}
ALL = ["x", "facebook", "line", "hatena", "bluesky", "linkedin", "email"]

CHILD = textwrap.dedent(
    """
    import logging, sys
    logging.disable(logging.WARNING)
    from pelican import Pelican
    from pelican.settings import read_settings
    override = {"PATH": sys.argv[1], "OUTPUT_PATH": sys.argv[2],
                "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    if sys.argv[3] != "demo":
        wanted = sys.argv[3]
        override["POSSE_SHARE"] = [] if wanted == "none" else wanted.split(",")
    Pelican(read_settings(sys.argv[4], override=override)).run()
    """
)


def build(out: Path, share: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-c",
            CHILD,
            str(ROOT / "content"),
            str(out),
            share,
            str(ROOT / "publishconf.py"),
        ],
        check=True,
        cwd=out.parent,
        capture_output=True,
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        outs = {}
        for label, share in (
            ("none", "none"),
            ("demo", "demo"),
            ("all", ",".join(ALL)),
        ):
            out = Path(tmp) / label / "output"
            out.parent.mkdir()
            build(out, share)
            outs[label] = out
        for row, label in (("demo", "demo row (pelicanconf.py)"), ("all", "all 7")):
            for name, page in PAGES.items():
                base = (outs["none"] / page).read_bytes()
                with_row = (outs[row] / page).read_bytes()
                raw = len(with_row) - len(base)
                gz = len(gzip.compress(with_row, 9)) - len(gzip.compress(base, 9))
                print(f"{label:26} {name:24} +{raw:,} bytes of HTML (+{gz:,} gzipped)")
        # No icon markup in the page: the theme's stylesheet (posse.css in other
        # themes) draws each link's icon from posse/icons/NETWORK.svg.
        icons = outs["demo"] / "posse" / "icons"
        page = (outs["demo"] / PAGES["ja, 27-character title"]).read_text("utf-8")
        row = page[page.index('<aside class="posse posse-share"') :]
        row = row[: row.index("</aside>")]
        names = re.findall(r'<a class="posse-([a-z]+)"', row)
        sizes = {name: (icons / f"{name}.svg").stat().st_size for name in names}
        print(
            "same-origin icons, fetched once and cached: "
            + ", ".join(f"{name}.svg {size:,} bytes" for name, size in sizes.items())
        )


if __name__ == "__main__":
    main()
