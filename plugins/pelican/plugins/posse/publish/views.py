"""What ``pelican-posse`` prints: plans, reports and the ledger, as tables or JSON.

Tables are rich's; JSON is what ``--json`` writes on stdout.

Every sentence comes from ``messages.py``; text that comes from elsewhere (a
title, an error, a note) is escaped before rich reads it.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from rich.markup import escape
from rich.table import Table

from ..i18n import tr
from ..ledger import Ledger, Record
from ..said import Said, words
from .messages import WHAT_TO_DO, passed_over_line, say, state_word
from .networks import display_name
from .plan import Item, Plan, Report
from .pricing import x_cost

MAX_ROWS_PER_REASON = 8  # a long list of one reason is summarised; --json has all

# The states `status` counts, in the order of its columns.
STATUS_COLUMNS = (
    "posted",
    "baseline",
    "outbox",
    "duplicate",
    "pending",
    "posting",
    "failed",
    "uncertain",
)


def plain(problem: BaseException | str) -> str:
    """A message for rich: escaped, without a leading ``posse: ``."""
    return escape(str(problem).removeprefix("posse: "))


def state_counts(ledger: Ledger) -> dict[str, dict[str, int]]:
    """Per network, how many records are in each state."""
    counts: dict[str, dict[str, int]] = {}
    for records in ledger.articles.values():
        for network, record in records.items():
            per = counts.setdefault(network, {})
            per[record.state] = per.get(record.state, 0) + 1
    return counts


# --- JSON ---------------------------------------------------------------------
def networks_json(plan: Plan) -> dict[str, Any]:
    return {
        name: {
            "configured": info.configured,
            "destination": info.destination if info.available else "outbox",
            "missing_env": info.missing,
            "available": info.available,
            "refuses_copies_for_seconds": None
            if info.copy_refusal is None
            else min(info.copy_refusal.total_seconds(), 10**12),
            "free_reads": info.free_reads,
        }
        for name, info in plan.networks.items()
    }


def plan_json(plan: Plan) -> dict[str, Any]:
    done = Counter((i.network, i.reason) for i in plan.items if i.action == "done")
    calls = [i for i in plan.items if i.network == "x" and i.action == "post"]
    return {
        "networks": networks_json(plan),
        "refusal": plan.refusal,
        "items": [i.to_json() for i in plan.items if i.action != "done"],
        "done": {f"{n}:{s}": c for (n, s), c in sorted(done.items())},
        "x": {"calls": len(calls), "total_usd": round(plan.x_total(), 3)},
    }


def report_json(report: Report) -> dict[str, Any]:
    data = plan_json(report.plan)
    data["results"] = [i.to_json() for i in report.plan.items if i.outcome]
    data["notes"] = report.notes
    data["exit_code"] = report.exit_code
    return data


def status_json(
    ledger: Ledger,
    counts: dict[str, dict[str, int]],
    waiting: dict[str, int],
    attention: list[tuple[str, str, Record]],
    articles: bool,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ledger": str(ledger.path),
        "exists": ledger.existed,
        "counts": counts,
        "due": waiting,
        "attention": [_attention_json(a, n, r) for a, n, r in attention],
    }
    if articles:
        data["articles"] = {
            aid: {n: r.state for n, r in recs.items()}
            for aid, recs in sorted(ledger.articles.items())
        }
    return data


def _attention_json(aid: str, network: str, record: Record) -> dict[str, Any]:
    """A record as ``status --json`` gives it: ``error`` and ``remedy`` in words
    (the language spoken), and as kept (``error_said``, ``remedy_said``: a
    message key and its values) when the ledger keeps them so."""
    data: dict[str, Any] = {"article": aid, "network": network, **record.to_json()}
    for name in ("error", "remedy"):
        value = getattr(record, name)
        if isinstance(value, Said):
            data[name] = words(value)
            data[f"{name}_said"] = value.to_json()
    return data


# --- tables -------------------------------------------------------------------
def print_networks(plan: Plan, out: Any) -> None:
    table = Table(title=say("networks.title"), title_justify="left", show_edge=False)
    table.add_column(say("networks.network"))
    table.add_column(say("networks.credentials"))
    table.add_column(say("networks.goes_to"))
    for name, info in plan.networks.items():
        if not info.available:
            creds, goes = "-", say("networks.not_installed")
        elif info.configured:
            creds = say("networks.set")
            goes = say("networks.real", network=display_name(name))
        else:
            creds = say("networks.missing", names=", ".join(info.missing))
            goes = say("networks.outbox")
        table.add_row(display_name(name), creds, goes)
    out.print(table)


def _by_date(plan: Plan) -> Any:
    """Sort key: oldest first; within an article, the networks in the order of
    POSSE_SYNDICATE (X, then Facebook, by default), as the Networks table lists them."""
    order = {name: n for n, name in enumerate(plan.networks)}
    return lambda i: (i.date, i.article_id, order.get(i.network, len(order)), i.network)


def print_plan(plan: Plan, out: Any, heading: str | None = None) -> None:
    heading = heading or say("plan.heading")
    print_networks(plan, out)
    if plan.refusal:
        out.print(f"\n[bold red]{plain(plan.refusal)}[/]")
    sending = [i for i in plan.items if _listed(i, plan)]
    listed = {id(i) for i in sending}
    held = [i for i in plan.items if i.action == "held" and id(i) not in listed]
    done = Counter(i.reason for i in plan.items if i.action == "done")
    out.print()
    if sending and plan.refusal:  # nothing is sent: say so before the list
        articles = len({i.article_id for i in sending})
        count = len(sending)
        out.print(
            f"[bold]{say('plan.refused_posts', count=count, articles=articles)}[/]"
        )
    elif sending:
        out.print(f"[bold]{say('plan.posts', heading=heading, count=len(sending))}[/]")
    if sending:
        ordered = sorted(sending, key=_by_date(plan))
        for n, i in enumerate(ordered):
            _print_post(i, out, refused=bool(plan.refusal))
            last = n + 1 == len(ordered) or ordered[n + 1].article_id != i.article_id
            if last:  # one line an article, under its last post
                _print_passed_over(i, out)
    else:
        out.print(say("plan.nothing", heading=heading))
    calls = sum(1 for i in plan.items if i.network == "x" and i.action == "post")
    if calls and not plan.refusal:
        out.print(say("plan.x_total", calls=calls, total=plan.x_total()))
    if held:
        _print_held(sorted(held, key=_by_date(plan)), out)
    if done:
        states = say("list.comma").join(
            say("plan.done_count", state=state_word(s), count=n)
            for s, n in sorted(done.items())
        )
        out.print(say("plan.already_done", states=states))
    print_new_but_held(plan, out)


def _listed(i: Item, plan: Plan) -> bool:
    """In the list of posts: what is due; under a refusal also what waits for
    the cap, since baseline would record every one of them as announced."""
    if i.action in ("post", "outbox"):
        return True
    return bool(plan.refusal) and i.action == "held" and i.reason == "cap"


def _print_post(i: Item, out: Any, refused: bool = False) -> None:
    """One post of the plan: a line of facts, then its text, indented."""
    if refused:
        facts = [say("plan.not_sent")]
    else:
        local = i.action == "outbox"
        facts = [say("plan.local_outbox" if local else "plan.real_post")]
    if i.length is not None:
        facts.append(say("plan.length", length=i.length, limit=i.limit))
    if i.network == "x" and i.action == "post" and not refused:
        kind, price = x_cost(i.text or "", i.link)
        kind = say("plan.x_kind.url" if kind == "post with URL" else "plan.x_kind.post")
        facts.append(say("plan.x_bills", kind=kind, price=price))
    out.print(
        f"  {i.date[:10]}  [bold]{escape(i.article_id)}[/] → "
        + say(
            "plan.post_facts",
            network=display_name(i.network),
            facts=say("list.comma").join(facts),
        )
    )
    # Indent every line of the post so it reads as one block under its row.
    body = "\n".join(f"      {line}" for line in (i.text or "").splitlines())
    # Never re-wrapped (CI logs are 80 columns): the post's own line
    # breaks must stay distinguishable from wrapping.
    out.print(escape(body), soft_wrap=True)


def _print_passed_over(i: Item, out: Any) -> None:
    """Which opening sentences the summary left out, and why (summary.py)."""
    line = passed_over_line(i.article.get("passed_over") or ())
    if line:
        out.print(escape("      " + say("plan.passed_over", line=line)), soft_wrap=True)


def _print_held(held: list[Item], out: Any) -> None:
    by_reason: dict[tuple[str, str], list[Item]] = {}
    for i in held:  # in the order to show
        by_reason.setdefault((i.reason or "", i.network), []).append(i)
    table = Table(title=say("held.title", count=len(held)), title_justify="left")
    for column in ("held.date", "held.article", "held.network", "held.reason"):
        table.add_column(say(column), overflow="fold")
    summaries = []
    for (_, network), items in by_reason.items():
        shown = items if len(items) <= MAX_ROWS_PER_REASON else items[:3]
        for i in shown:
            table.add_row(
                i.date[:10],
                i.article_id,
                display_name(network),
                i.detail or i.reason or "",
            )
        if len(shown) < len(items):
            rest = items[len(shown) :]
            summaries.append(
                say(
                    "held.more",
                    count=len(rest),
                    network=display_name(network),
                    first=rest[0].article_id,
                    last=rest[-1].article_id,
                    detail=rest[0].detail,
                )
            )
    out.print(table)
    for line in summaries:
        out.print(escape(line))


def print_report(report: Report, out: Any, nothing: str | None = None) -> None:
    print_networks(report.plan, out)
    if report.plan.refusal:
        out.print(f"\n[bold red]{plain(report.plan.refusal)}[/]")
        return
    rows = [i for i in report.plan.items if i.outcome]
    if rows:
        _print_results(rows, out)
    else:
        # (A network whose keys publish's check refused had posts due.)
        idle = "report.nothing_sent" if report.refused else "report.nothing_due"
        out.print(nothing or say(idle))
    waiting = [
        i
        for i in report.plan.items
        if i.action == "held"
        and i.reason in ("cap", "not_live", "network_stopped", "rate_limited", "future")
    ]
    for i in waiting:
        said = say(
            "report.waits",
            id=i.article_id,
            network=display_name(i.network),
            detail=plain(i.detail),
        )
        out.print(said)
    for note in report.notes:
        out.print(plain(note))
    print_new_but_held(report.plan, out)


def _print_results(rows: list[Item], out: Any) -> None:
    # Only the outbox: nothing was published, and the heading must not say so.
    if any(i.outcome in ("posted", "duplicate") for i in rows):
        title = say("report.published")
    elif all(i.outcome == "outbox" for i in rows):
        title = say("report.previewed")
    else:
        title = say("report.nothing_published")
    table = Table(title=title, title_justify="left")
    for column in ("report.article", "report.network", "report.result", "report.where"):
        table.add_column(say(column), overflow="fold")
    for i in rows:
        # An outbox preview's page is printed once below the table, not per row.
        where = i.remote_url or i.detail or ""
        table.add_row(
            i.article_id, display_name(i.network), state_word(i.outcome or ""), where
        )
    out.print(table)


def print_new_but_held(plan: Plan, out: Any) -> None:
    """Articles the ledger has never seen that the age rules hold back: the
    author who drafted for weeks under an old Date: must not be left in silence.
    In GitHub Actions each is also a ::warning:: line, shown on the run's page."""
    held = plan.new_but_held()
    if not held:
        return
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    shown = held[:MAX_ROWS_PER_REASON]
    for i in shown:
        line = say("held.new", id=i.article_id, detail=i.detail)
        out.print(escape(line), soft_wrap=True)
        if github:
            # Workflow commands are read from stdout, one line each.
            print(f"::warning title=pelican-posse::{_workflow_text(line)}")
    if len(held) > len(shown):
        out.print(say("held.new_more", count=len(held) - len(shown)))


def _workflow_text(text: str) -> str:
    """Escaped for a GitHub Actions workflow command (%, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def print_status(
    ledger: Ledger,
    counts: dict[str, dict[str, int]],
    waiting: dict[str, int] | None,
    syndicate: list[str],
    out: Any,
) -> None:
    """The ledger's counts per network and state; ``waiting``: None when
    what is due is unknown (a stale manifest)."""
    if not ledger.existed:
        out.print(say("status.no_ledger", path=ledger.path))
    states = [s for s in STATUS_COLUMNS if any(s in per for per in counts.values())]
    table = Table(title=say("status.title", path=ledger.path), title_justify="left")
    table.add_column(say("status.network"))
    for state in states:
        table.add_column(state_word(state), justify="right")
    table.add_column(say("status.waiting"), justify="right")
    for network in dict.fromkeys([*syndicate, *counts]):
        per = counts.get(network, {})
        table.add_row(
            display_name(network),
            *[str(per.get(s, 0)) for s in states],
            str(waiting.get(network, 0)) if waiting is not None else "?",
        )
    out.print(table)


def print_attention(attention: list[tuple[str, str, Record]], out: Any) -> None:
    """Each record that needs attention: its state, error and what to do."""
    for aid, net, rec in attention:
        said = say(
            "status.post",
            id=f"[bold]{plain(aid)}[/]",
            network=display_name(net),
            state=state_word(rec.state),
            attempts=rec.attempts,
            at=rec.at,
        )
        out.print(said)
        if rec.error:
            out.print(say("status.error", error=plain(words(rec.error))))
        remedy = words(rec.remedy) or tr(WHAT_TO_DO[rec.state]).format(id=aid, key=net)
        out.print(say("status.what_to_do", remedy=plain(remedy)))


def print_articles(ledger: Ledger, syndicate: list[str], out: Any) -> None:
    """Every article of the ledger: the id `retry` and `resolve` take, and states."""
    articles = sorted(ledger.articles.items())
    networks = list(
        dict.fromkeys([*syndicate, *(n for _, recs in articles for n in recs)])
    )
    table = Table(
        title=say("articles.title", count=len(articles)), title_justify="left"
    )
    table.add_column(say("articles.id"), overflow="fold")
    for network in networks:
        table.add_column(display_name(network))
    for aid, recs in articles:
        table.add_row(
            escape(aid),
            *[state_word(recs[n].state) if n in recs else "-" for n in networks],
        )
    out.print(table)
