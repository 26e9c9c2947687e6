"""Inside a build: collect what each article is, write the manifest at the end.

At the end of a build with an absolute ``SITEURL`` the plugin writes
``<POSSE_STATE_DIR>/manifest.json`` (never into ``output/``; its format is
manifest.py's): every article Pelican knows (published, translations, drafts,
hidden), its stable id, absolute URL, title, language, date (and whether it is
only the file's time, ``DEFAULT_DATE = "fs"``), tags, why it is held back if it
is, and the text composed for each network; and, so that ``pelican-posse`` can
tell a manifest older than the content (publish/stale.py), how Pelican looked
for articles and every source it read. ``pelican-posse`` only reads this file,
so posting never needs Pelican's content classes and always announces exactly
what was deployed.

Every build, with an absolute ``SITEURL`` or not, also writes
``<POSSE_STATE_DIR>/last-build.json`` (when, and with which ``SITEURL``), so that
a local build made after the manifest is noticed.

Composing is the costly part, so the build reads the ledger once and composes only
for articles the next run could announce (needs_text).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Mapping
from operator import itemgetter
from pathlib import Path
from typing import Any

from .. import age
from .. import facts as facts_mod
from .. import settings as settings_mod
from ..ledger import DONE_STATES, Ledger, LedgerError, atomic_write, instant
from ..manifest import FORMAT, LAST_BUILD_NAME, MANIFEST_NAME, dumps
from .context import current

log = logging.getLogger(__name__)

_OFF = {"off", "no", "false", "0", "none", "never"}


def posse_settings(settings: Mapping[str, Any]) -> settings_mod.PosseSettings:
    """The build's POSSE_* settings, read once per build (collect, the ledger,
    the links back and write all ask)."""
    build = current()
    # Problems are reported once by render/pieces.py; here the defaults do.
    if build.settings is None or build.settings[0] is not settings:
        build.settings = (settings, settings_mod.load(settings)[0])
    return build.settings[1]


def use_settings(
    settings: Mapping[str, Any], posse: settings_mod.PosseSettings
) -> None:
    """The POSSE_* settings of this build, read already by render/pieces.py."""
    build = current()
    build.settings = (settings, posse)


def build_ledger(settings: Mapping[str, Any]) -> Ledger | None:
    """The ledger, read at most once per build; None when it cannot be read."""
    build = current()
    if not build.ledger_loaded:
        build.ledger_loaded = True
        path = posse_settings(settings).ledger_path
        try:
            build.ledger = Ledger.load(path)
        except LedgerError as err:
            log.error("posse: %s (links back and the manifest skip the ledger)", err)
            build.ledger = None
    return build.ledger


def article_key(article: Any, settings: Mapping[str, Any]) -> str:
    return facts_mod.article_id(
        facts_mod.relative_source(article, settings),
        getattr(article, "metadata", {}) or {},
    )


def description(item: facts_mod.ArticleFacts, mode: str = "auto") -> str:
    """What the article's link card says (og:description), for the outbox
    preview: the summary or description metadata, else the article's lead
    (``mode``: POSSE_SUMMARY, see summary.py)."""
    # Imported only for due articles: `pelican-posse plan` reads manifests
    # without the link-card code.
    from .. import summary as summary_mod  # noqa: PLC0415
    from .description import describe  # noqa: PLC0415

    given = item.summary_html or item.meta.get("description")
    chosen = None if given else summary_mod.for_facts(item, mode)
    return describe(given, item.content_html, item.lang, chosen)


def passed_over(item: facts_mod.ArticleFacts, mode: str) -> list[dict[str, str]]:
    """The opening sentences the summary left out, and why (`plan` and the
    outbox page say so): none when the author wrote the summary."""
    meta = item.meta
    if item.summary_html or meta.get("posse_text", "").strip():
        return []
    from .. import summary as summary_mod  # noqa: PLC0415 - for due articles only

    chosen = summary_mod.for_facts(item, mode)
    if chosen is None:
        return []
    return [{"text": p.text, "kind": p.kind} for p in chosen.passed]


def note_skipped(_: Any, metadata: Mapping[str, Any] | None = None) -> None:
    build = current()
    if metadata and str(metadata.get("status", "")).lower() == "skip":
        title = facts_mod.plain(metadata.get("title", ""))
        date = metadata.get("date")
        build.skipped.append(
            {
                "id": f"(skipped) {title}",
                "source_path": "",
                "url": "",
                "title": title,
                "lang": str(metadata.get("lang", "") or ""),
                "date": date.isoformat() if isinstance(date, dt.datetime) else None,
                "date_from_fs": False,
                "send": False,
                "tags": [],
                "status": "skip",
                "translation_group": "",
                "is_translation": False,
                "held": "skip",
                "image": None,
                "description": "",
                "site_name": "",
            }
        )


def collect(generator: Any) -> None:
    build = current()
    settings = generator.settings
    posse = posse_settings(settings)
    # Only a build with an absolute SITEURL writes the manifest; any other
    # needs no more than each article's id and translation group (the links back).
    full = str(settings.get("SITEURL", "") or "").startswith(("https://", "http://"))
    read = facts_mod.from_article if full else facts_mod.identity
    # Only a DEFAULT_DATE = "fs" site asks each file's time (one stat an article).
    fs_dates = full and settings.get("DEFAULT_DATE") == "fs"
    if full:
        _note_sources(generator)
    collected = _oldest_first(generator, read, posse)
    seen: dict[str, str] = {}
    for item, status, is_translation, source in collected:
        if item.id in seen:
            log.warning(
                "posse: %s has the same posse id %r as %s; it will not be "
                "announced until one of them gets its own `posse_id` metadata",
                item.source_path,
                item.id,
                seen[item.id],
            )
            key = f"{item.id}#duplicate:{item.source_path}"
        else:
            seen[item.id] = item.source_path
            key = item.id
        build.key_of.setdefault(source, key)
        group = item.translation_group
        build.group_of[key] = group
        build.members.setdefault(group, []).append(key)
        if not full:
            continue
        build.facts[key] = item
        held = _held(
            item,
            key,
            status=status,
            is_translation=is_translation,
            posse=posse,
            settings=settings,
        )
        build.entries.append(
            {
                "id": key,
                "source_path": item.source_path,
                "url": item.url,
                "title": item.title,
                "lang": item.lang,
                "date": item.date_iso,
                "date_from_fs": fs_dates and _date_from_fs(item.date, source),
                # `posse: send`: announced even when the age rules would hold it.
                "send": held is None and _posse_value(item) == "send",
                "tags": list(item.tags),
                "status": status,
                "translation_group": group,
                "is_translation": is_translation,
                "held": held,
                "image": item.image,
                "description": "",  # filled in write(), for articles still due
                "site_name": item.site_name,
            }
        )


def _oldest_first(
    generator: Any, read: Any, posse: settings_mod.PosseSettings
) -> list[tuple[facts_mod.ArticleFacts, str, bool, str]]:
    """(facts, status, is a translation, source path) of every article Pelican
    knows, oldest first, so that of two articles claiming one id the older
    keeps it."""
    settings = generator.settings
    groups = (
        ("published", getattr(generator, "articles", []), False),
        ("published", getattr(generator, "translations", []), True),
        ("draft", getattr(generator, "drafts", []), False),
        ("draft", getattr(generator, "drafts_translations", []), True),
        ("hidden", getattr(generator, "hidden_articles", []), False),
        ("hidden", getattr(generator, "hidden_translations", []), True),
    )
    site_name = facts_mod.plain(settings.get("SITENAME", ""))
    collected = [
        (
            read(article, settings, posse.default_image, site_name=site_name),
            status,
            tr,
            str(getattr(article, "source_path", "")),
        )
        for status, articles, tr in groups
        for article in articles
    ]
    aware = facts_mod.aware
    collected.sort(key=lambda c: (aware(c[0].date, settings), c[0].source_path))
    return collected


def _posse_value(item: facts_mod.ArticleFacts) -> str:
    """The article's `posse:` metadata (off, send, ...), as written, lowercased."""
    return str(item.meta.get("posse", "")).strip().lower()


def _held(
    item: facts_mod.ArticleFacts,
    key: str,
    *,
    status: str,
    is_translation: bool,
    posse: settings_mod.PosseSettings,
    settings: Any,
) -> str | None:
    """Why the article is never announced (a key of HOLD_REASONS), or None."""
    if key != item.id:
        return "duplicate_id"
    if status in ("draft", "hidden"):
        return status
    if _posse_value(item) in _OFF:
        return "off"
    if posse.since and facts_mod.aware(item.date, settings) < posse.since:
        return "before_since"
    if is_translation and posse.translations != "each":
        return "translation"
    return None


def _date_from_fs(date: dt.datetime, source: str) -> bool:
    """Whether Pelican took the article's date from its file's time: with
    ``DEFAULT_DATE = "fs"`` an article without ``Date:`` gets
    ``datetime.fromtimestamp(st_mtime)`` (readers.path_metadata), naive, to
    which the site's TIMEZONE is then attached. A ``Date:`` the author wrote
    has no microseconds that match the file's time to the microsecond."""
    try:
        mtime = os.stat(source).st_mtime
    except (OSError, ValueError):
        return False
    return date.replace(tzinfo=None) == dt.datetime.fromtimestamp(mtime)


def _note_sources(generator: Any) -> None:
    """Keep what the manifest's "content" and "sources" need from the article
    generator; the list of sources is made once, in write()."""
    build = current()
    build.context = getattr(generator, "context", None)
    readers = getattr(generator, "readers", None)
    build.extensions = sorted(getattr(readers, "extensions", ()) or ())
    if not build.skipped or not hasattr(generator, "get_files"):
        return
    # Pelican keeps no trace of a `Status: skip` file but its metadata: the
    # files it found that it neither read nor failed to read are those.
    settings = generator.settings
    seen = (build.context or {}).get("generated_content", {})
    found = generator.get_files(
        settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]
    )
    for name in found:
        relative = os.path.normpath(name).replace(os.sep, "/")
        if relative not in seen:
            build.skipped_paths.append(relative)


def _content(settings: Mapping[str, Any]) -> dict[str, Any]:
    """How Pelican looked for articles, for stale.problems to look again."""
    build = current()
    path = str(settings.get("PATH", "") or os.curdir)
    cwd = os.getcwd()
    if path == cwd:
        path = "."
    elif path.startswith(os.path.join(cwd, "")):
        path = path[len(cwd) + 1 :].replace(os.sep, "/")
    return {
        "path": path,
        "article_paths": [str(p) for p in settings.get("ARTICLE_PATHS", [""])],
        "article_excludes": [str(p) for p in settings.get("ARTICLE_EXCLUDES", [])],
        "extensions": list(build.extensions),
        "ignore_files": [str(p) for p in settings.get("IGNORE_FILES", [])],
    }


def _sources() -> list[str]:
    """Every source Pelican read (or failed to read) as an article or a page,
    and every `Status: skip` one, relative to PATH."""
    build = current()
    seen = (build.context or {}).get("generated_content", {})
    return sorted({*seen, *build.skipped_paths})


def settings_file(argv: list[str] | None = None) -> str | None:
    """The settings file named on Pelican's command line (``-s``/``--settings``)."""
    args = sys.argv[1:] if argv is None else argv
    found = None
    for n, arg in enumerate(args):
        if arg in ("-s", "--settings"):
            found = args[n + 1] if n + 1 < len(args) else None
        elif arg.startswith("--settings="):
            found = arg[len("--settings=") :]
        elif arg.startswith("-s") and not arg.startswith("--") and len(arg) > 2:
            found = arg[2:]
    return found


def _warn_unabsolute_publish(siteurl: str) -> None:
    """A publish settings file (publishconf.py) without an absolute SITEURL
    writes no manifest: say so at the default log level."""
    import fnmatch  # noqa: PLC0415 - only for a build without an absolute SITEURL

    named = settings_file()
    if named and fnmatch.fnmatch(os.path.basename(named).lower(), "publish*.py"):
        log.warning(
            "posse: %s has no absolute SITEURL (%r), so this build writes no "
            "manifest and `pelican-posse publish` will refuse to announce; set "
            'SITEURL = "https://..." in %s',
            named,
            siteurl,
            named,
        )


def _write_last_build(state_dir: Path, siteurl: str) -> None:
    """<state_dir>/last-build.json: when this build ran and with which SITEURL
    (empty when not absolute), for stale.problems."""
    path = Path(state_dir) / LAST_BUILD_NAME
    text = json.dumps(
        {
            "format": 1,
            "siteurl": siteurl,
            "built_at": dt.datetime.now(dt.UTC).isoformat(),
            "settings": settings_file(),
        }
    )
    try:
        atomic_write(path, text + "\n")
    except OSError as err:
        log.warning("posse: cannot write %s: %s", path, err)


def _compose(
    item: facts_mod.ArticleFacts, network: str, posse: settings_mod.PosseSettings
) -> dict[str, Any]:
    # Imported only when something is due: composing loads BudouX's model.
    from .. import compose as compose_mod  # noqa: PLC0415

    try:
        composed = compose_mod.compose(item, network, posse)
    except compose_mod.ComposeError as err:
        log.warning(
            "posse: %s: cannot compose the %s post: %s", item.source_path, network, err
        )
        return {"error": str(err)}
    return {
        "text": composed.text,
        "link": composed.link,
        "length": composed.length,
        "limit": composed.limit,
    }


def needs_text(
    ledger: Ledger | None,
    entry: Mapping[str, Any],
    posse: settings_mod.PosseSettings,
    now: dt.datetime,
) -> list[str]:
    """The networks the next run could announce this article on, or preview it
    on: only for those is a text worth composing (composing is most of posse's
    cost in a build). An article is left out on a network where it is done, and,
    where it has no record yet, when it is not new (age.py): a site that never
    posts, or whose history is announced, composes nothing. A network where it
    was only previewed in the outbox keeps its text, so that `pelican-posse
    retry ARTICLE` can send the preview without a rebuild."""
    out = []
    date = None
    for network in posse.syndicate:
        state = ledger.state_of(entry["id"], network) if ledger else None
        if state in _TEXT_DONE:
            continue
        if state is None and not entry.get("send"):
            if date is None:
                date = instant(entry.get("date"))
            reason = age.not_new(
                date,
                date_from_fs=bool(entry.get("date_from_fs")),
                at=now,
                max_age=posse.max_age,
                newest=ledger.newest_for(network) if ledger else None,
            )
            if reason is not None:
                continue
        out.append(network)
    return out


# States in which an article needs no composed text for a network (no state,
# None, is not one of them).
_TEXT_DONE = DONE_STATES - {"outbox"}


def write(pelican: Any) -> None:
    """At ``finalized``: the manifest (absolute SITEURL only) and last-build.json."""
    build = current()
    settings = pelican.settings
    siteurl = str(settings.get("SITEURL", "") or "")
    posse = posse_settings(settings)
    if not siteurl.startswith(("https://", "http://")):
        log.debug(
            "posse: SITEURL %r is not absolute; no manifest written "
            "(build with publishconf.py to announce)",
            siteurl,
        )
        _warn_unabsolute_publish(siteurl)
        _write_last_build(posse.state_dir, "")
        return
    ledger = build_ledger(settings)
    now = dt.datetime.now(dt.UTC)
    for entry in build.entries:
        entry["texts"] = {}
        if entry["held"]:
            continue
        item = build.facts[entry["id"]]
        for network in needs_text(ledger, entry, posse, now):
            entry["texts"][network] = _compose(item, network, posse)
        if entry["texts"]:
            entry["description"] = description(item, posse.summary)
            entry["passed_over"] = passed_over(item, posse.summary)
    entries = sorted(build.entries, key=itemgetter("date", "id"))
    entries += [{**e, "texts": {}} for e in build.skipped]
    data = {
        "format": FORMAT,
        "built_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "siteurl": siteurl,
        "sitename": facts_mod.plain(settings.get("SITENAME", "")),
        "default_lang": str(settings.get("DEFAULT_LANG", "en")),
        "networks": list(posse.syndicate),
        "translations": posse.translations,
        "since": posse.since.isoformat() if posse.since else None,
        "content": _content(settings),
        "sources": _sources(),
        "articles": entries,
    }
    path = Path(posse.state_dir) / MANIFEST_NAME
    try:
        atomic_write(path, dumps(data))
    except OSError as err:
        log.error("posse: cannot write the manifest %s: %s", path, err)
        return
    _write_last_build(posse.state_dir, siteurl)
    held = sum(1 for e in entries if e["held"])
    log.info("posse: manifest %s: %d articles (%d held back)", path, len(entries), held)


def links_for(article_id: str) -> list[str]:
    """Ids whose records stand for this article: itself, then its translations."""
    build = current()
    group = build.group_of.get(article_id)
    others = [m for m in build.members.get(group, []) if m != article_id]
    return [article_id, *others]
