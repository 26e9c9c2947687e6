"""networks.misskey against the stateful fake Misskey: posting, the server's own
limit, looking for our note, and the fault table.

Each failure must come back as the right error class with Misskey's own words
and a remedy naming what to change, and the token must appear in no text.
"""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest

from pelican.plugins.posse.compose import RULES, misskey_length
from pelican.plugins.posse.publish.networks import (
    NETWORKS,
    Permanent,
    Post,
    RetryLater,
    Transient,
    Unconfirmed,
)
from pelican.plugins.posse.publish.networks.misskey import MisskeyNetwork, fit
from pelican.plugins.posse.said import words as said_words
from pelican.plugins.posse.settings import PosseSettings, load
from tests.fakes._server import Fault, answer_lost
from tests.fakes.fake_misskey import TOKEN, FakeMisskey

URL = "https://posse-demo.example.jp/posts/posse/"
TEXT = f"ブログを更新しました：POSSE を始めました\n\n{URL}\n#POSSE"


def make_post(text: str = TEXT, url: str = URL) -> Post:
    return Post(
        article_id="posts/posse.md", network="misskey", text=text, url=url, lang="ja"
    )


@pytest.fixture
def fake():
    with FakeMisskey() as server:
        yield server


def network(env: dict[str, str], **settings) -> MisskeyNetwork:
    return MisskeyNetwork(env, PosseSettings(**settings))


def assert_clean(error: Exception, caplog=None) -> None:
    texts = [str(error), repr(error), said_words(getattr(error, "remedy", None))]
    if caplog is not None:
        texts.append(caplog.text)
    for text in texts:
        assert TOKEN not in text


def test_registry_and_exactly_once_policy():
    assert NETWORKS.load("misskey") is MisskeyNetwork
    assert MisskeyNetwork.missing_env({}) == ["POSSE_MISSKEY_TOKEN"]
    # Misskey promises no idempotency: never re-send without looking first.
    assert MisskeyNetwork.copy_refusal is None
    assert MisskeyNetwork.free_reads is True


def test_posts_one_note_with_the_link_and_keeps_its_address(fake):
    delivered = network(fake.env()).post(make_post())
    (note,) = fake.notes
    assert note["text"] == TEXT and note["visibility"] == "public"
    assert delivered.remote_id == note["id"]
    assert delivered.url == f"{fake.url}/notes/{note['id']}"
    creates = [r for r in fake.received if r.path == "/api/notes/create"]
    assert len(creates) == 1
    assert TOKEN not in creates[0].headers.get("Authorization", "")  # in the body


def test_the_servers_limit_is_read_once_per_run(fake):
    net = network(fake.env())
    net.post(make_post())
    net.post(make_post(url=URL + "2/", text=f"次の記事\n\n{URL}2/"))
    metas = [r for r in fake.received if r.path == "/api/meta"]
    assert len(metas) == 1


def test_a_lower_server_limit_cuts_the_note_again_keeping_url(fake):
    fake.max_note_length = 120
    summary = "経営の相談を受けていて気づいたことを書きました。" * 12
    text = f"ブログを更新しました：長い記事\n\n{summary}\n\n{URL}\n#経営 #相談"
    network(fake.env()).post(make_post(text=text))
    (note,) = fake.notes
    assert misskey_length(note["text"]) <= 120
    assert URL in note["text"] and note["text"].startswith("ブログを更新しました")
    # Cut at a sentence's end, not inside a word.
    body = note["text"].split(URL)[0].strip()
    assert body.endswith("。") or body.endswith("…")


def test_count_is_code_points_as_misskey_counts():
    # 🧑‍💻 is three code points (two emoji and a joiner); Misskey counts 3.
    assert misskey_length("🧑\u200d💻") == 3
    assert misskey_length("日本語") == 3
    assert RULES["misskey"].limit_for(PosseSettings()) == 3000


def test_the_fake_refuses_one_code_point_over(fake):
    fake.max_note_length = 100
    with pytest.raises(Permanent) as caught:
        # Past the meta read: an over-long note reaches the server.
        net = network(fake.env())
        net._limit_read = True
        net.post(make_post(text="あ" * 60 + "\n\n" + URL))
    assert caught.value.status == 400
    assert "POSSE_MISSKEY_MAX_CHARACTERS" in said_words(caught.value.remedy)


def test_fit_drops_hashtags_before_cutting_more():
    text = f"題名\n\n{'文章です。' * 30}\n\n{URL}\n#a #b"
    cut = fit(text, URL, 80, "ja")
    assert len(cut) <= 80 and URL in cut


def test_visibility_and_server_from_settings(fake):
    net = network(
        {"POSSE_MISSKEY_TOKEN": TOKEN},
        misskey_server=fake.url,
        misskey_visibility="home",
    )
    net.post(make_post())
    assert fake.notes[0]["visibility"] == "home"


def test_settings_validate_server_visibility_and_length():
    _, problems = load(
        {
            "POSSE_MISSKEY_SERVER": "http://misskey.io",
            "POSSE_MISSKEY_VISIBILITY": "specified",
            "POSSE_MISSKEY_MAX_CHARACTERS": 10000,
        }
    )
    named = {p.setting: p.message for p in problems}
    assert "https" in named["POSSE_MISSKEY_SERVER"]
    assert "'public'" in named["POSSE_MISSKEY_VISIBILITY"]
    assert "8192" in named["POSSE_MISSKEY_MAX_CHARACTERS"]
    posse, problems = load({"POSSE_MISSKEY_SERVER": "misskey.io"})
    assert not problems and posse.misskey_max_characters == 3000


def test_a_handle_as_server_names_the_setting():
    net = network(
        {"POSSE_MISSKEY_TOKEN": TOKEN, "POSSE_MISSKEY_SERVER": "@me@misskey.io"}
    )
    with pytest.raises(Permanent) as caught:
        net.post(make_post())
    assert "POSSE_MISSKEY_SERVER" in str(caught.value.message)
    assert "POSSE_MISSKEY_SERVER" in said_words(caught.value.remedy)


# --- the fault table ---------------------------------------------------------------
FAULTS = [
    # (fault on notes/create, error class, words a person sees)
    (Fault(status=429, method="POST"), RetryLater, "Rate limit exceeded"),
    (Fault(status=500), Unconfirmed, "Internal error"),
    (Fault(status=503), Unconfirmed, "notes/create"),
    (answer_lost(), Unconfirmed, "after sending"),
    (Fault(status=502, body="<html>Bad gateway</html>"), Unconfirmed, "HTTP 502"),
]


@pytest.mark.parametrize(("fault", "kind", "words"), FAULTS)
def test_fault_table(fake, caplog, fault, kind, words):
    net = network(fake.env())
    net._limit_read = True  # the fault hits notes/create, not api/meta
    fake.script(fault)
    with caplog.at_level(logging.DEBUG), pytest.raises(kind) as caught:
        net.post(make_post())
    assert words in str(caught.value.message)
    assert_clean(caught.value, caplog)


def test_rate_limit_says_when(fake):
    net = network(fake.env())
    net._limit_read = True
    fake.script(Fault(status=429))
    with pytest.raises(RetryLater) as caught:
        net.post(make_post())
    assert caught.value.not_before is not None
    assert caught.value.not_before > dt.datetime.now(dt.UTC)


def test_an_unreachable_server_is_transient_never_unconfirmed():
    net = network(
        {"POSSE_MISSKEY_TOKEN": TOKEN, "POSSE_MISSKEY_SERVER": "http://127.0.0.1:9"}
    )
    with pytest.raises(Transient):
        net.post(make_post())


@pytest.mark.parametrize(
    ("token", "permissions", "code"),
    [
        ("wrong-token-123456", ("write:notes",), "AUTHENTICATION_FAILED"),
        (TOKEN, ("read:account",), "PERMISSION_DENIED"),
    ],
)
def test_token_refusals_are_permanent_naming_the_token(
    fake, caplog, token, permissions, code
):
    fake.tokens[TOKEN] = set(permissions)
    env = {**fake.env(), "POSSE_MISSKEY_TOKEN": token}
    with caplog.at_level(logging.DEBUG), pytest.raises(Permanent) as caught:
        network(env).post(make_post())
    assert caught.value.code == code
    assert "POSSE_MISSKEY_TOKEN" in said_words(caught.value.remedy)
    assert "write:notes" in said_words(caught.value.remedy)
    assert_clean(caught.value, caplog)
    assert token not in str(caught.value.message)


def test_no_token_is_refused_before_any_request(fake):
    with pytest.raises(Permanent):
        network({"POSSE_MISSKEY_SERVER": fake.url}).post(make_post())
    assert fake.received == []


# --- looking -------------------------------------------------------------------------
def test_look_finds_our_note_after_a_lost_answer(fake):
    env = {**fake.env(), "POSSE_MISSKEY_USER_ID": fake.user_id}
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    net = network(env)
    net._limit_read = True
    fake.script(answer_lost())
    with pytest.raises(Unconfirmed):
        net.post(make_post())
    found = network(env).look(make_post(), since)
    assert found is not None
    assert found.url == f"{fake.url}/notes/{fake.notes[0]['id']}"
    assert len(fake.notes) == 1


def test_look_finds_nothing_for_another_article_or_older_notes(fake):
    env = {**fake.env(), "POSSE_MISSKEY_USER_ID": fake.user_id}
    network(env).post(make_post())
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    assert network(env).look(make_post(), later) is None
    other = make_post(url="https://posse-demo.example.jp/posts/other/")
    assert network(env).look(other, later - dt.timedelta(minutes=1)) is None


def test_look_finds_the_user_from_the_profile(fake):
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    network(fake.env()).post(make_post())
    net = network(fake.env(), profiles={"misskey": "@hanako@127.0.0.1"})
    assert net.look(make_post(), since) is not None
    assert any(r.path == "/api/users/show" for r in fake.received)


def test_look_without_a_way_to_the_account_says_what_to_set(fake):
    # A write:notes token may not read /api/i on current Misskey.
    since = dt.datetime.now(dt.UTC)
    with pytest.raises(Permanent) as caught:
        network(fake.env()).look(make_post(), since)
    assert "POSSE_MISSKEY_USER_ID" in said_words(caught.value.remedy)
    assert "POSSE_PROFILES['misskey']" in said_words(caught.value.remedy)


def test_look_pages_through_a_full_page(fake):
    env = {**fake.env(), "POSSE_MISSKEY_USER_ID": fake.user_id}
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    net = network(env)
    net._limit_read = True
    for n in range(100):
        net.post(make_post(text=f"note {n}", url=f"https://example.jp/{n}/"))
    net.post(make_post())  # ours is the 101st: on the second page
    found = network(env).look(make_post(), since)
    assert found is not None and found.remote_id == fake.notes[-1]["id"]
    pages = [r for r in fake.received if r.path == "/api/users/notes"]
    assert len(pages) == 2


def test_a_listing_that_lags_finds_nothing_yet(fake):
    fake.listing_lag = 30
    env = {**fake.env(), "POSSE_MISSKEY_USER_ID": fake.user_id}
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    network(env).post(make_post())
    assert network(env).look(make_post(), since) is None


def test_a_failed_read_is_transient(fake):
    env = {**fake.env(), "POSSE_MISSKEY_USER_ID": fake.user_id}
    fake.fault_paths = None
    fake.script(Fault(status=503))
    with pytest.raises(Transient):
        network(env).look(make_post(), dt.datetime.now(dt.UTC))


def test_repr_never_shows_the_token(fake):
    assert TOKEN not in repr(network(fake.env()))


# --- the outbox preview ------------------------------------------------------------
def test_the_outbox_shows_a_misskey_note_with_its_count(tmp_path):
    from pelican.plugins.posse.publish import outbox

    entry = {
        "at": "2026-03-01T00:00:00+00:00",
        "article_id": "posts/posse.md",
        "network": "misskey",
        "text": TEXT,
        "url": URL,
        "title": "POSSE を始めました",
        "lang": "ja",
        "length": misskey_length(TEXT),
        "limit": 3000,
    }
    (tmp_path / outbox.JSONL).write_text(json.dumps(entry, ensure_ascii=False) + "\n")
    page = outbox.render(tmp_path, {"default_lang": "ja"}, {}).read_text("utf-8")
    assert 'class="post misskey"' in page
    assert f"{misskey_length(TEXT)} / 3000 文字（Misskey の数え方）" in page
    assert ">Misskey</span>" in page
    assert f'<a href="{URL}">{URL}</a>' in page
