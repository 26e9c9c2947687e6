"""Plain text for posts, by job: X's count, HTML to text, cutting to fit.

- ``x_count``: ``weighted_length()`` counts a post the way X does (a port of
  twitter-text v3), ``extract_urls()``, ``grapheme_length()``.
- ``html_text``: ``html_to_text()`` and the lead of an article.
- ``threads_count``: ``threads_length()`` counts a post the way Threads does
  (imported from its module by the composer only: a build's pages never need it).
- ``cut``: ``shorten()`` cuts a text at a sentence's end, else a phrase.

``html_to_text()`` and ``shorten()`` serve both the composer and the page
metadata (og:description on every article), so both are built to be cheap:
the stdlib HTML parser, stopping early when asked, and BudouX run only on the
few characters around a cut.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .cut import shorten, shorten_opening
    from .html_text import html_to_text, lead_html, opening_text
    from .patterns import re_on_first_use, regex_on_first_use
    from .x_count import (
        MAX_WEIGHTED_LENGTH,
        URL_LENGTH,
        extract_urls,
        grapheme_length,
        weighted_length,
    )

# Each name's module, imported when the name is first asked for (PEP 562): a
# rebuild's pages need only patterns.py (the share row's), not the parser, the
# cutter and X's counter (~1 ms of every build).
_MODULE_OF = {
    "shorten": "cut",
    "shorten_opening": "cut",
    "html_to_text": "html_text",
    "lead_html": "html_text",
    "opening_text": "html_text",
    "re_on_first_use": "patterns",
    "regex_on_first_use": "patterns",
    "MAX_WEIGHTED_LENGTH": "x_count",
    "URL_LENGTH": "x_count",
    "extract_urls": "x_count",
    "grapheme_length": "x_count",
    "weighted_length": "x_count",
}

__all__ = [
    "MAX_WEIGHTED_LENGTH",
    "URL_LENGTH",
    "extract_urls",
    "grapheme_length",
    "html_to_text",
    "lead_html",
    "opening_text",
    "re_on_first_use",
    "regex_on_first_use",
    "shorten",
    "shorten_opening",
    "weighted_length",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # asked once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULE_OF})
