"""Generate a small Pelican site and build it in-process, as a user would."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

PLUGIN_PATH = str(ROOT / "plugins")
# Settings for big generated sites: only article pages, nothing the test ignores.
LEAN = {
    "DIRECT_TEMPLATES": [],
    "TAG_SAVE_AS": "",
    "AUTHOR_SAVE_AS": "",
    "ARCHIVES_SAVE_AS": "",
    "YEAR_ARCHIVE_SAVE_AS": "",
    "MONTH_ARCHIVE_SAVE_AS": "",
    "DAY_ARCHIVE_SAVE_AS": "",
}
SITEURL = "https://blog.example.jp"


@dataclass(frozen=True)
class Composed:
    text: str
    link: str | None
    length: int
    limit: int


class ComposeError(Exception):
    pass


def standin_compose(facts: Any, network: str, settings: Any) -> Composed:
    """A minimal stand-in for compose.compose (issue 3): same interface, stable."""
    if facts.meta.get("compose") == "fail":
        raise ComposeError(f"{facts.source_path}: cannot compose (test)")
    text = f"ブログを更新しました：{facts.title} {facts.url}"
    return Composed(
        text,
        facts.url if network == "facebook" else None,
        len(facts.title) * 2 + 23 + 20,
        280,
    )


def use_standin_compose(monkeypatch: Any) -> None:
    from pelican.plugins.posse.render import collect

    def fake(item, network, posse):
        try:
            composed = standin_compose(item, network, posse)
        except ComposeError as err:
            return {"error": str(err)}
        return {
            "text": composed.text,
            "link": composed.link,
            "length": composed.length,
            "limit": composed.limit,
        }

    monkeypatch.setattr(collect, "_compose", fake)


def article(root: Path, name: str, title: str, date: str, **meta: str) -> Path:
    lines = [f"Title: {title}", f"Date: {date}"]
    lines += [f"{key}: {value}" for key, value in meta.items()]
    path = Path(root) / "content" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "\n".join(lines) + "\n\n" + f"{title}の本文です。\n", encoding="utf-8"
    )
    return path


def many(root: Path, count: int, start: dt.date = dt.date(2020, 1, 1)) -> None:
    for n in range(count):
        day = start + dt.timedelta(days=n)
        article(root, f"post-{n:04d}", f"記事 {n}", f"{day.isoformat()} 09:00")


def write_settings(
    root: Path, extra: Mapping[str, Any] | None = None, siteurl: str = SITEURL
) -> Path:
    """pelicanconf.py + publishconf.py, like a real site."""
    root = Path(root)
    settings = {
        "SITENAME": "テストブログ",
        "SITEURL": siteurl,
        "PATH": "content",
        "OUTPUT_PATH": "output",
        "TIMEZONE": "Asia/Tokyo",
        "DEFAULT_LANG": "ja",
        "PLUGIN_PATHS": [PLUGIN_PATH],
        "PLUGINS": ["pelican.plugins.posse"],
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "FEED_ALL_ATOM": None,
        "CATEGORY_FEED_ATOM": None,
        "TRANSLATION_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None,
        "AUTHOR_FEED_RSS": None,
        # Articles here carry fixed dates, and a test must pass on any day: the
        # age rule is off unless a test is about it (it then sets it).
        "POSSE_MAX_AGE": None,
        **(extra or {}),
    }
    body = "\n".join(f"{key} = {value!r}" for key, value in settings.items())
    (root / "publishconf.py").write_text(body + "\n", encoding="utf-8")
    return root / "publishconf.py"


def build(root: Path, monkeypatch: Any | None = None) -> dict[str, Any]:
    """Run Pelican on ``root`` (cwd must be ``root``); returns the manifest."""
    from pelican import Pelican
    from pelican.settings import read_settings

    if monkeypatch is not None:
        use_standin_compose(monkeypatch)
    settings = read_settings(str(Path(root) / "publishconf.py"))
    Pelican(settings).run()
    manifest = Path(root) / ".posse" / "manifest.json"
    return json.loads(manifest.read_text(encoding="utf-8"))


def by_id(manifest: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in manifest["articles"]}


def ids(items: Iterable[Any]) -> list[str]:
    return sorted({i.article_id for i in items})


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip()
