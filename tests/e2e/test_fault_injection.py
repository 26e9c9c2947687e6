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

from pelican.plugins.posse.ledger import Ledger, LedgerError
from tests.conftest import ROOT
from tests.harness import site
from tests.harness.recording import RecordingServer

ARTICLES = 90


class Zygote:
    def __init__(self) -> None:
        # This checkout's plugin first (not an installed one from elsewhere).
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)]),
        }
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


SHAPES = {
    # name: (CLI flag, the server refuses copies, runs)
    "x-shaped": ("", True, 100),
    "graph-shaped": ("--listing", False, 100),
    "no-copy-refusal-no-reads": ("--trusting", False, 60),
}


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(SHAPES))
def test_killed_runs_never_post_twice_and_never_lose_a_post(monkeypatch, shape):
    flag, dedupe, runs = SHAPES[shape]
    _site(monkeypatch, cap=3)
    site.many(Path("."), ARTICLES)
    site.build(Path("."), monkeypatch)
    texts = _texts()
    rng = random.Random(20261125 + len(shape))
    kind = [flag] if flag else []
    argv = [*kind, "publish"]
    zygote = Zygote()
    # A Graph-shaped listing shows a post only a moment after it was made.
    with RecordingServer(
        dedupe=dedupe, delay=0.03, visibility_delay=0.2 if flag == "--listing" else 0
    ) as server:
        env = {"POSSE_RECORDING_URL": server.url}
        kills = window_hits = corrupt = 0
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
                try:
                    ledger = Ledger.load("posse-ledger.json")
                except LedgerError:
                    corrupt += 1
                    continue
                states = {
                    r.state for recs in ledger.articles.values() for r in recs.values()
                }
                window_hits += "posting" in states
            assert kills >= runs // 4, "runs must really be killed"
            assert window_hits >= 3, "kills must land while a post is in flight"

            # Some minutes later (a read judges only an intent 5 minutes old),
            # the cap lifted: run to completion.
            _site(monkeypatch, cap=1000)
            later = [*kind, "--later", "600", "publish"]
            for _ in range(3):
                result = zygote.run(later, Path.cwd(), env)
                if result["exit"] == 0:
                    break
            # A person settles what nothing could know, as `status` says.
            if flag == "--trusting":
                ledger = Ledger.load("posse-ledger.json")
                for aid, recs in ledger.articles.items():
                    if recs["x"].state == "uncertain":
                        sent = server.accepted[texts[aid]] > 0
                        resolve = ["resolve", aid, "x"] + (
                            ["--posted", "https://x.example/status/1"]
                            if sent
                            else ["--not-posted"]
                        )
                        done = zygote.run([*kind, *resolve], Path.cwd(), env)
                        assert done["exit"] == 0
                for _ in range(3):
                    result = zygote.run(later, Path.cwd(), env)
                    if result["exit"] == 0:
                        break
            assert result["exit"] == 0
        finally:
            zygote.close()

    ledger = Ledger.load("posse-ledger.json")
    duplicates = sum(1 for t in texts.values() if server.accepted[t] > 1)
    never = sum(1 for t in texts.values() if server.accepted[t] == 0)
    without_url = sum(
        1
        for aid in texts
        if ledger.record(aid, "x").state == "posted" and not ledger.record(aid, "x").url
    )
    print(
        f"\nkill test, {shape}: {runs} runs, {kills} killed ({window_hits} with a "
        f"post in flight), {len(texts)} articles: duplicates {duplicates}, never "
        f"posted {never}, corrupt ledgers {corrupt}, posted without a URL "
        f"{without_url}"
    )
    assert (duplicates, never, corrupt) == (0, 0, 0), {
        aid: ledger.record(aid, "x")
        for aid, t in texts.items()
        if server.accepted[t] != 1
    }
    for aid, text in texts.items():
        assert server.accepted[text] == 1, aid
        assert ledger.record(aid, "x").state == "posted", aid
    if flag == "":
        # Every refused copy is one re-send of a post a kill left in flight.
        assert sum(server.refused.values()) <= kills
    else:
        assert not server.refused
        if flag == "--listing":
            assert without_url == 0  # found by the read, recorded with its URL
