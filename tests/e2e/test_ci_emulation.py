"""docs/github-actions.yml, run as GitHub Actions would run it, with real git.

A bare repository stands for GitHub; a pelican-quickstart blog is pushed to it
and baselined; each workflow run checks out its triggering commit the way
actions/checkout@v4 does (depth 1), builds, and runs the announce job's own shell
steps (read from the YAML) around ``pelican-posse publish`` against the local fake
X and Graph API (see tests/harness/ci.py). What each scenario must show:

- every new article is posted exactly once on each network (counted as requests
  the fakes received, not only posts they accepted: a fake that refuses a copy
  must not hide an attempt the real network would have accepted);
- the ledger on the branch tip records every post (``posted``, with its URL);
- no failed merges: every commit step succeeds, every run's ledger commit is on
  the branch, no conflict markers.

``pytest -s`` prints the figures, one line per scenario and a total.
"""

from __future__ import annotations

import json
import shlex
from collections import Counter
from urllib.parse import parse_qs

import pytest
import yaml

from tests.harness import ci

pytest_plugins = ["tests.fakes.fixtures"]
pytestmark = pytest.mark.slow

OLD = [
    ("hojokin-kihon", "補助金申請の基本", "2026-01-10 09:00"),
    ("jigyo-keikaku", "事業計画書の書き方", "2026-02-03 09:00"),
]
NETWORKS = ("x", "facebook")
CONFLICT = ("<<<<<<< ", "=======", ">>>>>>> ")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The blog, built and baselined by its author, pushed: made once per module."""
    base = tmp_path_factory.mktemp("ci-template")
    machine = ci.Machine(base, {})
    where = machine.run(
        [
            "python",
            "-c",
            "import pelican.plugins.posse as p, _pelican_posse_cli as c; "
            "print(p.__file__); print(c.__file__)",
        ],
        base,
    ).stdout
    # The shim and the builds run this checkout's code, not an installed copy.
    assert all(line.startswith(str(ci.ROOT / "plugins")) for line in where.split()), (
        where
    )
    return ci.Origin.create(machine, base / "origin.git", OLD)


@pytest.fixture(scope="module")
def totals():
    figures = Counter()
    yield figures
    if figures["runs"]:
        print(
            f"\nCI emulation (all scenarios): {figures['runs']} runs, duplicates "
            f"{figures['duplicates']}, lost records {figures['lost']}, failed "
            f"merges {figures['failed merges']}"
        )


class World:
    """One scenario: the origin, its runs, the fakes."""

    def __init__(self, template, tmp_path, *, fake_x, fake_graph, fakes_env, totals):
        self.machine = ci.Machine(tmp_path, fakes_env)
        self.origin = template.copy(self.machine, tmp_path / "origin.git")
        self.tmp = tmp_path
        self.fake_x, self.fake_graph = fake_x, fake_graph
        self.runs: list[ci.Run] = []
        self.new: dict[str, str] = {}  # article id -> URL
        self.totals = totals

    def write(self, slug: str, title: str, hours_ago: float) -> None:
        url = ci.article(self.origin.author, slug, title, ci.ago(hours_ago))
        self.new[f"{slug}.md"] = url

    def push(self, slug: str, title: str, hours_ago: float) -> str:
        """The author writes an article and pushes it: a run's triggering commit."""
        self.write(slug, title, hours_ago)
        return self.origin.author_push(f"Add {slug}")

    def run(self, sha: str) -> ci.Run:
        run = ci.Run(self.origin, sha, self.tmp / f"run-{len(self.runs) + 1}")
        self.runs.append(run)
        return run

    # --- what the fakes received ---
    def sends(self) -> Counter:
        """(article URL, network) -> post requests that carried it."""
        counts: Counter = Counter()
        for received in self.fake_x.received:
            if received.method == "POST" and received.path.startswith("/2/tweets"):
                text = json.loads(received.body or b"{}").get("text", "")
                for url in self.urls_in(text):
                    counts[url, "x"] += 1
        for received in self.fake_graph.received:
            if received.method == "POST" and "/feed" in received.path:
                form = parse_qs(received.text)
                text = " ".join(form.get("link", []) + form.get("message", []))
                for url in self.urls_in(text):
                    counts[url, "facebook"] += 1
        return counts

    def urls_in(self, text: str) -> set[str]:
        known = [u for _, _, u in self.old_urls()] + list(self.new.values())
        return {u for u in known if u in text}

    def old_urls(self):
        return [(slug, t, f"{ci.SITEURL}/{slug}.html") for slug, t, _ in OLD]

    def accepted(self) -> Counter:
        counts: Counter = Counter()
        for post in self.fake_x.posts:
            for url in self.urls_in(post["text"]):
                counts[url, "x"] += 1
        for post in self.fake_graph.posts:
            for url in self.urls_in(f"{post.get('link', '')} {post['message']}"):
                counts[url, "facebook"] += 1
        return counts

    # --- the figures, and the assertions ---
    def check(self, scenario: str, expect_unposted: dict[str, str] | None = None):
        """Every new article once per network, every post recorded on the tip,
        no failed merge. ``expect_unposted``: article id -> the state it must
        have instead (never announced, e.g. baselined)."""
        expect_unposted = expect_unposted or {}
        sends, accepted = self.sends(), self.accepted()
        text = self.origin.show(ci.LEDGER)
        markers = [line for line in text.splitlines() if line.startswith(CONFLICT)]
        records = {} if markers else ci.ledger_records(text)
        duplicates = sum(max(0, n - 1) for n in sends.values())
        lost = []
        for aid in self.new:
            for network in NETWORKS:
                record = records.get(aid, {}).get(network) or {}
                if aid in expect_unposted:
                    if record.get("state") != expect_unposted[aid]:
                        lost.append((aid, network, record.get("state")))
                elif record.get("state") != "posted" or not record.get("url"):
                    lost.append((aid, network, record.get("state")))
        failed = [
            (n, s.name, s.out)
            for n, run in enumerate(self.runs, 1)
            for s in run.steps
            if s.name in ("take ledger", "commit ledger") and not s.ok()
        ]
        not_pushed = [n for n, run in enumerate(self.runs, 1) if not run.pushed()]
        failed_runs = {n for n, _, _ in failed} | set(not_pushed)
        failed_merges = len(failed_runs) + (1 if markers else 0)
        print(
            f"\nCI emulation ({scenario}): {len(self.runs)} runs, duplicates "
            f"{duplicates}, lost records {len(lost)}, failed merges {failed_merges}"
        )
        self.totals.update(
            runs=len(self.runs),
            duplicates=duplicates,
            lost=len(lost),
            **{"failed merges": failed_merges},
        )

        assert not markers, f"conflict markers on the branch tip:\n{text}"
        assert not failed, "\n\n".join(
            f"run {n}, step {name}:\n{out}" for n, name, out in failed
        )
        assert not not_pushed, (
            f"runs whose ledger commit is not on the branch: {not_pushed}"
        )
        publish = [
            (n, s.out)
            for n, run in enumerate(self.runs, 1)
            for s in run.steps
            if s.name in ("check", "publish") and not s.ok()
        ]
        assert not publish, publish
        for aid, url in self.new.items():
            for network in NETWORKS:
                want = 0 if aid in expect_unposted else 1
                assert sends[url, network] == want, (aid, network, sends)
                assert accepted[url, network] == want, (aid, network, accepted)
        for _, _, url in self.old_urls():
            assert not any(sends[url, n] for n in NETWORKS), "an old article was sent"
        assert duplicates == 0
        assert not lost, f"not recorded on the branch tip: {lost}\n{text}"


@pytest.fixture
def world(template, tmp_path, *, fake_x, fake_graph, fakes_env, totals):
    return World(
        template,
        tmp_path,
        fake_x=fake_x,
        fake_graph=fake_graph,
        fakes_env=fakes_env,
        totals=totals,
    )


def test_overlapping_runs_each_announce_only_their_own_article(world):
    """Run 2 is started by a later push and checks out its commit before run 1
    has committed its ledger; its announce job starts once run 1 has finished
    (the concurrency group serialises the jobs, not the checkouts)."""
    first = world.run(world.push("shinki-a", "新しい記事A", hours_ago=5))
    first.build_job()
    second = world.run(world.push("shinki-b", "新しい記事B", hours_ago=4))
    second.build_job()
    second.announce_checkout()  # before run 1 pushes its ledger
    first.announce_job()
    second.announce_job()

    assert "shinki-a.md" not in ci.ledger_records(
        world.origin.show(ci.LEDGER, second.sha)
    ), "run 2's own commit does not hold run 1's ledger: the case under test"
    # The depth-1 checkout fetched only what came after its commit: run 1's
    # ledger commit, on top of run 2's commit.
    count = world.machine.git(second.repo, "rev-list", "--count", "FETCH_HEAD")
    assert count == "2"
    world.check("overlapping runs")


def test_a_rerun_of_an_older_commit_sends_nothing_and_keeps_every_record(world):
    """A re-run of run 1 after run 2 has finished: same commit, same artifact
    contents; the newer article is not in its build, its records must stay."""
    sha_a = world.push("shinki-a", "新しい記事A", hours_ago=5)
    first = world.run(sha_a)
    first.build_job()
    first.announce_job()
    second = world.run(world.push("shinki-b", "新しい記事B", hours_ago=4))
    second.build_job()
    second.announce_job()
    rerun = world.run(sha_a)
    rerun.build_job()
    rerun.announce_job()

    assert "unchanged" in rerun.step_result("commit ledger").out
    world.check("re-run of an older commit")


def test_a_rerun_of_the_same_commit_sends_nothing(world):
    sha = world.push("shinki-a", "新しい記事A", hours_ago=5)
    for _ in range(2):
        run = world.run(sha)
        run.build_job()
        run.announce_job()
    world.check("re-run of the same commit")


def test_a_push_refused_because_another_commit_landed_is_retried(world):
    """While run 1 announces, the author pushes another article: run 1's push
    is refused once; it rebases and pushes again. The next run announces the
    other article and nothing else."""
    first = world.run(world.push("shinki-a", "新しい記事A", hours_ago=5))
    first.build_job()
    world.write("shinki-c", "新しい記事C", hours_ago=1)
    git, author = shlex.quote(ci.REAL_GIT), shlex.quote(str(world.origin.author))
    ident = " ".join(ci.AUTHOR)
    ci.interloper(
        world.tmp / "git-shims",
        f"{git} -C {author} add content && "
        f"{git} -C {author} {ident} commit -q -m 'Add shinki-c' && "
        f"{git} -C {author} push -q origin HEAD:{ci.BRANCH}",
    )
    first.announce_job(git_shims=world.tmp / "git-shims")
    commit = first.step_result("commit ledger")
    assert "The push was refused (attempt 1 of 5)" in commit.out, commit.out
    sha_c = world.machine.git(world.origin.author, "rev-parse", "HEAD")
    assert world.origin.tip() != sha_c, "run 1's ledger commit landed after it"

    second = world.run(sha_c)
    second.build_job()
    second.announce_job()
    world.check("push refused once, retried")


def test_a_ledger_changed_on_the_branch_meanwhile_is_merged_record_by_record(world):
    """While run 1 posts article B, the author imports an old article D and runs
    ``pelican-posse baseline`` (which marks B, not yet recorded on the branch, as
    baseline) and pushes content and ledger. Run 1's push is refused; its rebase
    merges the two ledgers with the merge driver: B posted (a post beats a
    baseline), D baseline. Needs ``pelican-posse merge-ledger``."""
    first = world.run(world.push("shinki-b", "新しい記事B", hours_ago=3))
    first.build_job()
    old = ci.article(world.origin.author, "furui-d", "昔の記事D", "2025-06-01 09:00")
    world.new["furui-d.md"] = old
    author = shlex.quote(str(world.origin.author))
    ident = " ".join(ci.AUTHOR)
    ci.interloper(
        world.tmp / "git-shims",
        f"(cd {author} && "
        "pelican content -o output -s publishconf.py >/dev/null 2>&1 && "
        "pelican-posse -s publishconf.py baseline >/dev/null && "
        f"{shlex.quote(ci.REAL_GIT)} add content {ci.LEDGER} && "
        f"{shlex.quote(ci.REAL_GIT)} {ident} commit -q -m 'Import furui-d' && "
        f"{shlex.quote(ci.REAL_GIT)} push -q origin HEAD:{ci.BRANCH})",
    )
    first.announce_job(git_shims=world.tmp / "git-shims")
    sha_d = world.machine.git(world.origin.author, "rev-parse", "HEAD")
    authors = ci.ledger_records(world.origin.show(ci.LEDGER, sha_d))
    assert authors["shinki-b.md"]["x"]["state"] == "baseline", "the case under test"

    second = world.run(sha_d)
    second.build_job()
    second.announce_job()
    world.check("ledger changed meanwhile", expect_unposted={"furui-d.md": "baseline"})


def test_the_emulated_checkout_is_shallow_like_actions_checkout(world):
    run = world.run(world.origin.tip())
    run.checkout()
    assert world.machine.git(run.repo, "rev-parse", "--is-shallow-repository") == "true"
    assert world.machine.git(run.repo, "rev-list", "--count", "HEAD") == "1"
    assert world.machine.git(run.repo, "branch", "--show-current") == ci.BRANCH


def test_the_workflow_steps_it_runs_are_the_ones_in_the_yaml():
    # Nothing is rewritten but publish's --wait-live (no deployed site here).
    assert "git fetch" in ci.step("announce", "ledger-from-tip")["run"]
    assert "git push" in ci.step("announce", "commit-ledger")["run"]
    assert "--wait-live 300" in ci.step("announce", "publish")["run"]
    assert "check --offline" in ci.step("announce", "check")["run"]
    workflow = yaml.safe_load(ci.WORKFLOW.read_text("utf-8"))
    steps = [s.get("id") for s in workflow["jobs"]["announce"]["steps"]]
    assert steps.index("check") < steps.index("publish")
    assert ci.step("build", "build-site")["run"].startswith("pelican content")
