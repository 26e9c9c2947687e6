"""Shared fixtures: every test runs in its own directory with no POSSE_* secrets."""

from __future__ import annotations

import os
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


@pytest.fixture
def fresh_log_dedup(monkeypatch):
    """Pelican's loggers drop an info/warning already logged in this process;
    a test that counts such lines needs a clean slate."""
    from pelican.log import LimitFilter

    monkeypatch.setattr(LimitFilter, "_raised_messages", set())
