"""Writing a file atomically (temporary file, fsync, rename, fsync of the folder)
and pausing the garbage collector while many objects are made at once.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import logging
import os
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


def atomic_write(path: Path, text: str, tmp_dir: Path | None = None) -> None:
    """Replace ``path`` with ``text`` (UTF-8, newlines as they are) atomically.

    The temporary file is made in ``tmp_dir`` (created if needed) when given, so
    a run killed mid-write leaves its leftover there (the engine passes
    ``<state_dir>/tmp``, which git ignores) rather than beside the file; when
    that folder is on another file system, the rename cannot cross it (EXDEV)
    and the temporary file is made beside the target instead.
    """
    path = Path(path)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")  # (fails before any file is made)
    if tmp_dir is None:
        _replace(folder, path, data)
    else:
        tmp_dir = Path(tmp_dir)
        tmp_dir.mkdir(parents=True, exist_ok=True)
        try:
            _replace(tmp_dir, path, data)
        except OSError as err:
            if err.errno != errno.EXDEV:
                raise
            log.info(
                "posse: %s is on another file system than %s; writing beside it",
                tmp_dir,
                path,
            )
            _replace(folder, path, data)
    if os.name == "posix":
        # The rename itself must reach the disk, or a power cut could undo it.
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _replace(folder: Path, path: Path, data: bytes) -> None:
    import tempfile  # noqa: PLC0415 - only when writing; `plan` never writes

    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many objects are made at once
    (a block, or a function it decorates).

    A ledger of 10,000 articles is some 40,000 new dicts and records, none in a
    reference cycle; the collections their allocation sets off (each one walking
    every object the process holds) cost about as much as the parsing itself.
    So do a build's article facts (manifest.collect): with the collector on, the
    objects that die at its end were first moved to the oldest generation, and
    a 2,000-article build paid one more full collection. Nothing is lost: the
    collector resumes, as it was, when the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
