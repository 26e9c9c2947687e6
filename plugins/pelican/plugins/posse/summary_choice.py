"""What a summary choice is (``Choice``, ``Passed``), and which way an article
asks to be summarised (``mode_of``): all a rebuild needs of summary.py.

Apart from it because a rebuild looks each article's choice up (render/
summary_memo.py) rather than making it: the code that chooses, its rules and
the text package load only when an article is new or changed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, NamedTuple

log = logging.getLogger(__name__)

MODES = ("auto", "lead")


class Passed(NamedTuple):
    """One sentence (or leading clause) left out of the summary."""

    text: str
    kind: str  # a summary_rules.KINDS kind, or "aside"


class Choice(NamedTuple):
    """The summary's source text and what was left out of it."""

    text: str  # the lead's text without the passed-over sentences
    passed: tuple[Passed, ...]


def mode_of(meta: Mapping[str, Any], site_mode: str, source: str = "") -> str:
    """``posse_summary`` of the article ("auto" or "lead"), else the site's."""
    value = meta.get("posse_summary")
    if not value:
        return site_mode
    word = str(value).strip().lower()
    if word in MODES:
        return word
    log.warning(
        "posse: %s: posse_summary: %r is not 'auto' or 'lead'; the site's "
        "POSSE_SUMMARY (%s) is used",
        source or "?",
        value,
        site_mode,
    )
    return site_mode
