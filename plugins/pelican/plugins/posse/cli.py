"""The ``pelican-posse`` command: runs what it was asked, with its settings file,
and says how it ended (its exit codes). Its arguments: ``publish/cli_args.py``.

Commands: plan, publish, baseline, status, retry, send, resolve, check,
auth, merge-ledger; what they print is ``publish/views.py``'s (``publish/check.py``'s
for check), in ``publish/messages.py``'s words, in English or Japanese
(``i18n.py``: ``POSSE_CLI_LANG`` in the environment, else in the settings, else
the locale's).

Exit codes: 0 done or nothing to do; 1 something is left for the next run (a
temporary error, a rate limit, an answer that was lost); 2 a configuration or
usage error, a refusal, or stale state (rebuild); 3 a post failed for good or is
uncertain and waits for a person (every run says so until ``retry`` or
``resolve``). ``check``: 0 all good, 1 warnings only, 2 a problem that would make
publish fail. ``auth``: 0 stored, 2 refused, 130 Ctrl-C, 1 end of input
(``publish/auth/command.py``). Secrets are never printed: only the names of
missing variables.

The environment: ``POSSE_*`` variables, and for each one it lacks (unset or
empty) the value in ``.env.posse`` in the current folder, the file ``auth``
writes (``environment()``); the environment wins.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from pelican.settings import read_settings
from rich.markup import escape

from . import clihelp, i18n
from . import ledger as ledger_mod
from . import settings as settings_mod
from .ledger import Ledger, LedgerError
from .publish import engine as engine_mod
from .publish import views
from .publish.cli_args import parser as _parser
from .publish.console import Console
from .publish.messages import say
from .publish.networks import NAMES
from .settings_servers import outweighed

log = logging.getLogger(__name__)


def environment(environ: Any = None, path: Path | None = None) -> dict[str, str]:
    """The environment the commands read: ``environ`` (default ``os.environ``)
    plus, for each ``POSSE_*`` variable it lacks (unset or empty), the value in
    ``path`` (default ``.env.posse`` in the current folder, which ``auth``
    writes). The environment wins; no such file adds nothing."""
    from .publish.auth import envfile  # noqa: PLC0415 - light, stdlib only

    environ = os.environ if environ is None else environ
    return envfile.overlay(environ, path or Path(envfile.DEFAULT_NAME))


def _settings_file(value: str | None) -> Path:
    if value:
        return Path(value)
    for name in ("publishconf.py", "pelicanconf.py"):
        if Path(name).is_file():
            return Path(name)
    raise SettingsError(say("settings.none"))


class SettingsError(Exception):
    """A settings or usage mistake noticed before the engine runs (exit code 2)."""


def _load(path: Path, env: dict[str, str]) -> tuple[dict[str, Any], Any, list[Any]]:
    """The site's settings, posse's, and the problems to warn about only."""
    if path.is_dir():
        raise SettingsError(say("settings.directory", path=path))
    if not path.is_file():
        raise SettingsError(say("settings.not_found", path=path))
    try:
        pelican_settings = read_settings(str(path))
    except SyntaxError as err:
        raise SettingsError(
            say(
                "settings.syntax",
                file=err.filename or path,
                line=err.lineno,
                error=err.msg,
            )
        ) from None
    except Exception as err:  # any error in the user's Python file
        raise SettingsError(
            say("settings.unreadable", path=path, kind=type(err).__name__, error=err)
        ) from None
    posse, problems = settings_mod.load(pelican_settings)
    problems, ignored = outweighed(problems, env)
    if len(problems) == 1:
        raise SettingsError(say("settings.problem", path=path, problem=problems[0]))
    if problems:  # one a line: each names its own setting
        listed = "\n".join(say("settings.problems.item", problem=p) for p in problems)
        raise SettingsError(
            say("settings.problems", path=path, count=len(problems), problems=listed)
        )
    return pelican_settings, posse, ignored


def main(argv: list[str] | None = None) -> int:
    # POSSE_CLI_LANG in the environment wins; else the locale's language until
    # the settings file says otherwise.
    try:
        forced = i18n.chosen()
    except ValueError as wrong:
        i18n.use(None)
        print(say("cli_lang.environment", value=str(wrong)), file=sys.stderr)
        return 2
    i18n.use(forced)
    try:
        args = clihelp.parse(clihelp.translate(_parser()), argv)
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
    if args.command == "auth":  # needs no settings file
        from .publish.auth import command as auth  # noqa: PLC0415 - only for auth

        return auth.run(
            args.network,
            env_file=args.env_file,
            environ=environment(),
            keep_app_secret=args.keep_app_secret,
            refresh=args.refresh,
        )
    try:
        path = _settings_file(args.settings)
        env = environment()
        pelican_settings, posse, ignored = _load(path, env)
        if posse.cli_lang and not forced:
            i18n.use(posse.cli_lang)
        for problem in ignored:
            err.print(
                "[yellow]posse:[/] "
                + escape(say("settings.env_wins", path=path, problem=problem)),
                markup=True,
            )
        output = pelican_settings.get("OUTPUT_PATH")
        engine = engine_mod.Engine(
            posse,
            env,
            output_path=Path(output) if output else None,
            timezone=settings_mod._timezone(pelican_settings),
            settings_file=str(path),
        )
        if args.command == "check":  # it also checks what the build will show
            return cmd_check(engine, args, out, pelican_settings)
        return COMMANDS[args.command](engine, args, out)
    except (SettingsError, engine_mod.UsageError, LedgerError) as problem:
        err.print(f"[bold red]posse:[/] {views.plain(problem)}", markup=True)
        return 2
    except OSError as problem:
        err.print(f"[bold red]posse:[/] {views.plain(problem)}")
        return 2
    except KeyboardInterrupt:
        err.print(say("interrupted"))
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
            f"[bold red]{say('merge.cannot')}[/] {views.plain(problem)}\n"
            + say("merge.conflict", ours=ours),
            markup=True,
        )
        return 1
    except OSError as problem:
        cannot = say("merge.cannot_write", ours=escape(str(ours)))
        err.print(f"[bold red]{cannot}[/] {views.plain(problem)}", markup=True)
        return 1
    return 0


def _read_side(path: Path, *, may_lack: bool) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if may_lack:
            return None
        raise LedgerError(say("merge.no_file", path=path)) from None
    except (OSError, UnicodeDecodeError) as problem:
        raise LedgerError(say("merge.unreadable", path=path, problem=problem)) from None


# --- commands ---------------------------------------------------------------------
def _dump(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_plan(engine: Any, args: Any, out: Any) -> int:
    plan = engine.plan()
    if args.json:
        _dump(views.plan_json(plan))
    else:
        views.print_plan(plan, out)
    return 2 if plan.refusal else 0


def cmd_publish(engine: Any, args: Any, out: Any) -> int:
    if args.dry_run:
        plan = engine.plan()
        if args.json:
            _dump(views.plan_json(plan))
        else:
            views.print_plan(plan, out, heading=say("plan.dry_run"))
        return 2 if plan.refusal else 0
    if args.wait_live is not None and args.wait_live < 0:
        raise SettingsError(say("wait_live.negative"))
    report = engine.publish(wait_live=args.wait_live)
    if args.json:
        _dump(views.report_json(report))
    else:
        views.print_report(report, out)
    return report.exit_code


def cmd_baseline(engine: Any, args: Any, out: Any) -> int:
    count, future = engine.baseline()
    if args.json:
        print(json.dumps({"baselined": count, "future": future}))
        return 0
    out.print(say("baseline.done", count=count, ledger=engine.posse.ledger_path))
    if future:
        out.print(say("baseline.future", count=len(future), ids=", ".join(future)))
    out.print(say("baseline.commit"))
    return 0


def cmd_status(engine: Any, args: Any, out: Any) -> int:
    ledger = Ledger.load(engine.posse.ledger_path)
    counts = views.state_counts(ledger)
    attention = [
        (aid, net, rec)
        for aid, recs in sorted(ledger.articles.items())
        for net, rec in sorted(recs.items())
        if rec.state in ("failed", "uncertain", "pending", "posting", "duplicate")
    ]
    waiting: dict[str, int] | None = {}
    why_unknown = ""
    try:
        plan = engine.plan(ledger=ledger)  # the same reading of the file
        for i in plan.items:
            if i.action in ("post", "outbox") or i.reason in ("cap", "future"):
                waiting[i.network] = waiting.get(i.network, 0) + 1
    except engine_mod.UsageError as error:
        waiting, why_unknown = None, str(error)
    needs_person = any(r.state in ("failed", "uncertain") for _, _, r in attention)
    if args.json:
        _dump(
            views.status_json(ledger, counts, waiting or {}, attention, args.articles)
        )
        return 1 if needs_person else 0
    views.print_status(ledger, counts, waiting, engine.posse.syndicate, out)
    if waiting is None:
        # "?" alone tells nobody anything: say why nothing is known to be due.
        out.print(say("status.waiting_unknown", why=views.plain(why_unknown)))
    if args.articles:
        views.print_articles(ledger, engine.posse.syndicate, out)
    views.print_attention(attention, out)
    return 1 if needs_person else 0


def cmd_retry(engine: Any, args: Any, out: Any) -> int:
    report = engine.retry(args.article)
    if args.json:
        _dump(views.report_json(report))
    elif not report.plan.items:
        # The engine's notes say why for a named article; else there is nothing.
        for note in report.notes or [say("retry.none")]:
            out.print(views.plain(note))
    else:
        views.print_report(report, out, nothing=say("report.nothing_sent"))
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
    key = {"abandoned": "resolved.abandoned", "posted": "resolved.posted"}
    said = say(
        key.get(record.state, "resolved.pending"),
        id=escape(args.article),
        network=name,
        url=escape(record.url or ""),
    )
    out.print(said)
    return 0


def cmd_send(engine: Any, args: Any, out: Any) -> int:
    report = engine.send(args.article)
    if args.json:
        _dump(views.report_json(report))
    else:
        views.print_report(report, out, nothing=say("report.nothing_sent"))
    return report.exit_code


def cmd_check(engine: Any, args: Any, out: Any, site_settings: Any = None) -> int:
    from .publish import check as check_mod  # noqa: PLC0415 - only for check

    def announce(text: str) -> None:  # a billed call is said before it is made
        if not args.json:
            out.print(views.plain(text))

    report = check_mod.check(
        engine.posse,
        engine.env,
        offline=args.offline,
        announce=announce,
        site_settings=site_settings,
    )
    if args.json:
        _dump(check_mod.as_json(report))
    else:
        for line in check_mod.lines(report):
            out.print(views.plain(line))
    return report.exit_code


COMMANDS = {
    "check": cmd_check,
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
