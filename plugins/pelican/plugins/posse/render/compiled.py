"""posse's own templates compiled once and kept in ``POSSE_STATE_DIR/templates``.

Why: Jinja compiles every template it loads, on every build (Pelican sets no
bytecode cache), and compiling posse's few small partials cost about as much
as writing 2,000 articles' link cards. Their compiled code is kept here, as
Jinja's own bytecode cache would keep it, and loaded with ``marshal``.

A kept file is named by a hash of everything its code depends on: the
template's name and source, Jinja's and Python's versions, and the
environment's options that change what Jinja compiles (delimiters,
whitespace control, extensions, autoescape, finalize). A theme's own
``templates/posse/*.html`` is not kept: it is compiled as Jinja always does.
It is a cache: a missing, damaged or foreign file only means compiling again.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
from pathlib import Path
from types import CodeType

import jinja2
from jinja2 import Environment

log = logging.getLogger(__name__)

FOLDER = "templates"
SUFFIX = ".jinja"


class Compiled:
    """The compiled code of posse's own templates, in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.wrote = False

    def code(
        self, environment: Environment, name: str, source: str, filename: str | None
    ) -> CodeType:
        """``environment.compile(source, name, filename)``, kept from an earlier
        build."""
        key = _key(environment, name, source, filename)
        self.used.add(key)
        path = self.folder / (key + SUFFIX)
        try:
            code = marshal.loads(path.read_bytes())
        except FileNotFoundError:
            code = None
        except (OSError, EOFError, ValueError, TypeError) as error:
            log.debug("posse: %s unreadable, compiled again: %s", path, error)
            code = None
        if isinstance(code, CodeType):
            return code
        code = environment.compile(source, name, filename)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            _write(path, marshal.dumps(code))
            self.wrote = True
        except OSError as error:
            log.debug("posse: %s not written: %s", path, error)
        return code

    def prune(self) -> None:
        """Remove the kept code this build did not use, once it kept new code
        (a new posse, theme option or template leaves the old files behind)."""
        if not self.wrote:
            return
        try:
            for path in self.folder.glob("*" + SUFFIX):
                if path.name[: -len(SUFFIX)] not in self.used:
                    path.unlink(missing_ok=True)
        except OSError as error:
            log.debug("posse: %s not pruned: %s", self.folder, error)


def _key(environment: Environment, name: str, source: str, filename: str | None) -> str:
    autoescape = environment.autoescape
    if callable(autoescape):
        autoescape = autoescape(name)
    finalize = environment.finalize
    options = (
        jinja2.__version__,
        sys.version,
        # What jinja2.lexer.get_lexer() keys its lexers by.
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        # What the code generator reads of the environment.
        sorted(environment.extensions),
        environment.optimized,
        environment.is_async,
        bool(autoescape),
        # The code calls environment.finalize: only whether there is one, and
        # what it is passed (@pass_context …), is compiled in.
        None if finalize is None else str(getattr(finalize, "jinja_pass_arg", "")),
        name,
        filename,  # in the code, for tracebacks
    )
    digest = hashlib.blake2b(repr(options).encode(), digest_size=16)
    digest.update(source.encode())
    return digest.hexdigest()


def _write(path: Path, data: bytes) -> None:
    """A whole file or none: another build may read it meanwhile (no fsync: a
    cache file lost to a power cut is only compiled again)."""
    import tempfile  # noqa: PLC0415 - only when a template is new

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
