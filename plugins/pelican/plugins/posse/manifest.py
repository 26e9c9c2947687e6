"""The manifest's file format: what a build says can be announced.

The build writes it (render/collect.py) and ``pelican-posse`` reads it; this
module is the format both share, with no Pelican and no build state: its names
(FORMAT, MANIFEST_NAME, LAST_BUILD_NAME, HOLD_REASONS), how it is written
(dumps: one article a line) and how it is read (read, check: every field the
engine reads, so that nothing is posted from a damaged manifest). The written
schema is docs/schema/manifest.schema.json.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

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

_LINE = json.JSONEncoder(ensure_ascii=False)  # json.dumps() would make one a line


def dumps(data: dict[str, Any]) -> str:
    """The manifest as JSON, one article a line: json's indent= takes its slow
    pure-Python encoder, which cost a 2,000-article build ~0.1 s. The sources
    are one line too, for the same reason."""
    head = {k: v for k, v in data.items() if k not in ("articles", "sources")}
    lines = ["  " + _LINE.encode(e) for e in data["articles"]]
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


# What a person meets when the manifest cannot be used, said in the language
# spoken (pelican-posse's catalogue; a Pelican build speaks English). A field of
# the wrong type (only a hand edit or another version makes one) is said in
# English: the fix is the same, rebuilding.
MANIFEST_PROBLEMS = {
    "manifest.rebuild": "rebuild the site (pelican content -s {settings}) to "
    "write it again",
    "manifest.none": "{path}: no manifest. Build the site first with an absolute "
    "SITEURL (pelican content -s {settings}); the build writes it.",
    "manifest.unreadable": "{path}: cannot read the manifest ({error})",
    "manifest.damaged_line": "{path}, line {line}: the manifest is damaged "
    "({error}); {rebuild}",
    "manifest.damaged": "{path}: the manifest is damaged ({error}); {rebuild}",
    "manifest.too_deep": "{path}: the manifest is damaged (nested too deeply to "
    "be one); {rebuild}",
    "manifest.not_object": "{path}: not a manifest (a JSON object was expected, "
    "not {kind}); {rebuild}",
    "manifest.no_format": "{path}: not a manifest of pelican-posse (it has no "
    "format number); {rebuild}",
    "manifest.other_version": "{path}: manifest format {number} was written by "
    "another pelican-posse version (this one reads format {format}): {rebuild}",
}


def _said(key: str, /, **values: Any) -> str:
    from .i18n import tr  # noqa: PLC0415 - gettext only for an unusable manifest

    return tr(MANIFEST_PROBLEMS[key]).format(**values)


def _rebuild(settings_file: str, *, spoken: bool = False) -> str:
    if spoken:
        return _said("manifest.rebuild", settings=settings_file)
    return f"rebuild the site (pelican content -s {settings_file}) to write it again"


def read(path: Path, settings_file: str = "publishconf.py") -> dict[str, Any]:
    """Read a manifest; ValueError with a message naming the file (and the
    article and field) on trouble. Every field the engine reads is checked
    here, so that nothing is posted from a damaged manifest and nothing
    downstream meets a value of the wrong type. ``settings_file``: named in
    "rebuild the site (pelican content -s ...)"."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        none = _said("manifest.none", path=path, settings=settings_file)
        raise ValueError(none) from None
    except (OSError, UnicodeDecodeError) as err:
        raise ValueError(_said("manifest.unreadable", path=path, error=err)) from None
    rebuild = _rebuild(settings_file, spoken=True)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(
            _said(
                "manifest.damaged_line",
                path=path,
                line=err.lineno,
                error=err.msg,
                rebuild=rebuild,
            )
        ) from None
    except RecursionError:
        raise ValueError(
            _said("manifest.too_deep", path=path, rebuild=rebuild)
        ) from None
    except ValueError as err:  # e.g. a number of more digits than int() takes
        raise ValueError(
            _said("manifest.damaged", path=path, error=err, rebuild=rebuild)
        ) from None
    check(data, path, settings_file)
    return data


def check(
    data: Any, path: Path | str = MANIFEST_NAME, settings_file: str = "publishconf.py"
) -> None:
    """ValueError unless ``data`` is a manifest of this format whose every
    field the engine reads has its type (docs/schema/manifest.schema.json)."""
    if type(data) is not dict or "format" not in data:
        spoken = _rebuild(settings_file, spoken=True)
        if type(data) is not dict:
            kind = _kind(data)
            raise ValueError(
                _said("manifest.not_object", path=path, kind=kind, rebuild=spoken)
            )
        raise ValueError(_said("manifest.no_format", path=path, rebuild=spoken))
    number = data["format"]
    if type(number) is not int or number != FORMAT:
        raise ValueError(
            _said(
                "manifest.other_version",
                path=path,
                number=_shown(number),
                format=FORMAT,
                rebuild=_rebuild(settings_file, spoken=True),
            )
        )
    rebuild = _rebuild(settings_file)
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
        passed = entry.get("passed_over", [])
        if not _passed_over(passed):
            raise ValueError(
                f"{path}: article {index} (id {aid!r}): field 'passed_over' "
                f"{_is(passed, 'an array of {text, kind} objects')}; {rebuild}"
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


def _passed_over(value: Any) -> bool:
    """The optional "passed_over": the opening sentences the summary left out
    (summary.py), each {"text": ..., "kind": ...}."""
    return type(value) is list and all(
        type(p) is dict and type(p.get("text")) is str and type(p.get("kind")) is str
        for p in value
    )


def _optional_count(value: Any) -> bool:
    return value is None or type(value) is int


_COMPOSED_FIELDS = (
    ("text", _string, "a string"),
    ("link", _optional_string, "a string or null"),
    ("length", _optional_count, "a whole number or null"),
    ("limit", _optional_count, "a whole number or null"),
    ("error", _string, "a string"),
)
