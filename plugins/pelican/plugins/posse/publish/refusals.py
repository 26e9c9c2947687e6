"""Why ``pelican-posse resolve`` refuses to settle a post: one sentence each,
from messages.py's catalogue."""

from __future__ import annotations

from ..i18n import tr
from ..ledger import Ledger, Record
from .messages import INSTEAD, did_you_mean, say, state_word
from .networks import display_name


def no_record(ledger: Ledger, article: str, network: str) -> str:
    """Why there is nothing to settle: no record of ``article`` on ``network``."""
    on = ledger.records_of(article)
    rest = (
        say("resolve.records_on", networks=", ".join(map(display_name, on)))
        if on
        else say("resolve.no_records", did_you_mean=did_you_mean(article, ledger.ids()))
    )
    return say(
        "resolve.no_record",
        ledger=ledger.path,
        id=article,
        network=display_name(network),
        rest=rest,
    )


def not_uncertain(article: str, network: str, record: Record) -> str:
    """Why ``record`` is not settled without ``--force``, and what to do instead."""
    where = (
        say("resolve.where", url=record.url)
        if record.state == "posted" and record.url
        else ""
    )
    instead = tr(INSTEAD.get(record.state, "")).format(id=article)
    return say(
        "resolve.not_uncertain",
        id=article,
        network=display_name(network),
        state=state_word(record.state),
        where=where,
        instead=instead,
    ).replace("  ", " ")
