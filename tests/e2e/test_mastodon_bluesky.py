"""End to end: a blog, ``baseline``, a new article, ``pelican-posse publish`` against
the fake Mastodon and the fake Bluesky PDS, through the engine's exactly-once policy.

What a user sees: one post per network, a rerun sends nothing, an interrupted
attempt is never posted twice, and each failure leaves the right ledger state with
words to act on while the other network goes on.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os

import pytest

from pelican.plugins.posse.publish.networks import bluesky as bluesky_module
from pelican.plugins.posse.publish.networks.bluesky import BlueskyNetwork, tid_for
from pelican.plugins.posse.publish.networks.mastodon import MastodonNetwork
from tests.fakes._server import Fault
from tests.fakes.blog import Blog
from tests.fakes.fake_bluesky import APP_PASSWORD, FakeBluesky
from tests.fakes.fake_mastodon import TOKEN, FakeMastodon

NEW = "posse-hajimemashita"
NEW_TITLE = "POSSE を始めました"
ID = f"{NEW}.md"
SETTINGS = {
    "POSSE_SYNDICATE": ["mastodon", "bluesky"],
    # The Mastodon account, so that look() finds it with a write:statuses token
    # (verify_credentials needs the profile scope); the fake runs on 127.0.0.1.
    "POSSE_PROFILES": {"x": "hanako_blog", "mastodon": "@hanako@127.0.0.1"},
    "POSSE_MAX_WAIT": 5,
}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    root = tmp_path_factory.mktemp("blog-mb")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        for name in [n for n in os.environ if n.startswith("POSSE_")]:
            mp.delenv(name)
        site = Blog(root, mp, settings=SETTINGS)
        site.build()
        from pelican.plugins.posse import cli

        assert cli.main(["-s", "publishconf.py", "baseline"]) == 0
        site.article(NEW, NEW_TITLE, "2026-03-01 09:00")
        site.build()
    return site


@pytest.fixture(autouse=True)
def _no_session_from_another_test():
    # Sessions live for the process (a run); each test is a run of its own.
    bluesky_module._SESSIONS.clear()
    yield
    bluesky_module._SESSIONS.clear()


@pytest.fixture
def mastodon():
    with FakeMastodon() as fake:
        yield fake


@pytest.fixture
def bluesky():
    with FakeBluesky() as fake:
        yield fake


@pytest.fixture
def blog(template, tmp_path, monkeypatch, capsys, request):
    site = template.copy_to(tmp_path)
    site.monkeypatch, site.capsys = monkeypatch, capsys
    mastodon = request.getfixturevalue("mastodon")
    bluesky = request.getfixturevalue("bluesky")
    site.env({**mastodon.env(), **bluesky.env()})
    return site


def new_url(blog: Blog) -> str:
    manifest = json.loads((blog.root / ".posse" / "manifest.json").read_text("utf-8"))
    return next(a["url"] for a in manifest["articles"] if a["id"] == ID)


def test_publish_posts_once_on_each_and_a_rerun_sends_nothing(blog, mastodon, bluesky):
    run = blog.cli("publish")
    assert run.code == 0, run.out + run.err

    url = new_url(blog)
    (status,) = mastodon.statuses
    assert NEW_TITLE in status["text"] and url in status["text"]
    (record,) = bluesky.posts
    assert NEW_TITLE in record["text"]
    assert record["embed"]["external"]["uri"] == url
    assert record["embed"]["external"]["title"] == NEW_TITLE

    m = blog.record(ID, "mastodon")
    assert m["state"] == "posted" and m["url"] == status["url"]
    b = blog.record(ID, "bluesky")
    assert b["state"] == "posted"
    assert b["url"].startswith(f"https://bsky.app/profile/{bluesky.did}/post/")

    seen = (len(mastodon.received), len(bluesky.received))
    again = blog.cli("publish")
    assert again.code == 0
    assert (len(mastodon.received), len(bluesky.received)) == seen, "rerun sent"


def test_lost_answers_are_retried_in_the_run_without_a_second_post(
    blog, mastodon, bluesky
):
    # Both networks accept the post and the answer is lost; the engine retries.
    # (The faults answer the sends: each network's reads before them are normal.)
    mastodon.script(Fault(commit=True, drop=True, method="POST"))
    bluesky.script(
        Fault(status=None, method="POST"),  # the login
        Fault(commit=True, drop=True, method="POST"),
    )
    run = blog.cli("publish")
    assert run.code == 0, run.out + run.err
    assert len(mastodon.statuses) == 1  # the Idempotency-Key answered the retry
    assert len(bluesky.posts) == 1  # the create-only record key refused the retry
    assert blog.record(ID, "mastodon")["state"] == "posted"
    b = blog.record(ID, "bluesky")
    assert b["state"] == "posted"
    assert b["url"].endswith(tid_for_engine(ID))


def tid_for_engine(article_id: str) -> str:
    import hashlib

    key = hashlib.sha256(f"{article_id}\nbluesky".encode()).hexdigest()[:32]
    return tid_for(key)


@pytest.mark.parametrize(
    "later", [None, dt.timedelta(hours=2)], ids=["at-once", "two-hours-later"]
)
def test_an_interrupted_run_never_posts_twice(blog, mastodon, bluesky, later):
    assert blog.cli("publish").code == 0
    # A CI job killed after both networks accepted, before the ledger said so:
    # the write-ahead record is still `posting`.
    path = blog.root / "posse-ledger.json"
    data = json.loads(path.read_text("utf-8"))
    articles = data.get("articles", data)
    for network in ("mastodon", "bluesky"):
        record = articles[ID]["posts"][network]
        record["state"] = "posting"
        for key in ("remote_id", "url"):
            record.pop(key, None)
    path.write_text(json.dumps(data), "utf-8")

    statuses_sent = sum(r.method == "POST" for r in mastodon.received)
    run = blog.cli("publish", later=later)
    assert run.code == 0, run.out + run.err
    assert len(mastodon.statuses) == 1
    assert len(bluesky.posts) == 1
    # Bluesky is asked again and answers "already there" with the post's address.
    b = blog.record(ID, "bluesky")
    assert b["state"] == "posted"
    assert b["url"].endswith(tid_for_engine(ID))
    # Mastodon: within its key window (55 min) the same Idempotency-Key is sent
    # again and answered with the first status; after it, the account's statuses
    # are read (free) and the post is found: nothing is sent again.
    m = blog.record(ID, "mastodon")
    assert m["state"] == "posted" and m["url"] == mastodon.statuses[0]["url"]
    resent = sum(r.method == "POST" for r in mastodon.received) - statuses_sent
    assert resent == (1 if later is None else 0)


@pytest.mark.parametrize(
    "row",
    [
        # A 5xx after sending is a lost answer: the record stays `posting`.
        ("mastodon", [Fault(status=503)] * 3, "posting", ["Service Unavailable"]),
        ("mastodon", [Fault(status=429)], "pending", ["rate limited"]),
        (
            "bluesky",
            [Fault(status=None), Fault(status=502)] + [Fault(status=502)] * 2,
            "posting",
            ["Upstream Failure"],
        ),
        (
            "bluesky",
            [Fault(status=None), Fault(status=429)],
            "pending",
            ["Rate Limit Exceeded"],
        ),
    ],
    ids=["mastodon-503", "mastodon-429", "bluesky-502", "bluesky-429"],
)
def test_failure_leaves_it_pending_and_a_later_run_delivers_once(
    blog, mastodon, bluesky, row
):
    network, faults, state, words = row
    fake = mastodon if network == "mastodon" else bluesky
    other = bluesky if network == "mastodon" else mastodon
    other_name = "bluesky" if network == "mastodon" else "mastodon"
    fake.script(*[Fault(**{**f.__dict__, "method": "POST"}) for f in faults])

    run = blog.cli("publish")
    record = blog.record(ID, network)
    assert record["state"] == state, run.out + run.err
    said = f"{record.get('error')} {record.get('remedy')}"
    assert any(w in said for w in words), said
    assert blog.record(ID, other_name)["state"] == "posted"
    posts = mastodon.statuses if network == "mastodon" else bluesky.posts
    assert posts == []

    fake.faults.clear()
    record_path = blog.root / "posse-ledger.json"
    data = json.loads(record_path.read_text("utf-8"))
    articles = data.get("articles", data)
    articles[ID]["posts"][network].pop("not_before", None)  # the reset time has passed
    record_path.write_text(json.dumps(data), "utf-8")
    # A lost answer is judged once its attempt is old enough to be listed.
    later = blog.cli(
        "publish", later=dt.timedelta(minutes=6) if state == "posting" else None
    )
    assert later.code == 0, later.out + later.err
    assert blog.record(ID, network)["state"] == "posted"
    posts = mastodon.statuses if network == "mastodon" else bluesky.posts
    assert len(posts) == 1
    assert len(other.received) >= 1


def test_bad_credentials_fail_one_network_with_a_remedy(
    blog, mastodon, bluesky, caplog
):
    caplog.set_level(logging.DEBUG)
    blog.monkeypatch.setenv("POSSE_MASTODON_TOKEN", "mstdn-revoked-SECRET")
    blog.monkeypatch.setenv("POSSE_BLUESKY_APP_PASSWORD", "wrong-SECRET-pass")
    run = blog.cli("publish")
    assert run.code == 3, run.out + run.err  # waits for a person
    # publish's check refused both before anything was sent: each says the
    # variable and the fix in one line, and nothing is recorded as failed.
    said = " ".join(run.out.split())
    assert "Mastodon: nothing was sent to it in this run" in said
    assert "problem with POSSE_MASTODON_TOKEN" in said and "write:statuses" in said
    assert "Bluesky: nothing was sent to it in this run" in said
    assert "problem with POSSE_BLUESKY_APP_PASSWORD" in said
    assert "App passwords" in said
    posts = blog.ledger()["articles"].get(ID, {}).get("posts", {})
    assert not {r["state"] for r in posts.values()} & {"failed", "posting"}
    assert mastodon.statuses == [] and bluesky.posts == []
    assert not [r for r in mastodon.received if r.method == "POST"]
    assert bluesky.sessions == 0  # the one login was refused
    # Then with the right secrets: posted. No secret anywhere a person or CI sees.
    blog.env({**mastodon.env(), **bluesky.env()})
    assert blog.cli("publish").code == 0  # as the line said: nothing to retry
    assert blog.record(ID, "mastodon")["state"] == "posted"
    assert blog.record(ID, "bluesky")["state"] == "posted"
    texts = [run.out, run.err, caplog.text]
    for path in blog.root.rglob("*"):
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    secrets = ("mstdn-revoked-SECRET", "wrong-SECRET-pass", TOKEN, APP_PASSWORD)
    for text in texts:
        for secret in secrets:
            assert secret not in text


def test_one_bluesky_session_per_run_checks_and_posts(blog, mastodon, bluesky):
    # Two articles due: publish checks Bluesky before the first post with the
    # session it then posts with, so a run logs in once (Bluesky allows 30
    # logins in 5 minutes); Mastodon's token is read before anything is sent.
    blog.article("posse-futatsume", "二つ目", "2026-03-02 09:00")
    blog.build()
    run = blog.cli("publish")
    assert run.code == 0, run.out + run.err
    assert len(bluesky.posts) == 2
    assert bluesky.sessions == 1
    logins = [r for r in bluesky.received if "createSession" in r.path]
    assert len(logins) == 1 and bluesky.received[0] is logins[0]
    first_post = next(i for i, r in enumerate(mastodon.received) if r.method == "POST")
    assert "verify_credentials" in mastodon.received[0].path
    assert first_post > 0
    # Nothing due: not a single request.
    seen = (len(mastodon.received), len(bluesky.received))
    assert blog.cli("publish").code == 0
    assert (len(mastodon.received), len(bluesky.received)) == seen


def test_network_classes_declare_copy_refusal_and_free_reads():
    assert BlueskyNetwork.copy_refusal == dt.timedelta.max
    assert MastodonNetwork.copy_refusal == dt.timedelta(minutes=55)
    assert BlueskyNetwork.free_reads is True
    assert MastodonNetwork.free_reads is True
