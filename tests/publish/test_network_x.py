"""networks.x against the fake X: every row of the failure table, at module level.

Each failure must come back as the right error class, with X's own words, a remedy a
person can act on, and no secret anywhere in the texts.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket

import pytest

from pelican.plugins.posse.publish.networks import (
    AlreadyPosted,
    Permanent,
    Post,
    RetryLater,
    Transient,
    Unconfirmed,
)
from pelican.plugins.posse.publish.networks.x import XNetwork, post_url
from pelican.plugins.posse.said import words
from pelican.plugins.posse.settings import PosseSettings
from tests.fakes import XFault, answer_lost
from tests.fakes.credentials import SECRETS

pytest_plugins = ["tests.fakes.fixtures"]

TEXT = "ブログを更新しました：POSSE を始めました https://example.com/posts/posse/"


def make_post(text: str = TEXT) -> Post:
    return Post(
        article_id="posts/posse.md",
        network="x",
        text=text,
        url="https://example.com/posts/posse/",
        lang="ja",
    )


def network(env: dict[str, str], profiles: dict[str, str] | None = None) -> XNetwork:
    settings = PosseSettings(
        profiles=profiles if profiles is not None else {"x": "@hanako_blog"}
    )
    return XNetwork(env, settings)


def assert_clean(error: Exception) -> None:
    texts = [
        str(error),
        repr(error),
        words(getattr(error, "message", None)),
        words(getattr(error, "remedy", None)),
    ]
    for secret in SECRETS:
        for text in texts:
            assert secret not in text


def test_posts_once_and_returns_the_post_url(fake_x):
    delivered = network(fake_x.env()).post(make_post())

    assert len(fake_x.received) == 1, "exactly one API call per post"
    assert [p["text"] for p in fake_x.posts] == [TEXT]
    assert delivered.remote_id == fake_x.posts[0]["id"]
    assert delivered.url == f"https://x.com/hanako_blog/status/{delivered.remote_id}"
    assert fake_x.received[0].headers["Authorization"].startswith("OAuth ")


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("hanako_blog", "https://x.com/hanako_blog/status/42"),
        ("https://x.com/hanako_blog", "https://x.com/hanako_blog/status/42"),
        ("https://twitter.com/hanako_blog/", "https://x.com/hanako_blog/status/42"),
        ("not a handle!", "https://x.com/i/web/status/42"),
        ("", "https://x.com/i/web/status/42"),
    ],
)
def test_post_url_uses_the_handle_when_there_is_one(profile, expected):
    assert post_url("42", {"x": profile}) == expected


def test_without_an_x_profile_the_url_still_opens_the_post(fake_x):
    delivered = network(fake_x.env(), profiles={}).post(make_post())
    assert delivered.url == f"https://x.com/i/web/status/{delivered.remote_id}"


def test_duplicate_after_an_uncertain_attempt_is_already_posted(fake_x):
    net = network(fake_x.env())
    # X creates the post but the answer never arrives.
    fake_x.script(XFault(commit=True, drop=True))
    with pytest.raises(Unconfirmed):
        net.post(make_post())
    with pytest.raises(AlreadyPosted) as caught:
        net.post(make_post())

    assert len(fake_x.posts) == 1, "never posted twice"
    assert "duplicate content" in str(caught.value.message)
    assert caught.value.status == 403


def test_wrong_credentials_are_permanent_with_a_remedy(fake_x):
    env = {**fake_x.env(), "POSSE_X_ACCESS_TOKEN_SECRET": "an-old-secret-SECRET"}
    with pytest.raises(Permanent) as caught:
        network(env).post(make_post())

    error = caught.value
    assert error.status == 401
    assert "Unauthorized" in str(error.message)
    assert "Read and Write" in words(error.remedy)
    assert "regenerate" in words(error.remedy)
    assert fake_x.posts == []
    assert_clean(error)
    assert "an-old-secret-SECRET" not in str(error) + words(error.remedy)


def test_forbidden_other_than_duplicate_is_permanent(fake_x):
    fake_x.script(XFault(status=403))
    with pytest.raises(Permanent) as caught:
        network(fake_x.env()).post(make_post())
    assert "not permitted" in str(caught.value.message)
    assert "Read and Write" in words(caught.value.remedy)
    assert_clean(caught.value)


def test_rate_limited_says_when_to_try_again(fake_x):
    fake_x.script(XFault(status=429, reset_in=30))
    before = dt.datetime.now(dt.UTC)
    with pytest.raises(RetryLater) as caught:
        network(fake_x.env()).post(make_post())

    error = caught.value
    assert "Rate limit exceeded" in str(error.message)
    assert error.not_before is not None
    assert before + dt.timedelta(seconds=25) <= error.not_before
    assert error.not_before <= before + dt.timedelta(seconds=32)
    assert fake_x.posts == []


def test_rate_limited_without_reset_header_leaves_when_open(fake_x):
    fake_x.script(XFault(status=429, reset_in=None))
    with pytest.raises(RetryLater) as caught:
        network(fake_x.env()).post(make_post())
    assert caught.value.not_before is None


def test_the_fake_rate_limit_is_reached_by_real_posts(fake_x):
    fake_x.limit = 1
    net = network(fake_x.env())
    net.post(make_post())
    with pytest.raises(RetryLater) as caught:
        net.post(make_post(TEXT + " 2"))
    assert caught.value.not_before > dt.datetime.now(dt.UTC)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_unconfirmed(fake_x, status):
    # A 5xx comes after X got the request: it may have made the post.
    fake_x.script(XFault(status=status))
    with pytest.raises(Unconfirmed) as caught:
        network(fake_x.env()).post(make_post())
    assert caught.value.status == status
    assert str(status) in str(caught.value.message)
    assert fake_x.posts == []


def test_a_read_timeout_is_unconfirmed(fake_x):
    net = network(fake_x.env())
    net.timeout = (2.0, 0.3)
    fake_x.script(XFault(delay=1.0))
    with pytest.raises(Unconfirmed) as caught:
        net.post(make_post())
    assert "timeout" in str(caught.value.message)


@pytest.mark.parametrize("after", [None, 1.0], ids=["reset", "timeout"])
def test_created_answer_lost_is_unconfirmed_and_posted_once(fake_x, after):
    net = network(fake_x.env())
    net.timeout = (2.0, 0.3)
    fake_x.script(answer_lost(after))
    with pytest.raises(Unconfirmed) as caught:
        net.post(make_post())
    assert_clean(caught.value)
    assert len(fake_x.posts) == 1
    # Sent again within copy_refusal: X refuses the copy.
    with pytest.raises(AlreadyPosted):
        net.post(make_post())
    assert len(fake_x.posts) == 1
    assert all(s not in r.path for r in fake_x.received for s in SECRETS)


@pytest.mark.parametrize(
    "body", [{"data": {"text": "no id"}}, "{garbled"], ids=["no-id", "garbled"]
)
def test_a_2xx_without_a_post_id_is_unconfirmed(fake_x, body):
    fake_x.script(XFault(status=201, body=body))
    with pytest.raises(Unconfirmed):
        network(fake_x.env()).post(make_post())


def test_x_refuses_copies_for_six_hours_and_never_looks(fake_x):
    assert XNetwork.copy_refusal == dt.timedelta(hours=6)
    assert XNetwork.free_reads is False
    with pytest.raises(NotImplementedError):
        network(fake_x.env()).look(make_post(), dt.datetime.now(dt.UTC))
    assert fake_x.received == [], "a look would be billed"


def test_connection_refused_is_transient():
    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        "POSSE_X_API_URL": f"http://127.0.0.1:{port}",
        "POSSE_X_API_KEY": "k",
        "POSSE_X_API_SECRET": "s",
        "POSSE_X_ACCESS_TOKEN": "t",
        "POSSE_X_ACCESS_TOKEN_SECRET": "ts",
    }
    with pytest.raises(Transient) as caught:
        network(env).post(make_post())
    assert "could not reach X" in str(caught.value.message)


def test_dropped_connection_is_unconfirmed(fake_x):
    # Dropped after the request arrived: the client cannot know it was not made.
    fake_x.script(XFault(drop=True))
    with pytest.raises(Unconfirmed):
        network(fake_x.env()).post(make_post())
    assert fake_x.posts == []


def test_text_over_280_is_refused_with_a_remedy(fake_x):
    # 141 Japanese characters weigh 282 (each counts 2).
    with pytest.raises(Permanent) as caught:
        network(fake_x.env()).post(make_post("あ" * 141))
    assert "shorter" in str(caught.value.message)
    assert "280" in words(caught.value.remedy)
    assert fake_x.posts == []


def test_140_japanese_characters_fit(fake_x):
    network(fake_x.env()).post(make_post("あ" * 140))
    assert len(fake_x.posts) == 1


def test_no_credits_left_says_so(fake_x):
    fake_x.script(
        XFault(
            status=402,
            body={
                "title": "CreditsDepleted",
                "type": "about:blank",
                "status": 402,
                "detail": "Your enrolled account does not have any credits to fulfill "
                "this request.",
            },
        )
    )
    with pytest.raises(Permanent) as caught:
        network(fake_x.env()).post(make_post())
    assert "credits" in str(caught.value.message)
    assert "$0.200" in words(caught.value.remedy)


def test_missing_keys_name_the_variables():
    with pytest.raises(Permanent) as caught:
        network({"POSSE_X_API_KEY": "k"}).post(make_post())
    assert "POSSE_X_ACCESS_TOKEN" in str(caught.value.message)
    assert "POSSE_X_API_SECRET" in words(caught.value.remedy)


def test_a_malformed_api_url_names_the_setting(fake_x):
    env = {**fake_x.env(), "POSSE_X_API_URL": "api.example.com"}
    with pytest.raises(Permanent) as caught:
        network(env).post(make_post())
    assert "POSSE_X_API_URL" in str(caught.value.message)
    assert fake_x.received == []


def test_no_secret_in_debug_logs(fake_x, caplog):
    caplog.set_level(logging.DEBUG)
    net = network(fake_x.env())
    net.post(make_post())
    fake_x.script(XFault(status=503))
    with pytest.raises(Unconfirmed):
        net.post(make_post(TEXT + " again"))
    assert "posse: x: posted" in caplog.text
    # oauthlib logs the OAuth parameters at DEBUG; they must come out scrubbed.
    assert "oauth_token" in caplog.text
    for secret in SECRETS:
        assert secret not in caplog.text
