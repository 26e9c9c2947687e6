"""A Pelican build and ``pelican-posse plan`` / ``status`` never import a network SDK.

tweepy, Mastodon.py and atproto (with httpx) take from 0.3 s to 3 s to import; they
are imported only when a network actually posts (docs/ARCHITECTURE.md). Each check
runs in a fresh interpreter: this pytest process may have imported them already.
"""

from __future__ import annotations

import importlib.metadata
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
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)]),
            **(env or {}),
        },
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
    assert "pelican.plugins.posse.render.pieces" in modules, output  # the plugin ran
    manifest = json.loads((blog / ".posse" / "manifest.json").read_text("utf-8"))
    assert manifest["networks"] == NETWORKS
    assert sdks_in(modules) == []


# What a build needs only for some texts or settings, imported on first use:
# the third-party regex module (~50M instructions to import) for weighted
# lengths, URLs in a text (twitter-text's rules) and cutting a text the slow way
# (emoji, combining marks), and for POSSE_SHARE; the networks' base classes for
# posting; compose (and BudouX, emoji) for an article still to announce.
ON_FIRST_USE = (
    "regex",
    "pelican.plugins.posse.publish.networks.base",
    "pelican.plugins.posse.compose",
    "budoux",
    "emoji",
)
OPENING = (
    "中小企業の経営者にとって、事業承継は避けて通れない課題です。"
    "後継者の育成には五年から十年かかると言われています。"
    "資金繰り表を毎月更新している会社は、意外に少ないものです。\n\n"
    "Succession planning takes years. Start with the people, not the papers. "
    "A plan written down is a plan that can be discussed.\n\n"
)


def test_a_build_with_nothing_to_announce_leaves_the_rest_unimported():
    """A blog whose articles were all announced: og:descriptions cut from long
    Japanese and English openings, links back from the ledger, a manifest."""
    root = Path(".")
    site.write_settings(root, site.LEAN)
    articles = {}
    for n in range(3):
        path = site.article(
            root, f"post-{n}", f"記事 {n}", f"2020-01-0{n + 1} 09:00", Slug=f"post-{n}"
        )
        path.write_text(path.read_text("utf-8") + OPENING * 3, encoding="utf-8")
        record = {"state": "baseline", "attempts": 0}
        articles[path.name] = {"x": record, "facebook": record}
    articles["post-0.md"]["x"] = {
        "state": "posted",
        "attempts": 1,
        "url": "https://x.com/posse_demo/status/1",
    }
    ledger = {"format": 1, "networks": ["x", "facebook"], "articles": articles}
    (root / "posse-ledger.json").write_text(json.dumps(ledger), encoding="utf-8")

    run(BUILD)  # draws the card pictures; the build measured finds them cached
    modules, output = run(BUILD)

    page = (root / "output" / "post-0.html").read_text("utf-8")
    # Cut at a sentence end: shorten() ran.
    assert 'content="記事 0の本文です。中小企業の経営者' in page, output
    assert 'not the papers.">' in page
    assert "https://x.com/posse_demo/status/1" in page  # the link back
    manifest = json.loads((root / ".posse" / "manifest.json").read_text("utf-8"))
    assert all(a["texts"] == {} for a in manifest["articles"])  # nothing due
    assert [m for m in modules if m.startswith(ON_FIRST_USE)] == []


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
        assert f"pelican.plugins.posse.publish.networks.{name}" in modules, output
    if argv == ["plan", "--json"]:
        plan = json.loads(output)
        actions = {(i["network"], i["action"]) for i in plan["items"]}
        assert {(n, "post") for n in NETWORKS} <= actions
    # ... without importing any SDK.
    assert sdks_in(modules) == []


# --- the console script (_pelican_posse_cli) -------------------------------------
# It defers pelican/__init__.py (Pelican's generators, readers, docutils, Markdown,
# Jinja2 ...: half a second), which the command never needs.
PELICAN_BUILD_MODULES = (
    "pelican.generators",
    "pelican.readers",
    "pelican.writers",
    "docutils",
    "markdown",
    "jinja2",
    "feedgenerator",
)
SCRIPT = """
import _pelican_posse_cli
exit_code = _pelican_posse_cli.main({argv!r})
"""
COMMAND = str(Path(sys.executable).parent / "pelican-posse")


def command(*argv: str, module: bool = False) -> subprocess.CompletedProcess[str]:
    """``pelican-posse ARGV`` as installed, or as ``python -m`` runs the module."""
    head = [sys.executable, "-m", "pelican.plugins.posse.cli"] if module else [COMMAND]
    return subprocess.run(
        [*head, *argv],
        env={k: v for k, v in os.environ.items() if not k.startswith("POSSE_")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("argv", [["plan"], ["plan", "--json"], ["status"]])
def test_the_console_script_never_loads_pelicans_build_modules(blog, argv):
    run(BUILD)
    modules, output = run(SCRIPT.format(argv=argv))
    assert "pelican.settings" in modules, output  # Pelican read the settings
    loaded = [m for m in modules if m.startswith(PELICAN_BUILD_MODULES)]
    assert loaded == [], output
    # --version reads the distribution's metadata only when asked; a mistyped id
    # loads difflib only then.
    assert "importlib.metadata" not in modules and "difflib" not in modules
    if argv == ["plan", "--json"]:
        assert {i["action"] for i in json.loads(output)["items"]} == {"outbox"}


def test_the_console_script_says_what_the_module_says(blog):
    run(BUILD)
    for argv, words in (
        (["plan"], "Plan: 12 post(s)"),
        (["plan", "--json"], '"action": "outbox"'),
        (["status"], "No ledger yet"),
        (["publish", "--dry-run"], "Dry run (nothing is sent): 12 post(s)"),
    ):
        script, module = command(*argv), command(*argv, module=True)
        assert script.returncode == module.returncode == 0, script.stderr
        assert (script.stdout, script.stderr) == (module.stdout, module.stderr)
        assert words in script.stdout
    # Mistakes too: same words, same exit code.
    broken = blog / "broken.py"
    broken.write_text("SITEURL = (\n", encoding="utf-8")
    script, module = (
        command("-s", "broken.py", "plan"),
        command("-s", "broken.py", "plan", module=True),
    )
    assert script.returncode == module.returncode == 2
    assert script.stderr == module.stderr
    assert "broken.py, line 1:" in " ".join(script.stderr.split())


def test_a_settings_file_importing_from_pelican_works_through_the_console_script(
    blog,
):
    """publishconf.py as pelican-quickstart writes it (``from pelicanconf import
    *``), plus names taken from the pelican package itself: its ``__init__`` runs
    as soon as one is asked for, and gives the real thing."""
    run(BUILD)
    (blog / "pelicanconf.py").write_text(
        (blog / "publishconf.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (blog / "publishconf.py").write_text(
        "import os\n"
        "import sys\n"
        "sys.path.append(os.curdir)\n"
        "from pelicanconf import *\n"
        "import pelican\n"
        "from pelican import signals\n"
        "from pelican.settings import DEFAULT_CONFIG\n"
        "SEEN = (pelican.__version__, pelican.Pelican.__name__, "
        "signals.finalized.name, DEFAULT_CONFIG['DEFAULT_LANG'])\n"
        "with open('seen.txt', 'w', encoding='utf-8') as handle:\n"
        "    handle.write(' '.join(SEEN))\n",
        encoding="utf-8",
    )
    done = command("plan", "--json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["items"]) == 3 * len(NETWORKS)
    version = importlib.metadata.version("pelican")
    assert (blog / "seen.txt").read_text(
        "utf-8"
    ) == f"{version} Pelican pelican_finalized en"
