"""The ledger: posse's memory of what was announced where, committed by the user.

One JSON file (``POSSE_LEDGER_PATH``, default ``posse-ledger.json``), written for
people and for ``git diff``: sorted keys, two-space indent, one entry per article
holding its URL, its date and one record per network (format 3, described by
``docs/schema/ledger.schema.json``; a record's remedy, and our sentence around a
network's error, are kept as a message key and its values, ``said.Said``, put
in words in the reader's language when shown). A format 1 file (one entry per
article holding only its records) or 2 (remedies as English text, kept as text)
is read and upgraded in memory; the next save writes format 3.

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

from .fileio import atomic_write, paused_gc
from .lock import locked
from .merge import merge
from .records import (
    ABOUT,
    DONE_STATES,
    FORMAT,
    KNOWN_FORMATS,
    PRECEDENCE,
    STATES,
    LedgerError,
    Record,
    instant,
    iso,
    now,
    pick,
    text_hash,
)
from .store import Ledger

__all__ = [
    "ABOUT",
    "DONE_STATES",
    "FORMAT",
    "KNOWN_FORMATS",
    "PRECEDENCE",
    "STATES",
    "Ledger",
    "LedgerError",
    "Record",
    "atomic_write",
    "instant",
    "iso",
    "locked",
    "merge",
    "now",
    "paused_gc",
    "pick",
    "text_hash",
]
