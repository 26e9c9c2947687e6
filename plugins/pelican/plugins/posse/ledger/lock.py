"""The run lock: one ``pelican-posse`` run at a time, on every platform."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


@contextlib.contextmanager
def locked(lock_path: Path) -> Iterator[None]:
    """Hold the exclusive run lock; waits while another run holds it."""
    # Imported here: `plan` and a build never lock.
    from filelock import FileLock, Timeout  # noqa: PLC0415

    lock_path = Path(lock_path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        log.warning(
            "posse: another pelican-posse run holds %s; waiting for it", lock_path
        )
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
