"""Shared fixtures: every test runs in its own directory with no POSSE_* secrets."""

from __future__ import annotations

import locale
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    # A test must never write state into the repository, nor see a real token.
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("POSSE_"):
            monkeypatch.delenv(name, raising=False)
    # The command speaks the environment's language: tests read English unless
    # they ask for Japanese (tests/publish/test_cli_japanese.py).
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name, "").lower().startswith("ja"):
            monkeypatch.delenv(name)
    # Pelican sets the process's locale from a site's LOCALE: a test that builds
    # in-process must not change what the next test's open() decodes with.
    saved_locale = locale.setlocale(locale.LC_ALL)
    yield
    locale.setlocale(locale.LC_ALL, saved_locale)
    from pelican.plugins.posse import i18n

    i18n.use("en")
    # Pelican's read_settings() leaves a settings file in sys.modules under its own
    # name; the demo's publishconf.py (`from pelicanconf import *`) would then get
    # the pelicanconf.py an earlier test wrote, whichever order the tests run in.
    for name in ("pelicanconf", "publishconf"):
        sys.modules.pop(name, None)


@pytest.fixture
def fresh_log_dedup(monkeypatch):
    """Pelican's loggers drop an info/warning already logged in this process;
    a test that counts such lines needs a clean slate."""
    from pelican.log import LimitFilter

    monkeypatch.setattr(LimitFilter, "_raised_messages", set())
