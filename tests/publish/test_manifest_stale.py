"""Stale state is named (issue 12, "what done means" 6): a manifest older than
the content or than a local build, a publishconf.py without an absolute
SITEURL; and DEFAULT_DATE = "fs" dates are marked in the manifest."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
import time
from pathlib import Path

import pytest

from pelican.plugins.posse import manifest
from pelican.plugins.posse.publish import stale
from pelican.plugins.posse.render import collect
from tests.harness import site

STATE = Path(".posse")
MANIFEST = STATE / "manifest.json"
REBUILD = "run `pelican content -s publishconf.py`, then this command again"


def problems(settings_file: str = "publishconf.py") -> list[str]:
    return stale.problems(manifest.read(MANIFEST), STATE, MANIFEST, settings_file)


def built(monkeypatch, extra=None) -> dict:
    site.write_settings(Path("."), extra)
    site.article(".", "a", "記事", "2026-03-01 09:00")
    site.article(".", "posts/b", "記事 b", "2026-03-02 09:00")
    site.article(".", "s", "スキップ", "2026-03-03 09:00", status="skip")
    Path("content/broken.md").write_text("no metadata at all\n", encoding="utf-8")
    site.article(".", "pages/about", "About", "2026-01-01 09:00")
    Path("content/images").mkdir(parents=True, exist_ok=True)
    Path("content/images/photo.png").write_bytes(b"\x89PNG")
    return site.build(Path("."), monkeypatch)


def test_a_fresh_build_has_no_problems_and_lists_its_sources(monkeypatch):
    data = built(monkeypatch)
    # Read, failed, skipped and pages: every source Pelican found.
    assert data["sources"] == [
        "a.md",
        "broken.md",
        "pages/about.md",
        "posts/b.md",
        "s.md",
    ]
    assert data["content"] == {
        "path": "content",
        "article_paths": [""],
        "article_excludes": ["pages"],
        "extensions": data["content"]["extensions"],
        "ignore_files": ["**/.*"],
    }
    assert {"md", "rst", "html"} <= set(data["content"]["extensions"])
    assert problems() == []


def test_a_new_article_is_named_with_what_to_run(monkeypatch):
    built(monkeypatch)
    site.article(".", "posts/new", "新しい記事", "2026-03-09 09:00")
    assert problems() == [
        "content/posts/new.md: this article is not in the manifest "
        f".posse/manifest.json, which is older than it; {REBUILD}."
    ]
    assert "-s conf/publish.py`" in problems("conf/publish.py")[0]
    site.build(Path("."), monkeypatch)
    assert problems() == []


def test_a_moved_article_is_a_new_source(monkeypatch):
    built(monkeypatch)
    Path("content/2026").mkdir()
    Path("content/a.md").rename("content/2026/a.md")
    assert [p.split(":")[0] for p in problems()] == ["content/2026/a.md"]


@pytest.mark.parametrize(
    "added",
    [
        "content/pages/contact.md",  # a page
        "content/images/logo.png",  # a static file
        "content/drafts/idea.md",  # excluded (ARTICLE_EXCLUDES)
        "content/.#a.md",  # ignored (IGNORE_FILES)
        "content/notes.txt",  # no reader for it
        "README.md",  # outside PATH
    ],
)
def test_what_pelican_would_not_read_as_an_article_is_no_problem(monkeypatch, added):
    built(monkeypatch, {"ARTICLE_EXCLUDES": ["drafts"], "IGNORE_FILES": [".#*"]})
    Path(added).parent.mkdir(parents=True, exist_ok=True)
    Path(added).write_text("Title: x\nDate: 2026-03-09 09:00\n\nx\n", encoding="utf-8")
    assert problems() == []


def test_article_paths_are_honoured(monkeypatch):
    built(monkeypatch, {"ARTICLE_PATHS": ["posts"]})
    Path("content/elsewhere.md").write_text("Title: x\n\nx\n", encoding="utf-8")
    assert problems() == []
    site.article(".", "posts/c", "c", "2026-03-09 09:00")
    assert [p.split(":")[0] for p in problems()] == ["content/posts/c.md"]


def test_many_new_articles_are_counted_after_the_first_ten(monkeypatch):
    built(monkeypatch)
    for n in range(13):
        site.article(".", f"new-{n:02d}", "新", "2026-03-09 09:00")
    found = problems()
    assert len(found) == 11
    assert found[-1].startswith("3 more article sources under content are not in")


def test_a_later_local_build_is_named(monkeypatch, fresh_log_dedup):
    built(monkeypatch)
    assert json.loads((STATE / "last-build.json").read_text())["siteurl"] == (
        site.SITEURL
    )
    before = MANIFEST.read_text(encoding="utf-8")
    site.write_settings(Path("."), siteurl="")
    from pelican import Pelican
    from pelican.settings import read_settings

    monkeypatch.setattr(sys, "argv", ["pelican", "content", "-s", "pelicanconf.py"])
    Pelican(read_settings("publishconf.py")).run()
    assert MANIFEST.read_text(encoding="utf-8") == before  # no manifest written
    last = json.loads((STATE / "last-build.json").read_text())
    assert last["siteurl"] == "" and last["settings"] == "pelicanconf.py"
    (found,) = problems()
    assert found.startswith(
        ".posse/last-build.json: the last build (-s pelicanconf.py, "
    )
    assert "had no absolute SITEURL" in found and REBUILD in found
    site.write_settings(Path("."))
    site.build(Path("."), monkeypatch)
    assert problems() == []


def test_an_older_local_build_or_a_damaged_last_build_says_nothing(monkeypatch):
    built(monkeypatch)
    data = manifest.read(MANIFEST)
    last = STATE / "last-build.json"
    earlier = dt.datetime(2020, 1, 1, tzinfo=dt.UTC).isoformat()
    last.write_text(json.dumps({"format": 1, "siteurl": "", "built_at": earlier}))
    assert stale.problems(data, STATE, MANIFEST) == []
    for damaged in ["{", "[]", '{"siteurl": ""}', '{"siteurl": "", "built_at": 1}']:
        last.write_text(damaged)
        assert stale.problems(data, STATE, MANIFEST) == []
    last.unlink()
    assert stale.problems(data, STATE, MANIFEST) == []


def test_problems_never_fail_on_a_manifest_without_content():
    assert stale.problems({}, STATE, MANIFEST) == []
    odd = {"content": {"path": 3}, "sources": "x", "built_at": None}
    assert stale.problems(odd, STATE, MANIFEST) == []
    missing = {"content": {"path": "nowhere"}, "sources": []}
    assert stale.problems(missing, STATE, MANIFEST) == []


def test_looking_through_two_thousand_sources_is_quick():
    root = Path("content")
    names = []
    for n in range(2000):
        folder = root / f"{2020 + n // 500}" / f"{n % 12:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"post-{n:04d}.md").write_text("x")
        names.append(f"{2020 + n // 500}/{n % 12:02d}/post-{n:04d}.md")
    data = {
        "content": {
            "path": "content",
            "article_paths": [""],
            "article_excludes": ["pages"],
            "extensions": ["md", "markdown", "rst", "html", "htm"],
            "ignore_files": ["**/.*"],
        },
        "sources": names[1:],
    }
    start = time.perf_counter()
    found = stale.problems(data, STATE, MANIFEST)
    elapsed = time.perf_counter() - start
    assert [p.split(":")[0] for p in found] == [f"content/{names[0]}"]
    assert elapsed < 0.5, elapsed


# --- the build ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "warned"),
    [
        (["pelican", "content", "-s", "publishconf.py"], True),
        (["pelican", "content", "--settings=publishconf.py"], True),
        (["pelican", "content", "-sconf/publish-prod.py"], True),
        (["pelican", "content", "-s", "pelicanconf.py"], False),
        (["pelican", "content"], False),
    ],
)
def test_a_publish_settings_file_without_an_absolute_siteurl_warns(
    monkeypatch, caplog, fresh_log_dedup, argv, warned
):
    site.write_settings(Path("."), siteurl="/blog")
    site.article(".", "a", "記事", "2026-03-01 09:00")
    site.use_standin_compose(monkeypatch)
    monkeypatch.setattr(sys, "argv", argv)
    from pelican import Pelican
    from pelican.settings import read_settings

    with caplog.at_level(logging.WARNING):
        Pelican(read_settings("publishconf.py")).run()
    said = [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and "no absolute SITEURL" in r.getMessage()
    ]
    if warned:
        (line,) = said
        named = collect.settings_file(argv[1:])
        assert line.startswith(f"posse: {named} has no absolute SITEURL ('/blog')")
        assert "writes no manifest" in line
    else:
        assert said == []
    assert json.loads((STATE / "last-build.json").read_text())["siteurl"] == ""
    assert not MANIFEST.exists()


def test_the_settings_file_is_read_off_the_command_line():
    assert collect.settings_file(["content", "-s", "a.py"]) == "a.py"
    assert collect.settings_file(["--settings", "b.py", "content"]) == "b.py"
    assert collect.settings_file(["--settings=c.py"]) == "c.py"
    assert collect.settings_file(["-sd.py"]) == "d.py"
    assert collect.settings_file(["content", "-s"]) is None
    assert collect.settings_file(["content", "-o", "out"]) is None


def test_file_system_dates_are_marked_only_when_pelican_gave_them(monkeypatch):
    site.write_settings(Path("."), {"DEFAULT_DATE": "fs"})
    site.article(".", "dated", "日付あり", "2026-03-01 09:00")
    undated = Path("content/undated.md")
    undated.write_text("Title: 日付なし\n\n本文\n", encoding="utf-8")
    moment = dt.datetime(2026, 3, 5, 10, 30, 15).timestamp() + 0.123456
    os.utime(undated, (moment, moment))
    data = site.by_id(site.build(Path("."), monkeypatch))
    assert data["undated.md"]["date_from_fs"] is True
    assert data["undated.md"]["date"].startswith("2026-03-05T10:30:15.123")
    assert data["dated.md"]["date_from_fs"] is False


def test_without_default_date_fs_no_file_is_asked(monkeypatch):
    def never(*_args):
        raise AssertionError("stat asked")

    monkeypatch.setattr(collect, "_date_from_fs", never)
    site.write_settings(Path("."))
    site.article(".", "a", "記事", "2026-03-01 09:00")
    data = site.build(Path("."), monkeypatch)
    assert [a["date_from_fs"] for a in data["articles"]] == [False]


def test_a_static_file_pelican_tried_to_read_as_an_article_is_a_source(monkeypatch):
    # Pelican reads a file with a reader's extension under STATIC_PATHS as an
    # article too (a search-console token, say); failing, it still lists it.
    Path("content/extra").mkdir(parents=True)
    Path("content/extra/google123.html").write_text(
        "google-site-verification: google123.html\n", encoding="utf-8"
    )
    data = built(monkeypatch, {"STATIC_PATHS": ["images", "extra"]})
    assert "extra/google123.html" in data["sources"]
    assert problems() == []
