"""``pelican-posse``: plan, publish, baseline, status, retry, resolve, merge-ledger.

Exit codes: 0 done or nothing to do; 1 something is left for the next run (a
temporary error, a rate limit, an answer that was lost); 2 a configuration or
usage error, a refusal, or stale state (rebuild); 3 a post failed for good or is
uncertain and waits for a person (every run says so until ``retry`` or
``resolve``). Secrets are never printed: only the names of missing variables.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from pelican.settings import read_settings
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import ledger as ledger_mod
from . import settings as settings_mod
from .ledger import Ledger, LedgerError
from .publish import engine as engine_mod
from .publish.networks import NAMES, display_name
from .publish.pricing import x_cost

log = logging.getLogger(__name__)

JSON_HELP = "machine-readable output (JSON on stdout)"


class _Version(argparse.Action):
    """``--version``: read from the installed distribution only when asked, so
    ``plan`` never pays for importing importlib.metadata."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        kwargs.setdefault("help", "show the installed version and exit")
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: Any, *_: Any) -> None:
        from importlib.metadata import (  # noqa: PLC0415 - only for --version
            PackageNotFoundError,
            version,
        )

        try:
            number = version("pelican-posse")
        except PackageNotFoundError:
            number = "unknown (not installed as a package)"
        print(f"pelican-posse {number}")  # on stdout, as argparse's own --version
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pelican-posse",
        description="Announce each new article of a Pelican site exactly once "
        "(run it after the site is deployed).",
    )

    # -s and -v are accepted before or after the command (`pelican-posse publish
    # -s publishconf.py` is how people write it in CI). The copies on each
    # command default to SUPPRESS so they never overwrite a value given before it.
    def common(target: argparse.ArgumentParser, default: object) -> None:
        target.add_argument(
            "-s",
            "--settings",
            metavar="FILE",
            default=default,
            help="Pelican settings file (default: publishconf.py if "
            "present, else pelicanconf.py)",
        )
        target.add_argument(
            "-v",
            "--verbose",
            action="store_true",
            default=default if default is argparse.SUPPRESS else False,
            help="log what happens, step by step",
        )

    common(parser, None)
    parser.add_argument("--version", action=_Version, default=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    shared = argparse.ArgumentParser(add_help=False)
    common(shared, argparse.SUPPRESS)
    plan = sub.add_parser(
        "plan", parents=[shared], help="what publish would do now, and why"
    )
    plan.add_argument("--json", action="store_true", help=JSON_HELP)
    publish = sub.add_parser("publish", parents=[shared], help="announce what is due")
    publish.add_argument(
        "--wait-live",
        type=float,
        metavar="SECONDS",
        help="first wait up to SECONDS for each article URL to "
        "answer HTTP 200; pages not live yet wait for the next run",
    )
    publish.add_argument(
        "--dry-run", action="store_true", help="show what would be posted, post nothing"
    )
    publish.add_argument("--json", action="store_true", help=JSON_HELP)
    baseline = sub.add_parser(
        "baseline",
        parents=[shared],
        help="record every current article as already announced (posts nothing)",
    )
    baseline.add_argument("--json", action="store_true", help=JSON_HELP)
    status = sub.add_parser(
        "status", parents=[shared], help="per network: posted, pending, failed"
    )
    status.add_argument(
        "--articles",
        action="store_true",
        help="also list every article of the ledger: its id and its state on each "
        "network",
    )
    status.add_argument("--json", action="store_true", help=JSON_HELP)
    retry = sub.add_parser(
        "retry", parents=[shared], help="re-attempt failed deliveries"
    )
    retry.add_argument(
        "article",
        nargs="?",
        help="only this article id (`status --articles` lists them); also sends "
        "its posts that only went to the outbox",
    )
    retry.add_argument("--json", action="store_true", help=JSON_HELP)
    send = sub.add_parser(
        "send",
        parents=[shared],
        help="announce one article now, even if it is older than POSSE_MAX_AGE",
        description="Announce ARTICLE on every network it was not announced on, "
        "even when the age rules hold it back (older than POSSE_MAX_AGE, or than "
        "the newest article already announced). In CI, where the keys are, put "
        "`posse: send` in the article's metadata instead.",
    )
    send.add_argument("article", help="the article id (`pelican-posse plan` lists it)")
    send.add_argument("--json", action="store_true", help=JSON_HELP)
    resolve = sub.add_parser(
        "resolve",
        parents=[shared],
        help="settle an uncertain post by hand",
        description="Record whether a post in the state `uncertain` (a run "
        "stopped while sending it) reached the network. Other states are refused "
        "unless --force is given.",
    )
    resolve.add_argument(
        "article",
        help="the article id, as `pelican-posse status` shows it for an uncertain post",
    )
    resolve.add_argument(
        "network", help="the network: " + ", ".join(NAMES) + " (as in POSSE_SYNDICATE)"
    )
    group = resolve.add_mutually_exclusive_group(required=True)
    group.add_argument(
        "--posted",
        metavar="URL",
        help="it was posted: record its URL; never sent again",
    )
    group.add_argument(
        "--not-posted",
        action="store_true",
        help="it was not posted: send it on the next publish",
    )
    group.add_argument(
        "--give-up",
        action="store_true",
        help="never announce it on this network: a failed or uncertain post "
        "stops counting (publish exits 3 until each is retried or resolved)",
    )
    resolve.add_argument(
        "--force",
        action="store_true",
        help="change a record that is not uncertain (posted, failed, outbox, ...); "
        "--not-posted on a posted record makes the next publish send it again",
    )
    merge = sub.add_parser(
        "merge-ledger",
        help="git merge driver: join two ledgers, keeping every record",
        description="Join the ledger of two branches (git's %%O %%A %%B) into "
        "OURS, keeping every record of both; for one article on one network the "
        "state that says most wins (posted over pending, ...). Register it once: "
        'git config merge.posse-ledger.driver "pelican-posse merge-ledger '
        '%%O %%A %%B", and in .gitattributes: posse-ledger.json '
        "merge=posse-ledger. Needs no settings file.",
    )
    merge.add_argument("base", metavar="BASE", help="the common ancestor (%%O)")
    merge.add_argument("ours", metavar="OURS", help="ours (%%A); the result goes here")
    merge.add_argument("theirs", metavar="THEIRS", help="theirs (%%B)")
    return parser


def _settings_file(value: str | None) -> Path:
    if value:
        return Path(value)
    for name in ("publishconf.py", "pelicanconf.py"):
        if Path(name).is_file():
            return Path(name)
    raise SettingsError(
        "no settings file: run pelican-posse in your site's folder "
        "(beside publishconf.py) or pass -s FILE"
    )


class SettingsError(Exception):
    """A settings or usage mistake noticed before the engine runs (exit code 2)."""


def _load(path: Path) -> tuple[dict[str, Any], Any]:
    if path.is_dir():
        raise SettingsError(
            f"{path} is a directory; -s expects your Pelican settings file "
            "(e.g. -s publishconf.py)"
        )
    if not path.is_file():
        raise SettingsError(f"settings file {path} not found")
    try:
        pelican_settings = read_settings(str(path))
    except SyntaxError as err:
        raise SettingsError(
            f"{err.filename or path}, line {err.lineno}: {err.msg}"
        ) from None
    except Exception as err:  # any error in the user's Python file
        raise SettingsError(
            f"{path} could not be read: {type(err).__name__}: {err}"
        ) from None
    posse, problems = settings_mod.load(pelican_settings)
    if len(problems) == 1:
        raise SettingsError(f"{path}: {problems[0]}")
    if problems:  # one a line: each names its own setting
        raise SettingsError(
            f"{path}: {len(problems)} problems:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    return pelican_settings, posse


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as stop:  # argparse has printed the usage message
        return int(stop.code or 0) and 2
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(message)s",
        stream=sys.stderr,
    )
    out = Console(highlight=False, soft_wrap=False)
    err = Console(stderr=True, highlight=False)
    if args.command == "merge-ledger":
        return merge_ledger(Path(args.base), Path(args.ours), Path(args.theirs), err)
    try:
        path = _settings_file(args.settings)
        pelican_settings, posse = _load(path)
        output = pelican_settings.get("OUTPUT_PATH")
        engine = engine_mod.Engine(
            posse,
            dict(os.environ),
            output_path=Path(output) if output else None,
            timezone=settings_mod._timezone(pelican_settings),
            settings_file=str(path),
        )
        return COMMANDS[args.command](engine, args, out)
    except (SettingsError, engine_mod.UsageError, LedgerError) as problem:
        err.print(f"[bold red]posse:[/] {_plain(problem)}", markup=True)
        return 2
    except OSError as problem:
        err.print(f"[bold red]posse:[/] {_plain(problem)}")
        return 2
    except KeyboardInterrupt:
        err.print("posse: interrupted; the ledger holds everything done so far")
        return 1


def merge_ledger(base: Path, ours: Path, theirs: Path, err: Console) -> int:
    """``merge-ledger``: 0 with the joined ledger in ``ours``; 1 (git then
    reports a conflict) when a side cannot be read, ``ours`` left as it was."""
    try:
        texts = [
            _read_side(path, may_lack=path is base) for path in (base, ours, theirs)
        ]
        joined = ledger_mod.merge(
            texts[0],
            texts[1] or "",
            texts[2] or "",
            names=(str(base), str(ours), str(theirs)),
        )
        ledger_mod.atomic_write(ours, joined)
    except LedgerError as problem:
        err.print(
            f"[bold red]posse: cannot merge the ledgers:[/] {_plain(problem)}\n"
            f"git reports the conflict; {ours} is left as it was.",
            markup=True,
        )
        return 1
    except OSError as problem:
        err.print(
            f"[bold red]posse: cannot write the merged ledger {escape(str(ours))}:[/] "
            f"{_plain(problem)}",
            markup=True,
        )
        return 1
    return 0


def _read_side(path: Path, *, may_lack: bool) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if may_lack:
            return None
        raise LedgerError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as problem:
        raise LedgerError(f"{path}: cannot read the ledger ({problem})") from None


def _plain(problem: BaseException) -> str:
    return escape(str(problem).removeprefix("posse: "))


# --- commands ---------------------------------------------------------------------
def _networks_view(plan: Any) -> dict[str, Any]:
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


def _plan_json(plan: Any) -> dict[str, Any]:
    done = Counter((i.network, i.reason) for i in plan.items if i.action == "done")
    calls = [i for i in plan.items if i.network == "x" and i.action == "post"]
    return {
        "networks": _networks_view(plan),
        "refusal": plan.refusal,
        "items": [i.to_json() for i in plan.items if i.action != "done"],
        "done": {f"{n}:{s}": c for (n, s), c in sorted(done.items())},
        "x": {"calls": len(calls), "total_usd": round(plan.x_total(), 3)},
    }


def _print_networks(plan: Any, out: Any) -> None:
    table = Table(title="Networks", title_justify="left", show_edge=False)
    table.add_column("network")
    table.add_column("credentials")
    table.add_column("goes to")
    for name, info in plan.networks.items():
        if not info.available:
            creds, goes = "-", "outbox (this network is not installed)"
        elif info.configured:
            creds, goes = "set", f"{display_name(name)} (real posts)"
        else:
            creds = "missing: " + ", ".join(info.missing)
            goes = "local outbox (preview, nothing is sent)"
        table.add_row(display_name(name), creds, goes)
    out.print(table)


def _by_date(plan: Any) -> Any:
    """Sort key: oldest first; within an article, the networks in the order of
    POSSE_SYNDICATE (X, then Facebook, by default), as the Networks table lists them."""
    order = {name: n for n, name in enumerate(plan.networks)}
    return lambda i: (i.date, i.article_id, order.get(i.network, len(order)), i.network)


def _print_plan(plan: Any, out: Any, heading: str = "Plan") -> None:
    _print_networks(plan, out)
    if plan.refusal:
        out.print(f"\n[bold red]{_plain(Exception(plan.refusal))}[/]")
    sending = [i for i in plan.items if i.action in ("post", "outbox")]
    held = [i for i in plan.items if i.action == "held"]
    done = Counter(i.reason for i in plan.items if i.action == "done")
    out.print()
    if sending:
        out.print(f"[bold]{heading}: {len(sending)} post(s)[/]")
        for i in sorted(sending, key=_by_date(plan)):
            facts = ["local outbox" if i.action == "outbox" else "real post"]
            if i.length is not None:
                facts.append(f"length {i.length}/{i.limit}")
            if i.network == "x" and i.action == "post":
                kind, price = _x_cost(i)
                facts.append(f"X bills: {kind} ${price:.3f}")
            out.print(
                f"  {i.date[:10]}  [bold]{escape(i.article_id)}[/] → "
                f"{display_name(i.network)} ({', '.join(facts)})"
            )
            # Indent every line of the post so it reads as one block under its row.
            body = "\n".join(f"      {line}" for line in (i.text or "").splitlines())
            # Never re-wrapped (CI logs are 80 columns): the post's own line
            # breaks must stay distinguishable from wrapping.
            out.print(escape(body), soft_wrap=True)
    else:
        out.print(f"{heading}: nothing to post.")
    calls = sum(1 for i in plan.items if i.network == "x" and i.action == "post")
    if calls:
        out.print(
            f"X: {calls} billed call(s), total ${plan.x_total():.3f} "
            "(a post with a URL is $0.200, without one $0.015)"
        )
    if held:
        _print_held(sorted(held, key=_by_date(plan)), out)
    if done:
        out.print(
            "Already done: " + ", ".join(f"{n} {s}" for s, n in sorted(done.items()))
        )
    _print_new_but_held(plan, out)


MAX_ROWS_PER_REASON = 8  # a long list of one reason is summarised; --json has all


def _print_held(held: list[Any], out: Any) -> None:
    by_reason: dict[tuple[str, str], list[Any]] = {}
    for i in held:  # in the order to show
        by_reason.setdefault((i.reason or "", i.network), []).append(i)
    table = Table(title=f"Held back: {len(held)}", title_justify="left")
    for column in ("date", "article", "network", "reason"):
        table.add_column(column, overflow="fold")
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
                f"… and {len(rest)} more on {display_name(network)} "
                f"({rest[0].article_id} … {rest[-1].article_id}): {rest[0].detail}"
            )
    out.print(table)
    for line in summaries:
        out.print(escape(line))


def _x_cost(item: Any) -> tuple[str, float]:
    return x_cost(item.text or "", item.link)


def cmd_plan(engine: Any, args: Any, out: Any) -> int:
    plan = engine.plan()
    if args.json:
        print(json.dumps(_plan_json(plan), ensure_ascii=False, indent=2))
    else:
        _print_plan(plan, out)
    return 2 if plan.refusal else 0


def _print_report(report: Any, out: Any, nothing: str = "Nothing was due.") -> None:
    _print_networks(report.plan, out)
    if report.plan.refusal:
        out.print(f"\n[bold red]{_plain(Exception(report.plan.refusal))}[/]")
        return
    rows = [i for i in report.plan.items if i.outcome]
    if rows:
        # Only the outbox: nothing was published, and the heading must not say so.
        if any(i.outcome in ("posted", "duplicate") for i in rows):
            title = "Published"
        elif all(i.outcome == "outbox" for i in rows):
            title = "Previewed in the outbox (nothing was sent)"
        else:
            title = "Nothing was published"
        table = Table(title=title, title_justify="left")
        for column in ("article", "network", "result", "where / why"):
            table.add_column(column, overflow="fold")
        for i in rows:
            # An outbox preview's page is printed once below the table, not per row.
            where = i.remote_url or i.detail or ""
            table.add_row(i.article_id, display_name(i.network), i.outcome, where)
        out.print(table)
    else:
        out.print(nothing)
    waiting = [
        i
        for i in report.plan.items
        if i.action == "held"
        and i.reason in ("cap", "not_live", "network_stopped", "rate_limited", "future")
    ]
    for i in waiting:
        out.print(
            f"waits: {i.article_id} on {display_name(i.network)}: "
            f"{_plain(Exception(i.detail))}"
        )
    for note in report.notes:
        out.print(_plain(Exception(note)))
    _print_new_but_held(report.plan, out)


def _print_new_but_held(plan: Any, out: Any) -> None:
    """Articles the ledger has never seen that the age rules hold back: the
    author who drafted for weeks under an old Date: must not be left in silence.
    In GitHub Actions each is also a ::warning:: line, shown on the run's page."""
    held = plan.new_but_held()
    if not held:
        return
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    shown = held[:MAX_ROWS_PER_REASON]
    for i in shown:
        line = f"held: {i.article_id}: {i.detail}"
        out.print(escape(line), soft_wrap=True)
        if github:
            # Workflow commands are read from stdout, one line each.
            print(f"::warning title=pelican-posse::{_workflow_text(line)}")
    if len(held) > len(shown):
        out.print(f"… and {len(held) - len(shown)} more held for their age")


def _workflow_text(text: str) -> str:
    """Escaped for a GitHub Actions workflow command (%, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _report_json(report: Any) -> dict[str, Any]:
    data = _plan_json(report.plan)
    data["results"] = [i.to_json() for i in report.plan.items if i.outcome]
    data["notes"] = report.notes
    data["exit_code"] = report.exit_code
    return data


def cmd_publish(engine: Any, args: Any, out: Any) -> int:
    if args.dry_run:
        plan = engine.plan()
        if args.json:
            print(json.dumps(_plan_json(plan), ensure_ascii=False, indent=2))
        else:
            _print_plan(plan, out, heading="Dry run (nothing is sent)")
        return 2 if plan.refusal else 0
    if args.wait_live is not None and args.wait_live < 0:
        raise SettingsError("--wait-live needs a number of seconds >= 0")
    report = engine.publish(wait_live=args.wait_live)
    if args.json:
        print(json.dumps(_report_json(report), ensure_ascii=False, indent=2))
    else:
        _print_report(report, out)
    return report.exit_code


def cmd_baseline(engine: Any, args: Any, out: Any) -> int:
    count, future = engine.baseline()
    if args.json:
        print(json.dumps({"baselined": count, "future": future}))
        return 0
    out.print(
        f"Baseline: {count} article(s) recorded as already announced in "
        f"{engine.posse.ledger_path}; nothing was posted."
    )
    if future:
        out.print(
            f"{len(future)} future-dated article(s) were left out: they are "
            "announced when their date comes: " + ", ".join(future)
        )
    out.print("Commit the ledger so the next run (and CI) remembers it.")
    return 0


def cmd_status(engine: Any, args: Any, out: Any) -> int:
    ledger = Ledger.load(engine.posse.ledger_path)
    counts = engine_mod.status(ledger)
    attention = [
        (aid, net, rec)
        for aid, recs in sorted(ledger.articles.items())
        for net, rec in sorted(recs.items())
        if rec.state in ("failed", "uncertain", "pending", "posting", "duplicate")
    ]
    waiting: dict[str, int] = {}
    why_unknown = ""
    try:
        plan = engine.plan(ledger=ledger)  # the same reading of the file
        for i in plan.items:
            if i.action in ("post", "outbox") or i.reason in ("cap", "future"):
                waiting[i.network] = waiting.get(i.network, 0) + 1
    except engine_mod.UsageError as error:
        plan = None
        why_unknown = str(error)
    needs_person = any(r.state in ("failed", "uncertain") for _, _, r in attention)
    if args.json:
        print(
            json.dumps(
                {
                    "ledger": str(ledger.path),
                    "exists": ledger.existed,
                    "counts": counts,
                    "due": waiting,
                    "attention": [
                        {"article": a, "network": n, **r.to_json()}
                        for a, n, r in attention
                    ],
                    **(
                        {
                            "articles": {
                                aid: {n: r.state for n, r in recs.items()}
                                for aid, recs in sorted(ledger.articles.items())
                            }
                        }
                        if args.articles
                        else {}
                    ),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 1 if needs_person else 0
    if not ledger.existed:
        out.print(f"No ledger yet at {ledger.path}.")
    states = [
        "posted",
        "baseline",
        "outbox",
        "duplicate",
        "pending",
        "posting",
        "failed",
        "uncertain",
    ]
    states = [s for s in states if any(s in per for per in counts.values())]
    table = Table(title=f"Ledger {ledger.path}", title_justify="left")
    table.add_column("network")
    for state in states:
        table.add_column(state, justify="right")
    table.add_column("waiting", justify="right")
    for network in dict.fromkeys([*engine.posse.syndicate, *counts]):
        per = counts.get(network, {})
        table.add_row(
            display_name(network),
            *[str(per.get(s, 0)) for s in states],
            str(waiting.get(network, 0)) if plan else "?",
        )
    out.print(table)
    if plan is None:
        # "?" alone tells nobody anything: say why nothing is known to be due.
        out.print(f"waiting: unknown. {_plain(Exception(why_unknown))}")
    if args.articles:
        _print_articles(ledger, engine, out)
    for aid, net, rec in attention:
        out.print(
            f"[bold]{_plain(Exception(aid))}[/] on {display_name(net)}: "
            f"{rec.state} (attempts {rec.attempts}, {rec.at})"
        )
        if rec.error:
            out.print(f"  error: {_plain(Exception(rec.error))}")
        remedy = (
            rec.remedy
            or {
                "pending": "tried again by the next `pelican-posse publish`",
                "posting": "checked by the next `pelican-posse publish`",
                "duplicate": "the network already had this exact post; nothing to do",
                "failed": f"fix the cause, then `pelican-posse retry {aid}`",
                "uncertain": f"`pelican-posse resolve {aid} {net} --posted URL` "
                "or `--not-posted`",
            }[rec.state]
        )
        out.print(f"  what to do: {_plain(Exception(remedy))}")
    return 1 if needs_person else 0


def _print_articles(ledger: Ledger, engine: Any, out: Any) -> None:
    """Every article of the ledger: the id `retry` and `resolve` take, and states."""
    articles = sorted(ledger.articles.items())
    networks = list(
        dict.fromkeys(
            [*engine.posse.syndicate, *(n for _, recs in articles for n in recs)]
        )
    )
    table = Table(title=f"Articles: {len(articles)}", title_justify="left")
    table.add_column("article id", overflow="fold")
    for network in networks:
        table.add_column(display_name(network))
    for aid, recs in articles:
        table.add_row(
            escape(aid), *[recs[n].state if n in recs else "-" for n in networks]
        )
    out.print(table)


def cmd_retry(engine: Any, args: Any, out: Any) -> int:
    report = engine.retry(args.article)
    if args.json:
        print(json.dumps(_report_json(report), ensure_ascii=False, indent=2))
    elif not report.plan.items:
        # The engine's notes say why for a named article; else there is nothing.
        for note in report.notes or ["Nothing to retry."]:
            out.print(_plain(Exception(note)))
    else:
        _print_report(report, out, nothing="Nothing was sent.")
    return report.exit_code


def cmd_resolve(engine: Any, args: Any, out: Any) -> int:
    record = engine.resolve(
        args.article,
        args.network,
        None if args.not_posted or args.give_up else args.posted,
        force=args.force,
        give_up=args.give_up,
    )
    name = NAMES.get(args.network.lower(), args.network)
    if record.state == "abandoned":
        out.print(
            f"{escape(args.article)} on {name}: given up; it will never be sent, "
            "and no longer counts as a failure."
        )
    elif record.state == "posted":
        out.print(
            f"{escape(args.article)} on {name}: recorded as posted at "
            f"{escape(record.url or '')}; it will not be sent again."
        )
    else:
        out.print(
            f"{escape(args.article)} on {name}: recorded as not posted; the "
            "next `pelican-posse publish` sends it."
        )
    return 0


def cmd_send(engine: Any, args: Any, out: Any) -> int:
    report = engine.send(args.article)
    if args.json:
        print(json.dumps(_report_json(report), ensure_ascii=False, indent=2))
    else:
        _print_report(report, out, nothing="Nothing was sent.")
    return report.exit_code


COMMANDS = {
    "plan": cmd_plan,
    "send": cmd_send,
    "publish": cmd_publish,
    "baseline": cmd_baseline,
    "status": cmd_status,
    "retry": cmd_retry,
    "resolve": cmd_resolve,
}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
