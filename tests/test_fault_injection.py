"""SIGKILL ``pelican-posse publish`` at random instants: never twice, never lost.

Each run is a real process running the real CLI (forked from a zygote that has
already imported Pelican, so a run takes milliseconds, not a second) against a
recording server on loopback. Half the kills land at a random instant of the
run, half within a few milliseconds of the server receiving a post - the window
between "the network has it" and "the ledger knows it".
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from pelican.plugins.posse.ledger import Ledger
from tests.conftest import ROOT
from tests.harness import site
from tests.harness.recording import RecordingServer

ARTICLES = 90


class Zygote:
    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.harness.zygote"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, argv, cwd, env, kill_after=None, after_request=None) -> dict:
        order = {
            "argv": argv,
            "cwd": str(cwd),
            "env": env,
            "kill_after": kill_after,
            "after_request": after_request,
        }
        self.proc.stdin.write(json.dumps(order) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(10)


def _site(monkeypatch, cap: int) -> None:
    settings = {
        "POSSE_SYNDICATE": ["x"],
        "POSSE_MAX_POSTS_PER_RUN": cap,
        "POSSE_SINCE": "2020-01-01",
        **site.LEAN,
    }
    site.write_settings(Path("."), settings)


def _texts() -> dict[str, str]:
    data = json.loads(Path(".posse/manifest.json").read_text())
    return {a["id"]: a["texts"]["x"]["text"] for a in data["articles"]}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("trusting", "runs"),
    [(False, 50), (True, 30)],
    ids=["detects-duplicates", "no-duplicate-detection"],
)
def test_killed_runs_never_post_twice_and_never_lose_a_post(
    monkeypatch, trusting, runs
):
    _site(monkeypatch, cap=3)
    site.many(Path("."), ARTICLES)
    site.build(Path("."), monkeypatch)
    texts = _texts()
    rng = random.Random(20261125 + trusting)
    argv = (["--trusting"] if trusting else []) + ["publish"]
    zygote = Zygote()
    with RecordingServer(dedupe=not trusting, delay=0.03) as server:
        env = {"POSSE_RECORDING_URL": server.url}
        kills = window_hits = 0
        try:
            for _ in range(runs):
                if rng.random() < 0.5:
                    result = zygote.run(
                        argv,
                        Path.cwd(),
                        env,
                        kill_after=rng.uniform(0, 0.04),
                        after_request=server.stats_url,
                    )
                else:
                    result = zygote.run(
                        argv, Path.cwd(), env, kill_after=rng.uniform(0, 0.15)
                    )
                kills += result["killed"]
                states = {
                    r.state
                    for recs in Ledger.load("posse-ledger.json").articles.values()
                    for r in recs.values()
                }
                window_hits += "posting" in states
            assert kills >= runs // 4, "runs must really be killed"
            assert window_hits >= 3, "kills must land while a post is in flight"

            # A person settles what the engine could not know, as `status` says.
            if trusting:
                zygote.run(argv, Path.cwd(), env)  # turns `posting` into uncertain
                ledger = Ledger.load("posse-ledger.json")
                for aid, recs in ledger.articles.items():
                    if recs["x"].state == "uncertain":
                        sent = server.accepted[texts[aid]] > 0
                        resolve = ["resolve", aid, "x"] + (
                            ["--posted", "https://x.example/status/1"]
                            if sent
                            else ["--not-posted"]
                        )
                        assert (
                            zygote.run(["--trusting", *resolve], Path.cwd(), env)[
                                "exit"
                            ]
                            == 0
                        )

            _site(monkeypatch, cap=1000)  # then run to completion
            for _ in range(3):
                result = zygote.run(argv, Path.cwd(), env)
                if result["exit"] == 0:
                    break
            assert result["exit"] == 0
        finally:
            zygote.close()

    ledger = Ledger.load("posse-ledger.json")
    for aid, text in texts.items():
        assert server.accepted[text] == 1, (
            f"{aid} was accepted {server.accepted[text]} times"
        )
        assert ledger.record(aid, "x").state == "posted", aid
    if trusting:
        assert not server.refused
    else:
        # Every refused copy is one re-check of a post a kill left in flight.
        assert sum(server.refused.values()) <= kills
