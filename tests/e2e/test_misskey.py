"""End to end: a blog, ``baseline``, a new article, ``pelican-posse publish``
against the fake Misskey, through the engine's exactly-once policy; and what the
built pages show for a Misskey account.

Misskey promises no idempotency, so every "did it post?" is settled by reading
the account's notes: a lost answer is never sent again once the note is listed,
and an interrupted run never posts twice.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re

import pytest

from tests.fakes._server import Fault, answer_lost
from tests.fakes.blog import Blog
from tests.fakes.fake_misskey import TOKEN, FakeMisskey

NEW = "misskey-hajimemashita"
NEW_TITLE = "Misskey でも告知します"
ID = f"{NEW}.md"
USER_ID = "9xyz000hanako"
SETTINGS = {
    "POSSE_SYNDICATE": ["misskey"],
    "POSSE_PROFILES": {"misskey": "@hanako@misskey.io"},
    "POSSE_FOLLOW": ["misskey"],
    "POSSE_SHARE": ["misskey"],
    "POSSE_MAX_WAIT": 5,
}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    root = tmp_path_factory.mktemp("blog-misskey")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        for name in [n for n in os.environ if n.startswith("POSSE_")]:
            mp.delenv(name)
        site = Blog(root, mp, settings=SETTINGS)
        site.build()
        from pelican.plugins.posse import cli

        assert cli.main(["-s", "publishconf.py", "baseline"]) == 0
        site.article(NEW, NEW_TITLE, "2026-03-01 09:00", author="Hanako Sato")
        site.build()
    return site


@pytest.fixture
def misskey():
    with FakeMisskey(user_id=USER_ID) as fake:
        yield fake


@pytest.fixture
def blog(template, tmp_path, monkeypatch, capsys, misskey):
    site = template.copy_to(tmp_path)
    site.monkeypatch, site.capsys = monkeypatch, capsys
    site.env({**misskey.env(), "POSSE_MISSKEY_USER_ID": USER_ID})
    return site


def creates(fake: FakeMisskey) -> int:
    return sum(r.path == "/api/notes/create" for r in fake.received)


def test_publish_posts_one_note_and_a_rerun_sends_nothing(blog, misskey):
    run = blog.cli("publish")
    assert run.code == 0, run.out + run.err
    (note,) = misskey.notes
    assert note["text"].startswith(f"ブログを更新しました：{NEW_TITLE}")
    assert "https://blog.example.jp/" in note["text"]
    record = blog.record(ID, "misskey")
    assert record["state"] == "posted"
    assert record["url"] == f"{misskey.url}/notes/{note['id']}"

    again = blog.cli("publish")
    assert again.code == 0
    assert creates(misskey) == 1, "rerun sent"


def test_a_lost_answer_is_looked_for_and_never_sent_twice(blog, misskey):
    misskey.script(answer_lost())
    run = blog.cli("publish")
    assert len(misskey.notes) == 1
    assert blog.record(ID, "misskey")["state"] == "posting", run.out + run.err
    # The next run reads the account's notes, finds it, and records its address.
    later = blog.cli("publish", later=dt.timedelta(minutes=6))
    assert later.code == 0, later.out + later.err
    record = blog.record(ID, "misskey")
    assert record["state"] == "posted"
    assert record["url"] == f"{misskey.url}/notes/{misskey.notes[0]['id']}"
    assert creates(misskey) == 1


@pytest.mark.parametrize(
    "later", [None, dt.timedelta(hours=2)], ids=["at-once", "two-hours-later"]
)
def test_an_interrupted_run_never_posts_twice(blog, misskey, later):
    assert blog.cli("publish").code == 0
    # Killed after Misskey accepted, before the ledger said so.
    path = blog.root / "posse-ledger.json"
    data = json.loads(path.read_text("utf-8"))
    record = data.get("articles", data)[ID]["posts"]["misskey"]
    record["state"] = "posting"
    for key in ("remote_id", "url"):
        record.pop(key, None)
    path.write_text(json.dumps(data), "utf-8")

    if later is None:
        # At once: the note may not be listed yet, so nothing is judged or sent.
        blog.cli("publish")
        assert creates(misskey) == 1
        assert blog.record(ID, "misskey")["state"] == "posting"
        later = dt.timedelta(minutes=6)
    blog.cli("publish", later=later)
    assert len(misskey.notes) == 1 and creates(misskey) == 1
    record = blog.record(ID, "misskey")
    assert record["state"] == "posted"
    assert record["url"] == f"{misskey.url}/notes/{misskey.notes[0]['id']}"


@pytest.mark.parametrize(
    ("faults", "state", "words"),
    [
        ([Fault(status=500)] * 3, "posting", "Internal error"),
        ([Fault(status=429)], "pending", "rate limited"),
    ],
    ids=["misskey-500", "misskey-429"],
)
def test_failure_then_a_later_run_delivers_once(blog, misskey, faults, state, words):
    misskey.script(*faults)
    run = blog.cli("publish")
    record = blog.record(ID, "misskey")
    assert record["state"] == state, run.out + run.err
    said = f"{record.get('error')} {run.out} {run.err}"
    assert words.lower() in said.lower(), said
    assert misskey.notes == []

    misskey.faults.clear()
    path = blog.root / "posse-ledger.json"
    data = json.loads(path.read_text("utf-8"))
    data.get("articles", data)[ID]["posts"]["misskey"].pop("not_before", None)
    path.write_text(json.dumps(data), "utf-8")
    later = blog.cli("publish", later=dt.timedelta(minutes=6))
    assert later.code == 0, later.out + later.err
    assert blog.record(ID, "misskey")["state"] == "posted"
    assert len(misskey.notes) == 1


def test_a_revoked_token_fails_with_a_remedy_and_leaks_nowhere(blog, misskey, caplog):
    caplog.set_level(logging.DEBUG)
    blog.monkeypatch.setenv("POSSE_MISSKEY_TOKEN", "misskey-revoked-SECRET")
    run = blog.cli("publish")
    assert run.code == 3, run.out + run.err
    # publish proves the token before the first post: nothing is sent, nothing
    # recorded as failed, and the one line names the variable and the fix.
    said = " ".join(run.out.split())
    assert "POSSE_MISSKEY_TOKEN" in said and "write:notes" in said
    assert "Nothing was sent." in said and "Nothing was due." not in said
    assert ID not in blog.ledger().get("articles", {})
    assert misskey.notes == []
    blog.env({**misskey.env(), "POSSE_MISSKEY_USER_ID": USER_ID})
    assert blog.cli("publish").code == 0
    assert blog.record(ID, "misskey")["state"] == "posted"
    texts = [run.out, run.err, caplog.text]
    texts += [
        p.read_bytes().decode("utf-8", "replace")
        for p in blog.root.rglob("*")
        if p.is_file()
    ]
    for text in texts:
        for secret in ("misskey-revoked-SECRET", TOKEN):
            assert secret not in text


def test_the_pages_link_the_misskey_account(template):
    page = next(
        p.read_text("utf-8")
        for p in (template.root / "output").rglob("*.html")
        if "misskey-demo" in p.name
    )
    profile = "https://misskey.io/@hanako"
    # The follow bar: a labelled link with rel="me", and the icon's class.
    link = re.search(rf'<a[^>]*href="{re.escape(profile)}"[^>]*>', page)
    assert link is not None, "no follow link to the Misskey account"
    rel = re.search(r'rel="([^"]*)"', link[0])
    assert rel is not None and "me" in rel[1].split()
    assert "posse-misskey" in page
    assert ">Misskey でフォロー</a>" in page  # the site is Japanese
    # JSON-LD sameAs names the account.
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S
    )
    same = [u for b in blocks for u in _same_as(json.loads(b))]
    assert profile in same
    # The share row: Misskey Hub's share page, with the article's address.
    assert "https://misskey-hub.net/share/?text=" in page
    assert ">Misskey でシェア</a>" in page
    # The icon file is shipped beside the others.
    assert (template.root / "output" / "posse" / "icons" / "misskey.svg").is_file()


def _same_as(data) -> list[str]:
    found: list[str] = []
    if isinstance(data, dict):
        value = data.get("sameAs")
        found += value if isinstance(value, list) else [value] if value else []
        for v in data.values():
            found += _same_as(v)
    elif isinstance(data, list):
        for v in data:
            found += _same_as(v)
    return found
