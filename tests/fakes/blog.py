"""A small blog that posts to the fakes: build it, baseline it, add an article,
and run the real ``pelican-posse`` command on it (in-process, or as a process).

Used by the engine-level delivery tests and the secrets test.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.plugins.posse.publish import messages  # noqa: F401 - its templates
from pelican.plugins.posse.said import from_json, words
from tests.conftest import ROOT
from tests.harness import site as harness

SITEURL = harness.SITEURL
SETTINGS = {
    "POSSE_SYNDICATE": ["x", "facebook"],
    "POSSE_PROFILES": {"x": "hanako_blog", "facebook": "hanako.blog"},
    "POSSE_MAX_WAIT": 5,
}
OLD = [
    ("old-one", "補助金申請の基本", "2026-01-10 09:00"),
    ("old-two", "事業計画書の書き方", "2026-02-03 09:00"),
]


@dataclass
class Run:
    code: int
    out: str
    err: str
    sleeps: list[float] = field(default_factory=list)


def has_compose() -> bool:
    """Whether the real composer (issue 3) can be used; else the engine's stand-in."""
    if importlib.util.find_spec("pelican.plugins.posse.compose") is None:
        return False
    try:
        importlib.import_module("pelican.plugins.posse.compose")
    except ImportError:  # half-landed work in a shared tree: use the stand-in
        return False
    return True


class Blog:
    """A site in ``root`` (the test's cwd) with the posse plugin."""

    def __init__(
        self,
        root: Path,
        monkeypatch: Any,
        capsys: Any = None,
        settings: dict[str, Any] | None = None,
    ) -> None:
        self.root = Path(root)
        self.monkeypatch = monkeypatch
        self.capsys = capsys
        harness.write_settings(self.root, {**SETTINGS, **(settings or {})})
        for name, title, date in OLD:
            self.article(name, title, date)

    def article(self, name: str, title: str, date: str, **meta: str) -> None:
        harness.article(self.root, name, title, date, **meta)

    def build(self) -> dict[str, Any]:
        # The real composer when it exists (issue 3), else the engine's stand-in.
        return harness.build(self.root, None if has_compose() else self.monkeypatch)

    def env(self, env: dict[str, str]) -> None:
        for name in [n for n in os.environ if n.startswith("POSSE_")]:
            self.monkeypatch.delenv(name)
        for name, value in env.items():
            self.monkeypatch.setenv(name, value)

    def cli(self, *args: str, later: dt.timedelta | None = None) -> Run:
        """``pelican-posse -s publishconf.py ARGS`` in-process; backoff sleeps are
        recorded instead of slept, so a test of three tries takes milliseconds.
        ``later``: the run happens that long from now (its clock is moved on)."""
        from pelican.plugins.posse import cli
        from pelican.plugins.posse.publish import engine

        sleeps: list[float] = []
        real = engine.Engine
        extra: dict[str, Any] = {}
        if later is not None:
            extra["clock"] = lambda: engine.now() + later
        self.monkeypatch.setattr(
            engine, "Engine", functools.partial(real, sleep=sleeps.append, **extra)
        )
        try:
            self.capsys.readouterr()
            code = cli.main(["-s", "publishconf.py", *args])
            captured = self.capsys.readouterr()
        finally:
            self.monkeypatch.setattr(engine, "Engine", real)
        return Run(code, captured.out, captured.err, sleeps)

    def copy_to(self, root: Path) -> Blog:
        """The same blog, built state and ledger included, in ``root``."""
        shutil.copytree(self.root, root, dirs_exist_ok=True)
        twin = object.__new__(Blog)
        twin.root, twin.monkeypatch, twin.capsys = Path(root), None, None
        return twin

    def ledger(self) -> dict[str, Any]:
        return json.loads((self.root / "posse-ledger.json").read_text("utf-8"))

    def record(self, article: str, network: str) -> dict[str, Any]:
        """The record as kept, its error and remedy in (English) words, as
        ``status`` says them; ``kept`` holds them as the file does."""
        data = self.ledger()
        entry = data.get("articles", data)[article]
        kept = entry.get("posts", entry)[network]  # format 2 or 3, or format 1
        said = {k: words(from_json(kept[k])) for k in ("error", "remedy") if k in kept}
        return {**kept, **said, "kept": kept}


def baselined(root: Path, new: tuple[str, str, str]) -> Blog:
    """Build the blog, ``baseline`` it, add ``new`` (name, title, date), build again:
    the state of a blog whose one new article is due. Slow (two builds): make it
    once and ``copy_to`` each test's directory."""
    with __import__("pytest").MonkeyPatch.context() as mp:
        mp.chdir(root)
        for name in [n for n in os.environ if n.startswith("POSSE_")]:
            mp.delenv(name)
        site = Blog(root, mp)
        site.build()
        from pelican.plugins.posse import cli

        if cli.main(["-s", "publishconf.py", "baseline"]) != 0:
            raise RuntimeError("pelican-posse baseline failed on the test blog")
        site.article(*new)
        site.build()
    return site


def command(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """The installed ``pelican-posse`` command, as CI runs it."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("POSSE_")}
    exe = Path(sys.executable).with_name("pelican-posse")
    argv = (
        [str(exe)]
        if exe.exists()
        else [sys.executable, "-m", "pelican.plugins.posse.cli"]
    )
    return subprocess.run(
        [*argv, "-s", "publishconf.py", *args],
        cwd=root,
        env={**clean, **env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
