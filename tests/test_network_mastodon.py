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

from pelican.plugins.posse.networks import (
    NETWORKS,
    Permanent,
    Post,
    RetryLater,
    Transient,
)
from pelican.plugins.posse.networks import mastodon as mastodon_module
from pelican.plugins.posse.networks.mastodon import MastodonNetwork, instance_url
from pelican.plugins.posse.settings import PosseSettings, load
from tests.fakes._server import Fault
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


@pytest.fixture
def fake():
    with FakeMastodon() as server:
        yield server


def network(env: dict[str, str], **settings) -> MastodonNetwork:
    return MastodonNetwork(env, PosseSettings(**settings))


def assert_clean(error: Exception, caplog=None) -> None:
    texts = [str(error), repr(error), getattr(error, "remedy", "") or ""]
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
    with pytest.raises(Transient):
        net.post(make_post())
    delivered = net.post(make_post())
    assert len(fake.statuses) == 1
    assert delivered.remote_id == fake.statuses[0]["id"]


def test_a_read_timeout_is_transient_and_the_retry_does_not_double(fake, monkeypatch):
    usual = mastodon_module.TIMEOUT
    monkeypatch.setattr(mastodon_module, "TIMEOUT", (2.0, 0.5))
    fake.script(Fault(commit=True, delay=1.5))
    with pytest.raises(Transient, match="could not reach"):
        network(fake.env()).post(make_post())
    # The retry (the usual timeout: a busy CI machine must not make it flaky).
    monkeypatch.setattr(mastodon_module, "TIMEOUT", usual)
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
    assert "The access token is invalid" in error.message
    assert "write:statuses" in error.remedy
    assert "POSSE_MASTODON_TOKEN" in error.remedy
    assert "/settings/applications" in error.remedy
    assert "mstdn-wrong-SECRET" not in str(error) + repr(error) + caplog.text
    assert fake.statuses == []


def test_a_token_without_the_write_scope_is_permanent():
    with FakeMastodon(scopes=("read",)) as fake, pytest.raises(Permanent) as caught:
        network(fake.env()).post(make_post())
    assert caught.value.status == 403
    assert "outside the authorized scopes" in caught.value.message
    assert "write:statuses" in caught.value.remedy
    assert_clean(caught.value)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_transient(fake, status):
    fake.script(Fault(status=status))
    with pytest.raises(Transient) as caught:
        network(fake.env()).post(make_post())
    assert caught.value.status == status
    assert fake.statuses == []
    assert_clean(caught.value)


def test_a_dropped_connection_is_transient(fake):
    fake.script(Fault(drop=True))
    with pytest.raises(Transient):
        network(fake.env()).post(make_post())
    assert fake.statuses == []


def test_connection_refused_is_transient():
    with FakeMastodon() as fake:
        env = fake.env()
    with pytest.raises(Transient) as caught:
        network(env).post(make_post())
    assert "could not reach" in caught.value.message
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
    assert "character limit of 100" in caught.value.message
    assert "POSSE_MASTODON_MAX_CHARACTERS" in caught.value.remedy


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
    assert "POSSE_MASTODON_INSTANCE" in caught.value.remedy


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
    assert "POSSE_MASTODON_INSTANCE" in caught.value.message


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


def test_an_unreadable_answer_is_transient_and_the_retry_posts_once(fake):
    # A proxy answers 200 with an HTML page after Mastodon posted: retry is safe.
    fake.script(Fault(commit=True, status=200, body="<html>gateway</html>"))
    net = network(fake.env())
    with pytest.raises(Transient):
        net.post(make_post())
    net.post(make_post())
    assert len(fake.statuses) == 1
