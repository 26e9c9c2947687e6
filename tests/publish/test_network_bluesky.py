"""networks.bluesky against the fake PDS: the record, exactly once, and every fault.

The fake validates each record against the app.bsky.feed.post lexicon and checks
that the link facet covers exactly the URL's UTF-8 bytes, so a wrong offset (the
classic bug with Japanese text before the URL) fails here, not silently on Bluesky.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import logging
import threading

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican.plugins.posse.publish.networks import (
    NETWORKS,
    AlreadyPosted,
    Permanent,
    Post,
    RetryLater,
    Transient,
    Unconfirmed,
)
from pelican.plugins.posse.publish.networks import bluesky as bluesky_module
from pelican.plugins.posse.publish.networks.bluesky import (
    BlueskyNetwork,
    facets_for,
    tid_for,
)
from pelican.plugins.posse.said import words
from pelican.plugins.posse.settings import PosseSettings
from tests.fakes._server import Fault, answer_lost
from tests.fakes.fake_bluesky import APP_PASSWORD, TID, FakeBluesky

URL = "https://posse-demo.example.jp/posts/posse/"
TEXT = f"ブログを更新しました：POSSE を始めました。{URL} #POSSE"


def make_post(text: str = TEXT, key: str = "posts/posse.md#bluesky", **kw) -> Post:
    values = {
        "article_id": "posts/posse.md",
        "network": "bluesky",
        "text": text,
        "url": URL,
        "title": "POSSE を始めました",
        "description": "自分のサイトに書いて、ほかの場所へも届ける。",
        "lang": "ja",
        "idempotency_key": key,
        **kw,
    }
    return Post(**values)


@pytest.fixture
def fake():
    with FakeBluesky() as server:
        yield server


@pytest.fixture(autouse=True)
def _no_session_from_another_test():
    # Sessions live for the process (a run); each test is a run of its own.
    bluesky_module._SESSIONS.clear()
    yield
    bluesky_module._SESSIONS.clear()


def network(env: dict[str, str]) -> BlueskyNetwork:
    return BlueskyNetwork(env, PosseSettings())


def assert_clean(error: Exception, caplog=None) -> None:
    texts = [str(error), repr(error), words(getattr(error, "remedy", None))]
    if caplog is not None:
        texts.append(caplog.text)
    for text in texts:
        assert APP_PASSWORD not in text


def methods(fake: FakeBluesky) -> list[str]:
    return [r.path.rpartition("/")[2] for r in fake.received]


def test_registry_finds_the_network():
    assert NETWORKS.load("bluesky") is BlueskyNetwork
    assert BlueskyNetwork.missing_env({}) == [
        "POSSE_BLUESKY_HANDLE",
        "POSSE_BLUESKY_APP_PASSWORD",
    ]


def test_posts_a_valid_record_with_link_facet_and_card(fake):
    delivered = network(fake.env()).post(make_post())

    (record,) = fake.posts
    assert record["text"] == TEXT
    assert record["langs"] == ["ja"]
    link, tag = record["facets"]
    encoded = TEXT.encode("utf-8")
    start, end = link["index"]["byteStart"], link["index"]["byteEnd"]
    assert encoded[start:end].decode("utf-8") == URL
    # The character offset would be wrong: Japanese characters are 3 bytes each.
    assert start != TEXT.index(URL)
    assert link["features"] == [{"$type": "app.bsky.richtext.facet#link", "uri": URL}]
    assert tag["features"][0]["tag"] == "POSSE"
    external = record["embed"]["external"]
    assert external == {
        "uri": URL,
        "title": "POSSE を始めました",
        "description": "自分のサイトに書いて、ほかの場所へも届ける。",
    }
    created = dt.datetime.fromisoformat(record["createdAt"].replace("Z", "+00:00"))
    assert abs((dt.datetime.now(dt.UTC) - created).total_seconds()) < 60

    rkey = tid_for("posts/posse.md#bluesky")
    assert delivered.remote_id == f"at://{fake.did}/app.bsky.feed.post/{rkey}"
    assert delivered.url == f"https://bsky.app/profile/{fake.did}/post/{rkey}"
    assert methods(fake) == [
        "com.atproto.server.createSession",
        "com.atproto.repo.putRecord",
    ]


def test_the_session_is_reused_within_a_run(fake):
    net = network(fake.env())
    net.post(make_post(key="one"))
    net.post(make_post(key="two"))
    assert fake.sessions == 1
    assert len(fake.posts) == 2


def test_one_login_per_run_though_the_engine_makes_one_network_per_post(fake):
    network(fake.env()).post(make_post(key="one"))
    network(fake.env()).post(make_post(key="two"))
    assert fake.sessions == 1
    assert len(fake.posts) == 2


def test_the_same_post_again_is_already_posted_not_a_second_post(fake):
    first = network(fake.env()).post(make_post())
    # A new run (a new process: new session), same article: refused as a create.
    with pytest.raises(AlreadyPosted) as caught:
        network(fake.env()).post(make_post())
    assert caught.value.remote_id == first.remote_id
    assert caught.value.url == first.url
    assert "Record was at" in str(caught.value.message)
    assert len(fake.posts) == 1


def test_a_lost_answer_then_a_retry_posts_once(fake):
    net = network(fake.env())
    net.post(make_post(key="warm-up"))
    # The record IS created, the connection drops before the answer: "did it post?"
    fake.script(Fault(commit=True, drop=True))
    with pytest.raises(Unconfirmed):
        net.post(make_post())
    with pytest.raises(AlreadyPosted) as caught:
        net.post(make_post())
    assert len(fake.posts) == 2
    assert caught.value.remote_id.endswith(tid_for("posts/posse.md#bluesky"))


def test_a_lost_login_answer_is_transient_and_the_next_attempt_logs_in(fake):
    fake.script(Fault(commit=True, drop=True))
    net = network(fake.env())
    with pytest.raises(Transient):
        net.post(make_post())
    net.post(make_post())
    assert len(fake.posts) == 1


def test_a_read_timeout_is_unconfirmed_and_the_retry_does_not_double(fake):
    net = network(fake.env())
    net.timeout = (2.0, 1.0, 1.0, 1.0)
    # The login goes through; the record is created but its answer comes too late.
    fake.script(Fault(), Fault(commit=True, delay=2.5))
    with pytest.raises(Unconfirmed, match="after sending"):
        net.post(make_post())
    # The retry, in a new run with the usual timeout (no flakiness on a busy CI).
    bluesky_module._SESSIONS.clear()
    with pytest.raises(AlreadyPosted):
        network(fake.env()).post(make_post())
    assert len(fake.posts) == 1


def test_wrong_app_password_is_permanent_with_a_remedy(fake, caplog):
    caplog.set_level(logging.DEBUG)
    env = {**fake.env(), "POSSE_BLUESKY_APP_PASSWORD": "zzzz-SECRET-wrong-pw"}
    with pytest.raises(Permanent) as caught:
        network(env).post(make_post())
    error = caught.value
    assert error.status == 401
    assert "Invalid identifier or password" in str(error.message)
    assert "App passwords" in words(error.remedy)
    assert "POSSE_BLUESKY_APP_PASSWORD" in words(error.remedy)
    assert "zzzz-SECRET-wrong-pw" not in str(error) + repr(error) + caplog.text
    assert fake.posts == []


@pytest.mark.parametrize(
    "handle", ["@hanako", "https://bsky.app/profile/hanako", "花子"]
)
def test_a_malformed_handle_is_permanent_and_names_the_variable(fake, handle):
    env = {**fake.env(), "POSSE_BLUESKY_HANDLE": handle}
    with pytest.raises(Permanent) as caught:
        network(env).post(make_post())
    assert "POSSE_BLUESKY_HANDLE" in str(caught.value.message)
    assert fake.received == []  # nothing sent with a handle that cannot work


def test_a_leading_at_sign_is_forgiven(fake):
    env = {**fake.env(), "POSSE_BLUESKY_HANDLE": "@" + fake.handle}
    network(env).post(make_post())
    assert len(fake.posts) == 1


def test_plain_http_to_a_remote_host_is_refused():
    env = {
        "POSSE_BLUESKY_HANDLE": "hanako.bsky.social",
        "POSSE_BLUESKY_APP_PASSWORD": APP_PASSWORD,
        "POSSE_BLUESKY_API_URL": "http://bsky.social",
    }
    with pytest.raises(Permanent) as caught:
        network(env).post(make_post())
    assert "POSSE_BLUESKY_API_URL" in str(caught.value.message)
    assert_clean(caught.value)


def test_the_account_password_instead_of_an_app_password_says_what_to_do():
    with FakeBluesky(account_password="my-real-SECRET-password") as fake:
        env = {**fake.env(), "POSSE_BLUESKY_APP_PASSWORD": "my-real-SECRET-password"}
        with pytest.raises(Permanent) as caught:
            network(env).post(make_post())
    assert "sign in code" in str(caught.value.message)
    assert "app password" in words(caught.value.remedy)
    assert "my-real-SECRET-password" not in str(caught.value) + words(
        caught.value.remedy
    )


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_unconfirmed(fake, status):
    net = network(fake.env())
    net.post(make_post(key="warm-up"))
    fake.script(Fault(status=status))
    with pytest.raises(Unconfirmed) as caught:
        net.post(make_post())
    assert caught.value.status == status
    assert len(fake.posts) == 1
    assert_clean(caught.value)


def test_a_failed_login_with_5xx_is_transient(fake):
    fake.script(Fault(status=503))
    with pytest.raises(Transient):
        network(fake.env()).post(make_post())


def test_connection_refused_is_transient():
    with FakeBluesky() as fake:
        env = fake.env()
    with pytest.raises(Transient, match="could not reach"):
        network(env).post(make_post())


def test_rate_limit_is_retry_later_with_the_reset_time(fake):
    net = network(fake.env())
    net.post(make_post(key="warm-up"))
    reset = int(dt.datetime.now(dt.UTC).timestamp()) + 900
    fake.script(Fault(status=429, headers={"ratelimit-reset": str(reset)}))
    with pytest.raises(RetryLater) as caught:
        net.post(make_post())
    assert caught.value.not_before == dt.datetime.fromtimestamp(reset, dt.UTC)
    assert "Rate Limit Exceeded" in str(caught.value.message)


def test_an_expired_session_is_transient_and_the_next_attempt_logs_in_again():
    clock = [1_800_000_000.0]
    with FakeBluesky(clock=lambda: clock[0], token_lifetime=7200) as fake:
        net = network(fake.env())
        net.post(make_post(key="one"))
        clock[0] += 7300  # the server thinks the token expired (its clock ran ahead)
        with pytest.raises(Transient, match="ExpiredToken"):
            net.post(make_post(key="two"))
        net.post(make_post(key="two"))
        assert fake.sessions == 2
        assert len(fake.posts) == 2


def test_too_long_text_is_refused_before_sending(fake):
    with pytest.raises(Permanent) as caught:
        network(fake.env()).post(make_post(text="あ" * 301))
    assert "300" in str(caught.value.message)
    assert fake.received == []


def test_an_invalid_record_is_permanent_with_bluesky_words(fake, monkeypatch):
    # Simulate a bug that breaks the facet: the fake must catch it, we must report it.
    def broken(text, url):
        return [
            {
                "index": {"byteStart": 0, "byteEnd": 5},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": url}],
            }
        ]

    monkeypatch.setattr(bluesky_module, "facets_for", broken)
    with pytest.raises(Permanent) as caught:
        network(fake.env()).post(make_post())
    assert "InvalidRequest" in str(caught.value.message)
    assert "not the link" in str(caught.value.message)
    assert fake.posts == []


def test_the_card_image_is_uploaded_as_the_thumbnail(fake, tmp_path):
    image = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2048
    (tmp_path / "card.png").write_bytes(image)
    with serve_directory(tmp_path) as site:
        network(fake.env()).post(make_post(image=f"{site}/card.png"))
    thumb = fake.posts[0]["embed"]["external"]["thumb"]
    assert thumb["mimeType"] == "image/png"
    assert thumb["size"] == len(image)
    assert methods(fake) == [
        "com.atproto.server.createSession",
        "com.atproto.repo.uploadBlob",
        "com.atproto.repo.putRecord",
    ]


def test_a_missing_or_huge_card_image_posts_without_thumbnail(fake, tmp_path, caplog):
    (tmp_path / "huge.jpg").write_bytes(b"\xff\xd8" + b"\x00" * 1_000_001)
    net = network(fake.env())
    with serve_directory(tmp_path) as site:
        net.post(make_post(key="a", image=f"{site}/missing.png"))
        net.post(make_post(key="b", image=f"{site}/huge.jpg"))
    assert len(fake.posts) == 2
    assert all("thumb" not in p["embed"]["external"] for p in fake.posts)
    assert "posse: bluesky: card image" in caplog.text
    assert "uploadBlob" not in " ".join(methods(fake))


def test_tids_are_valid_stable_and_distinct():
    keys = [f"posts/{n}.md#bluesky" for n in range(2000)]
    tids = [tid_for(k) for k in keys]
    assert all(TID.fullmatch(t) for t in tids)
    assert len(set(tids)) == len(tids)
    assert tid_for("x") == tid_for("x")


def test_hashtags_get_tag_facets_but_a_url_fragment_does_not():
    text = "読みました #読書 と #POSSE。https://example.jp/a#b"
    facets = facets_for(text, "https://example.jp/a#b")
    tags = [f["features"][0]["tag"] for f in facets if "tag" in f["features"][0]]
    assert tags == ["読書", "POSSE"]


NETWORK_PER_FAKE: dict[int, BlueskyNetwork] = {}
PIECES = [
    "あ",
    "漢字",
    "。",
    "、",
    "a",
    " ",
    "é",
    "e\u0301",
    "👍🏽",
    "🇯🇵",
    "👨\u200d👩\u200d👧",
    "\n",
    "#タグ",
    "＃全角",
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    before=st.lists(st.sampled_from(PIECES), max_size=120).map("".join),
    after=st.lists(st.sampled_from(PIECES), max_size=40).map("".join),
    path=st.text(alphabet="abc-_/記事", max_size=20),
)
def test_any_text_posts_with_the_facet_exactly_on_the_url(fake, before, after, path):
    url = f"https://example.jp/{path}"
    text = f"{before} {url} {after}"
    if len(regex.findall(r"\X", text)) > 300:
        text = "".join(regex.findall(r"\X", text)[: 300 - len(url) - 1]) + " " + url
    fake.records.clear()
    fake.cids.clear()
    # One network for every example, as in a run: one session, many posts.
    net = NETWORK_PER_FAKE.setdefault(id(fake), network(fake.env()))
    net.post(make_post(text=text, key="", url=url))
    (record,) = fake.posts  # the fake validated graphemes, bytes and every facet
    assert len(regex.findall(r"\X", record["text"])) <= 300
    link = record["facets"][0]
    encoded = record["text"].encode("utf-8")
    assert (
        encoded[link["index"]["byteStart"] : link["index"]["byteEnd"]] == url.encode()
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        return


class serve_directory:
    """The blog's files over loopback HTTP, as the card image would be served."""

    def __init__(self, root):
        handler = functools.partial(_Quiet, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


# --- the composer's Bluesky posts, end to end through the record ----------------

TITLE_PIECES = [
    "事業計画",
    "「社長」",
    "の",
    "。",
    "DX",
    " ",
    "👨\u200d👩\u200d👧",
    "🇯🇵",
    "e\u0301",
    "補助金申請の前に確認したい五つのこと",
    "#",
    "&",
    "<b>",
]


@settings(max_examples=60, deadline=None)
@given(
    title=st.lists(st.sampled_from(TITLE_PIECES), min_size=1, max_size=60).map("".join),
    summary=st.lists(st.sampled_from(TITLE_PIECES), max_size=300).map("".join),
    tags=st.lists(st.sampled_from(["補助金", "DX", "経営", "資金繰り"]), max_size=4),
    slug=st.text(alphabet="abc-記事", min_size=1, max_size=30),
)
def test_composed_bluesky_posts_fit_and_link_exactly(title, summary, tags, slug):
    from pelican.plugins.posse.compose import ComposeError, compose
    from pelican.plugins.posse.facts import ArticleFacts

    url = f"https://posse-demo.example.jp/posts/{slug}/"
    facts = ArticleFacts(
        id="a.md",
        source_path="a.md",
        title=title,
        url=url,
        lang="ja",
        date=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        tags=tuple(tags),
        summary_html=f"<p>{summary}</p>" if summary.strip() else None,
    )
    try:
        composed = compose(facts, "bluesky", PosseSettings())
    except ComposeError:
        return  # e.g. a title that is only markup: reported, never posted
    post = make_post(text=composed.text, url=url)
    record = BlueskyNetwork({}, PosseSettings()).record(post)
    FakeBluesky().validate_post(record)  # the lexicon, byte limits and facets
    assert len(regex.findall(r"\X", record["text"])) <= 300
    link = record["facets"][0]
    encoded = record["text"].encode("utf-8")
    assert (
        encoded[link["index"]["byteStart"] : link["index"]["byteEnd"]] == url.encode()
    )


# --- "created, answer lost", and look() -------------------------------------------
SINCE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def test_copies_are_refused_for_ever_and_reads_are_free():
    assert BlueskyNetwork.copy_refusal == dt.timedelta.max
    assert BlueskyNetwork.free_reads is True


@pytest.mark.parametrize("after", [None, 1.5], ids=["reset", "timeout"])
def test_created_answer_lost_is_unconfirmed_and_posted_once(fake, after):
    net = network(fake.env())
    net.timeout = (2.0, 0.5, 0.5, 0.5)
    net.post(make_post(key="warm-up"))  # logged in
    fake.script(answer_lost(after))
    with pytest.raises(Unconfirmed) as caught:
        net.post(make_post())
    assert_clean(caught.value)
    assert len(fake.posts) == 2
    with pytest.raises(AlreadyPosted):  # sent again: refused, however late
        net.post(make_post())
    assert len(fake.posts) == 2


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("after", [None, 1.5], ids=["reset", "timeout"])
def test_look_finds_a_lost_post_by_its_record_key(after):
    clock = Clock()
    with FakeBluesky(clock=clock, visibility_delay=30.0) as fake:
        net = network(fake.env())
        net.timeout = (2.0, 0.5, 0.5, 0.5)
        net.post(make_post(key="warm-up"))
        fake.script(answer_lost(after))
        with pytest.raises(Unconfirmed):
            net.post(make_post())
        assert net.look(make_post(), SINCE) is None, "not readable yet"
        clock.now += 30
        found = net.look(make_post(), SINCE)
        rkey = tid_for("posts/posse.md#bluesky")
        assert found is not None
        assert found.remote_id == f"at://{fake.did}/app.bsky.feed.post/{rkey}"
        assert found.url == f"https://bsky.app/profile/{fake.did}/post/{rkey}"
        assert len(fake.posts) == 2
        reads = [r for r in fake.received if r.method == "GET"]
        assert all("getRecord" in r.path and f"rkey={rkey}" in r.path for r in reads)
        assert all(APP_PASSWORD not in r.path for r in fake.received)
        assert all("Jwt" not in r.path and "token" not in r.path for r in reads)


def test_look_finds_nothing_for_a_post_never_made(fake):
    assert network(fake.env()).look(make_post(), SINCE) is None


def test_a_failed_read_is_transient_never_unconfirmed(fake):
    net = network(fake.env())
    net.post(make_post(key="warm-up"))
    fake.script(Fault(status=502))
    with pytest.raises(Transient) as caught:
        net.look(make_post(), SINCE)
    assert not isinstance(caught.value, Unconfirmed)
