"""The CLI's terminal: rich's Console, with Japanese lines broken between phrases.

A message printed as one string that holds Japanese is folded to the terminal's
width at spaces and BudouX's phrase boundaries (text/fold.py) before rich shows
it, so 「指定してください」 or 'mastodon.social' is never cut in two. Tables,
and text the caller already laid out (``soft_wrap=True``), are left to rich.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console as RichConsole
from rich.text import Text

from ..text.fold import fold, has_japanese


class Console(RichConsole):
    def print(self, *objects: Any, **kwargs: Any) -> None:
        soft = kwargs.get("soft_wrap")
        if (
            len(objects) == 1
            and isinstance(objects[0], str)
            and not (self.soft_wrap if soft is None else soft)
            and has_japanese(objects[0])
        ):
            text = self.render_str(
                objects[0],
                markup=kwargs.pop("markup", None),
                emoji=kwargs.pop("emoji", None),
                highlight=kwargs.pop("highlight", None),
            )
            objects = (folded(text, self.width),)
            kwargs["soft_wrap"] = True
        super().print(*objects, **kwargs)


def folded(text: Text, width: int) -> Text:
    """``text`` with a line break where each of its lines must fold to fit."""
    offsets: list[int] = []
    at = 0
    for line in text.plain.split("\n"):
        offsets += [at + cut for cut in fold(line, width)]
        at += len(line) + 1
    if not offsets:
        return text
    pieces = text.divide(offsets)
    for piece in pieces:
        piece.rstrip()
    return Text("\n").join(pieces)
