"""A Pelican build and ``pelican-posse plan`` / ``status`` never import a network SDK.

tweepy, Mastodon.py and atproto (with httpx) take from 0.3 s to 3 s to import; they
are imported only when a network actually posts (docs/ARCHITECTURE.md). Each check
runs in a fresh interpreter: this pytest process may have imported them already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.harness import site

# Top-level packages of the SDKs (Mastodon.py is the package "mastodon").
# requests too: every network module imports it only when it posts.
SDKS = (
    "tweepy",
    "mastodon",
    "atproto",
    "atproto_client",
    "atproto_core",
    "httpx",
    "requests",
)
NETWORKS = ["x", "facebook", "mastodon", "bluesky"]
CREDENTIALS = {
    "POSSE_X_API_KEY": "test-x-api-key",
    "POSSE_X_API_SECRET": "test-x-api-secret",
    "POSSE_X_ACCESS_TOKEN": "test-x-access-token",
    "POSSE_X_ACCESS_TOKEN_SECRET": "test-x-access-token-secret",
    "POSSE_FACEBOOK_PAGE_ID": "1234567890",
    "POSSE_FACEBOOK_PAGE_TOKEN": "test-facebook-page-token",
    "POSSE_MASTODON_INSTANCE": "mastodon.example",
    "POSSE_MASTODON_TOKEN": "test-mastodon-token",
    "POSSE_BLUESKY_HANDLE": "hanako.example.jp",
    "POSSE_BLUESKY_APP_PASSWORD": "test-bluesky-app-password",
}

# Runs the code given in argv[2] (cwd: the site), then writes the names of every
# imported module to the file argv[1].
WRAPPER = """
import json, sys
out, code = sys.argv[1], sys.argv[2]
namespace = {}
try:
    exec(code, namespace)
finally:
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(sorted(sys.modules), handle)
sys.exit(namespace.get("exit_code", 0))
"""
BUILD = """
from pelican import Pelican
from pelican.settings import read_settings
Pelican(read_settings("publishconf.py")).run()
"""
CLI = """
from pelican.plugins.posse import cli
exit_code = cli.main({argv!r})
"""


def run(code: str, env: dict[str, str] | None = None) -> tuple[list[str], str]:
    """(modules imported, stdout) of ``code`` run in a fresh interpreter here."""
    listing = Path("modules.json").resolve()
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(listing), code],
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    modules = json.loads(listing.read_text(encoding="utf-8"))
    listing.unlink()
    return modules, done.stdout


def sdks_in(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in SDKS]


@pytest.fixture
def blog() -> Path:
    root = Path(".")
    site.write_settings(
        root,
        {"POSSE_SYNDICATE": NETWORKS, "POSSE_SINCE": "2020-01-01", **site.LEAN},
    )
    site.many(root, 3)
    return root


def test_a_pelican_build_with_every_network_imports_no_sdk(blog):
    modules, output = run(BUILD, CREDENTIALS)
    assert "pelican.plugins.posse.plugin" in modules, output  # the plugin ran
    manifest = json.loads((blog / ".posse" / "manifest.json").read_text("utf-8"))
    assert manifest["networks"] == NETWORKS
    assert sdks_in(modules) == []


@pytest.mark.parametrize("argv", [["plan"], ["plan", "--json"], ["status"]])
def test_plan_and_status_with_every_network_import_no_sdk(blog, argv):
    run(BUILD)
    # History on every network, including a post interrupted while sending (the
    # engine then asks each network class whether it detects duplicates).
    manifest = json.loads((blog / ".posse" / "manifest.json").read_text("utf-8"))
    first, second = (a["id"] for a in manifest["articles"][:2])
    record = {"state": "posted", "attempts": 1, "at": "2020-01-02T00:00:00+00:00"}
    posting = {"state": "posting", "attempts": 1, "at": "2020-01-02T00:00:00+00:00"}
    ledger = {
        "format": 1,
        "networks": NETWORKS,
        "articles": {
            first: dict.fromkeys(NETWORKS, record),
            second: dict.fromkeys(NETWORKS, posting),
        },
    }
    (blog / "posse-ledger.json").write_text(json.dumps(ledger), encoding="utf-8")

    modules, output = run(CLI.format(argv=argv), CREDENTIALS)
    # The networks were looked at (their classes say what they need) ...
    for name in NETWORKS:
        assert f"pelican.plugins.posse.networks.{name}" in modules, output
    if argv == ["plan", "--json"]:
        plan = json.loads(output)
        actions = {(i["network"], i["action"]) for i in plan["items"]}
        assert {(n, "post") for n in NETWORKS} <= actions
    # ... without importing any SDK.
    assert sdks_in(modules) == []
