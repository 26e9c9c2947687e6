"""One article on one network (Record), the states it can be in, and which of
two records of one article on one network wins (pick, PRECEDENCE).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # (a build reads the ledger without ever making a Said)
    from ..said import Said

FORMAT = 3
KNOWN_FORMATS = (1, 2, 3)
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
    # The network's own words (text, never a secret), or our sentence around
    # them kept as a message key and its values (Said), put in words when shown.
    error: str | Said | None = None
    remedy: str | Said | None = None  # what to do: a Said (text in formats 1, 2)
    text_sha256: str | None = None  # of the text sent; detects an edited article
    not_before: str | None = None  # rate limited: not before this time (UTC)

    def to_json(self) -> dict[str, Any]:
        return {
            name: value if type(value) in _PLAIN else value.to_json()  # a Said
            for name in _FIELD_ORDER
            if (value := getattr(self, name)) is not None
        }

    @property
    def done(self) -> bool:
        return self.state in DONE_STATES


_FIELD_ORDER = tuple(Record.__dataclass_fields__)
_PLAIN = (str, int)


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
