"""The ``pelican-posse`` command's arguments: the argparse parser and its help.

Only argparse and the message catalogue: building the parser imports nothing
heavy (tests/core/test_lazy_imports.py); the core's ``cli.py`` runs what it
parses.
"""

from __future__ import annotations

import argparse
from typing import Any

from .messages import say
from .networks import NAMES

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
            number = say("version.unknown")
        print(say("version", number=number))  # on stdout, as argparse's own --version
        parser.exit()


# -s and -v are accepted before or after the command (`pelican-posse publish
# -s publishconf.py` is how people write it in CI). The copies on each
# command default to SUPPRESS so they never overwrite a value given before it.
def _common(target: argparse.ArgumentParser, default: object) -> None:
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


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="pelican-posse",
        description="Announce each new article of a Pelican site exactly once "
        "(run it after the site is deployed).",
    )
    _common(top, None)
    top.add_argument("--version", action=_Version, default=argparse.SUPPRESS)
    sub = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    shared = argparse.ArgumentParser(add_help=False)
    _common(shared, argparse.SUPPRESS)
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
    _add_check(sub, shared)
    from .auth.args import add_parser as add_auth  # noqa: PLC0415

    add_auth(sub)
    _add_resolve(sub, shared)
    _add_merge(sub)
    return top


def _add_check(sub: Any, shared: argparse.ArgumentParser) -> None:
    check = sub.add_parser(
        "check",
        parents=[shared],
        help="check the credentials of every network before anything is sent",
        description="For every network in POSSE_SYNDICATE: first the format of "
        "each value (no request), then one read-only call that proves the "
        "credentials can post (X bills its read: --offline skips it). Exit codes: "
        "0 all good, 1 warnings only (e.g. a token that expires within 14 days), "
        "2 a problem that would make publish fail.",
    )
    check.add_argument(
        "--offline",
        action="store_true",
        help="only the checks that need no request (nothing is sent, nothing billed)",
    )
    check.add_argument("--json", action="store_true", help=JSON_HELP)


def _add_resolve(sub: Any, shared: argparse.ArgumentParser) -> None:
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
        "stops counting, so publish no longer exits 3 for it",
    )
    resolve.add_argument(
        "--force",
        action="store_true",
        help="change a record that is not uncertain (posted, failed, outbox, ...); "
        "--not-posted on a posted record makes the next publish send it again",
    )


def _add_merge(sub: Any) -> None:
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
