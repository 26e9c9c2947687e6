"""``retry``: reopen failed and rate-limited posts, and send them again.

Naming an article also sends what only went to the outbox, when the manifest
carries its text; a preview that cannot be sent is said plainly and left as it
was. After a preview was sent, the outbox page is rendered again so that it
says so. ``engine`` is the ``Engine`` that runs the command (``publish`` does
the sending, under its lock).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..i18n import tr
from ..ledger import STATES, Ledger, Record, locked
from .messages import say, state_word
from .networks import display_name
from .plan import Plan, Report


def reopen_and_send(
    engine: Any, article: str | None, entry: Mapping[str, Any] | None
) -> Report:
    """Reopen and send; ``entry``: the named article's manifest entry."""
    texts = (entry or {}).get("texts") or {}
    syndicate = engine.posse.syndicate

    def retryable(aid: str, network: str, record: Record) -> bool:
        if record.state == "failed" or (
            record.state == "pending" and record.not_before
        ):
            return True
        # Naming an article also sends what only went to the outbox, when
        # the manifest carries its text: without it, reopening the record
        # would only leave it pending with nothing to send.
        return (
            aid == article
            and record.state == "outbox"
            and network in syndicate
            and _sendable(texts.get(network))
        )

    previews: list[str] = []  # networks whose outbox preview a named retry sends
    reopen = _reopener(article, retryable, previews)
    with locked(engine.lock_path):
        ledger = engine.load_ledger()
        ids = {
            aid
            for aid, recs in ledger.articles.items()
            if (article is None or aid == article)
            and any(retryable(aid, n, r) for n, r in recs.items())
        }
    mine = ledger.records_of(article) if article is not None else {}
    # Previews that cannot be sent: said plainly, and the record is left as it was.
    notes = [
        _unsendable_note(engine, article, network, texts.get(network))
        for network, record in sorted(mine.items(), key=lambda nr: engine.order(nr[0]))
        if article is not None
        and record.state == "outbox"
        and network in syndicate
        and not _sendable(texts.get(network))
    ]
    if not ids:
        return _nothing(engine, article, mine, notes)
    report = engine.publish(only=ids, before=reopen)
    previews.sort(key=engine.order)
    if any(
        i.outcome in ("posted", "duplicate") and i.network in previews
        for i in report.plan.items
    ):
        _rerender_outbox(engine, report.plan)
    report.notes[:0] = [
        *(_preview_note(report.plan, article or "", p) for p in previews),
        *notes,
    ]
    if notes:
        report.exit_code = max(report.exit_code, 1)
    return report


def _reopener(
    article: str | None,
    retryable: Callable[[str, str, Record], bool],
    previews: list[str],
) -> Callable[[Ledger], None]:
    def reopen(ledger: Ledger) -> None:
        previews.clear()  # (publish calls this once, under the lock)
        for aid, records in ledger.articles.items():
            if article is not None and aid != article:
                continue
            for network, record in records.items():
                if not retryable(aid, network, record):
                    continue
                if record.state == "outbox":
                    previews.append(network)
                record.state = "pending"
                record.not_before = None
                record.remedy = None

    return reopen


def _nothing(
    engine: Any, article: str | None, mine: Mapping[str, Record], notes: list[str]
) -> Any:
    """The report of a retry with nothing to reopen."""
    report = Report(Plan([], {}), notes=notes, exit_code=1 if notes else 0)
    if article is not None and not notes:
        report.notes.append(_nothing_to_retry(engine, article, mine))
    return report


def sent_since(ledger: Ledger) -> Callable[[str, str], bool]:
    """For the outbox page: was this preview sent for real since?"""

    def sent(article_id: str, network: str) -> bool:
        record = ledger.record(article_id, network)
        return record is not None and record.state in ("posted", "duplicate")

    return sent


def _sendable(composed: Mapping[str, Any] | None) -> bool:
    """The manifest carries a text to send (not a compose error)."""
    return (
        bool(composed) and composed.get("text") is not None and "error" not in composed
    )


def _rerender_outbox(engine: Any, plan: Plan) -> None:
    """The page without the previews `retry` has just sent: it says that
    nothing on it was sent."""
    from . import outbox  # noqa: PLC0415 - Jinja2: only when a preview was sent

    folder = Path(engine.posse.outbox)
    if not (folder / outbox.PAGE).exists():
        return
    with locked(engine.lock_path):
        ledger = engine.load_ledger()
        outbox.render(
            folder,
            plan.manifest,
            {n: i.missing for n, i in plan.networks.items() if not i.configured},
            engine.output_path,
            timezone=engine.timezone,
            sent=sent_since(ledger),
        )


def _unsendable_note(
    engine: Any, article: str, network: str, composed: Mapping[str, Any] | None
) -> str:
    said = say("retry.unsendable", id=article, network=display_name(network))
    rebuild = say("retry.rebuild", settings=engine.settings_file, id=article)
    error = (composed or {}).get("error")
    if error:
        return say("retry.compose_error", said=said, error=error, rebuild=rebuild)
    return say(
        "retry.no_text", said=said, manifest=engine.manifest_path, rebuild=rebuild
    )


def _nothing_to_retry(engine: Any, article: str, records: Mapping[str, Record]) -> str:
    if not records:
        return say("retry.no_record", id=article, ledger=engine.posse.ledger_path)
    states = ", ".join(
        say("retry.state", network=display_name(n), state=state_word(records[n].state))
        for n in sorted(records, key=engine.order)
    )
    return say("retry.nothing", id=article, states=states)


def _preview_note(plan: Plan, article_id: str, network: str) -> str:
    """What `retry ARTICLE` did with a post that had only gone to the outbox."""
    name = display_name(network)
    item = next(
        (i for i in plan.items if (i.article_id, i.network) == (article_id, network)),
        None,
    )
    said = say("preview.said", id=article_id, network=name)
    outcome = item.outcome if item else None
    if outcome == "outbox":
        info = plan.networks.get(network)
        why = (
            say("preview.no_credentials")
            if info is None or info.available
            else say("preview.not_installed")
        )
        return say("preview.again", said=said, network=name, why=why)
    if outcome in ("posted", "duplicate"):
        return say("preview.sent", said=said, network=name)
    if outcome:  # tried, and the network did not take it
        detail = f": {item.detail}" if item and item.detail else ""
        return say(
            "preview.failed",
            said=said,
            network=name,
            detail=detail,
            outcome=state_word(outcome),
            meaning=tr(STATES.get(outcome, outcome)),
        )
    why = (
        f" ({item.detail or item.reason})"
        if item and (item.detail or item.reason)
        else ""
    )
    return say("preview.not_sent", said=said, why=why, meaning=tr(STATES["pending"]))
