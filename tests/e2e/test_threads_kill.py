"""SIGKILL ``pelican-posse publish`` posting to the fake Threads API at random
instants: never twice, never lost, every post recorded with its permalink.

The same harness as ``test_fault_injection.py`` (a zygote forks the real CLI; half
the kills land within a few milliseconds of the fake receiving a request), with the
real Threads module: two steps per post, a look before every first send and after
every interruption, a listing that shows a post only a moment after it was made.
A kill between the container and its publication leaves a container that is never
published; a kill after the publication leaves a post the next run finds.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from pelican.plugins.posse.ledger import Ledger, LedgerError
from tests.e2e import test_fault_injection as harness_runs
from tests.fakes.fake_threads import FakeThreads
from tests.harness import site

ARTICLES = 30
RUNS = 60


def _site(cap: int) -> None:
    settings = {
        "POSSE_SYNDICATE": ["threads"],
        "POSSE_MAX_POSTS_PER_RUN": cap,
        "POSSE_SINCE": "2020-01-01",
        **site.LEAN,
    }
    site.write_settings(Path("."), settings)


def _texts() -> dict[str, str]:
    data = json.loads(Path(".posse/manifest.json").read_text())
    return {a["id"]: a["texts"]["threads"]["text"] for a in data["articles"]}


@pytest.mark.slow
def test_killed_threads_runs_never_post_twice_and_never_lose_a_post(monkeypatch):
    _site(cap=3)
    site.many(Path("."), ARTICLES)
    site.build(Path("."), monkeypatch)
    texts = _texts()
    rng = random.Random(20261207)
    zygote = harness_runs.Zygote()
    with FakeThreads(answer_delay=0.02, visibility_delay=0.2) as fake:
        env = fake.env()
        stats = f"{fake.url}/__requests"
        kills = window_hits = corrupt = 0
        try:
            for _ in range(RUNS):
                if rng.random() < 0.5:
                    after = rng.uniform(0, 0.05)
                    result = zygote.run(
                        ["publish"], Path.cwd(), env, after, after_request=stats
                    )
                else:
                    after = rng.uniform(0, 0.2)
                    result = zygote.run(["publish"], Path.cwd(), env, after)
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
            assert kills >= RUNS // 4, "runs must really be killed"
            assert window_hits >= 3, "kills must land while a post is in flight"
            # Minutes later (a read judges only an intent 5 minutes old), the cap
            # lifted: run to completion.
            _site(cap=1000)
            for _ in range(3):
                result = zygote.run(["--later", "600", "publish"], Path.cwd(), env)
                if result["exit"] == 0:
                    break
            assert result["exit"] == 0
        finally:
            zygote.close()

    ledger = Ledger.load("posse-ledger.json")
    published = Counter(p["text"] for p in fake.posts)
    orphans = sum(1 for c in fake.containers.values() if c["published"] is None)
    print(
        f"\nkill test, threads: {RUNS} runs, {kills} killed ({window_hits} with a "
        f"post in flight), {len(texts)} articles, {len(fake.posts)} posts, "
        f"{orphans} containers left unpublished, corrupt ledgers {corrupt}"
    )
    assert corrupt == 0
    for aid, text in texts.items():
        assert published[text] == 1, (aid, published[text])
        record = ledger.record(aid, "threads")
        assert record.state == "posted", (aid, record)
        mine = next(p for p in fake.posts if p["text"] == text)
        assert record.url == mine["permalink"], aid
    assert all(
        c["published"] in (None, *(p["id"] for p in fake.posts))
        for c in fake.containers.values()
    )
