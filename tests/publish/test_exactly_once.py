"""Exactly once, as the world behaves: lost answers, kills, lost ledgers, moves.

Scripted networks hold what was really made (``Script.made``) and refuse a copy
only as their network's contract says: X (a duplicate 403 for identical text)
yes, Facebook no — it is read instead, for free, once the attempt is 5 minutes
old.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pelican.plugins.posse.ledger import Ledger, LedgerError, Record
from pelican.plugins.posse.publish import engine as engine_mod
from pelican.plugins.posse.publish.networks.base import Permanent
from tests.harness.scripted import (
    ENV,
    NOW,
    entry,
    install,
    posse,
    write_manifest,
)

LEDGER = Path("posse-ledger.json")


def engine_at(clock: dt.datetime, **settings) -> engine_mod.Engine:
    settings.setdefault("POSSE_SINCE", "2020-01-01")
    return engine_mod.Engine(
        posse(**settings),
        dict(ENV),
        sleep=lambda _: None,
        base_delay=0.01,
        clock=lambda: clock,
    )


def recent(n: int, days_ago: float = 1) -> dict:
    return entry(n, date=NOW - dt.timedelta(days=days_ago))


def record(aid: str, network: str) -> Record | None:
    return Ledger.load(LEDGER).record(aid, network)


def test_a_lost_facebook_answer_is_read_for_not_sent_again(monkeypatch):
    script = install(monkeypatch, fb_detects=False, fb_reads=True)
    script.answers["facebook"] = ["lost", "ok"]
    write_manifest([recent(1)])
    first = engine_at(NOW).publish()
    assert script.held("facebook") == ["posts/0001.md"]
    assert record("posts/0001.md", "facebook").state == "posting"
    assert first.exit_code == engine_mod.EXIT_LATER

    # A minute later the post may not be listed yet: nothing is judged or sent.
    soon = engine_at(NOW + dt.timedelta(minutes=1)).publish()
    assert soon.exit_code == engine_mod.EXIT_OK
    assert script.held("facebook") == ["posts/0001.md"]
    assert record("posts/0001.md", "facebook").state == "posting"

    later = engine_at(NOW + dt.timedelta(minutes=6)).publish()
    assert later.exit_code == engine_mod.EXIT_OK
    assert script.held("facebook") == ["posts/0001.md"]  # exactly one post
    found = record("posts/0001.md", "facebook")
    assert found.state == "posted" and found.url == "https://facebook.example/p/2"


def test_a_lost_answer_that_never_arrived_is_sent_after_the_read(monkeypatch):
    script = install(monkeypatch, fb_detects=False, fb_reads=True)
    write_manifest([recent(1)])
    ledger = Ledger(LEDGER, networks={"x", "facebook"})
    ledger.set(
        "posts/0001.md",
        "facebook",
        Record(state="posting", attempts=1, at=NOW.isoformat()),
    )
    ledger.save()
    engine_at(NOW + dt.timedelta(minutes=10), POSSE_SYNDICATE=["facebook"]).publish()
    assert script.held("facebook") == ["posts/0001.md"]
    assert record("posts/0001.md", "facebook").state == "posted"


def test_x_is_sent_again_within_its_copy_refusal_and_refuses_the_copy(monkeypatch):
    script = install(monkeypatch)
    script.answers["x"] = ["lost", "ok"]
    write_manifest([recent(1)])
    report = engine_at(NOW, POSSE_SYNDICATE=["x"]).publish()
    assert script.held("x") == ["posts/0001.md"]
    assert len(script.calls) == 2  # the re-send was refused as a copy
    assert record("posts/0001.md", "x").state == "posted"
    assert report.exit_code == engine_mod.EXIT_OK


def test_an_interrupted_x_post_past_its_window_is_uncertain_and_keeps_ci_red(
    monkeypatch,
):
    script = install(monkeypatch)
    write_manifest([recent(1)])
    ledger = Ledger(LEDGER, networks={"x"})
    ledger.set(
        "posts/0001.md",
        "x",
        Record(
            state="posting", attempts=1, at=(NOW - dt.timedelta(hours=7)).isoformat()
        ),
    )
    ledger.save()
    report = engine_at(NOW, POSSE_SYNDICATE=["x"]).publish()
    assert script.calls == []
    assert record("posts/0001.md", "x").state == "uncertain"
    assert report.exit_code == engine_mod.EXIT_PERSON


def test_a_post_that_failed_for_good_keeps_every_run_red_until_given_up(monkeypatch):
    script = install(monkeypatch)
    script.answers["x"] = [Permanent("x", "HTTP 401", remedy="new keys"), "ok"]
    write_manifest([recent(1, 2)])
    assert engine_at(NOW, POSSE_SYNDICATE=["x"]).publish().exit_code == 3
    write_manifest([recent(1, 2), recent(2, 1)])
    second = engine_at(NOW, POSSE_SYNDICATE=["x"]).publish()
    assert script.held("x") == ["posts/0002.md"]  # the newer one went out
    assert second.exit_code == engine_mod.EXIT_PERSON
    assert any("posts/0001.md on X (failed)" in note for note in second.notes)
    engine_at(NOW, POSSE_SYNDICATE=["x"]).resolve(
        "posts/0001.md", "x", None, give_up=True
    )
    assert record("posts/0001.md", "x").state == "abandoned"
    assert engine_at(NOW, POSSE_SYNDICATE=["x"]).publish().exit_code == 0
    assert script.held("x") == ["posts/0002.md"]


def test_a_lost_ledger_never_floods(monkeypatch):
    script = install(monkeypatch, fb_detects=False, fb_reads=True)
    old = [entry(n, date=NOW - dt.timedelta(days=30 + n)) for n in range(40)]
    fresh = [recent(100, 3), recent(101, 1)]
    write_manifest(old + fresh)
    # History: everything announced, as a real blog's ledger says.
    ledger = Ledger(LEDGER, networks={"x", "facebook"})
    for article in old:
        for network in ("x", "facebook"):
            ledger.set(article["id"], network, Record(state="baseline"))
            ledger.note_article(article["id"], article["url"], article["date"])
    ledger.save()
    assert engine_at(NOW, POSSE_SINCE=None).publish().exit_code == 0
    made = len(script.made)
    assert made == 4  # the two fresh articles, once on each network

    full = LEDGER.read_text()
    # Half-merged: every other article's records lost.
    data = json.loads(full)
    data["articles"] = dict(list(data["articles"].items())[::2])
    LEDGER.write_text(json.dumps(data))
    assert engine_at(NOW, POSSE_SINCE=None).publish().exit_code == 0
    # Emptied (as a bad merge does): the records go, the rest of the file stays.
    data = json.loads(full)
    data["articles"] = {}
    LEDGER.write_text(json.dumps(data))
    assert engine_at(NOW, POSSE_SINCE=None).publish().exit_code == 0
    # Cut short: refused with the file's name, nothing sent.
    LEDGER.write_text(full[: len(full) // 2])
    with pytest.raises(LedgerError, match=r"posse-ledger\.json"):
        engine_at(NOW, POSSE_SINCE=None).publish()
    # Deleted, then a preview run without keys, then a run with keys.
    LEDGER.unlink()
    engine_mod.Engine(posse(), {}, sleep=lambda _: None, clock=lambda: NOW).publish()
    engine_at(NOW, POSSE_SINCE=None).publish()
    engine_at(NOW, POSSE_SINCE="2020-01-01").publish()
    assert len(script.made) == made, [p.article_id for p, _ in script.made[made:]]


def test_an_old_article_is_held_with_one_line_and_sent_on_purpose(monkeypatch):
    script = install(monkeypatch)
    drafted = entry(1, date=NOW - dt.timedelta(days=21))
    write_manifest([drafted])
    plan = engine_at(NOW, POSSE_SYNDICATE=["x"], POSSE_MAX_AGE=14).plan()
    (item,) = plan.items
    assert item.reason == "too_old"
    assert (
        "posse: send" in item.detail
        and "pelican-posse send posts/0001.md" in item.detail
    )
    assert plan.new_but_held() == [item]
    # In CI, where the keys are: the metadata the build puts in the manifest.
    write_manifest([{**drafted, "send": True}])
    engine_at(NOW, POSSE_SYNDICATE=["x"], POSSE_MAX_AGE=14).publish()
    assert script.held("x") == ["posts/0001.md"]
    # On one's own machine: `pelican-posse send ID`.
    write_manifest([entry(2, date=NOW - dt.timedelta(days=40))])
    engine_at(NOW, POSSE_SYNDICATE=["x"], POSSE_MAX_AGE=14).send("posts/0002.md")
    assert script.held("x") == ["posts/0001.md", "posts/0002.md"]


def test_an_article_older_than_the_newest_announced_is_held(monkeypatch):
    script = install(monkeypatch)
    write_manifest([recent(1, 1)])
    engine_at(NOW, POSSE_SYNDICATE=["x"], POSSE_MAX_AGE=14).publish()
    write_manifest([recent(1, 1), recent(2, 3)])
    plan = engine_at(NOW, POSSE_SYNDICATE=["x"], POSSE_MAX_AGE=14).plan()
    assert {i.article_id: i.reason for i in plan.items} == {
        "posts/0001.md": "posted",
        "posts/0002.md": "older_than_ledger",
    }
    assert script.held("x") == ["posts/0001.md"]


def test_a_file_system_date_is_never_taken_as_new(monkeypatch):
    install(monkeypatch)
    write_manifest([{**recent(1, 0), "date_from_fs": True}])
    (item,) = engine_at(NOW, POSSE_SYNDICATE=["x"]).plan().items
    assert item.reason == "fs_date" and "Date:" in item.detail


def test_a_moved_article_is_not_announced_again_and_the_ledger_follows(monkeypatch):
    script = install(monkeypatch)
    write_manifest([recent(1)])
    engine_at(NOW).publish()
    assert len(script.made) == 2
    moved = {**recent(1), "id": "2026/12/0001.md", "source_path": "2026/12/0001.md"}
    write_manifest([moved])
    report = engine_at(NOW).publish()
    assert len(script.made) == 2
    assert report.exit_code == 0
    ledger = Ledger.load(LEDGER)
    assert ledger.record("2026/12/0001.md", "x").state == "posted"
    assert ledger.records_of("posts/0001.md") == {}


def test_a_network_that_cannot_be_read_still_posts_and_says_so(monkeypatch, caplog):
    script = install(monkeypatch, fb_detects=False, fb_reads=True)
    fb = engine_mod.NETWORKS.entries["facebook"]

    def unreadable(self, post, since):
        raise Permanent("facebook", "no account to read", remedy="set the profile")

    monkeypatch.setattr(fb, "look", unreadable)
    write_manifest([recent(1)])
    report = engine_at(NOW, POSSE_SYNDICATE=["facebook"]).publish()
    assert report.exit_code == 0
    assert script.held("facebook") == ["posts/0001.md"]
    assert "sent without that check" in caplog.text and "set the profile" in caplog.text
    # An interrupted post that cannot be read for goes to a person, once.
    ledger = Ledger.load(LEDGER)
    ledger.set(
        "posts/0002.md",
        "facebook",
        Record(state="posting", attempts=1, at=NOW.isoformat()),
    )
    ledger.save()
    write_manifest([recent(1), recent(2, 0.5)])
    later = engine_at(NOW + dt.timedelta(hours=1), POSSE_SYNDICATE=["facebook"])
    assert later.publish().exit_code == engine_mod.EXIT_PERSON
    assert record("posts/0002.md", "facebook").state == "uncertain"
    assert script.held("facebook") == ["posts/0001.md"]
