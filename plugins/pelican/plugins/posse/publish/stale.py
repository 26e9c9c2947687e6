"""Stale state: a manifest that no longer says what the site is.

``pelican-posse`` announces what the manifest lists, and the manifest is only as
new as the last production build. Two mistakes leave it behind silently: writing
an article and not rebuilding (the article is on disk, not in the manifest), and
building with settings whose ``SITEURL`` is not absolute (such a build writes no
manifest, only ``last-build.json``). problems() names both, each in a sentence
that says what to run; the engine refuses to go on while there are any.

Pure and cheap: no Pelican import. Articles are looked for as Pelican's
``ArticlesGenerator.get_files`` does (pelican/generators.py, 4.x), with what the
build wrote in the manifest's "content": ``ARTICLE_PATHS`` under ``PATH``, the
``ARTICLE_EXCLUDES`` (which Pelican extends with ``PAGE_PATHS``), the readers'
extensions and ``IGNORE_FILES``. Files under ``STATIC_PATHS`` are looked at as
Pelican does: it reads one with a reader's extension as an article too (and
records it among the sources even when it cannot), so a rebuild clears it.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ..ledger import instant
from ..manifest import LAST_BUILD_NAME
from .messages import say

# Files named one by one; more are counted in one more sentence.
SHOWN = 10


def problems(
    manifest: Mapping[str, Any],
    state_dir: Path,
    manifest_path: Path,
    settings_file: str = "publishconf.py",
) -> list[str]:
    """Why ``manifest`` (read from ``manifest_path``) is older than the site:
    article sources on disk it does not list, and a later build of
    ``state_dir`` without an absolute SITEURL. One sentence each; [] if none."""
    rebuild = say("stale.rebuild", settings=settings_file)
    found = _unlisted(manifest)
    out = [
        say("stale.unlisted", name=name, manifest=manifest_path, rebuild=rebuild)
        for name in found[:SHOWN]
    ]
    if len(found) > SHOWN:
        out.append(
            say(
                "stale.more",
                count=len(found) - SHOWN,
                path=_content(manifest).get("path"),
                manifest=manifest_path,
                rebuild=rebuild,
            )
        )
    late = _local_build_after(manifest, Path(state_dir), Path(manifest_path))
    if late:
        out.append(
            say(
                "stale.local_build",
                last_build=Path(state_dir) / LAST_BUILD_NAME,
                when=late,
                manifest=manifest_path,
                rebuild=rebuild,
            )
        )
    return out


def _content(manifest: Mapping[str, Any]) -> Mapping[str, Any]:
    content = manifest.get("content")
    return content if isinstance(content, Mapping) else {}


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str)]


def _unlisted(manifest: Mapping[str, Any]) -> list[str]:
    """Article sources on disk that the manifest's "sources" lack, each as
    ``PATH/relative`` (sorted)."""
    content = _content(manifest)
    path = content.get("path")
    if not isinstance(path, str) or "sources" not in manifest:
        return []  # not a manifest that says where it looked
    listed = set(_strings(manifest.get("sources")))
    on_disk = article_sources(
        path,
        _strings(content.get("article_paths")),
        _strings(content.get("article_excludes")),
        _strings(content.get("extensions")),
        _strings(content.get("ignore_files")),
    )
    shown = path.replace(os.sep, "/").rstrip("/")
    prefix = "" if shown in ("", ".") else shown + "/"
    return [prefix + name for name in sorted(on_disk - listed)]


def article_sources(
    path: str,
    article_paths: Iterable[str],
    article_excludes: Iterable[str],
    extensions: Iterable[str],
    ignore_files: Iterable[str],
) -> set[str]:
    """The files Pelican would read as articles, relative to ``path`` with "/"
    separators: ``ArticlesGenerator.get_files`` and ``_include_path``, step
    for step (the same os.walk, exclusions and fnmatch tests)."""
    base = os.path.abspath(path)
    if not os.path.isdir(base):
        return set()
    allowed = frozenset(extensions)
    ignored = _matcher(ignore_files)
    # Pelican groups the excluded names by the folder they are in.
    excluded: dict[str, set[str]] = {}
    for exclude in article_excludes:
        parent, name = os.path.split(os.path.join(base, exclude))
        excluded.setdefault(parent, set()).add(name)
    found: set[str] = set()
    splitext = os.path.splitext
    for article_path in article_paths:
        root = os.path.join(base, article_path) if article_path else base
        if os.path.isdir(root):
            for folder, dirs, files in os.walk(root, topdown=True, followlinks=True):
                skip = excluded.get(folder, ())
                dirs[:] = [d for d in dirs if d not in skip and not ignored(d)]
                relative = os.path.relpath(folder, base)
                for name in files:
                    if splitext(name)[1][1:] in allowed and not ignored(name):
                        found.add(_posix(os.path.join(relative, name)))
        elif os.path.exists(root):
            name = os.path.basename(article_path)
            if os.path.splitext(name)[1][1:] in allowed and not ignored(name):
                found.add(_posix(article_path))
    return found


def _posix(relative: str) -> str:
    return os.path.normpath(relative).replace(os.sep, "/")


def _matcher(patterns: Iterable[str]) -> Callable[[str], bool]:
    """``any(fnmatch.fnmatch(name, p) for p in patterns)``, compiled once."""
    compiled = [re.compile(fnmatch.translate(os.path.normcase(p))) for p in patterns]
    if not compiled:
        return lambda _name: False
    normcase = os.path.normcase
    return lambda name: any(c.match(normcase(name)) for c in compiled)


def _local_build_after(
    manifest: Mapping[str, Any], state_dir: Path, manifest_path: Path
) -> str | None:
    """When a build without an absolute SITEURL came after the manifest's: its
    settings file and time, in words; else None. An unreadable last-build.json
    says nothing (it only ever adds a warning)."""
    try:
        last = json.loads((state_dir / LAST_BUILD_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(last, dict):
        return None
    siteurl = last.get("siteurl")
    if isinstance(siteurl, str) and siteurl.startswith(("https://", "http://")):
        return None
    built = _moment(last.get("built_at"))
    if built is None:
        return None
    made = _moment(manifest.get("built_at"))
    if made is None:
        try:
            made = dt.datetime.fromtimestamp(manifest_path.stat().st_mtime, dt.UTC)
        except (OSError, ValueError, OverflowError):
            return None
    if built <= made:
        return None
    settings = last.get("settings")
    named = f"-s {settings}, " if isinstance(settings, str) and settings else ""
    return f"{named}{built.replace(microsecond=0).isoformat()}"


# An ISO 8601 text as an aware instant, or None (the ledger's reading of dates).
_moment = instant
