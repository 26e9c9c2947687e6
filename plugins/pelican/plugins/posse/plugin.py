"""Pelican entry point: connects each part of posse to the signals it needs."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def register() -> None:
    # Imported here so that `import pelican.plugins.posse` stays cheap for the CLI.
    from . import manifest  # noqa: PLC0415
    from .render import pieces, share  # noqa: PLC0415

    pieces.connect()
    manifest.connect()
    share.connect()
