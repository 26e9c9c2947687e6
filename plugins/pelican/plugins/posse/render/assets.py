"""posse's stylesheet and icons in the output, and the path links to them use.

``write_assets`` copies ``static/posse.css`` and one small SVG per icon (the
stylesheet masks them in, by class) to ``posse/`` in the output at the end of a
build; ``site_path`` is the ``posse_path`` filter the partials link them with.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

STATIC = Path(__file__).resolve().parent.parent / "static"
OUTPUT_DIR = "posse"  # where the assets go in the output: /posse/posse.css


def site_path(siteurl: str) -> str:
    """The ``posse_path`` filter: SITEURL for links to the site's own files.

    An absolute SITEURL gives its path ("" at a domain's root, "/blog" for
    https://user.github.io/blog): the same files, fewer bytes on every page.
    An empty or relative SITEURL (a local build, RELATIVE_URLS) is kept.
    """
    text = str(siteurl or "")
    if not text.startswith(("https://", "http://")):
        return text
    return urlsplit(text).path.rstrip("/")


def write_assets(output_path: str | Path) -> None:
    """Copy the stylesheet and icons; unchanged files keep their mtime."""
    target = Path(output_path) / OUTPUT_DIR
    icons = sorted(f"icons/{p.name}" for p in (STATIC / "icons").glob("*.svg"))
    for name in ("posse.css", *icons):
        data = (STATIC / name).read_bytes()
        out = target / name
        out.parent.mkdir(parents=True, exist_ok=True)
        if not out.exists() or out.read_bytes() != data:
            out.write_bytes(data)
