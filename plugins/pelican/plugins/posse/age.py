"""Whether an article is new enough to be announced by itself.

One rule for the build, which composes post text only for articles that can be
announced, and for ``pelican-posse``, which holds the others: an article the
ledger has no record of on a network is new only if it is dated by its author
(not by its file's time, which a fresh checkout sets to now), within
``POSSE_MAX_AGE``, and newer than the newest article already announced on that
network. ``posse: send`` in its metadata overrides the last two. So a lost,
emptied or half-merged ledger never turns a blog's history into a flood.
"""

from __future__ import annotations

import datetime as dt

# Why an article is not new; `plan` explains each (engine.WAIT_REASONS).
REASONS = ("fs_date", "too_old", "older_than_ledger")


def not_new(
    date: dt.datetime | None,
    *,
    date_from_fs: bool,
    at: dt.datetime,
    max_age: dt.timedelta | None,
    newest: dt.datetime | None,
) -> str | None:
    """The reason (one of REASONS) an article without a record is not new, or
    None when it is. The caller skips this for an article sent on purpose."""
    if date_from_fs:
        return "fs_date"
    if date is None:
        return None
    if max_age is not None and date < at - max_age:
        return "too_old"
    # "Not newer", not "older": when records are lost but the ledger's `newest`
    # survives, the newest announced article itself must not come back.
    if newest is not None and date <= newest:
        return "older_than_ledger"
    return None
