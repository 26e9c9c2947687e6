"""End to end: a blog, ``baseline``, a new article, ``pelican-posse publish`` against
the fake Threads API, through the engine's exactly-once policy.

What a user sees: one Threads post with the article as its link card and one topic
tag, the permalink in the ledger, a rerun that sends nothing, a lost answer or a
run killed between the two steps never posted twice, each refusal recorded with
words to act on, and no token anywhere.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os

import pytest

from pelican.plugins.posse.publish.networks.threads import ThreadsNetwork
from tests.fakes._server import Fault
from tests.fakes.blog import Blog
from tests.fakes.fake_threads import TOKEN, FakeThreads, ThreadsFault

NEW = "threads-hajimemashita"
NEW_TITLE = "Threads でもお知らせを始めました"
ID = f"{NEW}.md"
SETTINGS = {
    "POSSE_SYNDICATE": ["threads"],
    "POSSE_PROFILES": {"x": "hanako_blog", "threads": "hanako_blog"},
    "POSSE_MAX_WAIT": 5,
}
LATER = dt.timedelta(minutes=6)  # a lost answer is judged once it can be listed


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    root = tmp_path_factory.mktemp("blog-threads")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        for name in [n for n in os.environ if n.startswith("POSSE_")]:
            mp.delenv(name)
        site = Blog(root, mp, settings=SETTINGS)
        site.build()
        from pelican.plugins.posse import cli

        assert cli.main(["-s", "publishconf.py", "baseline"]) == 0
        site.article(NEW, NEW_TITLE, "2026-03-01 09:00", tags="SNS運用, ブログ")
        site.build()
    return site


@pytest.fixture
def threads():
    with FakeThreads() as fake:
        yield fake


@pytest.fixture
def blog(template, tmp_path, monkeypatch, capsys, threads):
    site = template.copy_to(tmp_path)
    site.monkeypatch, site.capsys = monkeypatch, capsys
    site.env(threads.env())
    return site


def new_url(blog: Blog) -> str:
    manifest = json.loads((blog.root / ".posse" / "manifest.json").read_text("utf-8"))
    return next(a["url"] for a in manifest["articles"] if a["id"] == ID)


def set_posting(blog: Blog) -> None:
    """The ledger as a run killed after the send left it: ``posting``."""
    path = blog.root / "posse-ledger.json"
    data = json.loads(path.read_text("utf-8"))
    record = data.get("articles", data)[ID]["posts"]["threads"]
    record["state"] = "posting"
    for key in ("remote_id", "url"):
        record.pop(key, None)
    path.write_text(json.dumps(data), "utf-8")


def test_publish_posts_once_with_the_card_and_one_tag_and_a_rerun_sends_nothing(
    blog, threads, caplog
):
    caplog.set_level(logging.DEBUG)
    run = blog.cli("publish")
    assert run.code == 0, run.out + run.err
    (post,) = threads.posts
    assert post["text"].startswith(f"ブログを更新しました：{NEW_TITLE}")
    assert post["link"] == new_url(blog)
    assert new_url(blog) not in post["text"]
    assert post["text"].count("#") == 1 and "#SNS運用" in post["text"]
    record = blog.record(ID, "threads")
    assert record["state"] == "posted"
    assert record["url"] == post["permalink"] and record["remote_id"] == post["id"]

    seen = len(threads.received)
    again = blog.cli("publish")
    assert again.code == 0
    assert len(threads.received) == seen, "a rerun sent something"
    # The token travels in the requests only: not in any output, log or file.
    said = [run.out, run.err, again.out, caplog.text]
    said += [
        p.read_text("utf-8", "replace") for p in blog.root.rglob("*") if p.is_file()
    ]
    assert not [t for t in said if TOKEN in t]
    assert "access_token=***" in caplog.text  # urllib3's request lines, scrubbed


def test_a_lost_container_answer_is_tried_again_within_the_run(blog, threads):
    # The container is made, its answer lost (the read before the send is normal).
    threads.script(Fault(commit=True, drop=True, method="POST"))
    run = blog.cli("publish")
    assert run.code == 0, run.out + run.err
    assert len(threads.posts) == 1 and len(threads.containers) == 2
    assert blog.record(ID, "threads")["state"] == "posted"


def test_a_lost_publish_answer_is_found_by_the_next_run_and_never_resent(blog, threads):
    threads.script(Fault(method="POST"), Fault(commit=True, drop=True, method="POST"))
    run = blog.cli("publish")
    assert run.code != 0 or "may exist" in run.out + run.err
    assert blog.record(ID, "threads")["state"] == "posting"
    assert len(threads.posts) == 1

    soon = blog.cli("publish")  # too soon to judge by a read: held
    assert len(threads.posts) == 1
    assert blog.record(ID, "threads")["state"] == "posting", soon.out

    later = blog.cli("publish", later=LATER)
    assert later.code == 0, later.out + later.err
    record = blog.record(ID, "threads")
    assert record["state"] == "posted"
    assert record["url"] == threads.posts[0]["permalink"]
    assert len(threads.posts) == 1 and len(threads.containers) == 1


def test_a_run_killed_between_the_two_steps_sends_once_with_a_new_container(
    blog, threads
):
    # The container was made; the run died before (or while) publishing it.
    threads.script(Fault(method="POST"), Fault(drop=True, method="POST"))
    blog.cli("publish")
    assert threads.posts == [] and len(threads.containers) == 1
    set_posting(blog)
    run = blog.cli("publish", later=LATER)
    assert run.code == 0, run.out + run.err
    assert len(threads.posts) == 1 and len(threads.containers) == 2
    first = next(iter(threads.containers.values()))
    assert first["published"] is None  # left to expire, never published
    assert blog.record(ID, "threads")["state"] == "posted"


def test_a_killed_run_whose_post_arrived_is_found_not_resent(blog, threads):
    assert blog.cli("publish").code == 0
    set_posting(blog)
    run = blog.cli("publish", later=LATER)
    assert run.code == 0, run.out + run.err
    assert len(threads.posts) == 1
    assert blog.record(ID, "threads")["url"] == threads.posts[0]["permalink"]


def test_the_daily_limit_leaves_it_pending_and_stops_threads_for_the_run(blog, threads):
    threads.add_posts(250)
    run = blog.cli("publish")
    record = blog.record(ID, "threads")
    assert record["state"] == "pending", run.out + run.err
    assert "code 9" in record["error"] and "rate limited" in record["error"]
    assert len(threads.posts) == 250


def test_an_expired_token_fails_with_the_refresh_remedy_and_no_secret_anywhere(
    blog, threads, caplog
):
    caplog.set_level(logging.DEBUG)
    threads.script(ThreadsFault(code=190, subcode=463, method="POST"))
    run = blog.cli("publish")
    assert run.code == 3, run.out + run.err
    record = blog.record(ID, "threads")
    assert record["state"] == "failed"
    assert "pelican-posse auth threads --refresh" in record["remedy"]
    texts = [run.out, run.err, caplog.text]
    for path in blog.root.rglob("*"):
        if path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    assert not [t for t in texts if TOKEN in t]


def test_publish_warns_of_a_token_that_expires_within_14_days(blog, threads):
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(days=10)).date().isoformat()
    blog.monkeypatch.setenv("POSSE_THREADS_TOKEN_EXPIRES", soon)
    run = blog.cli("publish")
    assert run.code == 0, run.out + run.err
    said = run.out + run.err
    assert "Threads" in said and soon in said


def test_without_credentials_the_post_goes_to_the_outbox(blog, threads):
    blog.env({})
    run = blog.cli("publish")
    assert run.code == 0, run.out + run.err
    assert threads.received == []
    page = (blog.root / ".posse" / "outbox" / "index.html").read_text("utf-8")
    assert 'data-network="threads"' in page and NEW_TITLE in page
    # Drawn as a Threads post: counted Threads' way, against its 500.
    assert (
        "/ 500 文字（Threads の数え方" in page or "/ 500 characters (Threads'" in page
    )


def test_threads_declares_no_copy_refusal_and_free_reads():
    assert ThreadsNetwork.copy_refusal is None
    assert ThreadsNetwork.free_reads is True
