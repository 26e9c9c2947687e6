"""Reading a ledger file: every field checked, a damaged file explained by line,
formats 1 and 2 upgraded in memory; never a silent reset.
"""

from __future__ import annotations

import json
import re
import reprlib
from collections.abc import Mapping
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any

from .records import (
    _FIELD_ORDER,
    FORMAT,
    KNOWN_FORMATS,
    STATES,
    LedgerError,
    Record,
    instant,
)
from .words import said

# --- validation ---------------------------------------------------------------
_FIELDS = set(_FIELD_ORDER)
_SAID_FIELDS = frozenset({"error", "remedy"})  # text, or {"key", "values"}
_TOP_KEYS = frozenset({"about", "format", "networks", "newest", "articles"})
_ENTRY_KEYS = frozenset({"url", "date", "posts"})
_TEXT_TYPES = frozenset({str, type(None)})
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 60
_CONFLICT = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?: |\r?$)", re.MULTILINE)
# A \uXXXX escape of half a surrogate pair: JSON allows it, UTF-8 cannot hold it.
_LONE_SURROGATE = re.compile(
    r"(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
)

Parsed = tuple[
    dict[str, dict[str, dict[str, Any]]],  # article id -> network -> record
    dict[str, Mapping[str, Any]],  # article id -> its url and date
    set[str],  # networks
    dict[str, str],  # newest
    bool,  # upgraded from an older format
]


def _show(value: Any) -> str:
    """A value as a message shows it: repr, but short (a hand edit can hold a
    megabyte, or lists nested a thousand deep)."""
    return _REPR.repr(value)


def _line_of(raw: str, *needles: str) -> int | None:
    """Line of the last needle, each searched after the previous one."""
    pos = 0
    for needle in needles:
        found = raw.find(needle, pos)
        if found < 0:
            return None
        pos = found
    return raw.count("\n", 0, pos) + 1


def _refuse_conflict(path: Path, raw: str) -> None:
    """An unfinished git merge left its markers in the file: say so, and how."""
    found = _CONFLICT.search(raw)
    if found is None:
        return
    line = raw.count("\n", 0, found.start()) + 1
    marker = found.group().strip()
    raise LedgerError(
        said("ledger.conflict", path=path, line=line, marker=marker, name=path.name)
    )


def _parse(path: Path, raw: str, data: Any) -> Parsed:
    """The checked content of the file (records still plain dicts)."""

    def fail(what: str, *needles: str) -> LedgerError:
        line = _line_of(raw, *needles) if needles else None
        where = said("ledger.where_line", path=path, line=line) if line else path
        return LedgerError(
            said("ledger.problem", where=where, what=what, fix=said("ledger.fix"))
        )

    if not isinstance(data, dict):
        raise fail(said("ledger.not_object"))
    if "format" not in data:
        raise fail(said("ledger.no_format", format=FORMAT))
    number = data["format"]
    if type(number) is not int or number not in KNOWN_FORMATS:
        if type(number) is int and number > FORMAT:
            raise fail(
                said("ledger.format_newer", number=number, format=FORMAT), '"format"'
            )
        known = " or ".join(map(str, KNOWN_FORMATS))
        raise fail(
            said("ledger.format_unknown", value=_show(number), known=known),
            '"format"',
        )
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise fail(
            said(
                "ledger.unknown_fields",
                names=", ".join(map(_show, unknown)),
                fields=", ".join(sorted(_TOP_KEYS)),
            ),
            json.dumps(unknown[0]),
        )
    articles = data.get("articles")
    if not isinstance(articles, dict):
        raise fail(said("ledger.no_articles"), '"articles"')
    networks = data.get("networks", [])
    if not isinstance(networks, list) or not all(isinstance(n, str) for n in networks):
        raise fail(said("ledger.networks"), '"networks"')
    # (A backslash is rare in a ledger, and looking for one is fast: memchr.)
    if "\\" in raw and _LONE_SURROGATE.search(raw):
        _refuse_surrogates(path, raw, data)
    if number == 1:
        _check_records(fail, articles, ())
        # Format 1 listed every network a record was on, outbox previews too: a
        # network with nothing but previews has no history yet.
        pairs = list(chain.from_iterable(map(dict.items, articles.values())))
        tried = {net for net, rec in pairs if rec["state"] != "outbox"}
        seen = set(map(itemgetter(0), pairs))
        kept = set(networks) - (seen - tried)
        return articles, {}, kept, {}, True
    newest = _checked_newest(fail, data.get("newest", {}))
    for aid, entry in articles.items():
        problem = _entry_problem(entry)
        if problem:
            field = problem[1]
            raise fail(
                said("ledger.article", id=_show(aid), problem=problem[0]),
                _k(aid),
                *((json.dumps(field),) if field else ()),
            )
    read = {aid: entry["posts"] for aid, entry in articles.items()}
    _check_records(fail, read, ('"posts":',))
    return read, articles, set(networks), newest, number < FORMAT


def _checked_newest(fail: Any, newest: Any) -> dict[str, str]:
    """The file's `newest` (network -> ISO date), or the error saying what is wrong."""
    if not isinstance(newest, dict):
        raise fail(said("ledger.newest"), '"newest"')
    for net, date in newest.items():
        if type(date) is not str or instant(date) is None:
            raise fail(
                said("ledger.newest_date", network=_show(net), value=_show(date)),
                '"newest"',
                _k(net),
            )
    return newest


def _refuse_surrogates(path: Path, raw: str, data: Any) -> None:
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        found = _LONE_SURROGATE.search(raw)
        line = raw.count("\n", 0, found.start()) + 1 if found else None
        where = said("ledger.where_line", path=path, line=line) if line else path
        escape = found.group() if found else "an escape"
        raise LedgerError(
            said("ledger.surrogate", where=where, escape=escape, fix=said("ledger.fix"))
        ) from None


def _check_records(fail: Any, articles: dict[str, Any], inner: tuple[str, ...]) -> None:
    """Every record of ``articles`` (article id -> network -> record) is valid,
    or the first that is not is explained (``inner``: what precedes the records
    in an article's entry, to find their line)."""
    for aid, recs in articles.items():
        if not isinstance(recs, dict):
            raise fail(
                said("ledger.article_map", id=_show(aid)),
                _k(aid),
                *inner,
            )
        for net, rec in recs.items():
            if type(rec) is not dict or not _valid(rec):
                raise _explain(fail, (_k(aid), *inner, _k(net)), aid, net, rec)


def _records(records: dict[str, dict[str, Any]]) -> dict[str, Record]:
    return {net: _record(rec) for net, rec in records.items()}


def _is_said(value: Any) -> bool:
    from ..said import is_said  # noqa: PLC0415 - only for a record that has one

    return is_said(value)


def _record(rec: dict[str, Any]) -> Record:
    record = Record(**rec)
    if type(record.error) is not dict and type(record.remedy) is not dict:
        return record
    from ..said import from_json  # noqa: PLC0415 - only for a record that has one

    # Format 3 keeps our sentences as {"key", "values"}; older ones, as text.
    if type(record.error) is dict:
        record.error = from_json(record.error)
    if type(record.remedy) is dict:
        record.remedy = from_json(record.remedy)
    return record


def _entry_problem(entry: Any) -> tuple[str, str | None] | None:
    """What is wrong with one article's entry (and the field), or None."""
    if not isinstance(entry, dict):
        return (said("ledger.entry_object"), None)
    unknown = sorted(set(entry) - _ENTRY_KEYS)
    if unknown:
        names = ", ".join(map(_show, unknown))
        return (said("ledger.entry_unknown", names=names), unknown[0])
    if type(entry.get("posts")) is not dict:
        return (said("ledger.entry_posts"), "posts")
    for name in ("url", "date"):
        value = entry.get(name)
        if value is not None and type(value) is not str:
            return (said("ledger.entry_text", name=name, value=_show(value)), name)
    date = entry.get("date")
    if date is not None and instant(date) is None:
        return (said("ledger.entry_date", value=_show(date)), "date")
    return None


def _k(value: str) -> str:
    return json.dumps(value, ensure_ascii=False) + ":"


def _valid(rec: dict[str, Any]) -> bool:
    """The fast check run on every record; _explain says what is wrong."""
    state = rec.get("state")
    if type(state) is not str or state not in STATES or not rec.keys() <= _FIELDS:
        return False
    attempts = rec.get("attempts", 0)
    if type(attempts) is not int or attempts < 0:
        return False
    for key, value in rec.items():
        if (
            type(value) is not str
            and value is not None
            and key != "attempts"
            and (key not in _SAID_FIELDS or not _is_said(value))
        ):
            return False
    return True


def _explain(
    fail: Any, where: tuple[str, ...], aid: str, net: str, rec: Any
) -> LedgerError:
    what = said("ledger.on", id=_show(aid), network=_show(net))
    if not isinstance(rec, dict):
        return fail(said("ledger.record_object", what=what), *where)
    state = rec.get("state")
    if type(state) is not str or state not in STATES:
        states = ", ".join(STATES)
        return fail(
            said("ledger.record_state", what=what, state=_show(state), states=states),
            *where,
            '"state"',
        )
    unknown = sorted(set(rec) - _FIELDS)
    if unknown:
        names = ", ".join(map(_show, unknown))
        return fail(
            said("ledger.record_unknown", what=what, names=names),
            *where,
            json.dumps(unknown[0]),
        )
    attempts = rec.get("attempts", 0)
    if type(attempts) is not int or attempts < 0:
        return fail(
            said("ledger.record_attempts", what=what, value=_show(attempts)),
            *where,
            '"attempts"',
        )
    name, value = next(
        (k, v)
        for k, v in rec.items()
        if k != "attempts"
        and v is not None
        and not isinstance(v, str)
        and not (k in _SAID_FIELDS and _is_said(v))
    )
    if name in _SAID_FIELDS:
        return fail(
            said("ledger.record_said", what=what, name=name, value=_show(value)),
            *where,
            f'"{name}"',
        )
    wrong = said("ledger.record_text", what=what, name=name, value=_show(value))
    return fail(wrong, *where, f'"{name}"')
