"""The manifest: what a build says can be announced, read by ``pelican-posse``.

At the end of a build with an absolute ``SITEURL`` the plugin writes
``<POSSE_STATE_DIR>/manifest.json`` (never into ``output/``): every article Pelican
knows (published, translations, drafts, hidden), its stable id, absolute URL,
title, language, date (and whether it is only the file's time, ``DEFAULT_DATE =
"fs"``), tags, why it is held back if it is, and the text composed for each
network; and, so that ``pelican-posse`` can tell a manifest older than the
content (stale.py), how Pelican looked for articles and every source it read.
``pelican-posse`` only reads this file, so posting never needs Pelican's content
classes and always announces exactly what was deployed. The written schema is
docs/schema/manifest.schema.json; read() checks every field the engine reads.

Every build, with an absolute ``SITEURL`` or not, also writes
``<POSSE_STATE_DIR>/last-build.json`` (when, and with which ``SITEURL``), so that
a local build made after the manifest is noticed.

Composing is the costly part, so the build reads the ledger once and composes only
for articles that still need announcing somewhere.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from . import age
from . import facts as facts_mod
from . import settings as settings_mod
from .ledger import (
    DONE_STATES,
    Ledger,
    LedgerError,
    atomic_write,
    instant,
    paused_gc,
)

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
LAST_BUILD_NAME = "last-build.json"  # see publish/stale.py
FORMAT = 2

# Reasons an article is never announced; `plan` prints the words.
HOLD_REASONS = {
    "draft": "draft (Status: draft)",
    "hidden": "hidden (Status: hidden)",
    "off": "opted out (posse: off)",
    "before_since": "dated before POSSE_SINCE",
    "translation": "a translation: announced in its default-language version "
    '(POSSE_TRANSLATIONS = "each" announces all)',
    "duplicate_id": "same posse id as another article",
    "skip": "skipped (Status: skip): Pelican does not build it",
}
_OFF = {"off", "no", "false", "0", "none", "never"}


@dataclass(eq=False)  # one per build, never compared: __eq__ would cost the import
class _Build:
    """What one build collects; reset in ``finalized`` (autoreload runs many)."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, facts_mod.ArticleFacts] = field(default_factory=dict)
    group_of: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    ledger: Ledger | None = None
    ledger_loaded: bool = False
    labels: Any = None  # labels.Labels for the links back
    skipped: list[dict[str, Any]] = field(default_factory=list)
    key_of: dict[str, str] = field(default_factory=dict)  # source path -> id
    linked: dict[str, list[dict[str, str]]] | None = None  # see syndication.py
    settings: tuple[Any, settings_mod.PosseSettings] | None = None  # (of, read)
    # For the manifest's "content" and "sources" (production builds only): the
    # build's shared context (its "generated_content" names every source read),
    # the readers' extensions, and the files read as `Status: skip`.
    context: Mapping[str, Any] | None = None
    extensions: list[str] = field(default_factory=list)
    skipped_paths: list[str] = field(default_factory=list)


_build = _Build()


def connect() -> None:
    # Imported here, not at the top: `pelican-posse` reads manifests without
    # loading Pelican's generators (see launcher.py).
    from pelican import signals  # noqa: PLC0415

    from .render import links_back  # noqa: PLC0415 - it imports this module

    # article_generator_finalized: every article list is complete (drafts and
    # hidden ones included) but no page is written yet.
    signals.article_generator_finalized.connect(collect)
    # Pelican drops `Status: skip` files right after this signal, path and all;
    # only their metadata is left to tell `plan` why they are not announced.
    signals.article_generator_context.connect(note_skipped)
    # generator_init: the links back must be in the template context before pages
    # render.
    signals.generator_init.connect(links_back.add_template_function)
    # finalized: the build succeeded; only then is the manifest worth writing.
    signals.finalized.connect(write)
    # initialized: a build that failed halfway (autoreload) must not leak into the next.
    signals.initialized.connect(reset)


def posse_settings(settings: Mapping[str, Any]) -> settings_mod.PosseSettings:
    """The build's POSSE_* settings, read once per build (collect, the ledger,
    the links back and write all ask)."""
    # Problems are reported once by the rendering part; here the defaults do.
    if _build.settings is None or _build.settings[0] is not settings:
        _build.settings = (settings, settings_mod.load(settings)[0])
    return _build.settings[1]


def use_settings(
    settings: Mapping[str, Any], posse: settings_mod.PosseSettings
) -> None:
    """The POSSE_* settings of this build, read already by the rendering part."""
    _build.settings = (settings, posse)


def build_ledger(settings: Mapping[str, Any]) -> Ledger | None:
    """The ledger, read at most once per build; None when it cannot be read."""
    if not _build.ledger_loaded:
        _build.ledger_loaded = True
        path = posse_settings(settings).ledger_path
        try:
            _build.ledger = Ledger.load(path)
        except LedgerError as err:
            log.error("posse: %s (links back and the manifest skip the ledger)", err)
            _build.ledger = None
    return _build.ledger


def article_key(article: Any, settings: Mapping[str, Any]) -> str:
    return facts_mod.article_id(
        facts_mod.relative_source(article, settings),
        getattr(article, "metadata", {}) or {},
    )


def description(item: facts_mod.ArticleFacts) -> str:
    """What the article's link card says (og:description), for the outbox
    preview: the summary or description metadata, else the article's lead."""
    # Imported only for due articles: `pelican-posse plan` reads manifests
    # without the link-card code.
    from .render.linkcard import describe  # noqa: PLC0415

    given = item.summary_html or item.meta.get("description")
    return describe(given, item.content_html, item.lang)


def note_skipped(_: Any, metadata: Mapping[str, Any] | None = None) -> None:
    if metadata and str(metadata.get("status", "")).lower() == "skip":
        title = facts_mod.plain(metadata.get("title", ""))
        date = metadata.get("date")
        _build.skipped.append(
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


# Thousands of facts and entries, none in a reference cycle: see paused_gc.
@paused_gc()
def collect(generator: Any) -> None:
    settings = generator.settings
    posse = posse_settings(settings)
    each = posse.translations == "each"
    # Only a build with an absolute SITEURL writes the manifest; any other
    # needs no more than each article's id and translation group (the links back).
    full = str(settings.get("SITEURL", "") or "").startswith(("https://", "http://"))
    groups = (
        ("published", getattr(generator, "articles", []), False),
        ("published", getattr(generator, "translations", []), True),
        ("draft", getattr(generator, "drafts", []), False),
        ("draft", getattr(generator, "drafts_translations", []), True),
        ("hidden", getattr(generator, "hidden_articles", []), False),
        ("hidden", getattr(generator, "hidden_translations", []), True),
    )
    read = facts_mod.from_article if full else facts_mod.identity
    # Only a DEFAULT_DATE = "fs" site asks each file's time (one stat an article).
    fs_dates = full and settings.get("DEFAULT_DATE") == "fs"
    if full:
        _note_sources(generator)
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
    # Oldest first, so that of two articles claiming one id the older keeps it.
    aware = facts_mod.aware
    collected.sort(key=lambda c: (aware(c[0].date, settings), c[0].source_path))
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
        _build.key_of.setdefault(source, key)
        group = item.translation_group
        _build.group_of[key] = group
        _build.members.setdefault(group, []).append(key)
        if not full:
            continue
        _build.facts[key] = item
        reason = None
        posse_value = ""
        if status in ("draft", "hidden"):
            reason = status
        elif (posse_value := str(item.meta.get("posse", "")).strip().lower()) in _OFF:
            reason = "off"
        elif posse.since and aware(item.date, settings) < posse.since:
            reason = "before_since"
        elif is_translation and not each:
            reason = "translation"
        if key != item.id:
            reason = "duplicate_id"
        _build.entries.append(
            {
                "id": key,
                "source_path": item.source_path,
                "url": item.url,
                "title": item.title,
                "lang": item.lang,
                "date": item.date_iso,
                "date_from_fs": fs_dates and _date_from_fs(item.date, source),
                # `posse: send`: announced even when the age rules would hold it.
                "send": posse_value == "send",
                "tags": list(item.tags),
                "status": status,
                "translation_group": group,
                "is_translation": is_translation,
                "held": reason,
                "image": item.image,
                "description": "",  # filled in write(), for articles still due
                "site_name": item.site_name,
            }
        )


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
    _build.context = getattr(generator, "context", None)
    readers = getattr(generator, "readers", None)
    _build.extensions = sorted(getattr(readers, "extensions", ()) or ())
    if not _build.skipped or not hasattr(generator, "get_files"):
        return
    # Pelican keeps no trace of a `Status: skip` file but its metadata: the
    # files it found that it neither read nor failed to read are those.
    settings = generator.settings
    seen = (_build.context or {}).get("generated_content", {})
    found = generator.get_files(
        settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]
    )
    for name in found:
        relative = os.path.normpath(name).replace(os.sep, "/")
        if relative not in seen:
            _build.skipped_paths.append(relative)


def _content(settings: Mapping[str, Any]) -> dict[str, Any]:
    """How Pelican looked for articles, for stale.problems to look again."""
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
        "extensions": list(_build.extensions),
        "ignore_files": [str(p) for p in settings.get("IGNORE_FILES", [])],
    }


def _sources() -> list[str]:
    """Every source Pelican read (or failed to read) as an article or a page,
    and every `Status: skip` one, relative to PATH."""
    seen = (_build.context or {}).get("generated_content", {})
    return sorted({*seen, *_build.skipped_paths})


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
    from . import compose as compose_mod  # noqa: PLC0415

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
    try:
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
        for entry in _build.entries:
            entry["texts"] = {}
            if entry["held"]:
                continue
            item = _build.facts[entry["id"]]
            for network in needs_text(ledger, entry, posse, now):
                entry["texts"][network] = _compose(item, network, posse)
            if entry["texts"]:
                entry["description"] = description(item)
        entries = sorted(_build.entries, key=itemgetter("date", "id"))
        entries += [{**e, "texts": {}} for e in _build.skipped]
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
            atomic_write(path, _dumps(data))
        except OSError as err:
            log.error("posse: cannot write the manifest %s: %s", path, err)
            return
        _write_last_build(posse.state_dir, siteurl)
        held = sum(1 for e in entries if e["held"])
        log.info(
            "posse: manifest %s: %d articles (%d held back)", path, len(entries), held
        )
    finally:
        reset()


_LINE = json.JSONEncoder(ensure_ascii=False)  # json.dumps() would make one a line
_STRING = json.encoder.encode_basestring  # what _LINE writes a string with (C)

# An article's entry as collect() and note_skipped() make it, in this order.
_ENTRY_KEYS = (
    "id",
    "source_path",
    "url",
    "title",
    "lang",
    "date",
    "date_from_fs",
    "send",
    "tags",
    "status",
    "translation_group",
    "is_translation",
    "held",
    "image",
    "description",
    "site_name",
    "texts",
)


def _dumps(data: dict[str, Any]) -> str:
    """The manifest as JSON, one article a line: json's indent= takes its slow
    pure-Python encoder, which cost a 2,000-article build ~0.1 s. The sources
    are one line too, for the same reason."""
    head = {k: v for k, v in data.items() if k not in ("articles", "sources")}
    lines = ["  " + _entry_json(e) for e in data["articles"]]
    sources = ""
    if "sources" in data:
        sources = ',\n "sources": ' + _LINE.encode(data["sources"])
    return (
        json.dumps(head, ensure_ascii=False, indent=1)[:-2]
        + sources
        + ',\n "articles": [\n'
        + ",\n".join(lines)
        + "\n ]\n}\n"
    )


def _entry_json(entry: dict[str, Any]) -> str:
    """``_LINE.encode(entry)``, written from its pieces for an entry of the usual
    shape: the encoder's walk over the dict cost a 2,000-article build ~45M
    instructions more (tests/test_manifest_properties.py holds the two equal).
    Any other entry, or a value of another type, is the encoder's to write."""
    if tuple(entry) != _ENTRY_KEYS:
        return _LINE.encode(entry)
    try:
        return (
            f'{{"id": {_STRING(entry["id"])}, '
            f'"source_path": {_STRING(entry["source_path"])}, '
            f'"url": {_STRING(entry["url"])}, '
            f'"title": {_STRING(entry["title"])}, '
            f'"lang": {_STRING(entry["lang"])}, '
            f'"date": {_optional(entry["date"])}, '
            f'"date_from_fs": {_boolean(entry["date_from_fs"])}, '
            f'"send": {_boolean(entry["send"])}, '
            f'"tags": {_strings(entry["tags"])}, '
            f'"status": {_STRING(entry["status"])}, '
            f'"translation_group": {_STRING(entry["translation_group"])}, '
            f'"is_translation": {_boolean(entry["is_translation"])}, '
            f'"held": {_optional(entry["held"])}, '
            f'"image": {_optional(entry["image"])}, '
            f'"description": {_STRING(entry["description"])}, '
            f'"site_name": {_STRING(entry["site_name"])}, '
            f'"texts": {_texts(entry["texts"])}}}'
        )
    except TypeError:  # a value of another type
        return _LINE.encode(entry)


def _strings(values: Any) -> str:
    if type(values) is not list:
        raise TypeError(values)
    return "[" + ", ".join(map(_STRING, values)) + "]"


def _boolean(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    raise TypeError(value)


def _optional(value: Any) -> str:
    return "null" if value is None else _STRING(value)


def _texts(texts: Any) -> str:
    # Empty for every article done on every network: most of them.
    return "{}" if type(texts) is dict and not texts else _LINE.encode(texts)


def current_build() -> _Build:
    return _build


def reset(*_: Any) -> None:
    global _build  # noqa: PLW0603 - one build's state, replaced as a whole
    _build = _Build()


def links_for(article_id: str) -> list[str]:
    """Ids whose records stand for this article: itself, then its translations."""
    group = _build.group_of.get(article_id)
    others = [m for m in _build.members.get(group, []) if m != article_id]
    return [article_id, *others]


def _rebuild(settings_file: str) -> str:
    return f"rebuild the site (pelican content -s {settings_file}) to write it again"


def read(path: Path, settings_file: str = "publishconf.py") -> dict[str, Any]:
    """Read a manifest; ValueError with a message naming the file (and the
    article and field) on trouble. Every field the engine reads is checked
    here, so that nothing is posted from a damaged manifest and nothing
    downstream meets a value of the wrong type. ``settings_file``: named in
    "rebuild the site (pelican content -s ...)"."""
    rebuild = _rebuild(settings_file)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ValueError(
            f"{path}: no manifest. Build the site first with an absolute SITEURL "
            f"(pelican content -s {settings_file}); the build writes it."
        ) from None
    except (OSError, UnicodeDecodeError) as err:
        raise ValueError(f"{path}: cannot read the manifest ({err})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(
            f"{path}, line {err.lineno}: the manifest is damaged ({err.msg}); {rebuild}"
        ) from None
    except RecursionError:
        raise ValueError(
            f"{path}: the manifest is damaged (nested too deeply to be one); {rebuild}"
        ) from None
    except ValueError as err:  # e.g. a number of more digits than int() takes
        raise ValueError(
            f"{path}: the manifest is damaged ({err}); {rebuild}"
        ) from None
    check(data, path, settings_file)
    return data


def check(
    data: Any, path: Path | str = MANIFEST_NAME, settings_file: str = "publishconf.py"
) -> None:
    """ValueError unless ``data`` is a manifest of this format whose every
    field the engine reads has its type (docs/schema/manifest.schema.json)."""
    rebuild = _rebuild(settings_file)
    if type(data) is not dict:
        raise ValueError(
            f"{path}: not a manifest (a JSON object was expected, not "
            f"{_kind(data)}); {rebuild}"
        )
    if "format" not in data:
        raise ValueError(
            f"{path}: not a manifest of pelican-posse (it has no format number); "
            f"{rebuild}"
        )
    number = data["format"]
    if type(number) is not int or number != FORMAT:
        raise ValueError(
            f"{path}: manifest format {_shown(number)} was written by another "
            f"pelican-posse version (this one reads format {FORMAT}): {rebuild}"
        )
    for key, test, wanted in _HEAD_FIELDS:
        value = data.get(key, _MISSING)
        if not test(value):
            raise ValueError(
                f"{path}: the manifest's field {key!r} {_is(value, wanted)}; {rebuild}"
            )
    content = data["content"]
    for key, test, wanted in _CONTENT_FIELDS:
        value = content.get(key, _MISSING)
        if not test(value):
            raise ValueError(
                f"{path}: the manifest's field 'content.{key}' "
                f"{_is(value, wanted)}; {rebuild}"
            )
    for index, entry in enumerate(data["articles"]):
        if _fine(entry):
            continue  # most entries: only the failing one is looked at closely
        if type(entry) is not dict:
            raise ValueError(
                f"{path}: article {index} is {_kind(entry)}, not an object; {rebuild}"
            )
        aid = entry.get("id", _MISSING)
        if type(aid) is not str or not aid:
            raise ValueError(
                f"{path}: article {index}: field 'id' "
                f"{_is(aid, 'a non-empty string')}; {rebuild}"
            )
        for key, test, wanted in _ENTRY_FIELDS:
            value = entry.get(key, _MISSING)
            if not test(value):
                raise ValueError(
                    f"{path}: article {index} (id {aid!r}): field {key!r} "
                    f"{_is(value, wanted)}; {rebuild}"
                )
        for network, composed in entry["texts"].items():
            problem = _composed_problem(composed)
            if problem:
                raise ValueError(
                    f"{path}: article {index} (id {aid!r}): field "
                    f"'texts.{network}' {problem}; {rebuild}"
                )


class _Missing:
    def __repr__(self) -> str:
        return "missing"


_MISSING: Any = _Missing()


def _kind(value: Any) -> str:
    """A JSON value's kind, in words (never its repr: it may be nested deep)."""
    if value is _MISSING:
        return "missing"
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _shown(value: Any) -> str:
    if type(value) in (int, float, bool) or value is None:
        return json.dumps(value)[:40]
    if type(value) is str:
        return repr(value[:40])
    return _kind(value)


def _is(value: Any, wanted: str) -> str:
    if value is _MISSING:
        return f"is missing (it must be {wanted})"
    return f"must be {wanted}, not {_shown(value)}"


def _string(value: Any) -> bool:
    return type(value) is str


def _optional_string(value: Any) -> bool:
    return value is None or type(value) is str


def _bool(value: Any) -> bool:
    return type(value) is bool


def _string_list(value: Any) -> bool:
    return type(value) is list and all(type(v) is str for v in value)


def _date(value: Any) -> bool:
    if value is None:
        return True
    if type(value) is not str:
        return False
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _object(value: Any) -> bool:
    return type(value) is dict


def _list(value: Any) -> bool:
    return type(value) is list


def _one_of(words: Iterable[str], optional: bool = False) -> Any:
    allowed = frozenset(words)
    return lambda value: (
        (optional and value is None) or (type(value) is str and value in allowed)
    )


_STATUSES = ("published", "draft", "hidden", "skip")
_HEAD_FIELDS = (
    ("built_at", _string, "a string"),
    ("siteurl", _string, "a string"),
    ("sitename", _string, "a string"),
    ("default_lang", _string, "a string"),
    ("networks", _string_list, "an array of strings"),
    ("translations", _string, "a string"),
    ("since", _date, "an ISO 8601 date or null"),
    ("content", _object, "an object"),
    ("sources", _string_list, "an array of strings"),
    ("articles", _list, "an array"),
)
_CONTENT_FIELDS = (
    ("path", _string, "a string"),
    ("article_paths", _string_list, "an array of strings"),
    ("article_excludes", _string_list, "an array of strings"),
    ("extensions", _string_list, "an array of strings"),
    ("ignore_files", _string_list, "an array of strings"),
)
# Every field of an entry but "id" (checked first, to name the article).
_ENTRY_FIELDS = (
    ("source_path", _string, "a string"),
    ("url", _string, "a string"),
    ("title", _string, "a string"),
    ("lang", _string, "a string"),
    ("date", _date, "an ISO 8601 date or null"),
    ("date_from_fs", _bool, "true or false"),
    ("send", _bool, "true or false"),
    ("tags", _string_list, "an array of strings"),
    ("status", _one_of(_STATUSES), "one of " + ", ".join(_STATUSES)),
    ("translation_group", _string, "a string"),
    ("is_translation", _bool, "true or false"),
    ("held", _one_of(HOLD_REASONS, optional=True), "null or a hold-back reason"),
    ("image", _optional_string, "a string or null"),
    ("description", _string, "a string"),
    ("site_name", _string, "a string"),
    ("texts", _object, "an object (network: composed text)"),
)


def _composed_problem(composed: Any) -> str | None:
    """What is wrong with one network's composed text, or None."""
    if type(composed) is not dict:
        return f"must be an object, not {_kind(composed)}"
    for key, test, wanted in _COMPOSED_FIELDS:
        if key in composed and not test(composed[key]):
            return f"field {key!r} must be {wanted}, not {_shown(composed[key])}"
    return None


def _optional_count(value: Any) -> bool:
    return value is None or type(value) is int


_COMPOSED_FIELDS = (
    ("text", _string, "a string"),
    ("link", _optional_string, "a string or null"),
    ("length", _optional_count, "a whole number or null"),
    ("limit", _optional_count, "a whole number or null"),
    ("error", _string, "a string"),
)


_FIELDS_OF = itemgetter("id", *(key for key, _, _ in _ENTRY_FIELDS))
_STATUS_SET = frozenset(_STATUSES)
_HELD_SET = frozenset(HOLD_REASONS)


def _fine(entry: Any) -> bool:
    """Whether an entry passes every test of _ENTRY_FIELDS and _COMPOSED_FIELDS:
    the same tests written out, as one function, for a 10,000-article manifest
    (a test per field cost `plan` ~0.15 s). False sends the entry to the
    tests that say what is wrong (tests/test_manifest_read.py holds the two
    equal)."""
    if type(entry) is not dict:
        return False
    try:
        (
            aid,
            source_path,
            url,
            title,
            lang,
            date,
            from_fs,
            send,
            tags,
            status,
            group,
            is_translation,
            held,
            image,
            description,
            site_name,
            texts,
        ) = _FIELDS_OF(entry)
    except KeyError:
        return False
    if not (
        type(aid) is str
        and aid
        and type(source_path) is str
        and type(url) is str
        and type(title) is str
        and type(lang) is str
        and type(from_fs) is bool
        and type(send) is bool
        and type(tags) is list
        and type(status) is str
        and status in _STATUS_SET
        and type(group) is str
        and type(is_translation) is bool
        and (held is None or (type(held) is str and held in _HELD_SET))
        and (image is None or type(image) is str)
        and type(description) is str
        and type(site_name) is str
        and type(texts) is dict
    ):
        return False
    for tag in tags:
        if type(tag) is not str:
            return False
    if date is not None:
        if type(date) is not str:
            return False
        try:
            dt.datetime.fromisoformat(date)
        except ValueError:
            return False
    for composed in texts.values():
        if type(composed) is not dict:
            return False
        get = composed.get
        link, length, limit = get("link"), get("length"), get("limit")
        if not (
            type(get("text", "")) is str
            and type(get("error", "")) is str
            and (link is None or type(link) is str)
            and (length is None or type(length) is int)
            and (limit is None or type(limit) is int)
        ):
            return False
    return True
