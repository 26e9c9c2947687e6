"""One build's state: made when a build starts, dropped when it ends.

Everything posse keeps between the signals of one build lives in one ``Build``:
what collect.py gathers for the manifest and the links back, the ``Posse``
object the pieces render with, and the share row. ``register()`` makes a new one
at ``initialized`` and drops it at the end of ``finalized``, so autoreload (many
builds in one process) and a build that failed halfway never leak into the next.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import facts as facts_mod
from .. import settings as settings_mod
from ..ledger import Ledger


@dataclass(eq=False)  # one per build, never compared: __eq__ would cost the import
class Build:
    """What one build knows; see the module's docstring for its lifetime."""

    # --- collect.py: the manifest and what the links back look up
    entries: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, facts_mod.ArticleFacts] = field(default_factory=dict)
    group_of: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    ledger: Ledger | None = None
    ledger_loaded: bool = False
    labels: Any = None  # labels.Labels for the links back
    skipped: list[dict[str, Any]] = field(default_factory=list)
    key_of: dict[str, str] = field(default_factory=dict)  # source path -> id
    linked: dict[str, list[dict[str, str]]] | None = None  # see links_back.py
    settings: tuple[Any, settings_mod.PosseSettings] | None = None  # (of, read)
    # For the manifest's "content" and "sources" (production builds only): the
    # build's shared context (its "generated_content" names every source read),
    # the readers' extensions, and the files read as `Status: skip`.
    context: Mapping[str, Any] | None = None
    extensions: list[str] = field(default_factory=list)
    skipped_paths: list[str] = field(default_factory=list)
    # --- pieces.py: the build's Posse, made for the generators' shared context,
    # and whether the theme's insertion points were checked
    posse: Any = None
    posse_of: Any = None
    checked: bool = False
    # --- share.py: the build's Share, made for the generators' shared context
    share: Any = None
    share_of: Any = None
    # --- cards.py: each article's card picture (by source path) for the link
    # card, and the names of the build's cards for the output
    cards: dict[str, Any] = field(default_factory=dict)
    card_names: set[str] = field(default_factory=set)
    card_unfit: set[str] = field(default_factory=set)  # no glyphs: see cards.py
    # --- summary_memo.py: the summary choices of the last build and this one
    summary_memo: dict[str, Any] | None = None


_build = Build()


def current() -> Build:
    return _build


def reset(*_: Any) -> None:
    """Start afresh (``initialized``, and the end of ``finalized``)."""
    global _build  # noqa: PLW0603 - one build's state, replaced as a whole
    _build = Build()
