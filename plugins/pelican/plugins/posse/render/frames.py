"""Frames: posse's head.html and auto_article.html rendered once, filled per page.

The two differ per article only by what they print of ``posse.card(article)``
and ``posse.piece(…)``. So each is rendered once per build (and SITEURL) by
Jinja with *marks* in place of those values; a page joins the text between the
marks with its own values. A template whose output depends on those values in
any other way (a test on them, a filter) gets no frame: it is rendered per page.
Rendering ``head.html`` per page would cost ~90,000 instructions (a Jinja
``Context`` and two ``Context.call``), ~0.6 % of a 2,000-article build.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jinja2 import Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from . import linkcard

_MARK = "\x00"
_SLOT = re.compile(r"<(card|piece) (\w+)>")


class _NoFrame(Exception):
    """The template asked ``posse`` for something a frame cannot hold."""


class _MarkedCard:
    """``posse.card(article)`` while a frame is rendered: each value a template
    prints (a ``str``) is a mark of the same type (``Markup`` or ``str``), so a
    template that escaped it would not find its mark again."""

    __slots__ = ("_card", "_empty")

    def __init__(self, card: linkcard.LinkCard, empty: bool) -> None:
        self._card = card
        self._empty = empty

    def __getattr__(self, name: str) -> str:
        value = getattr(self._card, name)
        if not isinstance(value, str):
            raise _NoFrame(name)
        mark = "" if self._empty else f"{_MARK}<card {name}>{_MARK}"
        return Markup(mark) if isinstance(value, Markup) else mark


class _Marking:
    """``posse`` while a frame is rendered: the page's card and the pieces are
    marks; anything else would depend on the article, so it ends the frame."""

    def __init__(self, article: Any, card: linkcard.LinkCard, empty: bool) -> None:
        self.article = article
        self._card = _MarkedCard(card, empty)
        self._empty = empty

    def card(self, article: Any) -> _MarkedCard:
        if article is not self.article:
            raise _NoFrame("card")
        return self._card

    @pass_context
    def piece(self, context: Context, name: str, article: Any = None) -> Markup:
        if article is not None:  # another article's piece
            raise _NoFrame(name)
        return Markup("" if self._empty else f"{_MARK}<piece {name}>{_MARK}")

    def __getattr__(self, name: str) -> Any:
        raise _NoFrame(name)


def frame(
    template: Template, context: Context, article: Any, card: linkcard.LinkCard
) -> tuple[Any, ...] | None:
    """``template`` (posse's head.html or auto_article.html) rendered on the page's
    context with marks for the card's values and the pieces: (text, (kind, name),
    text, …, text). None when it does not render to text and marks alone, or when
    it writes something else with every mark empty (a test on a value)."""
    marked = _render_marking(template, context, _Marking(article, card, empty=False))
    if marked is None:
        return None
    parts: list[Any] = marked.split(_MARK)
    if not len(parts) % 2:
        return None
    for i in range(1, len(parts), 2):
        slot = _SLOT.fullmatch(parts[i])
        if slot is None:
            return None
        parts[i] = (slot[1], slot[2])
    empty = _render_marking(template, context, _Marking(article, card, empty=True))
    if empty != "".join(parts[::2]):
        return None
    return tuple(parts)


def _render_marking(
    template: Template, context: Context, marking: _Marking
) -> str | None:
    variables = {"article": marking.article, "posse": marking}
    ctx = template.new_context(context.get_all(), shared=True, locals=variables)
    try:
        return template.environment.concat(template.root_render_func(ctx))
    except _NoFrame:
        return None


def fill(frame: tuple[Any, ...], value: Callable[[str, str], str]) -> list[str]:
    """The parts of a page's text from a frame: ``value(kind, name)`` in each
    mark (joined, they are the text)."""
    parts = list(frame)
    for i in range(1, len(parts), 2):
        parts[i] = value(*parts[i])
    return parts
