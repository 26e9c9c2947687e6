"""The wheel a user installs: built from this tree, discovered by Pelican.

The wheel is built offline (``python -m build --no-isolation``: hatchling comes
from the test extra) and installed with ``--no-deps --no-index`` into a new
virtual environment in tmp_path. Tests may not reach PyPI, so that environment
gets the already installed dependencies (Pelican, Jinja2, …) through a ``.pth``
line *after* its own site-packages. The test's own checks make sure that the
plugin it imports is the installed wheel, not this repository's source: the
repository's editable-install hook lives in a ``.pth`` file of the project's
venv, and a directory added by a ``.pth`` line does not run its ``.pth`` files.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

PACKAGE = "pelican/plugins/posse/"


def run(*args: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    run(
        sys.executable, "-m", "build", "--wheel", "--no-isolation",
        "--outdir", dist, ROOT,
        cwd=ROOT,
    )  # fmt: skip
    (found,) = dist.glob("pelican_posse-*.whl")
    return found


def test_wheel_carries_the_plugin_its_templates_and_assets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "__init__.py",
        "render/pieces.py",
        "publish/engine.py",
        "text/tlds.txt",
        "profiles.py",
        "templates/posse/follow.html",
        "templates/posse/author_card.html",
        "templates/posse/head.html",
        "templates/posse/auto_article.html",
        "templates/posse/syndication.html",
        "templates/posse/share.html",
        "static/posse.css",
        "static/icons/x.svg",
        "static/icons/hatena.svg",
        "static/ICONS-LICENSE.md",
        "locale/ja/LC_MESSAGES/pelican-posse.po",
        "locale/ja/LC_MESSAGES/pelican-posse.mo",
    ):
        assert PACKAGE + name in names, name
    # The console script's module, outside the pelican package (see its docstring).
    assert "_pelican_posse_cli.py" in names
    # A namespace package: Pelican finds plugins under pelican.plugins.*
    assert "pelican/__init__.py" not in names
    assert "pelican/plugins/__init__.py" not in names
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)


def test_installed_wheel_is_listed_by_pelican_plugins(wheel, tmp_path):
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    run(
        sys.executable, "-m", "pip", "--python", python, "install",
        "--no-deps", "--no-index", "--quiet", wheel,
    )  # fmt: skip
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        ).strip()
    )
    # The dependencies already installed here, after the new site-packages.
    (site / "zz_test_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )

    listed = run(
        python,
        "-c",
        "from pelican.plugins._utils import list_plugins; list_plugins()",
        cwd=tmp_path,
    )
    assert "pelican.plugins.posse" in listed

    probe = (
        "import json, pelican.plugins.posse as p\n"
        "from pelican.plugins._utils import get_plugin_name, load_plugins\n"
        "from pelican.plugins.posse.render import pieces as rendering\n"
        "plugins = load_plugins({'PLUGINS': None})\n"
        "print(json.dumps({'file': p.__file__,\n"
        "  'found': [get_plugin_name(x) for x in plugins],\n"
        "  'templates': rendering.TEMPLATES.joinpath('posse/follow.html').is_file()}))"
    )
    facts = json.loads(run(python, "-c", probe, cwd=tmp_path))
    assert Path(facts["file"]).is_relative_to(site), facts["file"]
    assert "pelican.plugins.posse" in facts["found"]
    assert facts["templates"] is True

    # The installed command: Pelican reads the settings, the plugin's engine runs.
    (tmp_path / "publishconf.py").write_text(
        'SITEURL = "https://blog.example.jp"\n', encoding="utf-8"
    )
    done = subprocess.run(
        [env / "bin" / "pelican-posse", "plan"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "no manifest" in done.stderr and "Traceback" not in done.stderr
