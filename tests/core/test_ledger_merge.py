"""Two branches that both wrote the ledger: ``merge`` keeps every record, and
``pelican-posse merge-ledger`` does it for git (merge and pull --rebase)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pelican.plugins.posse import ledger as ledger_module
from pelican.plugins.posse.cli import main
from pelican.plugins.posse.ledger import Ledger, LedgerError, Record, merge

PLUGINS = Path(ledger_module.__file__).parents[4]
NAME = "posse-ledger.json"


def text(**articles: dict[str, Record]) -> str:
    """A ledger's text: article id (dots as _) -> {network: Record}."""
    ledger = Ledger(Path(NAME))
    for aid, records in articles.items():
        for network, record in records.items():
            ledger.set(aid.replace("_", "."), network, record)
    return ledger.to_json()


def read(joined: str) -> Ledger:
    return Ledger.from_text(Path(NAME), joined)


def test_merge_keeps_every_record_of_both_sides():
    base = text(a_md={"x": Record(state="posted")})
    ours = text(a_md={"x": Record(state="posted")}, b_md={"x": Record(state="posted")})
    theirs = text(
        a_md={"x": Record(state="posted"), "facebook": Record(state="baseline")},
        c_md={"facebook": Record(state="failed", error="190")},
    )
    joined = read(merge(base, ours, theirs))
    assert joined.ids() == ["a.md", "b.md", "c.md"]
    assert joined.record("a.md", "facebook").state == "baseline"
    assert joined.record("c.md", "facebook").error == "190"
    assert joined.networks == {"x", "facebook"}


@pytest.mark.parametrize(
    ("mine", "other", "kept"),
    [
        ("posted", "pending", "posted"),
        ("pending", "posted", "posted"),
        ("posting", "posted", "posted"),
        ("duplicate", "baseline", "duplicate"),
        ("baseline", "abandoned", "baseline"),
        ("abandoned", "uncertain", "abandoned"),
        ("uncertain", "posting", "uncertain"),
        ("posting", "failed", "posting"),
        ("failed", "pending", "failed"),
        ("outbox", "pending", "pending"),
        ("outbox", "posted", "posted"),
    ],
)
def test_the_state_that_says_most_wins(mine, other, kept):
    for ours, theirs in ((mine, other), (other, mine)):
        joined = read(
            merge(
                None,
                text(a_md={"x": Record(state=ours)}),
                text(a_md={"x": Record(state=theirs)}),
            )
        )
        assert joined.record("a.md", "x").state == kept


def test_a_tie_goes_to_the_later_record_and_keeps_a_url_either_side_has():
    early = Record(state="pending", at="2026-01-01T00:00:00+00:00", error="old")
    late = Record(state="pending", at="2026-01-02T00:00:00+00:00", error="new")
    for pair in ((early, late), (late, early)):
        joined = read(merge(None, text(a_md={"x": pair[0]}), text(a_md={"x": pair[1]})))
        assert joined.record("a.md", "x").error == "new"
    with_url = Record(state="posted", at="2026-01-01T00:00:00+00:00", url="https://x/1")
    with_id = Record(state="posted", at="2026-01-02T00:00:00+00:00", remote_id="1")
    joined = read(merge(None, text(a_md={"x": with_url}), text(a_md={"x": with_id})))
    assert joined.record("a.md", "x") == Record(
        state="posted", at="2026-01-02T00:00:00+00:00", url="https://x/1", remote_id="1"
    )


def test_article_url_date_and_newest_come_from_either_side():
    left = Ledger(Path(NAME))
    left.note_article("a.md", "https://blog/a/", None)
    left.set("a.md", "x", Record(state="posted"))
    left.newest["x"] = "2026-01-01T00:00:00+00:00"
    right = Ledger(Path(NAME))
    right.note_article("a.md", None, "2026-02-01T00:00:00+09:00")
    right.note_article("b.md", "https://blog/b/", "2026-03-01T00:00:00+00:00")
    right.set("b.md", "facebook", Record(state="posted"))
    joined = read(merge(None, left.to_json(), right.to_json()))
    assert joined.article_info("a.md") == (
        "https://blog/a/",
        "2026-02-01T00:00:00+09:00",
    )
    assert joined.article_info("b.md") == (
        "https://blog/b/",
        "2026-03-01T00:00:00+00:00",
    )
    assert joined.newest == {
        "x": "2026-02-01T00:00:00+09:00",
        "facebook": "2026-03-01T00:00:00+00:00",
    }


def test_a_format_1_side_is_upgraded_first():
    old = {
        "format": 1,
        "networks": ["x"],
        "articles": {"a.md": {"x": {"state": "posted", "url": "https://x/1"}}},
    }
    joined = merge(None, json.dumps(old), text(b_md={"x": Record(state="pending")}))
    data = json.loads(joined)
    assert data["format"] == 3
    assert data["articles"]["a.md"]["posts"]["x"]["url"] == "https://x/1"
    assert "b.md" in data["articles"]


@pytest.mark.parametrize("side", [1, 2])
def test_a_damaged_side_is_an_error_naming_its_file(side):
    good = text(a_md={"x": Record(state="posted")})
    texts = ["", good, good]
    texts[side] = good.replace('"posted"', '"sent"')
    names = ("BASE", "OURS", "THEIRS")
    with pytest.raises(LedgerError, match=f"^{names[side]}, line"):
        merge(*texts, names=names)


# --- the command ------------------------------------------------------------------
def test_the_command_writes_ours_and_needs_no_settings(capsys):
    Path("base").write_text("", encoding="utf-8")  # git's %O with no ancestor
    Path("ours").write_text(text(a_md={"x": Record(state="pending")}))
    Path("theirs").write_text(text(a_md={"x": Record(state="posted")}))
    assert main(["merge-ledger", "base", "ours", "theirs"]) == 0
    assert read(Path("ours").read_text()).record("a.md", "x").state == "posted"
    assert sorted(p.name for p in Path(".").iterdir()) == ["base", "ours", "theirs"]


def test_the_command_refuses_a_damaged_side_and_leaves_ours(capsys):
    Path("base").write_text("", encoding="utf-8")
    ours = text(a_md={"x": Record(state="pending")})
    Path("ours").write_text(ours)
    Path("theirs").write_text("<<<<<<< HEAD\n{}\n=======\n{}\n>>>>>>> b\n")
    assert main(["merge-ledger", "base", "ours", "theirs"]) == 1
    said = " ".join(capsys.readouterr().err.split())
    assert "theirs, line 1" in said and "conflict markers" in said
    assert Path("ours").read_text() == ours
    assert main(["merge-ledger", "base", "ours", "missing"]) == 1
    assert "missing: no such file" in " ".join(capsys.readouterr().err.split())


# --- with git -----------------------------------------------------------------------
pytestmark_git = pytest.mark.skipif(shutil.which("git") is None, reason="no git")


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    done = subprocess.run(
        ["git", *args], check=False, cwd=folder, env=env, capture_output=True, text=True
    )
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}:\n{done.stdout}{done.stderr}")
    return done


def register(folder: Path) -> None:
    """What the docs tell users to do once per clone (the driver is this
    checkout's command, run as the console script runs it)."""
    python = shlex.quote(sys.executable)
    path = shlex.quote(os.pathsep.join([str(PLUGINS), str(PLUGINS.parent)]))
    driver = f"PYTHONPATH={path} {python} -m _pelican_posse_cli merge-ledger %O %A %B"
    git(folder, "config", "merge.posse-ledger.name", "pelican-posse ledger")
    git(folder, "config", "merge.posse-ledger.driver", driver)


def commit_ledger(folder: Path, message: str, **articles: dict[str, Record]) -> None:
    path = folder / NAME
    ledger = Ledger.load(path)
    for aid, records in articles.items():
        for network, record in records.items():
            ledger.set(aid.replace("_", "."), network, record)
    ledger.save()
    git(folder, "add", NAME)
    git(folder, "commit", "-q", "-m", message)


def start(folder: Path) -> None:
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    register(folder)
    (folder / ".gitattributes").write_text(f"{NAME} merge=posse-ledger\n")
    git(folder, "add", ".gitattributes")
    commit_ledger(folder, "baseline", a_md={"x": Record(state="baseline")})


@pytestmark_git
def test_git_merge_joins_both_branches_ledgers():
    repo = Path("repo")
    start(repo)
    git(repo, "checkout", "-q", "-b", "run-2")
    commit_ledger(
        repo,
        "run 2",
        b_md={"x": Record(state="posted", url="https://x.com/h/status/2")},
        c_md={"x": Record(state="pending", error="429")},
    )
    git(repo, "checkout", "-q", "main")
    commit_ledger(
        repo,
        "run 1",
        c_md={"x": Record(state="pending", error="timeout")},
        d_md={"facebook": Record(state="posted", url="https://fb/4")},
    )
    c_on_main = Ledger.load(repo / NAME).record("c.md", "x")
    git(repo, "merge", "-q", "--no-edit", "run-2")
    joined = Ledger.load(repo / NAME)
    assert joined.ids() == ["a.md", "b.md", "c.md", "d.md"]
    assert joined.record("b.md", "x").url == "https://x.com/h/status/2"
    assert joined.record("d.md", "facebook").url == "https://fb/4"
    assert joined.record("c.md", "x").state == "pending"
    assert joined.record("c.md", "x").error in ("429", c_on_main.error)
    assert joined.networks == {"x", "facebook"}
    assert git(repo, "status", "--porcelain").stdout == ""


@pytestmark_git
def test_git_pull_rebase_keeps_the_other_run_s_posts():
    """Two CI runs from one commit: the second's push is rejected; it pulls
    with --rebase, and a posted record beats its own pending one."""
    origin = Path("origin.git")
    git(Path("."), "init", "-q", "--bare", "-b", "main", str(origin))
    start(Path("seed"))
    git(Path("seed"), "push", "-q", str(origin.resolve()), "main")
    for run in ("run1", "run2"):
        git(Path("."), "clone", "-q", str(origin), run)
        register(Path(run))
    commit_ledger(
        Path("run1"),
        "run 1 posted b",
        b_md={"x": Record(state="posted", url="https://x.com/h/status/2")},
    )
    git(Path("run1"), "push", "-q", "origin", "main")
    commit_ledger(
        Path("run2"),
        "run 2 failed to post b, posted c",
        b_md={"x": Record(state="pending", error="timeout")},
        c_md={"x": Record(state="posted", url="https://x.com/h/status/3")},
    )
    assert git(Path("run2"), "push", "-q", "origin", "main", check=False).returncode
    git(Path("run2"), "pull", "-q", "--rebase", "origin", "main")
    git(Path("run2"), "push", "-q", "origin", "main")
    joined = Ledger.load(Path("run2") / NAME)
    assert joined.record("b.md", "x").state == "posted"
    assert joined.record("b.md", "x").url == "https://x.com/h/status/2"
    assert joined.record("c.md", "x").url == "https://x.com/h/status/3"
    assert joined.record("a.md", "x").state == "baseline"
    log = git(Path("run2"), "log", "--format=%s").stdout.splitlines()
    assert log[:2] == ["run 2 failed to post b, posted c", "run 1 posted b"]


@pytestmark_git
def test_git_reports_a_conflict_when_a_side_is_damaged():
    repo = Path("repo")
    start(repo)
    git(repo, "checkout", "-q", "-b", "broken")
    (repo / NAME).write_text('{"format": 2, "articles": {"a.md": 1}}\n')
    git(repo, "commit", "-q", "-am", "a hand edit gone wrong")
    git(repo, "checkout", "-q", "main")
    commit_ledger(repo, "run", b_md={"x": Record(state="posted")})
    ours = (repo / NAME).read_text()
    done = git(repo, "merge", "--no-edit", "broken", check=False)
    assert done.returncode != 0
    said = " ".join((done.stdout + done.stderr).split())
    assert "cannot merge the ledgers" in said and "'a.md': must be an object" in said
    assert "CONFLICT" in said
    assert (repo / NAME).read_text() == ours  # git leaves ours, marked unmerged


@pytestmark_git
def test_without_the_driver_the_conflict_is_explained_and_the_hand_fix_works():
    repo = Path("repo")
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit_ledger(repo, "baseline", a_md={"x": Record(state="baseline")})
    git(repo, "checkout", "-q", "-b", "other")
    commit_ledger(repo, "other run", b_md={"x": Record(state="posted", url="u")})
    git(repo, "checkout", "-q", "main")
    commit_ledger(repo, "this run", b_md={"x": Record(state="pending")})
    assert git(repo, "merge", "--no-edit", "other", check=False).returncode
    with pytest.raises(LedgerError, match="conflict markers") as err:
        Ledger.load(repo / NAME)
    message = str(err.value)
    # The fix the message gives, step by step.
    hand = message.split("join this one by hand: ")[1].partition(". Or")[0]
    for step in hand.split("; "):
        words = shlex.split(step)
        if words[0] == "pelican-posse":
            os.chdir(repo)
            try:
                assert main(words[1:]) == 0
            finally:
                os.chdir("..")
        elif ">" in words:
            out = words.index(">")
            shown = git(repo, *words[1:out]).stdout
            (repo / words[out + 1]).write_text(shown, encoding="utf-8")
        elif words[0] == "mv":
            (repo / words[1]).replace(repo / words[2])
        else:
            git(repo, *words[1:])
    joined = Ledger.load(repo / NAME)
    assert joined.record("b.md", "x").state == "posted"
    git(repo, "commit", "-q", "--no-edit")
