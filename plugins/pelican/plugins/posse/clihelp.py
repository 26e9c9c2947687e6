"""``pelican-posse --help`` in the language spoken: every description and help
text of the parser, and argparse's own headings, through the catalogue.

``cli.py`` writes its help texts in English where it builds the parser; once
built, ``translate`` puts each in the language spoken (``i18n.tr``), so the
texts stay beside their arguments and need no key. ``texts`` lists them for
the catalogue (``tools/i18n.py extract``) and its test. Not translated:
argparse's own error messages ("invalid choice: ..."), which name the
argument in question anyway.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from .i18n import tr

# argparse's own words on a help page (its msgids, from Python's argparse).
ARGPARSE_WORDS = ("usage: ", "positional arguments", "options")


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


def texts(parser: argparse.ArgumentParser) -> dict[str, str]:
    """Where -> English text, for every text of ``parser`` a person reads (each
    text once, where it is first met)."""
    found = {f"argparse:{w.strip().replace(' ', '_')}": w for w in ARGPARSE_WORDS}
    for where, holder, attribute in _helps(parser):
        value = getattr(holder, attribute, None)
        readable = isinstance(value, str) and value and value != argparse.SUPPRESS
        if readable and value not in found.values():
            found[f"help:{where}"] = value
    return found


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
