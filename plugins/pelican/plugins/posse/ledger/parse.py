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
_FIX = "Fix it by hand or restore the file from git; pelican-posse never resets a "
_FIX += "ledger by itself."

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
    raise LedgerError(
        f"{path}, line {line}: the ledger holds git conflict markers "
        f"({found.group().strip()}): a git merge or rebase was not finished. "
        "To keep every record of both sides: register pelican-posse's merge "
        "driver once (git config merge.posse-ledger.driver "
        '"pelican-posse merge-ledger %O %A %B", and the line '
        f"`{path.name} merge=posse-ledger` in .gitattributes) and redo the merge, "
        f"or join this one by hand: git show :2:{path.name} > ours.json; "
        f"git show :3:{path.name} > theirs.json; pelican-posse merge-ledger "
        f"/dev/null ours.json theirs.json; mv ours.json {path.name}; git add "
        f"{path.name}. Or take their side (git checkout --theirs -- {path.name}), "
        "finish the merge and run `pelican-posse publish` again: this side's "
        "records are then lost, so check `pelican-posse status`. See "
        "docs/publishing.md, *The ledger in git*."
    )


def _parse(path: Path, raw: str, data: Any) -> Parsed:
    """The checked content of the file (records still plain dicts)."""

    def fail(what: str, *needles: str) -> LedgerError:
        line = _line_of(raw, *needles) if needles else None
        where = f"{path}, line {line}" if line else str(path)
        return LedgerError(f"{where}: {what}. {_FIX}")

    if not isinstance(data, dict):
        raise fail("not a pelican-posse ledger (the file is not a JSON object)")
    if "format" not in data:
        raise fail(
            'not a pelican-posse ledger: it has no "format" (the ledgers '
            f'pelican-posse writes say "format": {FORMAT})'
        )
    number = data["format"]
    if type(number) is not int or number not in KNOWN_FORMATS:
        if type(number) is int and number > FORMAT:
            raise fail(
                f"ledger format {number} is newer than this pelican-posse knows "
                f"({FORMAT}): upgrade pelican-posse (pip install -U pelican-posse)",
                '"format"',
            )
        raise fail(
            f"ledger format {_show(number)} is not one this pelican-posse knows "
            f"({' or '.join(map(str, KNOWN_FORMATS))})",
            '"format"',
        )
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise fail(
            "unknown field(s) "
            + ", ".join(map(_show, unknown))
            + "; a ledger holds "
            + ", ".join(sorted(_TOP_KEYS)),
            json.dumps(unknown[0]),
        )
    articles = data.get("articles")
    if not isinstance(articles, dict):
        raise fail('not a pelican-posse ledger (no "articles" object)', '"articles"')
    networks = data.get("networks", [])
    if not isinstance(networks, list) or not all(isinstance(n, str) for n in networks):
        raise fail(
            'networks must be a list of network names such as ["x", "facebook"]',
            '"networks"',
        )
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
                f"article {_show(aid)}: {problem[0]}",
                _k(aid),
                *((json.dumps(field),) if field else ()),
            )
    read = {aid: entry["posts"] for aid, entry in articles.items()}
    _check_records(fail, read, ('"posts":',))
    return read, articles, set(networks), newest, number < FORMAT


def _checked_newest(fail: Any, newest: Any) -> dict[str, str]:
    """The file's `newest` (network -> ISO date), or the error saying what is wrong."""
    if not isinstance(newest, dict):
        raise fail(
            'newest must map network names to dates, such as {"x": '
            '"2026-12-01T09:00:00+09:00"}',
            '"newest"',
        )
    for net, date in newest.items():
        if type(date) is not str or instant(date) is None:
            raise fail(
                f"newest on {_show(net)} must be an ISO 8601 date such as "
                f'"2026-12-01T09:00:00+09:00", not {_show(date)}',
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
        where = f"{path}, line {line}" if line else str(path)
        raise LedgerError(
            f"{where}: {found.group() if found else 'an escape'} is half of a "
            f"UTF-16 surrogate pair, which no UTF-8 file can hold. {_FIX}"
        ) from None


def _check_records(fail: Any, articles: dict[str, Any], inner: tuple[str, ...]) -> None:
    """Every record of ``articles`` (article id -> network -> record) is valid,
    or the first that is not is explained (``inner``: what precedes the records
    in an article's entry, to find their line)."""
    for aid, recs in articles.items():
        if not isinstance(recs, dict):
            raise fail(
                f"article {_show(aid)} must map network names to records",
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
        return (
            'must be an object such as {"url": ..., "date": ..., "posts": '
            "{network: record}}",
            None,
        )
    unknown = sorted(set(entry) - _ENTRY_KEYS)
    if unknown:
        return (
            "unknown field(s) " + ", ".join(map(_show, unknown)) + "; an article "
            "holds url, date and posts (records by network)",
            unknown[0],
        )
    if type(entry.get("posts")) is not dict:
        return ("posts must map network names to records", "posts")
    for name in ("url", "date"):
        value = entry.get(name)
        if value is not None and type(value) is not str:
            return (f"{name} must be text or null, not {_show(value)}", name)
    date = entry.get("date")
    if date is not None and instant(date) is None:
        return (
            f"date {_show(date)} is not an ISO 8601 date such as "
            '"2026-12-01T09:00:00+09:00"',
            "date",
        )
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
    what = f"{_show(aid)} on {_show(net)}"
    if not isinstance(rec, dict):
        return fail(f"{what} must be an object", *where)
    state = rec.get("state")
    if type(state) is not str or state not in STATES:
        return fail(
            f"{what} has state {_show(state)}; valid states: " + ", ".join(STATES),
            *where,
            '"state"',
        )
    unknown = sorted(set(rec) - _FIELDS)
    if unknown:
        return fail(
            f"{what} has unknown field(s) " + ", ".join(map(_show, unknown)),
            *where,
            json.dumps(unknown[0]),
        )
    attempts = rec.get("attempts", 0)
    if type(attempts) is not int or attempts < 0:
        return fail(
            f"{what}: attempts must be a whole number >= 0, not {_show(attempts)}",
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
            f"{what}: {name} must be text or a message such as "
            f'{{"key": "...", "values": {{...}}}}, not {_show(value)}',
            *where,
            f'"{name}"',
        )
    return fail(f"{what}: {name} must be text, not {_show(value)}", *where, f'"{name}"')
