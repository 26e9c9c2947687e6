"""Pelican entry point: connects each part of posse to the signals it needs."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def register() -> None:
    # Imported here so that `import pelican.plugins.posse` stays cheap for the CLI.
    from . import manifest, rendering, share  # noqa: PLC0415

    rendering.connect()
    manifest.connect()
    share.connect()
