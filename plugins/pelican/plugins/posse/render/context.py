"""One build's state: made when a build starts, dropped when it ends.

Everything posse keeps between the signals of one build lives in one ``Build``:
what collect.py gathers for the manifest and the links back, the ``Posse``
object the pieces render with, and the share row. ``register()`` makes a new one
at ``initialized`` and drops it at the end of ``finalized``, so autoreload (many
builds in one process) and a build that failed halfway never leak into the next.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .. import facts as facts_mod
from .. import settings as settings_mod
from ..ledger import Ledger


class Build:
    """What one build knows; see the module's docstring for its lifetime.

    A plain class: a dataclass's generated methods cost every build's import
    ~0.8 ms."""

    def __init__(self) -> None:
        # --- collect.py: the manifest and what the links back look up
        self.entries: list[dict[str, Any]] = []
        self.facts: dict[str, facts_mod.ArticleFacts] = {}
        self.group_of: dict[str, str] = {}
        self.members: dict[str, list[str]] = {}
        self.ledger: Ledger | None = None
        self.ledger_loaded: bool = False
        self.labels: Any = None  # labels.Labels for the links back
        self.skipped: list[dict[str, Any]] = []
        self.key_of: dict[str, str] = {}  # source path -> id
        self.linked: dict[str, list[dict[str, str]]] | None = None  # see links_back.py
        self.settings: tuple[Any, settings_mod.PosseSettings] | None = (
            None  # (of, read)
        )
        # For the manifest's "content" and "sources" (production builds only): the
        # build's shared context (its "generated_content" names every source read),
        # the readers' extensions, and the files read as `Status: skip`.
        self.context: Mapping[str, Any] | None = None
        self.extensions: list[str] = []
        self.skipped_paths: list[str] = []
        # --- pieces.py: the build's Posse, made for the generators' shared context,
        # and whether the theme's insertion points were checked
        self.posse: Any = None
        self.posse_of: Any = None
        self.checked: bool = False
        # --- share.py: the build's Share, made for the generators' shared context
        self.share: Any = None
        self.share_of: Any = None
        # --- cards.py: each article's card picture (by source path) for the link
        # card, and the names of the build's cards for the output
        self.cards: dict[str, Any] = {}
        self.card_names: set[str] = set()
        self.card_unfit: set[str] = set()  # no glyphs: see cards.py
        # --- summary_memo.py: the summary choices of the last build and this one
        self.summary_memo: dict[str, Any] | None = None


_build = Build()


def current() -> Build:
    return _build


def reset(*_: Any) -> None:
    """Start afresh (``initialized``, and the end of ``finalized``)."""
    global _build  # noqa: PLW0603 - one build's state, replaced as a whole
    _build = Build()
