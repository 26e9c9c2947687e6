"""Make the demo blog's card images and the README screenshots with headless Chromium.

    .venv/bin/python docs/make_images.py cards        # content/images/*.jpg (1200x630)
    .venv/bin/python docs/make_images.py screenshots  # docs/screenshot-*.png

Chromium draws the Japanese text, so no image library is needed; the fonts are the
system's (Debian: fonts-noto-cjk). The outputs are committed: neither a build nor the
tests run this script.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# (file name, kicker, title, two gradient colours)
CARDS = [
    (
        "jigyo-keikaku.jpg",
        "経営 ・ 事業計画",
        "事業計画書は「社長の頭の中」を言葉にする道具です",
        "#0f5257",
        "#1b7f79",
    ),
    (
        "links-not-widgets.jpg",
        "Notes ・ POSSE",
        "Why this blog uses plain links instead of social widgets",
        "#3b2f63",
        "#6a4c93",
    ),
]

CARD_HTML = """<!doctype html><html lang="ja"><meta charset="utf-8"><style>
html,body{{margin:0;width:1200px;height:630px}}
body{{font-family:"Noto Sans CJK JP","Hiragino Sans",sans-serif;color:#fff;
background:linear-gradient(135deg,{c1},{c2});display:flex;flex-direction:column;
justify-content:center;padding:0 96px;box-sizing:border-box}}
p{{margin:0;font-size:30px;letter-spacing:.08em;opacity:.85}}
h1{{margin:24px 0 48px;font-size:64px;line-height:1.35;font-weight:700;
word-break:auto-phrase}}
footer{{font-size:28px;opacity:.85}}
</style><p>{kicker}</p><h1>{title}</h1><footer>POSSE デモブログ</footer></html>"""


def _launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=ARGS)


def cards() -> None:
    out = ROOT / "content" / "images"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = _launch(p)
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        for name, kicker, title, c1, c2 in CARDS:
            page.set_content(
                CARD_HTML.format(
                    kicker=html.escape(kicker), title=html.escape(title), c1=c1, c2=c2
                )
            )
            page.screenshot(path=str(out / name), type="jpeg", quality=88)
            print(out / name)
        browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def screenshots() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        server, base = _serve(out)
        # The published build (share row, link cards), with SITEURL pointed at the
        # local server so its absolute URLs load.
        subprocess.run(
            [sys.executable, "-m", "pelican", str(ROOT / "content"), "-o", str(out),
             "-s", str(ROOT / "publishconf.py"), "-q",
             "-e", f"SITEURL={json.dumps(base)}", f"FEED_DOMAIN={json.dumps(base)}"],
            check=True,
            cwd=tmp,
        )  # fmt: skip
        url = base + "/posts/jigyo-keikaku/"
        shots = [
            ("screenshot-ja.png", 1200, "light"),
            ("screenshot-ja-375.png", 375, "light"),
            ("screenshot-ja-dark.png", 1200, "dark"),
        ]
        with sync_playwright() as p:
            browser = _launch(p)
            for name, width, scheme in shots:
                page = browser.new_page(
                    viewport={"width": width, "height": 900}, color_scheme=scheme
                )
                # The icons are CSS masks, fetched once styles apply: wait for
                # the network to settle, not just the load event.
                page.goto(url, wait_until="networkidle")
                page.screenshot(path=str(ROOT / "docs" / name), full_page=True)
                page.close()
            browser.close()
        server.shutdown()
    # README images must stay small (< 300 KB): quantise, then recompress.
    for name, _, _ in shots:
        target = str(ROOT / "docs" / name)
        if shutil.which("pngquant"):
            subprocess.run(
                ["pngquant", "--force", "--skip-if-larger", "--quality=70-95",
                 "--output", target, target],
                check=False,
            )  # fmt: skip
        if shutil.which("optipng"):
            subprocess.run(["optipng", "-quiet", "-o2", target], check=False)
        print(f"{target}: {Path(target).stat().st_size:,} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["cards", "screenshots"])
    {"cards": cards, "screenshots": screenshots}[parser.parse_args().what]()


if __name__ == "__main__":
    main()
