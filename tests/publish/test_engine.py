"""The delivery policy, the same for every network, with scripted networks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pelican.plugins.posse.ledger import Ledger, Record, text_hash
from pelican.plugins.posse.publish import engine as engine_mod
from pelican.plugins.posse.publish.networks.base import (
    AlreadyPosted,
    Permanent,
    RetryLater,
    Transient,
)
from pelican.plugins.posse.said import words
from tests.harness.scripted import (
    ENV,
    NOW,
    entry,
    install,
    make_engine,
    seed_ledger,
    write_manifest,
)

LEDGER = Path("posse-ledger.json")


def records(network: str) -> dict[str, Record]:
    ledger = Ledger.load(LEDGER)
    return {
        aid: recs[network] for aid, recs in ledger.articles.items() if network in recs
    }


@pytest.fixture
def script(monkeypatch):
    seed_ledger()
    return install(monkeypatch)


def test_posts_each_due_article_once_and_records_where(script):
    write_manifest([entry(1), entry(2)])
    engine, _ = make_engine()
    report = engine.publish()
    assert report.exit_code == 0
    assert sorted(script.posted("x")) == ["posts/0001.md", "posts/0002.md"]
    assert sorted(script.posted("facebook")) == ["posts/0001.md", "posts/0002.md"]
    record = records("x")["posts/0001.md"]
    assert record.state == "posted" and record.url.startswith("https://x.example/")
    assert record.attempts == 1 and record.text_sha256 == text_hash(
        script.calls[0].text
    )
    assert engine.publish().exit_code == 0
    assert len(script.calls) == 4  # the second run sends nothing


def test_intent_is_on_disk_before_the_network_is_called(script):
    write_manifest([entry(1)])
    seen = []

    def during(post):
        record = Ledger.load(LEDGER).record(post.article_id, post.network)
        seen.append((record.state, record.attempts, record.text_sha256))

    script.during = during
    make_engine()[0].publish()
    assert seen[0] == ("posting", 1, text_hash(script.calls[0].text))


def test_transient_retries_with_backoff_then_waits_for_next_run(script):
    script.answers["x"] = [Transient("x", "503 Service Unavailable")] * 3 + ["ok"]
    write_manifest([entry(1)])
    engine, sleeps = make_engine()
    report = engine.publish()
    assert report.exit_code == 1
    assert len(script.posted("x")) == 3  # 3 tries in all
    assert 0.5 <= sleeps[0] <= 1.5 and 1.0 <= sleeps[1] <= 3.0  # jittered, doubled
    record = records("x")["posts/0001.md"]
    assert record.state == "pending" and record.attempts == 3
    assert "503 Service Unavailable" in words(record.error)
    assert records("facebook")["posts/0001.md"].state == "posted"  # unaffected
    assert engine.publish().exit_code == 0  # next run
    assert records("x")["posts/0001.md"].state == "posted"
    assert records("x")["posts/0001.md"].attempts == 4


def test_rate_limit_within_max_wait_waits_and_tries_once_more(script):
    soon = NOW + dt.timedelta(seconds=20)
    script.answers["x"] = [
        RetryLater("x", "429 Too Many Requests", not_before=soon),
        "ok",
    ]
    write_manifest([entry(1)])
    engine, sleeps = make_engine()
    assert engine.publish().exit_code == 0
    assert sleeps == [20.0]
    assert records("x")["posts/0001.md"].state == "posted"


def test_rate_limit_beyond_max_wait_stops_network_and_says_when(script):
    later = NOW + dt.timedelta(minutes=15)
    script.answers["x"] = [RetryLater("x", "429 Too Many Requests", not_before=later)]
    write_manifest([entry(1), entry(2)])
    engine, sleeps = make_engine(POSSE_MAX_WAIT=60)
    report = engine.publish()
    assert report.exit_code == 1 and sleeps == []
    assert script.posted("x") == ["posts/0001.md"]  # the second one was not tried
    assert len(script.posted("facebook")) == 2
    record = records("x")["posts/0001.md"]
    assert record.state == "pending" and record.not_before == later.isoformat()
    held = {i.article_id: i for i in report.plan.items if i.network == "x"}
    assert held["posts/0002.md"].reason == "network_stopped"
    plan = engine.plan()  # before the reset time: waits, and says until when
    item = next(
        i for i in plan.items if i.network == "x" and i.article_id == "posts/0001.md"
    )
    assert item.reason == "rate_limited" and later.isoformat() in item.detail


def test_permanent_failure_stops_that_network_only_and_keeps_the_remedy(script):
    script.answers["x"] = [
        Permanent("x", "401 Unauthorized", remedy="regenerate the access token")
    ]
    write_manifest([entry(1), entry(2)])
    engine, _ = make_engine()
    report = engine.publish()
    assert report.exit_code == engine_mod.EXIT_PERSON  # until retried or given up
    assert script.posted("x") == ["posts/0001.md"]
    assert len(script.posted("facebook")) == 2
    record = records("x")["posts/0001.md"]
    assert (record.state, record.error, record.remedy) == (
        "failed",
        "401 Unauthorized",
        "regenerate the access token",
    )
    assert "posts/0002.md" not in records("x")  # never tried, still due
    # A failed delivery is not re-sent by publish, only by retry.
    script.answers["x"] = ["ok"]
    engine.publish()
    assert script.posted("x").count("posts/0001.md") == 1
    report = engine.retry("posts/0001.md")
    assert report.exit_code == 0
    assert records("x")["posts/0001.md"].state == "posted"


def test_already_posted_without_our_attempt_is_a_duplicate(script):
    script.answers["x"] = [AlreadyPosted("x", "duplicate content")]
    write_manifest([entry(1)])
    make_engine()[0].publish()
    record = records("x")["posts/0001.md"]
    assert record.state == "duplicate" and "duplicate" in record.error


def test_already_posted_after_our_timeout_is_posted(script):
    script.answers["x"] = [
        Transient("x", "read timeout"),
        AlreadyPosted(
            "x", "duplicate content", remote_id="9", url="https://x.example/p/9"
        ),
    ]
    write_manifest([entry(1)])
    make_engine()[0].publish()
    record = records("x")["posts/0001.md"]
    assert (record.state, record.url) == ("posted", "https://x.example/p/9")


def _interrupted(text: str) -> None:
    ledger = Ledger.load(LEDGER)
    for network in ("x", "facebook"):
        ledger.set(
            "posts/0001.md",
            network,
            Record(
                state="posting",
                attempts=1,
                at=NOW.isoformat(),
                text_sha256=text_hash(text),
            ),
        )
    ledger.save()


def test_interrupted_post_is_rechecked_where_duplicates_are_detected(monkeypatch):
    seed_ledger()
    script = install(monkeypatch, x_detects=True, fb_detects=False)
    write_manifest([entry(1)])
    _interrupted(entry(1)["texts"]["x"]["text"])
    script.answers["x"] = [AlreadyPosted("x", "duplicate content")]
    report = make_engine()[0].publish()
    assert script.posted("x") == ["posts/0001.md"]  # re-sent: X refuses a copy
    assert records("x")["posts/0001.md"].state == "posted"
    # Facebook (here) neither refuses a copy nor is read: a person decides.
    assert script.posted("facebook") == []
    record = records("facebook")["posts/0001.md"]
    assert record.state == "uncertain" and "resolve" in words(record.remedy)
    assert report.exit_code == engine_mod.EXIT_PERSON


def test_interrupted_post_with_changed_text_is_uncertain(script):
    write_manifest([entry(1)])
    _interrupted("an older text")
    make_engine()[0].publish()
    assert script.calls == []
    assert records("x")["posts/0001.md"].state == "uncertain"


def test_resolve_settles_an_uncertain_post(script):
    write_manifest([entry(1)])
    _interrupted("an older text")
    engine, _ = make_engine()
    engine.publish()
    engine.resolve("posts/0001.md", "x", "https://x.example/p/77")
    engine.resolve("posts/0001.md", "facebook", None)
    engine.publish()
    assert script.posted("x") == [] and script.posted("facebook") == ["posts/0001.md"]
    assert records("x")["posts/0001.md"].url == "https://x.example/p/77"


def test_cap_sends_oldest_first_and_the_rest_wait(script):
    write_manifest([entry(n) for n in (5, 1, 4, 2, 3)])
    engine, _ = make_engine(POSSE_MAX_POSTS_PER_RUN=3)
    report = engine.publish()
    assert script.posted("x") == ["posts/0001.md", "posts/0002.md", "posts/0003.md"]
    waiting = sorted(
        i.article_id
        for i in report.plan.items
        if i.network == "x" and i.reason == "cap"
    )
    assert waiting == ["posts/0004.md", "posts/0005.md"]
    assert report.exit_code == 0
    engine.publish()
    assert script.posted("x")[3:] == ["posts/0004.md", "posts/0005.md"]


def test_future_articles_wait_until_their_date(script):
    write_manifest([entry(1, date=NOW + dt.timedelta(days=2))])
    engine, _ = make_engine()
    report = engine.publish()
    assert script.calls == [] and report.exit_code == 0
    assert {i.reason for i in report.plan.items} == {"future"}
    engine.clock = lambda: NOW + dt.timedelta(days=3)
    engine.publish()
    assert len(script.calls) == 2


def test_fail_closed_without_ledger(monkeypatch):
    script = install(monkeypatch)
    write_manifest([entry(n) for n in range(10)])
    engine, _ = make_engine()
    report = engine.publish()
    assert report.exit_code == 2 and script.calls == []
    assert "pelican-posse baseline" in report.plan.refusal
    assert "POSSE_SINCE" in report.plan.refusal
    assert not LEDGER.exists()
    # POSSE_SINCE is the other way on: older articles are held by the build.
    engine, _ = make_engine(POSSE_SINCE="2026-01-05")
    assert engine.publish().exit_code == 0


def test_fail_closed_for_a_network_the_ledger_never_saw(monkeypatch):
    script = install(monkeypatch)
    ledger = Ledger(LEDGER)
    ledger.set("old.md", "facebook", Record(state="baseline"))
    ledger.save()
    write_manifest([entry(1)])
    report = make_engine()[0].publish()
    assert report.exit_code == 2 and script.calls == []
    assert "has no history for X" in report.plan.refusal
    assert f"POSSE_SINCE = '{NOW.date().isoformat()}'" in report.plan.refusal


def test_without_credentials_everything_goes_to_the_outbox_once(monkeypatch):
    script = install(monkeypatch)
    write_manifest([entry(1), entry(2)])
    engine, _ = make_engine(env={})
    report = engine.publish()  # no ledger, no keys: nothing can flood
    assert report.exit_code == 0 and script.calls == []
    assert {r.state for r in records("x").values()} == {"outbox"}
    lines = Path(".posse/outbox/outbox.jsonl").read_text().splitlines()
    assert len(lines) == 4
    engine.publish()
    assert len(Path(".posse/outbox/outbox.jsonl").read_text().splitlines()) == 4
    # Keys added later: previews are no history, so the run fails closed ...
    write_manifest([entry(1), entry(2), entry(3)])
    refused = make_engine()[0].publish()
    assert refused.exit_code == 2 and script.calls == []
    # ... until the author says where to start; then only new articles go out.
    make_engine()[0].baseline()
    write_manifest([entry(1), entry(2), entry(3), entry(4)])
    make_engine()[0].publish()
    assert script.posted() == ["posts/0004.md", "posts/0004.md"]


def test_retry_of_a_named_article_sends_what_only_went_to_the_outbox(monkeypatch):
    seed_ledger()  # history on both networks: the keys are not new
    script = install(monkeypatch)
    write_manifest([entry(1), entry(2)])
    make_engine(env={})[0].publish()
    report = make_engine()[0].retry("posts/0002.md")
    assert report.exit_code == 0
    assert script.posted() == ["posts/0002.md", "posts/0002.md"]
    assert records("x")["posts/0001.md"].state == "outbox"


def test_a_refused_retry_leaves_the_ledger_as_it_was(monkeypatch):
    # X has history (a failed post); Facebook's keys are new and it has none, so
    # publishing would announce every article there: fail closed, exit 2.
    script = install(monkeypatch)
    ledger = Ledger(LEDGER)
    ledger.set("posts/0001.md", "x", Record(state="failed", error="HTTP 500"))
    ledger.save()
    before = LEDGER.read_text()
    write_manifest([entry(1)])
    report = make_engine()[0].retry("posts/0001.md")
    assert report.exit_code == 2 and report.plan.refusal
    assert script.posted() == []
    assert LEDGER.read_text() == before  # still `failed`, not a stray `pending`


def test_secrets_never_reach_the_ledger(script):
    secret = ENV["POSSE_X_TOKEN"]
    script.answers["x"] = [
        Permanent("x", f"bad token {secret}", remedy=f"replace {secret}")
    ]
    script.answers["facebook"] = [RuntimeError(f"boom {ENV['POSSE_FB_TOKEN']}")]
    write_manifest([entry(1)])
    report = make_engine()[0].publish()
    text = LEDGER.read_text()
    assert secret not in text and ENV["POSSE_FB_TOKEN"] not in text
    assert "***" in text
    dumped = json.dumps([i.to_json() for i in report.plan.items])
    assert secret not in dumped


def test_a_network_bug_is_never_guessed_as_posted(monkeypatch):
    seed_ledger()
    script = install(monkeypatch, x_detects=False)
    script.answers["x"] = [RuntimeError("unexpected")]
    write_manifest([entry(1), entry(2)])
    make_engine()[0].publish()
    # Whether it was sent is unknown: left `posting`, x stopped for the run ...
    assert records("x")["posts/0001.md"].state == "posting"
    assert "posts/0002.md" not in records("x")
    # ... and the next run, which can neither re-send safely nor read X, asks
    # a person.
    make_engine()[0].publish()
    assert records("x")["posts/0001.md"].state == "uncertain"
    assert script.posted("x") == ["posts/0001.md", "posts/0002.md"]  # 1 not again


def test_wait_live_holds_pages_not_live_yet(script):
    write_manifest([entry(1), entry(2)])
    engine, _ = make_engine()
    engine.live_check = lambda urls, seconds: {"https://blog.example.jp/1.html"}
    report = engine.publish(wait_live=30)
    assert report.exit_code == 0
    assert set(script.posted()) == {"posts/0001.md"}
    assert any("not live" in note for note in report.notes)
    assert "posts/0002.md" not in records("x")


def test_wait_live_says_why_a_page_is_not_live(script, monkeypatch):
    from pelican.plugins.posse.publish import live

    real = live.wait_live

    def unreachable(urls, seconds, problems=None):
        # What a wrong SITEURL gives: the host does not resolve.
        return real(
            urls,
            0,
            check=lambda url: "cannot connect: [Errno -2] Name or service not known",
            sleep=lambda s: None,
            problems=problems,
        )

    monkeypatch.setattr(live, "wait_live", unreachable)
    write_manifest([entry(1)])
    engine, _ = make_engine()
    report = engine.publish(wait_live=30)
    assert report.exit_code == 0 and script.posted() == []
    assert any(
        "https://blog.example.jp/1.html (cannot connect: [Errno -2]" in note
        for note in report.notes
    )
    assert any("check SITEURL" in note for note in report.notes)


def test_baseline_records_published_articles_only(monkeypatch):
    install(monkeypatch)
    write_manifest(
        [
            entry(1),
            entry(2, held="draft", status="draft"),
            entry(3, date=NOW + dt.timedelta(days=1)),
        ]
    )
    count, future = make_engine()[0].baseline()
    assert (count, future) == (1, ["posts/0003.md"])
    assert set(records("x")) == {"posts/0001.md"}
    assert records("x")["posts/0001.md"].state == "baseline"


def test_baseline_of_an_empty_blog_lets_the_first_article_through(monkeypatch):
    script = install(monkeypatch)
    write_manifest([])
    engine, _ = make_engine()
    assert engine.baseline() == (0, [])
    assert json.loads(LEDGER.read_text())["networks"] == ["facebook", "x"]
    write_manifest([entry(1)])
    assert engine.publish().exit_code == 0
    assert script.posted() == ["posts/0001.md", "posts/0001.md"]


def test_a_network_that_cannot_start_stops_only_itself(monkeypatch):
    seed_ledger()
    script = install(monkeypatch)
    x_class = engine_mod.NETWORKS.entries["x"]

    class Broken(x_class):
        def __init__(self, env, settings):
            raise Permanent(
                "x",
                f"POSSE_PROFILES has no X handle ({ENV['POSSE_X_TOKEN']})",
                remedy="set POSSE_PROFILES = {'x': 'yourname'}",
            )

    engine_mod.NETWORKS.entries["x"] = Broken
    write_manifest([entry(1), entry(2)])
    report = make_engine()[0].publish()
    assert report.exit_code == engine_mod.EXIT_PERSON
    assert script.posted() == ["posts/0001.md", "posts/0002.md"]  # facebook only
    record = records("x")["posts/0001.md"]
    assert record.state == "failed" and "POSSE_PROFILES" in record.remedy
    assert record.attempts == 0 and ENV["POSSE_X_TOKEN"] not in words(record.error)


def test_interrupted_post_beyond_the_cap_is_rechecked_later_not_uncertain(script):
    write_manifest([entry(0), entry(1)])
    _interrupted(entry(1)["texts"]["x"]["text"])
    engine, _ = make_engine(POSSE_MAX_POSTS_PER_RUN=1)
    engine.publish()
    assert records("x")["posts/0001.md"].state == "posting"  # waits its turn
    script.answers["x"] = [AlreadyPosted("x", "duplicate content")]
    engine.publish()
    assert records("x")["posts/0001.md"].state == "posted"


def test_interrupted_post_from_long_ago_is_not_resent(script):
    write_manifest([entry(1)])
    _interrupted(entry(1)["texts"]["x"]["text"])
    engine, _ = make_engine()
    engine.clock = lambda: NOW + dt.timedelta(days=3)  # a copy may be accepted now
    report = engine.publish()
    assert script.calls == [] and report.exit_code == engine_mod.EXIT_PERSON
    record = records("x")["posts/0001.md"]
    assert record.state == "uncertain" and "too long ago" in words(record.error)
