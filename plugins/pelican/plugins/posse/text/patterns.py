r"""Regular expressions compiled the first time they are used.

A build imports the text package for every article's og:description, but most
patterns serve only weighted_length(), URLs and the slow way of cutting a text.
Compiling them all cost a build ~60M instructions, and importing the third-party
``regex`` module (for \X, \p{...} and its \s) ~50M more: each is compiled, and
``regex`` imported, by the first call of its getter.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex


def re_on_first_use(pattern: str) -> Callable[[], re.Pattern[str]]:
    """A getter of ``pattern`` compiled by ``re``, the first time it is asked for."""
    return functools.cache(lambda: re.compile(pattern))


def regex_on_first_use(pattern: str) -> Callable[[], regex.Pattern[str]]:
    """A getter of ``pattern`` compiled by ``regex``, imported by the first call."""

    @functools.cache
    def compiled() -> regex.Pattern[str]:
        import regex  # noqa: PLC0415 - see above

        return regex.compile(pattern)

    return compiled
