"""A build composes post text only for what the next run could announce.

Composing is most of what posse costs a build. An article the ledger has no
record of that is not new (older than POSSE_MAX_AGE, no newer than the newest
announced, or dated by its file) can never be announced by itself, so the build
composes nothing for it; a site with an empty POSSE_SYNDICATE composes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.harness import site


def _day(days_ago: int) -> str:
    when = dt.datetime.now(dt.UTC) - dt.timedelta(days=days_ago)
    return when.strftime("%Y-%m-%d %H:%M")


def _texts(manifest) -> dict[str, list[str]]:
    return {a["id"]: sorted(a["texts"]) for a in manifest["articles"]}


def test_only_new_articles_get_a_text_without_a_ledger(monkeypatch):
    site.write_settings(Path("."), {"POSSE_MAX_AGE": 14})
    site.article(".", "old", "古い記事", _day(200))
    site.article(".", "sent", "送る古い記事", _day(200), posse="send")
    site.article(".", "new", "新しい記事", _day(1))
    manifest = site.build(Path("."), monkeypatch)
    assert _texts(manifest) == {
        "old.md": [],
        "sent.md": ["facebook", "x"],
        "new.md": ["facebook", "x"],
    }
    entry = site.by_id(manifest)["sent.md"]
    assert entry["send"] is True


def test_a_site_that_never_posts_composes_nothing(monkeypatch):
    site.write_settings(Path("."), {"POSSE_MAX_AGE": 14, "POSSE_SYNDICATE": []})
    site.article(".", "new", "新しい記事", _day(1))
    manifest = site.build(Path("."), monkeypatch)
    assert _texts(manifest) == {"new.md": []}
