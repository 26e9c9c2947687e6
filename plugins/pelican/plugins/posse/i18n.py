"""The language ``pelican-posse`` speaks, and its catalogue of translations.

The standard gettext way: the English templates (``publish/messages.py`` and the
tables it names) are the msgids; ``locale/ja/LC_MESSAGES/pelican-posse.po`` holds
their Japanese, for a translator to edit, and ``pelican-posse.mo`` beside it is
what is read at run time (Python's own ``gettext``; ``tools/i18n.py compile``
makes it, and a test fails when it is older than the ``.po`` or a message has no
Japanese).

The language: ``POSSE_CLI_LANG`` in the environment ("ja" or "en") when it is
set, as the environment wins over the settings file for the other ``POSSE_*``
values it can give (``chosen()``); else ``POSSE_CLI_LANG`` in the settings file;
before the settings are read, and when neither is set, the environment's
locale, as gettext reads it (the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG
that is set; its first language): Japanese when it starts with "ja", else English.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Mapping
from pathlib import Path

DOMAIN = "pelican-posse"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("en", "ja")  # "en" is the msgids themselves
_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
ENV_VARIABLE = "POSSE_CLI_LANG"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """ "ja" when the environment's language is Japanese, else "en"."""
    environ = os.environ if environ is None else environ
    for name in _ENVIRONMENT:
        value = environ.get(name)
        if value:
            first = value.split(":")[0] if name == "LANGUAGE" else value
            return "ja" if first.lower().startswith("ja") else "en"
    return "en"


def chosen(environ: Mapping[str, str] | None = None) -> str | None:
    """``POSSE_CLI_LANG`` from the environment: "ja" or "en" (any case), None
    when it is unset or empty; ValueError (its value) for anything else."""
    environ = os.environ if environ is None else environ
    value = (environ.get(ENV_VARIABLE) or "").strip()
    if not value:
        return None
    if value.lower() not in LANGUAGES:
        raise ValueError(value)
    return value.lower()


def use(language: str | None) -> str:
    """Speak ``language`` ("ja", "en"; None: the environment's) from now on;
    returns the language chosen."""
    global _current, _language  # noqa: PLW0603 - one process, one language
    language = (language or from_environment()).lower()
    if language not in LANGUAGES:
        language = "en"
    if language == "en":
        _current = gettext.NullTranslations()
    else:
        _current = gettext.translation(
            DOMAIN, LOCALE_DIR, languages=[language], fallback=True
        )
    _language = language
    return language


def language() -> str:
    """The language spoken now: "en" or "ja"."""
    return _language


@functools.cache
def _catalogue(language: str) -> gettext.NullTranslations:
    if language not in LANGUAGES or language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def tr_in(language: str, template: str) -> str:
    """``template`` in ``language`` ("ja", "en"), whatever language is spoken
    (the outbox page speaks the site's)."""
    return _catalogue(language).gettext(template) if template else template


def tr(template: str) -> str:
    """``template`` (an English msgid) in the language spoken now."""
    return _current.gettext(template) if template else template
