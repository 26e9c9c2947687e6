"""Two ``pelican-posse publish`` started together: the lock makes them take turns."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pelican.plugins.posse.ledger import Ledger
from tests.conftest import ROOT
from tests.harness import site
from tests.harness.recording import RecordingServer


@pytest.mark.slow
def test_two_runs_at_once_post_each_article_once(monkeypatch):
    site.write_settings(
        Path("."),
        {
            "POSSE_SYNDICATE": ["x"],
            "POSSE_MAX_POSTS_PER_RUN": 100,
            "POSSE_SINCE": "2020-01-01",
            **site.LEAN,
        },
    )
    site.many(Path("."), 12)
    site.build(Path("."), monkeypatch)
    # A server that accepts copies, and a network that does not detect them:
    # only the engine's lock stands between two runs and a double post.
    with RecordingServer(dedupe=False, delay=0.2) as server:
        # This checkout's plugin first (not an installed one from elsewhere).
        path = os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])
        env = {**os.environ, "PYTHONPATH": path, "POSSE_RECORDING_URL": server.url}
        command = [
            sys.executable,
            "-m",
            "tests.harness.run_cli",
            "--trusting",
            "publish",
        ]
        runs = [
            subprocess.Popen(
                command,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    # The runs overlapped (12 slow posts outlast a start-up) and one waited.
    assert sum("waiting for it" in out for out in outputs) == 1, outputs
    assert len(server.accepted) == 12
    assert set(server.accepted.values()) == {1}
    ledger = Ledger.load(Path("posse-ledger.json"))
    assert {recs["x"].state for recs in ledger.articles.values()} == {"posted"}
