"""The ledger: posse's memory of what was announced where, committed by the user.

One JSON file (``POSSE_LEDGER_PATH``, default ``posse-ledger.json``), written for
people and for ``git diff``: sorted keys, two-space indent, one entry per article
holding one record per network. Every write replaces the whole file atomically
(temporary file in the same folder, fsync, rename, fsync of the folder), so a
crash leaves either the old or the new ledger, never half of one.

Runs are serialised by an exclusive ``flock`` on a lock file in the state folder:
a second ``pelican-posse publish`` waits for the first and then sees its records.

A ledger that cannot be read is an error naming the file and the line, never a
silent reset: resetting would re-announce everything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gc
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = 1
ABOUT = (
    "pelican-posse ledger: what was announced where. Commit this file; "
    "see `pelican-posse status`. Edit only with `pelican-posse resolve`."
)

# state -> what it means. A record in a "done" state is never posted again.
STATES = {
    "posting": "a post was being sent when the run stopped; checked on the next run",
    "posted": "announced",
    "pending": "not announced yet; tried again on the next run",
    "failed": "refused by the network; fix the cause, then `pelican-posse retry`",
    "uncertain": "may or may not have been posted; `pelican-posse resolve` says which",
    "baseline": "already announced before pelican-posse (recorded by `baseline`)",
    "duplicate": "the network already had this exact post (not sent by us)",
    "outbox": "previewed in the local outbox (no credentials); not sent",
}
DONE_STATES = frozenset({"posted", "baseline", "duplicate", "outbox"})


class LedgerError(Exception):
    """The ledger file cannot be used as it is; the message names file and line."""


def text_hash(text: str) -> str:
    # hashlib loads OpenSSL (~10 ms): imported by the first hash, not by `plan`.
    import hashlib  # noqa: PLC0415

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat() if moment else None


@dataclass(slots=True)
class Record:
    """One article on one network."""

    state: str
    attempts: int = 0
    at: str | None = None  # when the state was last set (UTC, ISO 8601)
    remote_id: str | None = None
    url: str | None = None
    error: str | None = None  # the network's own words, never a secret
    remedy: str | None = None
    text_sha256: str | None = None  # of the text sent; detects an edited article
    not_before: str | None = None  # rate limited: not before this time (UTC)

    def to_json(self) -> dict[str, Any]:
        return {
            name: value
            for name in _FIELD_ORDER
            if (value := getattr(self, name)) is not None
        }

    @property
    def done(self) -> bool:
        return self.state in DONE_STATES


class Ledger:
    """The ledger file's records: ``articles[article_id][network] -> Record``.

    Every record is checked when the file is read, but a ``Record`` object is
    built only for an article that is looked at (``record``, ``set``) until the
    whole mapping is asked for (``articles``): ``plan`` on a blog of 2,000
    articles with a ledger of 10,000 builds a fifth of them.
    """

    def __init__(
        self,
        path: Path,
        articles: dict[str, dict[str, Record]] | None = None,
        existed: bool = False,
        networks: set[str] | None = None,
    ) -> None:
        self.path = Path(path)
        self.existed = existed
        # Networks whose history this ledger holds (set by `baseline`, even on a
        # blog with no article yet): a network not in it is new, and fails closed.
        self.networks: set[str] = set(networks or ())
        self._built: dict[str, dict[str, Record]] = dict(articles or {})
        # Checked records of the file, as read; an article in _built wins.
        self._read: dict[str, dict[str, dict[str, Any]]] = {}

    def __repr__(self) -> str:
        return f"Ledger({str(self.path)!r}, existed={self.existed})"

    @property
    def articles(self) -> dict[str, dict[str, Record]]:
        """Every article's records, in the order of the file, then new ones."""
        if self._read:
            built = self._built
            with paused_gc():  # thousands of new objects: see paused_gc
                self._built = {
                    aid: built.pop(aid) if aid in built else _records(recs)
                    for aid, recs in self._read.items()
                }
            self._built.update(built)
            self._read = {}
        return self._built

    def _article(self, article_id: str) -> dict[str, Record] | None:
        records = self._built.get(article_id)
        if records is None and article_id in self._read:
            records = self._built[article_id] = _records(self._read[article_id])
        return records

    # --- reading -----------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> Ledger:
        """Read ``path``; a missing file is an empty ledger that did not exist."""
        path = Path(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as err:
            raise LedgerError(f"{path}: cannot read the ledger ({err})") from None
        if not raw or raw.isspace():  # (strip() would copy a big ledger)
            raise LedgerError(
                f"{path}: the ledger is empty. Restore it from git "
                f"(git checkout -- {path.name}) or delete it and run "
                "`pelican-posse baseline`."
            )
        try:
            with paused_gc():
                data = json.loads(raw)
                articles = _parse(path, raw, data)
        except json.JSONDecodeError as err:
            raise LedgerError(
                f"{path}, line {err.lineno}, column {err.colno}: not valid JSON "
                f"({err.msg}). Fix that line or restore the file from git; "
                "pelican-posse never resets a ledger by itself."
            ) from None
        networks = data.get("networks", [])
        if not isinstance(networks, list) or not all(
            isinstance(n, str) for n in networks
        ):
            line = _line_of(raw, '"networks"')
            raise LedgerError(
                f"{path}, line {line}: networks must be a list of network names "
                'such as ["x", "facebook"]'
            )
        ledger = cls(path, existed=True, networks=set(networks))
        ledger._read = articles
        return ledger

    def record(self, article_id: str, network: str) -> Record | None:
        records = self._article(article_id)
        return records.get(network) if records else None

    def ids(self) -> list[str]:
        """Every article id: the file's order, then new ones (builds no Record)."""
        return list(dict.fromkeys([*self._read, *self._built]))

    def records_of(self, article_id: str) -> dict[str, Record]:
        """One article's records by network (empty when it has none)."""
        return dict(self._article(article_id) or {})

    def networks_seen(self) -> set[str]:
        seen = {n for recs in self._read.values() for n in recs}
        return self.networks | seen | {n for recs in self._built.values() for n in recs}

    # --- writing -----------------------------------------------------------
    def set(self, article_id: str, network: str, record: Record) -> None:
        records = self._article(article_id)
        if records is None:
            records = self._built[article_id] = {}
        records[network] = record

    def to_json(self) -> str:
        data = {
            "about": ABOUT,
            "format": FORMAT,
            "networks": sorted(self.networks_seen()),
            "articles": {
                aid: {net: rec.to_json() for net, rec in recs.items()}
                for aid, recs in self.articles.items()
            },
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def save(self) -> None:
        """Replace the file atomically; durable once this returns."""
        atomic_write(self.path, self.to_json())
        self.existed = True

    def urls_in_states(self, states: Iterable[str]) -> dict[str, dict[str, str]]:
        """Article id -> {network: URL} of the records in one of ``states`` that have
        a URL, in the ledger's order.

        For the links back of a build, which look at every article: the records
        read from the file are looked at as they are, without building a Record
        for each (most are `baseline` and show nothing).
        """
        wanted = frozenset(states)
        found: dict[str, dict[str, str]] = {}
        built = self._built
        for aid, recs in self._read.items():
            if aid in built:
                continue
            for net, rec in recs.items():
                if rec["state"] in wanted and rec.get("url"):
                    found.setdefault(aid, {})[net] = rec["url"]
        for aid, records in built.items():
            for net, record in records.items():
                if record.state in wanted and record.url:
                    found.setdefault(aid, {})[net] = record.url
        return found

    def state_of(self, article_id: str, network: str) -> str | None:
        """``self.record(article_id, network).state``, or None when there is no
        record, without building the article's Records (the manifest asks this of
        every article, and a state is all it needs)."""
        records = self._built.get(article_id)
        if records is not None:
            record = records.get(network)
            return record.state if record is not None else None
        raw = self._read.get(article_id)
        if raw is None or network not in raw:
            return None
        return raw[network]["state"]


def atomic_write(path: Path, text: str) -> None:
    import tempfile  # noqa: PLC0415 - only when writing; `plan` never writes

    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    # The rename itself must reach the disk, or a power cut could undo it.
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many objects are made at once
    (a block, or a function it decorates).

    A ledger of 10,000 articles is some 40,000 new dicts and records, none in a
    reference cycle; the collections their allocation sets off (each one walking
    every object the process holds) cost about as much as the parsing itself.
    So do a build's article facts (manifest.collect): with the collector on, the
    objects that die at its end were first moved to the oldest generation, and
    a 2,000-article build paid one more full collection. Nothing is lost: the
    collector resumes, as it was, when the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """Hold the exclusive run lock; waits while another run holds it."""
    lock_path = Path(lock_path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.warning(
                "posse: another pelican-posse run holds %s; waiting for it", lock_path
            )
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# --- validation ---------------------------------------------------------------
_FIELD_ORDER = tuple(Record.__dataclass_fields__)
_FIELDS = set(_FIELD_ORDER)


def _line_of(raw: str, *needles: str) -> int | None:
    """Line of the last needle, each searched after the previous one."""
    pos = 0
    for needle in needles:
        found = raw.find(needle, pos)
        if found < 0:
            return None
        pos = found
    return raw.count("\n", 0, pos) + 1


def _parse(path: Path, raw: str, data: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """The checked ``articles`` of the file (records still plain dicts)."""

    def fail(what: str, *needles: str) -> LedgerError:
        line = _line_of(raw, *needles) if needles else None
        where = f"{path}, line {line}" if line else str(path)
        return LedgerError(
            f"{where}: {what}. Fix it by hand or restore the file from git; "
            "pelican-posse never resets a ledger by itself."
        )

    if not isinstance(data, dict) or not isinstance(data.get("articles"), dict):
        raise fail('not a pelican-posse ledger (no "articles" object)')
    if data.get("format", FORMAT) != FORMAT:
        raise fail(
            f"ledger format {data.get('format')!r} is not {FORMAT}; "
            "upgrade pelican-posse",
            '"format"',
        )
    articles = data["articles"]
    if not _all_valid(articles):
        # Something is wrong: look record by record to say what, and where.
        for aid, recs in articles.items():
            if not isinstance(recs, dict):
                raise fail(
                    f"article {aid!r} must map network names to records", _k(aid)
                )
            for net, rec in recs.items():
                if type(rec) is not dict or not _valid(rec):
                    raise _explain(fail, aid, net, rec)
    return articles


def _records(records: dict[str, dict[str, Any]]) -> dict[str, Record]:
    return {net: Record(**rec) for net, rec in records.items()}


_TEXT_TYPES = frozenset({str, type(None)})


def _all_valid(articles: dict[str, Any]) -> bool:
    """What _valid checks, for every record at once.

    The same rules, in a few passes that each run in C (map, set, chain) instead
    of a Python function call per record: a third of the time on a ledger of
    10,000 articles. When this says no, the record-by-record loop finds which.
    """
    per_article = list(articles.values())
    if not set(map(type, per_article)) <= {dict}:
        return False
    records = list(chain.from_iterable(map(dict.values, per_article)))
    if not set(map(type, records)) <= {dict}:
        return False
    try:
        if not set(map(dict.get, records, repeat("state"))) <= STATES.keys():
            return False
    except TypeError:  # an unhashable state such as a list
        return False
    fields = set().union(*records)
    if not fields <= _FIELDS:
        return False
    attempts = list(map(dict.get, records, repeat("attempts"), repeat(0)))
    if not set(map(type, attempts)) <= {int} or min(attempts, default=0) < 0:
        return False
    # Every other field is text or null (null too where a record has not got it):
    # one pass per field the file uses, a few, rather than one per value.
    return all(
        set(map(type, map(dict.get, records, repeat(name)))) <= _TEXT_TYPES
        for name in fields - {"state", "attempts"}
    )


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
        if type(value) is not str and value is not None and key != "attempts":
            return False
    return True


def _explain(fail: Any, aid: str, net: str, rec: Any) -> LedgerError:
    where = (_k(aid), _k(net))
    if not isinstance(rec, dict):
        return fail(f"{aid!r} on {net!r} must be an object", *where)
    state = rec.get("state")
    if type(state) is not str or state not in STATES:
        return fail(
            f"{aid!r} on {net!r} has state {state!r}; valid states: "
            + ", ".join(STATES),
            *where,
            '"state"',
        )
    unknown = sorted(set(rec) - _FIELDS)
    if unknown:
        return fail(
            f"{aid!r} on {net!r} has unknown field(s) " + ", ".join(map(repr, unknown)),
            *where,
            json.dumps(unknown[0]),
        )
    attempts = rec.get("attempts", 0)
    if type(attempts) is not int or attempts < 0:
        return fail(
            f"{aid!r} on {net!r}: attempts must be a whole number >= 0, "
            f"not {attempts!r}",
            *where,
            '"attempts"',
        )
    name, value = next(
        (k, v)
        for k, v in rec.items()
        if k != "attempts" and v is not None and not isinstance(v, str)
    )
    return fail(
        f"{aid!r} on {net!r}: {name} must be text, not {value!r}", *where, f'"{name}"'
    )
