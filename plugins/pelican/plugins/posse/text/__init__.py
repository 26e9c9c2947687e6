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
