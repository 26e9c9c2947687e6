"""The Ledger: every article's records per network, loaded once, changed in
memory, saved whole.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from itertools import chain
from pathlib import Path
from typing import Any

from .fileio import atomic_write, paused_gc
from .parse import _parse, _records, _refuse_conflict
from .records import ABOUT, FORMAT, LedgerError, Record, instant, pick
from .words import said


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
    ``upgraded``: the file was an older format; the next save writes FORMAT.
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
            raise LedgerError(said("ledger.unreadable", path=path, error=err)) from None
        return cls._from_text(path, raw, tmp_dir=tmp_dir)  # (decoded: UTF-8)

    @classmethod
    def from_text(cls, path: Path, raw: str, *, tmp_dir: Path | None = None) -> Ledger:
        """The ledger ``raw`` (the text of the file ``path``, named in errors)."""
        try:
            raw.encode("utf-8")
        except UnicodeEncodeError as err:  # (a file read as UTF-8 cannot hold one)
            line = raw.count("\n", 0, err.start) + 1
            char, fix = repr(raw[err.start]), said("ledger.fix")
            raise LedgerError(
                said("ledger.surrogate_char", path=path, line=line, char=char, fix=fix)
            ) from None
        return cls._from_text(path, raw, tmp_dir=tmp_dir)

    @classmethod
    def _from_text(cls, path: Path, raw: str, *, tmp_dir: Path | None = None) -> Ledger:
        path = Path(path)
        if not raw or raw.isspace():  # (strip() would copy a big ledger)
            raise LedgerError(said("ledger.empty", path=path, name=path.name))
        try:
            with paused_gc():
                data = json.loads(raw)
                parsed = _parse(path, raw, data)
        except json.JSONDecodeError as err:
            _refuse_conflict(path, raw)
            raise LedgerError(
                said(
                    "ledger.json",
                    path=path,
                    line=err.lineno,
                    column=err.colno,
                    error=err.msg,
                )
            ) from None
        except ValueError as err:  # e.g. a number of more than 4,300 digits
            raise LedgerError(said("ledger.json_value", path=path, error=err)) from None
        except RecursionError:
            raise LedgerError(said("ledger.too_deep", path=path)) from None
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
