"""Joining two ledgers that grew apart (``pelican-posse merge-ledger``, a git
merge driver): every record of both sides is kept.
"""

from __future__ import annotations

from pathlib import Path

from .records import pick
from .store import Ledger


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
    Either side may be an older format (1, 2). Returns the text of the joined
    ledger (the current format, 3).

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
