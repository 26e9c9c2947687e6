"""The local credentials file ``.env.posse``: written by ``auth``, read by every
command.

Format: one ``NAME=value`` a line, no quotes, ``#`` comments kept; the format
``gh secret set -f FILE`` and most ``.env`` readers take. Written atomically (a
temporary file beside it, then a rename), readable by the owner only (0600),
merged with what the file already holds (other networks' lines are kept).
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

DEFAULT_NAME = ".env.posse"
HEADER = (
    "# pelican-posse credentials, written by `pelican-posse auth`.\n"
    "# Secret: never commit this file (it is in .gitignore). To give it to\n"
    "# GitHub Actions: gh secret set -f .env.posse\n"
)
_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$")


def parse(text: str) -> dict[str, str]:
    """The ``NAME=value`` pairs of ``text`` (quotes around a value removed)."""
    values = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        value = match[2].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[match[1]] = value
    return values


def read(path: Path) -> dict[str, str]:
    """The values in ``path``; {} when there is no such file."""
    try:
        return parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def merged(old_text: str, values: Mapping[str, str], drop: Iterable[str] = ()) -> str:
    """``old_text`` with ``values`` set: a name's line replaced where it is,
    new names appended, the lines of ``drop`` removed, every other line kept."""
    lines = old_text.splitlines() if old_text.strip() else HEADER.splitlines()
    left = dict(values)
    gone = set(drop) - set(values)
    out = []
    for line in lines:
        match = _LINE.match(line)
        setting = match and not line.lstrip().startswith("#")
        if setting and match[1] in gone:
            continue
        if setting and match[1] in left:
            out.append(f"{match[1]}={left.pop(match[1])}")
        else:
            out.append(line)
    out += [f"{name}={value}" for name, value in left.items()]
    return "\n".join(out) + "\n"


def write(path: Path, values: Mapping[str, str], drop: Iterable[str] = ()) -> None:
    """Set ``values`` in ``path`` atomically (and remove the names of
    ``drop``), the file readable by its owner only; until the rename the old
    file is untouched."""
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = ""
    text = merged(old, values, drop)
    folder = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        os.chmod(temporary, 0o600)  # mkstemp makes it 0600; say so anyway
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    os.chmod(path, 0o600)


def _git(folder: Path, *args: str) -> int | None:
    """git's exit code for ``args`` run in ``folder``; None without git."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=folder,
            capture_output=True,
            check=False,
        )
    except OSError:
        return None
    return done.returncode


def in_repository(folder: Path) -> bool:
    return _git(folder, "rev-parse", "--is-inside-work-tree") == 0


def tracked(path: Path) -> bool:
    """Whether git tracks ``path`` (it would be committed)."""
    folder = path.parent.resolve()
    return _git(folder, "ls-files", "--error-unmatch", path.name) == 0


def ignore(path: Path) -> tuple[Path, str | None]:
    """Add ``path``'s name to the ``.gitignore`` beside it (created if needed);
    returns that ``.gitignore`` and the line added (None: already there)."""
    gitignore = path.parent / ".gitignore"
    entry = "/" + path.name
    try:
        text = gitignore.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    if {entry, path.name} & {line.strip() for line in text.splitlines()}:
        return gitignore, None
    if text and not text.endswith("\n"):
        text += "\n"
    gitignore.write_text(text + entry + "\n", encoding="utf-8")
    return gitignore, entry


def check_ignored(path: Path) -> bool | None:
    """``git check-ignore``: True ignored, False not, None not a repository."""
    folder = path.parent.resolve()
    if not in_repository(folder):
        return None
    return _git(folder, "check-ignore", "-q", path.name) == 0


def overlay(environ: Mapping[str, str], path: Path) -> dict[str, str]:
    """``environ`` with the ``POSSE_*`` values of ``path`` it lacks (unset or
    empty): the environment wins. An unreadable file adds nothing."""
    env = dict(environ)
    try:
        stored = read(path)
    except (OSError, UnicodeDecodeError):
        return env
    for name, value in stored.items():
        if name.startswith("POSSE_") and not env.get(name, "").strip():
            env[name] = value
    return env
