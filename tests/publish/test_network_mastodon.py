"""networks.mastodon against the stateful fake Mastodon: posting, exactly once, faults.

Each failure must come back as the right error class with Mastodon's own words and
a remedy a person can act on, and the token must appear in no text.
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican.plugins.posse.publish.networks import (
    NETWORKS,
    Permanent,
    Post,
    RetryLater,
    Transient,
    Unconfirmed,
    mastodon_look,
)
from pelican.plugins.posse.publish.networks import mastodon as mastodon_module
from pelican.plugins.posse.publish.networks.mastodon import (
    MastodonNetwork,
    instance_url,
)
from pelican.plugins.posse.said import words
from pelican.plugins.posse.settings import PosseSettings, load
from tests.fakes._server import Fault, answer_lost
from tests.fakes.fake_mastodon import TOKEN, FakeMastodon, countable_length

URL = "https://posse-demo.example.jp/posts/posse/"
TEXT = f"ブログを更新しました：POSSE を始めました {URL}"


def make_post(text: str = TEXT, key: str = "posts/posse.md#mastodon") -> Post:
    return Post(
        article_id="posts/posse.md",
        network="mastodon",
        text=text,
        url=URL,
        lang="ja_JP",
        idempotency_key=key,
    )


@pytest.fixture(autouse=True)
def _forget_accounts():
    # Account ids learnt from a post are kept per process (one run); a test is a run.
    mastodon_module._ACCOUNTS.clear()
    yield
    mastodon_module._ACCOUNTS.clear()


@pytest.fixture
def fake():
    with FakeMastodon() as server:
        yield server


def network(env: dict[str, str], **settings) -> MastodonNetwork:
    return MastodonNetwork(env, PosseSettings(**settings))


def assert_clean(error: Exception, caplog=None) -> None:
    texts = [str(error), repr(error), words(getattr(error, "remedy", None))]
    if caplog is not None:
        texts.append(caplog.text)
    for text in texts:
        assert TOKEN not in text


def test_registry_finds_the_network():
    assert NETWORKS.load("mastodon") is MastodonNetwork
    assert MastodonNetwork.missing_env({}) == ["POSSE_MASTODON_TOKEN"]


def test_posts_once_with_visibility_language_and_idempotency_key(fake):
    delivered = network(fake.env()).post(make_post())

    assert len(fake.statuses) == 1
    status = fake.statuses[0]
    assert status["text"] == TEXT
    assert status["visibility"] == "public"
    assert status["language"] == "ja"
    assert delivered.remote_id == status["id"]
    assert delivered.url == status["url"]
    (request,) = fake.received  # one call: no instance probe, no verify_credentials
    assert request.headers["Idempotency-Key"] == "posts/posse.md#mastodon"
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"


def test_the_same_post_again_creates_nothing_new(fake):
    net = network(fake.env())
    first = net.post(make_post())
    second = net.post(make_post())
    assert second == first
    assert len(fake.statuses) == 1


def test_a_lost_answer_then_a_retry_posts_once(fake):
    # The status IS created, the connection drops before the answer: the classic
    # "did it post?" case. The retry carries the same key and gets the same status.
    fake.script(Fault(commit=True, drop=True))
    net = network(fake.env())
    with pytest.raises(Unconfirmed):
        net.post(make_post())
    delivered = net.post(make_post())
    assert len(fake.statuses) == 1
    assert delivered.remote_id == fake.statuses[0]["id"]


def test_a_read_timeout_is_unconfirmed_and_the_retry_does_not_double(fake):
    net = network(fake.env())
    net.timeout = (2.0, 0.5)
    fake.script(Fault(commit=True, delay=1.5))
    with pytest.raises(Unconfirmed, match="after sending"):
        net.post(make_post())
    # The retry (the usual timeout: a busy CI machine must not make it flaky).
    network(fake.env()).post(make_post())
    assert len(fake.statuses) == 1


def test_visibility_and_instance_come_from_settings(fake):
    net = network(
        {"POSSE_MASTODON_TOKEN": TOKEN},
        mastodon_instance=fake.url,
        mastodon_visibility="unlisted",
    )
    net.post(make_post())
    assert fake.statuses[0]["visibility"] == "unlisted"


def test_a_link_missing_from_the_text_is_appended(fake):
    network(fake.env()).post(make_post(text="ブログを更新しました"))
    assert fake.statuses[0]["text"] == f"ブログを更新しました\n\n{URL}"


def test_invalid_token_is_permanent_with_a_remedy(fake, caplog):
    env = {**fake.env(), "POSSE_MASTODON_TOKEN": "mstdn-wrong-SECRET"}
    caplog.set_level(logging.DEBUG)
    with pytest.raises(Permanent) as caught:
        network(env).post(make_post())
    error = caught.value
    assert error.status == 401
    assert "The access token is invalid" in str(error.message)
    assert "write:statuses" in words(error.remedy)
    assert "POSSE_MASTODON_TOKEN" in words(error.remedy)
    assert "/settings/applications" in words(error.remedy)
    assert "mstdn-wrong-SECRET" not in str(error) + repr(error) + caplog.text
    assert fake.statuses == []


def test_a_token_without_the_write_scope_is_permanent():
    with FakeMastodon(scopes=("read",)) as fake, pytest.raises(Permanent) as caught:
        network(fake.env()).post(make_post())
    assert caught.value.status == 403
    assert "outside the authorized scopes" in str(caught.value.message)
    assert "write:statuses" in words(caught.value.remedy)
    assert_clean(caught.value)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_unconfirmed(fake, status):
    fake.script(Fault(status=status))
    with pytest.raises(Unconfirmed) as caught:
        network(fake.env()).post(make_post())
    assert caught.value.status == status
    assert fake.statuses == []
    assert_clean(caught.value)


def test_a_dropped_connection_is_unconfirmed(fake):
    fake.script(Fault(drop=True))
    with pytest.raises(Unconfirmed):
        network(fake.env()).post(make_post())
    assert fake.statuses == []


def test_connection_refused_is_transient():
    with FakeMastodon() as fake:
        env = fake.env()
    with pytest.raises(Transient) as caught:
        network(env).post(make_post())
    assert "could not reach" in str(caught.value.message)
    assert_clean(caught.value)


def test_rate_limit_is_retry_later_with_the_reset_time(fake):
    reset = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(minutes=20)
    stamp = reset.isoformat().replace("+00:00", ".000Z")
    fake.script(Fault(status=429, headers={"X-RateLimit-Reset": stamp}))
    with pytest.raises(RetryLater) as caught:
        network(fake.env()).post(make_post())
    assert caught.value.not_before is not None
    # Mastodon.py corrects for the server's clock; allow for that small skew.
    assert abs((caught.value.not_before - reset).total_seconds()) < 5
    assert fake.statuses == []


def test_the_fakes_own_limit_answers_429_when_exhausted():
    with FakeMastodon(rate_limit=1) as fake:
        net = network(fake.env())
        net.post(make_post(key="a"))
        with pytest.raises(RetryLater):
            net.post(make_post(key="b"))
        assert len(fake.statuses) == 1


def test_over_the_instance_limit_is_permanent_and_names_the_setting():
    with FakeMastodon(max_characters=100) as fake, pytest.raises(Permanent) as caught:
        network(fake.env()).post(make_post(text="あ" * 101))
    assert "character limit of 100" in str(caught.value.message)
    assert "POSSE_MASTODON_MAX_CHARACTERS" in words(caught.value.remedy)


def test_urls_count_23_and_graphemes_count_one():
    assert countable_length("a " + "https://example.com/" + "x" * 200) == 2 + 23
    assert countable_length("👨‍👩‍👧‍👦") == 1
    assert countable_length("@hanako@mastodon.social") == len("@hanako")
    with FakeMastodon(max_characters=100) as fake:
        # 77 + 23 = 100 counted, though the text is 118 characters long.
        network(fake.env()).post(make_post(text="あ" * 77 + URL))
        assert len(fake.statuses) == 1


def test_missing_instance_is_permanent_and_names_the_setting():
    with pytest.raises(Permanent) as caught:
        network({"POSSE_MASTODON_TOKEN": TOKEN}).post(make_post())
    assert "POSSE_MASTODON_INSTANCE" in words(caught.value.remedy)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("mastodon.social", "https://mastodon.social"),
        ("https://mastodon.social/", "https://mastodon.social"),
        ("http://127.0.0.1:3000", "http://127.0.0.1:3000"),
        ("  fedibird.com ", "https://fedibird.com"),
    ],
)
def test_instance_forms(value, expected):
    assert instance_url(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "@hanako@mastodon.social",
        "hanako@mastodon.social",
        "http://mastodon.social",
        "https://mastodon.social/@hanako",
        "ftp://mastodon.social",
    ],
)
def test_bad_instances_are_refused_with_a_message(value):
    with pytest.raises(ValueError, match=r"\w"):
        instance_url(value)
    with pytest.raises(Permanent) as caught:
        network({"POSSE_MASTODON_TOKEN": TOKEN, "POSSE_MASTODON_INSTANCE": value}).post(
            make_post()
        )
    assert "POSSE_MASTODON_INSTANCE" in str(caught.value.message)


def test_repr_never_shows_the_token(fake):
    net = network(fake.env())
    net.post(make_post())
    assert TOKEN not in repr(net)


def test_max_characters_setting_is_validated():
    settings, problems = load({"POSSE_MASTODON_MAX_CHARACTERS": 1000})
    assert settings.mastodon_max_characters == 1000 and not problems
    settings, problems = load({"POSSE_MASTODON_MAX_CHARACTERS": "lots"})
    assert settings.mastodon_max_characters == 500
    assert [p.setting for p in problems] == ["POSSE_MASTODON_MAX_CHARACTERS"]


# Japanese, Latin, combining marks, emoji sequences and URLs: what counting gets wrong.
PIECES = [
    "あ",
    "漢",
    "。",
    "、",
    "a",
    "Z",
    " ",
    "é",
    "e\u0301",
    "👍🏽",
    "🇯🇵",
    "👨\u200d👩\u200d👧",
    "https://example.jp/記事?q=1",
    "#POSSE",
    "@hanako@mastodon.social",
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    words=st.lists(st.sampled_from(PIECES), max_size=400).map("".join),
    limit=st.integers(min_value=100, max_value=1000),
)
def test_fake_counts_like_mastodon_at_the_boundary(fake, words, limit):
    # The fake refuses exactly what exceeds the limit, whatever the text.
    text = f"{words} {URL}"
    fake.max_characters = limit
    before = len(fake.statuses)
    net = network(fake.env())
    if countable_length(text) <= limit and text.strip():
        net.post(make_post(text=text, key=""))
        assert len(fake.statuses) == before + 1
    else:
        with pytest.raises(Permanent):
            net.post(make_post(text=text, key=""))


# --- the composer's Mastodon posts, counted as Mastodon counts ------------------

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
]


@settings(max_examples=60, deadline=None)
@given(
    title=st.lists(st.sampled_from(TITLE_PIECES), min_size=1, max_size=80).map("".join),
    summary=st.lists(st.sampled_from(TITLE_PIECES), max_size=600).map("".join),
    limit=st.sampled_from([100, 500, 1000]),
    slug=st.text(alphabet="abc-" + "x" * 5, min_size=1, max_size=120),
)
def test_composed_mastodon_posts_fit_counting_urls_as_23(title, summary, limit, slug):
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
        summary_html=f"<p>{summary}</p>" if summary.strip() else None,
    )
    try:
        composed = compose(
            facts, "mastodon", PosseSettings(mastodon_max_characters=limit)
        )
    except ComposeError:
        return
    assert url in composed.text  # the link is whole, never cut
    assert countable_length(composed.text) <= limit  # the fake's own count


def test_a_bad_instance_setting_is_reported_when_the_site_builds():
    settings, problems = load({"POSSE_MASTODON_INSTANCE": "@hanako@mastodon.social"})
    assert settings.mastodon_instance is None
    (problem,) = problems
    assert problem.setting == "POSSE_MASTODON_INSTANCE"
    assert "account handle" in problem.message
    settings, problems = load({"POSSE_MASTODON_INSTANCE": "fedibird.com"})
    assert settings.mastodon_instance == "fedibird.com" and not problems


def test_an_unreadable_answer_is_unconfirmed_and_the_retry_posts_once(fake):
    # A proxy answers 200 with an HTML page after Mastodon posted: within the
    # Idempotency-Key's hour a retry is safe.
    fake.script(Fault(commit=True, status=200, body="<html>gateway</html>"))
    net = network(fake.env())
    with pytest.raises(Unconfirmed):
        net.post(make_post())
    net.post(make_post())
    assert len(fake.statuses) == 1


# --- "created, answer lost", and look() -------------------------------------------
SINCE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
PROFILE = {"mastodon": "@hanako@127.0.0.1"}


def test_copy_refusal_is_the_idempotency_keys_hour_with_a_margin():
    assert MastodonNetwork.copy_refusal == dt.timedelta(minutes=55)
    assert MastodonNetwork.free_reads is True


@pytest.mark.parametrize("after", [None, 1.0], ids=["reset", "timeout"])
def test_created_answer_lost_is_unconfirmed_and_posted_once(fake, after):
    net = network(fake.env())
    net.timeout = (2.0, 0.3)
    fake.script(answer_lost(after))
    with pytest.raises(Unconfirmed) as caught:
        net.post(make_post())
    assert_clean(caught.value)
    assert len(fake.statuses) == 1


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("after", [None, 1.0], ids=["reset", "timeout"])
def test_look_finds_a_lost_post_after_the_visibility_delay(after):
    clock = Clock()
    with FakeMastodon(clock=clock, visibility_delay=30.0) as fake:
        net = network(fake.env(), profiles=PROFILE)
        net.timeout = (2.0, 0.3)
        fake.script(answer_lost(after))
        with pytest.raises(Unconfirmed):
            net.post(make_post())
        since = dt.datetime.fromtimestamp(clock.now - 60, dt.UTC)
        assert net.look(make_post(), since) is None, "not listed yet"
        clock.now += 30
        found = net.look(make_post(), since)
        status = fake.statuses[0]
        assert found is not None
        assert (found.remote_id, found.url) == (status["id"], status["url"])
        assert len(fake.statuses) == 1
        reads = [r for r in fake.received if r.method == "GET"]
        assert reads[0].path == "/api/v1/accounts/lookup?acct=hanako"
        assert all("Authorization" not in r.headers for r in reads), "no token"
        assert all(TOKEN not in r.path for r in fake.received)


def test_look_uses_the_account_learnt_from_a_post(fake):
    net = network(fake.env())  # no profile, a write:statuses token
    net.post(make_post())
    assert net.look(make_post(), SINCE) is not None
    (read,) = [r for r in fake.received if r.method == "GET"]
    assert read.path.startswith(f"/api/v1/accounts/{fake.account_id}/statuses?")
    assert "Authorization" not in read.headers


def test_look_without_a_profile_asks_verify_credentials_when_the_scope_allows():
    with FakeMastodon(scopes=("write:statuses", "profile")) as fake:
        net = network(fake.env())
        network(fake.env()).post(make_post())
        mastodon_module._ACCOUNTS.clear()
        assert net.look(make_post(), SINCE) is not None
        paths = [r.path for r in fake.received if r.method == "GET"]
        assert paths[0] == "/api/v1/accounts/verify_credentials"
        listing = [r for r in fake.received if "/statuses?" in r.path]
        assert all("Authorization" not in r.headers for r in listing)


def test_look_with_a_write_only_token_and_no_profile_says_what_to_set(fake):
    with pytest.raises(Permanent) as caught:
        network(fake.env()).look(make_post(), SINCE)
    assert caught.value.status == 403
    assert "POSSE_PROFILES['mastodon']" in words(caught.value.remedy)
    assert_clean(caught.value)


def test_a_profile_on_another_instance_is_not_used(fake):
    net = network(fake.env(), profiles={"mastodon": "@hanako@mastodon.social"})
    with pytest.raises(Permanent):
        net.look(make_post(), SINCE)
    assert not any("lookup" in r.path for r in fake.received)


def test_look_matches_the_link_and_pages_back_to_since(fake, monkeypatch):
    monkeypatch.setattr(mastodon_look, "LOOK_LIMIT", 5)  # 40 in real use
    net = network(fake.env(), profiles=PROFILE)
    net.post(make_post())
    for number in range(11):
        net.post(
            Post(
                article_id=f"posts/{number}.md",
                network="mastodon",
                text=f"note {number} https://posse-demo.example.jp/{number}/",
                url=f"https://posse-demo.example.jp/{number}/",
                idempotency_key=f"posts/{number}.md#mastodon",
            )
        )
    found = net.look(make_post(), SINCE)
    assert found is not None and found.remote_id == fake.statuses[0]["id"]
    lists = [r.path for r in fake.received if "/statuses?" in r.path]
    assert len(lists) == 3, "5 + 5 + 2, newest first"
    assert "limit=5" in lists[0]
    assert "max_id=" in lists[1]
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    assert net.look(make_post(), later) is None
    other = Post("posts/x.md", "mastodon", "x", "https://posse-demo.example.jp/x/")
    assert net.look(other, SINCE) is None


def test_a_private_post_is_looked_for_with_a_read_token():
    scopes = ("write:statuses", "read:statuses")
    with FakeMastodon(scopes=scopes) as fake:
        net = network(fake.env(), profiles=PROFILE, mastodon_visibility="private")
        net.post(make_post())
        assert net.look(make_post(), SINCE) is not None
        listing = [r for r in fake.received if "/statuses?" in r.path][-1]
        assert listing.headers["Authorization"] == f"Bearer {TOKEN}"
        assert TOKEN not in listing.path


def test_a_private_post_with_a_write_only_token_cannot_be_looked_for(fake):
    net = network(fake.env(), profiles=PROFILE, mastodon_visibility="private")
    net.post(make_post())
    with pytest.raises(Permanent) as caught:
        net.look(make_post(), SINCE)
    assert "read:statuses" in words(caught.value.remedy)
    assert_clean(caught.value)


def test_a_failed_read_is_transient_never_unconfirmed(fake):
    net = network(fake.env(), profiles=PROFILE)
    fake.script(Fault(status=503))
    with pytest.raises(Transient) as caught:
        net.look(make_post(), SINCE)
    assert not isinstance(caught.value, Unconfirmed)
    fake.script(Fault(status=429))
    with pytest.raises(RetryLater):
        net.look(make_post(), SINCE)
