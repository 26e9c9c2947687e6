"""``pelican-posse --help`` in the language spoken: every description and help
text of the parser, and argparse's own headings, through the catalogue.

``cli.py`` writes its help texts in English where it builds the parser; once
built, ``translate`` puts each in the language spoken (``i18n.tr``), so the
texts stay beside their arguments and need no key. ``texts`` lists them for
the catalogue (``tools/i18n.py extract``) and its test.

argparse's own sentences (its usage line, "error: the following arguments
are required: ...", "invalid choice: ...") are its gettext msgids
(``ARGPARSE_WORDS``, %-style as argparse writes them); ``parse`` has argparse
ask our catalogue for them while it parses our command line only, and gives
it back its own gettext after, so another program in the same process is
not affected. They follow the environment's language: they are said before
the settings file (``POSSE_CLI_LANG``) is read.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import Any

from .i18n import tr

# argparse's own words on a help page and in its errors (its msgids, from
# Python's argparse, 3.11 to 3.13; one it no longer has is simply not used).
ARGPARSE_WORDS = (
    "usage: ",
    "positional arguments",
    "options",
    "%(prog)s: error: %(message)s\n",
    "the following arguments are required: %s",
    "argument %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)",
    "unrecognized arguments: %s",
    "expected one argument",
    "expected at most one argument",
    "expected at least one argument",
    "invalid %(type)s value: %(value)r",
    "not allowed with argument %s",
    "one of the arguments %s is required",
    "ambiguous option: %(option)s could match %(matches)s",
    "ignored explicit argument %r",
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix or tr("usage: "))


def _parsers(
    parser: argparse.ArgumentParser,
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every parser (the command's, then each subcommand's), by its prog."""
    seen: set[int] = set()
    pending = [parser]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current.prog.replace(" ", "/"), current
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                pending.extend(action.choices.values())


def _helps(
    parser: argparse.ArgumentParser,
) -> Iterator[tuple[str, object, str]]:
    """(where, holder, attribute) of every English text of ``parser``."""
    for prog, current in _parsers(parser):
        yield f"{prog}/(description)", current, "description"
        for action in current._actions:
            name = "/".join(action.option_strings) or action.dest
            yield f"{prog}/{name}", action, "help"
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    yield f"{prog}/{choice.dest}", choice, "help"
        for group in current._action_groups:
            yield f"{prog}/[{(group.title or '').replace(' ', '_')}]", group, "title"


def parse(parser: argparse.ArgumentParser, argv: list[str] | None) -> Any:
    """``parser.parse_args(argv)``, argparse's own sentences (an error, the
    usage line) in the language spoken. Raises SystemExit as argparse does."""
    own = getattr(argparse, "_", None)
    if own is None:  # an argparse without gettext: it speaks English
        return parser.parse_args(argv)
    argparse._ = tr  # type: ignore[attr-defined]  # its gettext, while it parses ours
    try:
        return parser.parse_args(argv)
    finally:
        argparse._ = own  # type: ignore[attr-defined]


def texts(parser: argparse.ArgumentParser) -> dict[str, str]:
    """Where -> English text, for every text of ``parser`` a person reads (each
    text once, where it is first met)."""
    found = {f"argparse:{_where(w)}": w for w in ARGPARSE_WORDS}
    for where, holder, attribute in _helps(parser):
        value = getattr(holder, attribute, None)
        readable = isinstance(value, str) and value and value != argparse.SUPPRESS
        if readable and value not in found.values():
            found[f"help:{where}"] = value
    return found


def _where(msgid: str) -> str:
    """A msgid as a "#:" reference: its words joined by _, no placeholders."""
    return "_".join(w.strip(":()") for w in msgid.split() if "%" not in w)


def translate(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """``parser`` with every text in the language spoken now; returns it."""
    for where, holder, attribute in list(_helps(parser)):
        del where
        value = getattr(holder, attribute, None)
        if isinstance(value, str) and value and value != argparse.SUPPRESS:
            setattr(holder, attribute, tr(value))
    for _, current in _parsers(parser):
        current.formatter_class = _Formatter
    return parser
