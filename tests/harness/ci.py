"""GitHub Actions, emulated with real git, for ``docs/github-actions.yml``.

An ``Origin`` is a bare repository (GitHub) holding a blog made the way
``pelican-quickstart`` makes one (its own templates), with the posse settings
added. A ``Run`` is one run of the workflow: its build job and its announce job
each check out the triggering commit the way ``actions/checkout@v4`` does
(``git init``, a depth-1 fetch of that one commit, ``checkout -B``) into the same
path, as two jobs on two runners would; the manifest crosses from one to the
other as the artifact does. The steps that matter run as the workflow writes them:
the build step, and the announce job's "take the ledger from the branch tip" and
"commit the ledger" steps are read from the YAML and run with bash. Only
``publish`` differs: without ``--wait-live`` (the site is not deployed anywhere).

``pelican-posse`` is a shim on PATH that runs this checkout's code, so git can
call the merge driver (``pelican-posse merge-ledger``) the workflow registers.
Everything is loopback: the fakes are local servers, the remote is ``file://``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / "docs" / "github-actions.yml"
BRANCH = "main"
LEDGER = "posse-ledger.json"
TOKYO = ZoneInfo("Asia/Tokyo")
SITEURL = "https://blog.example.jp"
# What a user adds to the quickstart's pelicanconf.py (README, "Setup").
POSSE_SETTINGS = {
    "POSSE_SYNDICATE": ["x", "facebook"],
    "POSSE_PROFILES": {"x": "hanako_blog", "facebook": "hanako.blog"},
    "POSSE_MAX_WAIT": 5,
}
AUTHOR = ("-c", "user.name=Hanako", "-c", "user.email=hanako@example.jp")
REAL_GIT = shutil.which("git") or "git"


def step(job: str, step_id: str) -> dict[str, Any]:
    """A step of the workflow, by its ``id``."""
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    for candidate in workflow["jobs"][job]["steps"]:
        if candidate.get("id") == step_id:
            return candidate
    raise LookupError(f"{WORKFLOW}: job {job} has no step with id {step_id}")


def ago(hours: float) -> str:
    """A Pelican ``Date:`` that many hours before now, in the blog's time zone."""
    when = dt.datetime.now(TOKYO) - dt.timedelta(hours=hours)
    return when.strftime("%Y-%m-%d %H:%M")


def article(root: Path, slug: str, title: str, date: str) -> str:
    """Write ``content/SLUG.md``; returns its URL on the built site."""
    path = Path(root) / "content" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"Title: {title}\nDate: {date}\nSlug: {slug}\n\n{title}の本文です。\n",
        encoding="utf-8",
    )
    return f"{SITEURL}/{slug}.html"


def quickstart(root: Path) -> None:
    """pelicanconf.py and publishconf.py from pelican-quickstart's own templates
    (no requirements file, no .gitignore), plus the posse settings."""
    from pelican.tools import pelican_quickstart as qs

    root.mkdir(parents=True, exist_ok=True)
    (root / "content").mkdir(exist_ok=True)
    answers = {
        "author": "Hanako",
        "sitename": "テストブログ",
        "lang": "ja",
        "timezone": "Asia/Tokyo",
        "default_pagination": 10,
    }
    env = qs._jinja_env
    conf = env.get_template("pelicanconf.py.jinja2").render(
        {k: repr(v) for k, v in answers.items()}
    )
    conf += "\n# pelican-posse\n" + "".join(
        f"{k} = {v!r}\n" for k, v in POSSE_SETTINGS.items()
    )
    (root / "pelicanconf.py").write_text(conf, encoding="utf-8")
    publish = env.get_template("publishconf.py.jinja2").render(siteurl=SITEURL)
    (root / "publishconf.py").write_text(publish, encoding="utf-8")


@dataclass
class Step:
    """What a shell step printed, and how it ended."""

    name: str
    code: int
    out: str

    def ok(self) -> bool:
        return self.code == 0


class Machine:
    """The environment every process of the emulation runs in: a home of its
    own (no user git config), the shims first on PATH, this checkout's code."""

    def __init__(self, base: Path, fakes_env: Mapping[str, str]) -> None:
        self.base = Path(base)
        self.home = self.base / "home"
        self.shims = self.base / "shims"
        self.home.mkdir(parents=True, exist_ok=True)
        self.shims.mkdir(parents=True, exist_ok=True)
        self.fakes_env = dict(fakes_env)
        code = "import sys, _pelican_posse_cli; sys.exit(_pelican_posse_cli.main())"
        shim = self.shims / "pelican-posse"
        shim.write_text(
            "#!/bin/sh\n"
            f'exec {shlex.quote(sys.executable)} -c {shlex.quote(code)} "$@"\n',
            encoding="utf-8",
        )
        shim.chmod(0o755)

    def env(self, **extra: str) -> dict[str, str]:
        keep = ("LANG", "LC_ALL", "TMPDIR", "TZ")
        env = {k: v for k, v in os.environ.items() if k in keep}
        venv_bin = str(Path(sys.executable).parent)
        env.update(
            {
                "HOME": str(self.home),
                "PATH": os.pathsep.join(
                    [str(self.shims), venv_bin, "/usr/local/bin", "/usr/bin", "/bin"]
                ),
                # Not the repository root: its pelicanconf.py (the demo blog's)
                # would be what the blog's publishconf.py imports.
                "PYTHONPATH": str(ROOT / "plugins"),
                "GIT_CONFIG_NOSYSTEM": "1",
                "GIT_TERMINAL_PROMPT": "0",
                "PYTHONDONTWRITEBYTECODE": "1",
            }
        )
        env.update(extra)
        return env

    def run(
        self, argv: list[str], cwd: Path, check: bool = True, **extra: str
    ) -> subprocess.CompletedProcess:
        done = subprocess.run(
            argv,
            cwd=cwd,
            env=self.env(**extra),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if check and done.returncode != 0:
            raise RuntimeError(
                f"{shlex.join(argv)} in {cwd} exited {done.returncode}:\n"
                f"{done.stdout}\n{done.stderr}"
            )
        return done

    def git(self, cwd: Path, *args: str, check: bool = True) -> str:
        return self.run([REAL_GIT, *args], cwd, check=check).stdout.strip()


class Origin:
    """The bare repository runs clone from and push to (GitHub, here)."""

    def __init__(self, machine: Machine, path: Path) -> None:
        self.machine = machine
        self.path = Path(path)
        self.url = self.path.resolve().as_uri()  # file://: shallow fetches work
        self.author = self.path.parent / "author"

    @classmethod
    def create(cls, machine: Machine, path: Path, old: list[tuple[str, str, str]]):
        """A blog with ``old`` articles (slug, title, date), built and baselined
        locally by its author, pushed to a new bare repository at ``path``."""
        origin = cls(machine, path)
        machine.git(path.parent, "init", "-q", "--bare", "-b", BRANCH, str(path))
        author = origin.author
        quickstart(author)
        for slug, title, date in old:
            article(author, slug, title, date)
        machine.git(author, "init", "-q", "-b", BRANCH)
        machine.git(author, "remote", "add", "origin", origin.url)
        machine.run(
            ["pelican", "content", "-o", "output", "-s", "publishconf.py"], author
        )
        machine.run(["pelican-posse", "-s", "publishconf.py", "baseline"], author)
        origin.author_push("A blog, baselined")
        return origin

    def copy(self, machine: Machine, path: Path) -> Origin:
        """The same history in another bare repository and author clone."""
        shutil.copytree(self.path, path, symlinks=True)
        copy = Origin(machine, path)
        shutil.copytree(self.author, copy.author, symlinks=True)
        machine.git(copy.author, "remote", "set-url", "origin", copy.url)
        return copy

    def author_push(self, message: str) -> str:
        """The author commits what is in their clone (never .posse/ or output/)
        and pushes: the commit that triggers a run."""
        git = self.machine.git
        if git(self.author, "ls-remote", "origin", BRANCH):
            git(self.author, "pull", "-q", "--rebase", "origin", BRANCH)
        git(self.author, "add", "content", "pelicanconf.py", "publishconf.py")
        if (self.author / LEDGER).exists():
            git(self.author, "add", LEDGER)
        git(self.author, *AUTHOR, "commit", "-q", "-m", message)
        git(self.author, "push", "-q", "origin", f"HEAD:{BRANCH}")
        return git(self.author, "rev-parse", "HEAD")

    def tip(self) -> str:
        return self.machine.git(self.path, "rev-parse", BRANCH)

    def show(self, path: str, rev: str = BRANCH) -> str:
        return self.machine.git(self.path, "show", f"{rev}:{path}")

    def is_ancestor(self, commit: str, of: str = BRANCH) -> bool:
        done = self.machine.run(
            [REAL_GIT, "merge-base", "--is-ancestor", commit, of],
            self.path,
            check=False,
        )
        return done.returncode == 0


@dataclass
class Run:
    """One run of the workflow, started by a push of ``sha`` (or a re-run of it)."""

    origin: Origin
    sha: str
    workspace: Path
    steps: list[Step] = field(default_factory=list)
    built: bool = False
    checked_out: bool = False

    @property
    def repo(self) -> Path:
        # GitHub's $GITHUB_WORKSPACE: the same path in both jobs of a run.
        return self.workspace / "repo"

    @property
    def machine(self) -> Machine:
        return self.origin.machine

    def checkout(self) -> None:
        """What actions/checkout@v4 does for a push to BRANCH (fetch-depth 1)."""
        git = self.machine.git
        if self.repo.exists():
            shutil.rmtree(self.repo)
        self.repo.mkdir(parents=True)
        git(self.repo, "init", "-q")
        git(self.repo, "remote", "add", "origin", self.origin.url)
        git(
            self.repo,
            "-c",
            "protocol.version=2",
            "fetch",
            "-q",
            "--no-tags",
            "--prune",
            "--no-recurse-submodules",
            "--depth=1",
            "origin",
            f"+{self.sha}:refs/remotes/origin/{BRANCH}",
        )
        git(
            self.repo,
            "checkout",
            "-q",
            "--progress",
            "--force",
            "-B",
            BRANCH,
            f"refs/remotes/origin/{BRANCH}",
        )

    def env(self) -> dict[str, str]:
        tmp = self.workspace / "runner-temp"
        tmp.mkdir(parents=True, exist_ok=True)
        return {
            "GITHUB_ACTIONS": "true",
            "CI": "true",
            "GITHUB_REF_NAME": BRANCH,
            "GITHUB_REF": f"refs/heads/{BRANCH}",
            "GITHUB_SHA": self.sha,
            "GITHUB_WORKSPACE": str(self.repo),
            "RUNNER_TEMP": str(tmp),
        }

    def shell(self, name: str, script: str, **extra: str) -> Step:
        """A ``run:`` step, as the runner runs it (``bash -e``)."""
        done = self.machine.run(
            ["bash", "--noprofile", "--norc", "-e", "-c", script],
            self.repo,
            check=False,
            **{**self.env(), **extra},
        )
        result = Step(name, done.returncode, done.stdout + done.stderr)
        self.steps.append(result)
        return result

    def build_job(self) -> None:
        """Checkout, the workflow's build step, the manifest kept as an artifact."""
        self.checkout()
        built = self.shell("build", step("build", "build-site")["run"])
        if not built.ok():
            raise RuntimeError(f"the build failed:\n{built.out}")
        artifact = self.workspace / "artifact"
        if artifact.exists():
            shutil.rmtree(artifact)
        shutil.copytree(self.repo / ".posse", artifact)
        self.built = True

    def announce_checkout(self) -> None:
        """The announce job's checkout and its download of the artifact. A run
        that waits in the queue has this commit already fixed: when it checks
        out does not change what it gets."""
        assert self.built, "the build job runs first"
        self.checkout()
        shutil.copytree(self.workspace / "artifact", self.repo / ".posse")
        self.checked_out = True

    def announce_job(self, git_shims: Path | None = None) -> None:
        """The announce job: the workflow's ledger step, check, publish, and the
        workflow's commit step; ``git_shims`` first on PATH in the commit step
        (see ``interloper``)."""
        if not self.checked_out:
            self.announce_checkout()
        take = self.shell("take ledger", step("announce", "ledger-from-tip")["run"])
        checked = take.ok() and self.shell(
            "check", step("announce", "check")["run"], **self.machine.fakes_env
        )
        if checked and checked.ok():
            command = step("announce", "publish")["run"].replace(" --wait-live 300", "")
            self.shell("publish", command, **self.machine.fakes_env)
        extra = {}
        if git_shims is not None:
            extra["PATH"] = f"{git_shims}{os.pathsep}{self.machine.env()['PATH']}"
        self.shell("commit ledger", step("announce", "commit-ledger")["run"], **extra)

    def step_result(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)

    def pushed(self) -> bool:
        """The ledger this run committed is on the branch (or it had none)."""
        worktree = self.workspace / "runner-temp" / "posse-ledger"
        if not worktree.exists():
            return True
        head = self.machine.git(worktree, "rev-parse", "HEAD")
        return self.origin.is_ancestor(head)


def interloper(shims: Path, script: str) -> None:
    """A ``git`` shim: the first ``git push`` of the step runs ``script`` first
    (another push lands between the run's fetch and its push), then pushes."""
    shims.mkdir(parents=True, exist_ok=True)
    marker = shims / "interloper-done"
    shim = shims / "git"
    shim.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = push ] && [ ! -e {shlex.quote(str(marker))} ]; then\n'
        f"  touch {shlex.quote(str(marker))}\n"
        f"  {script}\n"
        "fi\n"
        f'exec {shlex.quote(REAL_GIT)} "$@"\n',
        encoding="utf-8",
    )
    shim.chmod(0o755)


def ledger_records(text: str) -> dict[str, dict[str, dict[str, Any]]]:
    """{article id: {network: record}} from a ledger of format 1 or 2."""
    data = json.loads(text)
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for aid, entry in data.get("articles", {}).items():
        posts = entry.get("posts", entry) if isinstance(entry, dict) else {}
        out[aid] = {
            net: rec
            for net, rec in posts.items()
            if isinstance(rec, dict) and "state" in rec
        }
    return out
