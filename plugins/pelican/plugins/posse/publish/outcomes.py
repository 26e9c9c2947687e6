"""Recording: the table of a delivery's outcomes, and how one is written.

Every way a delivery can end is one row of ``OUTCOMES``: the state the ledger
records, which time it keeps, the sentence for its error, whether the network
stops for the rest of the run, and whether the attempt is made again within the
run first. ``KINDS`` says which row an exception of a network module is;
``write_outcome`` puts an outcome in the ledger (saved at once) and on the item.

The policy is the same for every network (``deliver.py`` applies it):

* ``Transient`` (nothing was sent) -> jittered exponential backoff, 3 tries in
  all, then ``pending`` for the next run.
* ``Unconfirmed`` (sent, answer lost) -> re-sent now only where the network
  refuses copies; else ``posting`` stays, and the next run looks.
* ``RetryLater`` -> wait if allowed within ``POSSE_MAX_WAIT``, else ``pending``
  with ``not_before``; this network stops for the run.
* ``Permanent`` -> ``failed`` with the network's words and the remedy; this network
  stops for the run, and every run exits 3 until it is retried or given up.
* ``AlreadyPosted`` -> ``posted`` when an attempt of ours may have gone through;
  ``duplicate`` when we never tried.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from ..ledger import Ledger, Record, iso, text_hash
from ..said import Said, said, words
from ..settings import PosseSettings
from .networks import display_name
from .networks.base import (
    AlreadyPosted,
    DeliveryError,
    Permanent,
    RetryLater,
    Transient,
    Unconfirmed,
)
from .plan import Item, NetworkInfo, describe

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """One row of the table: how a delivery that ended this way is recorded."""

    state: str  # the record's state
    # The record's time: "now"; "intent", this attempt's (what the next run
    # ages); "earlier", an earlier attempt's when one may have arrived, else now.
    time: str = "now"
    error: str | None = None  # key of the record's error sentence (messages.py)
    stop: str | None = None  # key of why the network stops for this run
    # Tried again within the run first: "backoff" (up to TRIES, jittered),
    # "backoff_if_refused" (only where the network refuses copies), "wait" (once,
    # within POSSE_MAX_WAIT).
    again: str | None = None
    remedy: str | None = None  # "network": the network's; "look": + resolve
    detail: str | None = None  # key of the item's words, instead of the error
    # This run's attempt was certainly not sent: a post an earlier attempt of
    # which may have arrived stays "posting", for the next run to settle.
    keeps_posting: bool = False


OUTCOMES = {
    # network.post()
    "sent": Outcome("posted"),
    "ours_already": Outcome("posted"),  # AlreadyPosted, after an attempt of ours
    "duplicate": Outcome("duplicate", error="plain"),  # AlreadyPosted, never tried
    "unconfirmed": Outcome(
        "posting",
        time="intent",
        error="error.lost",
        stop="stop.stopped",
        again="backoff_if_refused",
    ),
    "transient": Outcome(
        "pending",
        time="earlier",
        error="error.transient",
        again="backoff",
        keeps_posting=True,
    ),
    "rate_limited": Outcome(
        "pending",
        time="earlier",
        error="error.rate_limited",
        stop="stop.rate_limited",
        again="wait",
        keeps_posting=True,
    ),
    "permanent": Outcome(
        "failed", error="plain", stop="stop.stopped", remedy="network"
    ),
    "delivery_error": Outcome(
        "pending", time="earlier", error="plain", keeps_posting=True
    ),
    "unexpected": Outcome(  # a bug in a network module: settled as interrupted
        "posting", time="intent", error="error.lost", stop="stop.stopped"
    ),
    # network.look() (a read before sending)
    "found": Outcome("posted", detail="look.found"),
    "look_rate_limited": Outcome(
        "pending",
        time="earlier",
        error="error.rate_limited",
        stop="stop.rate_limited",
        keeps_posting=True,
    ),
    "look_refused": Outcome(  # after a lost answer: only a person can tell
        "uncertain", time="earlier", error="look.refused", remedy="look"
    ),
    "look_failed": Outcome(
        "pending",
        time="earlier",
        error="look.failed",
        stop="stop.look_failed",
        keeps_posting=True,
    ),
    # the network's module could not start (nothing was sent)
    "start_failed": Outcome(
        "pending", error="start.failed", stop="start.failed", keeps_posting=True
    ),
    "start_refused": Outcome(
        "failed",
        error="start.failed",
        stop="start.failed",
        remedy="network",
        keeps_posting=True,
    ),
}

# The row of an exception raised by network.post(), first match wins.
KINDS: tuple[tuple[type[BaseException], str], ...] = (
    (AlreadyPosted, "duplicate"),
    (Unconfirmed, "unconfirmed"),
    (Transient, "transient"),
    (RetryLater, "rate_limited"),
    (Permanent, "permanent"),
    (DeliveryError, "delivery_error"),
    (Exception, "unexpected"),
)

# The row of an exception raised by network.look(). A Permanent one before a
# first send is not an outcome (deliver.py sends without the read).
LOOK_KINDS: tuple[tuple[type[BaseException], str], ...] = (
    (RetryLater, "look_rate_limited"),
    (Permanent, "look_refused"),
    (DeliveryError, "look_failed"),
)


def kind_of(error: BaseException, kinds: tuple = KINDS) -> str | None:
    """The row of the table for ``error``; None when ``kinds`` has none."""
    return next((kind for cls, kind in kinds if isinstance(error, cls)), None)


def write_outcome(
    item: Item,
    ledger: Ledger,
    record: Record,
    state: str,
    *,
    save: Callable[[Ledger], None],
    at: str,
    remote_id: str | None = None,
    url: str | None = None,
    error: str | Said | None = None,
    remedy: str | Said | None = None,
    not_before: str | None = None,
) -> None:
    """Record an outcome: the ledger (saved now) and the item both say it."""
    record.state = state
    record.at = at
    record.remote_id = remote_id or record.remote_id
    record.url = url or record.url
    record.error = error
    record.remedy = remedy
    record.not_before = not_before
    ledger.set(item.article_id, item.network, record)
    save(ledger)
    item.outcome = state
    item.remote_url = record.url
    item.detail = words(error)
    item.detail_said = error if isinstance(error, Said) else None
    name = display_name(item.network)
    if state in ("posted", "duplicate"):
        log.info(
            "posse: %s on %s: %s %s", item.article_id, name, state, record.url or ""
        )
    else:
        log.warning(
            "posse: %s",
            said(
                "log.outcome",
                article=item.article_id,
                network=name,
                state=said(f"state.{state}"),
                error=error,
            ),
        )


def resolve_remedy(article_id: str, network: str) -> Said:
    """What a person does about a post that may have been posted."""
    return said(
        "remedy.resolve", network=display_name(network), id=article_id, key=network
    )


def refusal_span(length: dt.timedelta) -> Said:
    """How long a network refuses a copy (put in words when shown)."""
    if length == dt.timedelta.max:
        return said("span.forever")
    hours = length.total_seconds() / 3600
    if hours >= 1:
        return said("span.hours", hours=hours)
    return said("span.minutes", minutes=length.total_seconds() / 60)


def mark_uncertain(
    item: Item,
    info: NetworkInfo,
    ledger: Ledger,
    record: Record,
    *,
    at: dt.datetime,
    save: Callable[[Ledger], None],
    posse: PosseSettings,
) -> None:
    """An interrupted post that nothing can settle: ``uncertain``, for a person."""
    name = display_name(item.network)
    if info.copy_refusal is None:
        why = said("unsettled.no_refusal", network=name)
    elif record.text_sha256 != text_hash(item.text or ""):
        why = said("unsettled.text_changed")
    else:
        why = said(
            "unsettled.too_long_ago", network=name, span=refusal_span(info.copy_refusal)
        )
    record.state = "uncertain"
    record.at = iso(at)
    record.error = said("unsettled", why=why)
    record.remedy = resolve_remedy(item.article_id, item.network)
    ledger.set(item.article_id, item.network, record)
    save(ledger)
    item.reason = "uncertain"
    item.detail = describe(item, record, posse)
    item.outcome = "uncertain"
    log.warning(
        "posse: %s",
        said(
            "log.unsettled",
            article=item.article_id,
            network=name,
            remedy=record.remedy,
        ),
    )
