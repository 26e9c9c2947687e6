"""The ledger: posse's memory of what was announced where, committed by the user.

One JSON file (``POSSE_LEDGER_PATH``, default ``posse-ledger.json``), written for
people and for ``git diff``: sorted keys, two-space indent, one entry per article
holding its URL, its date and one record per network (format 2, described by
``docs/schema/ledger.schema.json``). A format 1 file (one entry per article
holding only its records) is read and upgraded in memory; the next save writes
format 2 with the same records.

Every write replaces the whole file atomically (temporary file, fsync, rename,
fsync of the folder), so a crash leaves either the old or the new ledger, never
half of one. The engine keeps the temporary file in its state folder, so a run
killed while saving leaves nothing beside the ledger.

Runs are serialised by an exclusive lock (``filelock``: ``flock`` on Unix, the
Windows equivalent there) on a lock file in the state folder: a second
``pelican-posse publish`` waits for the first and then sees its records.

A ledger that cannot be read is an error naming the file and the line, never a
silent reset: resetting would re-announce everything. Two branches that both
wrote the ledger are joined by ``merge`` (``pelican-posse merge-ledger``, a git
merge driver): every record of both sides is kept.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import gc
import json
import logging
import os
import re
import reprlib
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from itertools import chain, repeat
from operator import is_not, itemgetter
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FORMAT = 2
KNOWN_FORMATS = (1, 2)
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
    "abandoned": "given up by a person (`pelican-posse resolve ID NETWORK "
    "--give-up`); never sent, no longer counted as a failure",
}
DONE_STATES = frozenset({"posted", "baseline", "duplicate", "outbox", "abandoned"})

# When two ledgers hold a record for the same article and network, the one whose
# state comes first here wins (merge, move): what is known to be on the network
# beats what was only tried, which beats what was only previewed.
PRECEDENCE = (
    "posted",
    "duplicate",
    "baseline",
    "abandoned",
    "uncertain",
    "posting",
    "failed",
    "pending",
    "outbox",
)
_RANK = {state: len(PRECEDENCE) - n for n, state in enumerate(PRECEDENCE)}


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


def instant(text: object) -> dt.datetime | None:
    """An ISO 8601 date as an instant (a date without an offset is taken as UTC);
    None for anything else."""
    if not text or not isinstance(text, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


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
    """The ledger file's records: ``articles[article_id][network] -> Record``,
    and per article its URL and date (``article_info``).

    Every record is checked when the file is read, but a ``Record`` object is
    built only for an article that is looked at (``record``, ``set``) until the
    whole mapping is asked for (``articles``): ``plan`` on a blog of 2,000
    articles with a ledger of 10,000 builds a fifth of them.

    ``networks``: the networks whose history this ledger holds (set by
    ``baseline``, or by a run that sent or tried to send a post; never by an
    outbox preview): a network not in it is new, and fails closed.
    ``newest[network]``: the ISO date of the newest article with a record in a
    done state on that network; it never decreases.
    ``upgraded``: the file was format 1; the next save writes format 2.
    ``tmp_dir``: where ``save`` makes its temporary file (None: beside the file).
    """

    def __init__(
        self,
        path: Path,
        articles: dict[str, dict[str, Record]] | None = None,
        existed: bool = False,
        networks: set[str] | None = None,
        *,
        newest: Mapping[str, str] | None = None,
        tmp_dir: Path | None = None,
    ) -> None:
        self.path = Path(path)
        self.existed = existed
        self.networks: set[str] = set(networks or ())
        self.newest: dict[str, str] = dict(newest or {})
        self.upgraded = False
        self.tmp_dir = Path(tmp_dir) if tmp_dir is not None else None
        self._built: dict[str, dict[str, Record]] = dict(articles or {})
        # Checked records of the file, as read; an article in _built wins.
        self._read: dict[str, dict[str, dict[str, Any]]] = {}
        # Article id -> a mapping holding its "url" and "date" (either may be
        # missing): the file's own entries as read, or ones noted since.
        self._info: dict[str, Mapping[str, Any]] = {}
        self._by_url: dict[str, str] | None = None  # id_for_url's index, once built

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
    def load(cls, path: Path, *, tmp_dir: Path | None = None) -> Ledger:
        """Read ``path``; a missing file is an empty ledger that did not exist."""
        path = Path(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path, tmp_dir=tmp_dir)
        except (OSError, UnicodeDecodeError) as err:
            raise LedgerError(f"{path}: cannot read the ledger ({err})") from None
        return cls._from_text(path, raw, tmp_dir=tmp_dir)  # (decoded: UTF-8)

    @classmethod
    def from_text(cls, path: Path, raw: str, *, tmp_dir: Path | None = None) -> Ledger:
        """The ledger ``raw`` (the text of the file ``path``, named in errors)."""
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError as err:  # (a file read as UTF-8 cannot hold one)
            line = raw.count("\n", 0, err.start) + 1
            raise LedgerError(
                f"{path}, line {line}: holds {raw[err.start]!r}, half of a UTF-16 "
                f"surrogate pair, which no UTF-8 file can hold. {_FIX}"
            ) from None
        return cls._from_text(path, raw, tmp_dir=tmp_dir)

    @classmethod
    def _from_text(cls, path: Path, raw: str, *, tmp_dir: Path | None = None) -> Ledger:
        path = Path(path)
        if not raw or raw.isspace():  # (strip() would copy a big ledger)
            raise LedgerError(
                f"{path}: the ledger is empty. Restore it from git "
                f"(git checkout -- {path.name}) or delete it and run "
                "`pelican-posse baseline`."
            )
        try:
            with paused_gc():
                data = json.loads(raw)
                parsed = _parse(path, raw, data)
        except json.JSONDecodeError as err:
            _refuse_conflict(path, raw)
            raise LedgerError(
                f"{path}, line {err.lineno}, column {err.colno}: not valid JSON "
                f"({err.msg}). Fix that line or restore the file from git; "
                "pelican-posse never resets a ledger by itself."
            ) from None
        except ValueError as err:  # e.g. a number of more than 4,300 digits
            raise LedgerError(
                f"{path}: not valid JSON ({err}). Fix it or restore the file "
                "from git; pelican-posse never resets a ledger by itself."
            ) from None
        except RecursionError:
            raise LedgerError(
                f"{path}: nested too deeply to be a pelican-posse ledger (a ledger "
                "is four levels deep). Restore the file from git; pelican-posse "
                "never resets a ledger by itself."
            ) from None
        read, info, networks, newest, upgraded = parsed
        ledger = cls(path, existed=True, networks=networks, newest=newest)
        ledger.tmp_dir = Path(tmp_dir) if tmp_dir is not None else None
        ledger._read = read
        ledger._info = info
        ledger.upgraded = upgraded
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
        """``networks`` and every network any record (an outbox one too) is on."""
        seen = {n for recs in self._read.values() for n in recs}
        return self.networks | seen | {n for recs in self._built.values() for n in recs}

    def has_history(self, network: str) -> bool:
        """The ledger knows what was announced on ``network``: ``baseline`` or a
        run that sent (or tried to send) a post recorded it. Outbox previews do
        not count: a blog previewed for weeks has announced nothing."""
        return network in self.networks

    def article_info(self, article_id: str) -> tuple[str | None, str | None]:
        """The article's (URL, date) as the ledger knows them (None: unknown)."""
        info = self._info.get(article_id)
        if not info:
            return None, None
        return info.get("url"), info.get("date")

    def id_for_url(self, url: str) -> str | None:
        """The id of the article the ledger knows at ``url`` (the first, in the
        file's order, when several share it), or None."""
        if self._by_url is None:
            index: dict[str, str] = {}
            for aid, info in self._info.items():
                known = info.get("url")
                if known and known not in index:
                    index[known] = aid
            self._by_url = index
        return self._by_url.get(url)

    def newest_for(self, network: str) -> dt.datetime | None:
        """The date of the newest article announced (or settled) on ``network``."""
        return instant(self.newest.get(network))

    # --- writing -----------------------------------------------------------
    def set(self, article_id: str, network: str, record: Record) -> None:
        records = self._article(article_id)
        if records is None:
            records = self._built[article_id] = {}
        records[network] = record
        if record.state != "outbox":
            self.networks.add(network)
        if record.done:
            self._bump(network, self.article_info(article_id)[1])

    def note_article(
        self,
        article_id: str,
        url: str | None = None,
        date: str | dt.datetime | None = None,
    ) -> None:
        """Remember the article's URL and date (None leaves what is known)."""
        if isinstance(date, dt.datetime):
            date = date.isoformat()
        if date is not None and instant(date) is None:
            raise ValueError(f"{date!r} is not an ISO 8601 date")
        old_url, old_date = self.article_info(article_id)
        info = {"url": url or old_url, "date": date or old_date}
        self._info[article_id] = {k: v for k, v in info.items() if v is not None}
        if url and self._by_url is not None:
            self._by_url.setdefault(url, article_id)
        if date:
            for network, record in (self._article(article_id) or {}).items():
                if record.done:
                    self._bump(network, date)

    def move(self, old_id: str, new_id: str) -> None:
        """The article ``old_id`` is now ``new_id`` (its source file moved): its
        records, URL and date follow it. A record ``new_id`` already has on a
        network is kept when its state has precedence (see PRECEDENCE)."""
        if old_id == new_id:
            return
        records = self._article(old_id)
        self._built.pop(old_id, None)
        self._read.pop(old_id, None)
        old_url, old_date = self.article_info(old_id)
        self._info.pop(old_id, None)
        if records is None and old_url is None and old_date is None:
            return
        target = self._article(new_id)
        if target is None:
            target = self._built[new_id] = {}
        for network, record in (records or {}).items():
            target[network] = pick(target.get(network), record)
        new_url, new_date = self.article_info(new_id)
        self._info[new_id] = {
            k: v
            for k, v in (("url", new_url or old_url), ("date", new_date or old_date))
            if v is not None
        }
        if self._by_url is not None:
            for url, aid in list(self._by_url.items()):
                if aid == old_id:
                    self._by_url[url] = new_id
            if old_url:
                self._by_url.setdefault(old_url, new_id)

    def _bump(self, network: str, date: str | None) -> None:
        moment = instant(date)
        if moment is None or date is None:
            return
        known = instant(self.newest.get(network))
        if known is None or moment > known:
            self.newest[network] = date

    def _settle(self) -> None:
        """Bring ``networks`` and ``newest`` up to date with every record (some
        are changed in place by the engine): what a save writes."""
        articles = self.articles
        best = {net: instant(date) for net, date in self.newest.items()}
        for aid, records in articles.items():
            for network, record in records.items():
                if record.state != "outbox":
                    self.networks.add(network)
            date = self._info.get(aid, {}).get("date")
            moment = instant(date) if date else None
            if moment is None:
                continue
            for network, record in records.items():
                if record.done and (
                    (known := best.get(network)) is None or moment > known
                ):
                    best[network] = moment
                    self.newest[network] = date

    def to_json(self) -> str:
        self._settle()
        articles = self.articles
        entries: dict[str, dict[str, Any]] = {}
        for aid in chain(articles, self._info):
            if aid in entries:
                continue
            records = articles.get(aid) or {}
            url, date = self.article_info(aid)
            if not records and url is None and date is None:
                continue
            entry: dict[str, Any] = {
                "posts": {net: rec.to_json() for net, rec in records.items()}
            }
            if url is not None:
                entry["url"] = url
            if date is not None:
                entry["date"] = date
            entries[aid] = entry
        data = {
            "about": ABOUT,
            "format": FORMAT,
            "networks": sorted(self.networks),
            "newest": self.newest,
            "articles": entries,
        }
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def save(self, tmp_dir: Path | None = None) -> None:
        """Replace the file atomically; durable once this returns. The temporary
        file goes in ``tmp_dir`` (default: the ledger's own ``tmp_dir``)."""
        atomic_write(self.path, self.to_json(), tmp_dir=tmp_dir or self.tmp_dir)
        self.existed = True
        self.upgraded = False

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

    def records_in_states(self, states: Iterable[str]) -> list[tuple[str, str, Record]]:
        """(article id, network, record) of every record in one of ``states``,
        in the ledger's order; Records are built only for those (a few)."""
        wanted = frozenset(states)
        found = []
        for aid in self.ids():
            if aid not in self._built and not any(
                rec["state"] in wanted for rec in self._read.get(aid, {}).values()
            ):
                continue
            for net, record in (self._article(aid) or {}).items():
                if record.state in wanted:
                    found.append((aid, net, record))
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


def pick(ours: Record | None, theirs: Record | None) -> Record:
    """Of two records of one article on one network, the one to keep (a copy):
    the state with precedence (PRECEDENCE), then the later ``at``, then ``ours``.
    When both have the same state, a URL or post id only the other has is kept."""
    if ours is None or theirs is None:
        if ours is None and theirs is None:
            raise ValueError("pick() needs at least one record")
        return dataclasses.replace(ours or theirs)  # type: ignore[type-var]
    key_ours = (_RANK.get(ours.state, 0), instant(ours.at) or _EPOCH)
    key_theirs = (_RANK.get(theirs.state, 0), instant(theirs.at) or _EPOCH)
    winner, loser = (theirs, ours) if key_theirs > key_ours else (ours, theirs)
    kept = dataclasses.replace(winner)
    if winner.state == loser.state:
        kept.url = kept.url or loser.url
        kept.remote_id = kept.remote_id or loser.remote_id
    return kept


_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


def merge(
    base: str | None,
    ours: str,
    theirs: str,
    *,
    names: tuple[str, str, str] = ("base", "ours", "theirs"),
) -> str:
    """Join two ledgers that grew apart from ``base`` (git's three texts): every
    article and record of either side, and for one article on one network the
    record ``pick`` keeps. ``networks``: both sides'; ``newest``: the later per
    network; an article's URL and date from whichever side has them (ours first).
    Either side may be format 1. Returns the text of the joined ledger (format 2).

    ``base`` is not used: a union never drops a record, and dropping records is
    how a bad merge makes a blog announce its old articles again. ``names`` name
    the three files in errors. Raises LedgerError when a side cannot be read.
    """
    del base
    left = Ledger.from_text(Path(names[1]), ours)
    right = Ledger.from_text(Path(names[2]), theirs)
    joined = Ledger(Path(names[1]), networks=left.networks | right.networks)
    joined.newest = dict(left.newest)
    for network, date in right.newest.items():
        joined._bump(network, date)
    for aid in dict.fromkeys([*left.ids(), *right.ids()]):
        mine, other = left.records_of(aid), right.records_of(aid)
        joined._built[aid] = {
            network: pick(mine.get(network), other.get(network))
            for network in dict.fromkeys([*mine, *other])
        }
    for aid in dict.fromkeys([*left._info, *right._info]):
        url, date = left.article_info(aid)
        other_url, other_date = right.article_info(aid)
        joined.note_article(aid, url or other_url, date or other_date)
    return joined.to_json()


def atomic_write(path: Path, text: str, tmp_dir: Path | None = None) -> None:
    """Replace ``path`` with ``text`` (UTF-8, newlines as they are) atomically.

    The temporary file is made in ``tmp_dir`` (created if needed) when given, so
    a run killed mid-write leaves its leftover there (the engine passes
    ``<state_dir>/tmp``, which git ignores) rather than beside the file; when
    that folder is on another file system, the rename cannot cross it (EXDEV)
    and the temporary file is made beside the target instead.
    """
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")  # (fails before any file is made)
    if tmp_dir is None:
        _replace(folder, path, data)
    else:
        tmp_dir = Path(tmp_dir)
        tmp_dir.mkdir(parents=True, exist_ok=True)
        try:
            _replace(tmp_dir, path, data)
        except OSError as err:
            if err.errno != errno.EXDEV:
                raise
            log.info(
                "posse: %s is on another file system than %s; writing beside it",
                tmp_dir,
                path,
            )
            _replace(folder, path, data)
    if os.name == "posix":
        # The rename itself must reach the disk, or a power cut could undo it.
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _replace(folder: Path, path: Path, data: bytes) -> None:
    import tempfile  # noqa: PLC0415 - only when writing; `plan` never writes

    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


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
    # Imported here: `plan` and a build never lock.
    from filelock import FileLock, Timeout  # noqa: PLC0415

    lock_path = Path(lock_path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.warning(
            "posse: another pelican-posse run holds %s; waiting for it", lock_path
        )
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


# --- validation ---------------------------------------------------------------
_FIELD_ORDER = tuple(Record.__dataclass_fields__)
_FIELDS = set(_FIELD_ORDER)
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
    bool,  # upgraded from format 1
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
        f"none ours.json theirs.json; mv ours.json {path.name}; git add "
        f"{path.name}. Or take their side (git checkout --theirs -- {path.name}), "
        "finish the merge and run `pelican-posse publish` again: this side's "
        "records are then lost, so check `pelican-posse status`. See the "
        "README, *The ledger in git*."
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
    newest = data.get("newest", {})
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
    if not _all_entries_valid(articles):
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
    return read, articles, set(networks), newest, False


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
    if _all_valid(articles):
        return
    # Something is wrong: look record by record to say what, and where.
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
    return {net: Record(**rec) for net, rec in records.items()}


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


def _all_entries_valid(articles: dict[str, Any]) -> bool:
    """What _entry_problem checks (an article's url, date and posts, not the
    records in posts), for every article at once, as _all_valid does."""
    entries = list(articles.values())
    if not set(map(type, entries)) <= {dict}:
        return False
    if not set().union(*entries) <= _ENTRY_KEYS:
        return False
    if not set(map(type, map(dict.get, entries, repeat("posts")))) <= {dict}:
        return False
    if not set(map(type, map(dict.get, entries, repeat("url")))) <= _TEXT_TYPES:
        return False
    dates = list(map(dict.get, entries, repeat("date")))
    if not set(map(type, dates)) <= _TEXT_TYPES:
        return False
    try:
        deque(map(dt.datetime.fromisoformat, filter(partial(is_not, None), dates)), 0)
    except ValueError:
        return False
    return True


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
        if type(value) is not str and value is not None and key != "attempts":
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
        if k != "attempts" and v is not None and not isinstance(v, str)
    )
    return fail(f"{what}: {name} must be text, not {_show(value)}", *where, f'"{name}"')
