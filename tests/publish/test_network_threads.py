"""networks.threads against the fake Threads API: the two steps, every row of the
failure table, the lost answers, and the look before a re-send.

Each failure must come back as the right error class, with Threads' own words, a
remedy a person can act on, and never the token.
"""

from __future__ import annotations

import datetime as dt
import socket
from urllib.parse import parse_qs

import pytest

from pelican.plugins.posse.publish.networks import (
    Permanent,
    Post,
    RetryLater,
    Transient,
    Unconfirmed,
)
from pelican.plugins.posse.publish.networks.threads import ThreadsNetwork
from pelican.plugins.posse.said import words as said_words
from pelican.plugins.posse.settings import PosseSettings
from tests.fakes import Fault, answer_lost
from tests.fakes.fake_threads import TOKEN, USER_ID, FakeThreads, ThreadsFault

URL = "https://example.com/posts/posse/"
TEXT = "ブログを更新しました：POSSE を始めました\n\n自分のサイトが元。\n\n#POSSE"
SINCE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def fake():
    with FakeThreads() as server:
        yield server


def make_post(text: str = TEXT) -> Post:
    return Post(
        article_id="posts/posse.md",
        network="threads",
        text=text,
        url=URL,
        link=URL,
        lang="ja",
    )


def network(env: dict[str, str], **settings) -> ThreadsNetwork:
    return ThreadsNetwork(env, PosseSettings(**settings))


def assert_clean(error: Exception) -> None:
    for text in (str(error), repr(error), said_words(getattr(error, "remedy", None))):
        assert TOKEN not in text


def test_two_steps_with_the_link_attached_and_the_permalink_kept(fake):
    delivered = network(fake.env()).post(make_post())

    (post,) = fake.posts
    assert post["text"] == TEXT and post["link"] == URL
    assert [r.method for r in fake.received] == ["POST", "POST", "GET"]
    container, publish, read = fake.received
    assert container.path == f"/v1.0/{USER_ID}/threads"
    form = parse_qs(container.text)
    assert form["media_type"] == ["TEXT"]
    assert form["link_attachment"] == [URL]
    assert publish.path == f"/v1.0/{USER_ID}/threads_publish"
    assert parse_qs(publish.text)["creation_id"] == [post["container"]]
    assert TOKEN not in container.path + publish.path
    assert delivered.remote_id == post["id"]
    assert delivered.url == post["permalink"]
    assert read.path.startswith(f"/v1.0/{post['id']}?")


def test_a_failed_permalink_read_still_counts_as_posted(fake):
    fake.script(Fault(status=500, method="GET"))
    settings = {"profiles": {"threads": "hanako_blog"}}
    delivered = network(fake.env(), **settings).post(make_post())
    assert len(fake.posts) == 1
    assert delivered.url == "https://www.threads.com/@hanako_blog"


@pytest.mark.parametrize(
    ("fault", "error_class", "words"),
    [
        (ThreadsFault(code=1), Transient, "code 1"),
        (ThreadsFault(code=2), Transient, "code 2"),
        (ThreadsFault(code=4), RetryLater, "code 4"),
        (ThreadsFault(code=17), RetryLater, "code 17"),
        (ThreadsFault(code=32), RetryLater, "code 32"),
        (ThreadsFault(code=613), RetryLater, "code 613"),
        (ThreadsFault(code=9, subcode=2207042), RetryLater, "maximum number"),
        (ThreadsFault(code=190, subcode=463), Permanent, "POSSE_THREADS_TOKEN"),
        (ThreadsFault(code=10), Permanent, "threads_content_publish"),
        (ThreadsFault(code=200), Permanent, "threads_content_publish"),
        (
            ThreadsFault(code=100, message="THREADS_API__LINK_LIMIT_EXCEEDED"),
            Permanent,
            "5 links",
        ),
        (ThreadsFault(code=100, message="Param text"), Permanent, "500"),
        (Fault(status=502), Transient, "HTTP 502"),
        (Fault(status=404, body="<html>not found</html>"), Permanent, "API_URL"),
    ],
)
def test_the_container_step_fails_the_right_way(fake, fault, error_class, words):
    fake.script(fault)
    with pytest.raises(error_class) as caught:
        network(fake.env()).post(make_post())
    assert fake.posts == [] and fake.containers == {}
    error = caught.value
    assert words in str(error.message) + said_words(getattr(error, "remedy", None))
    assert_clean(error)
    if error_class is RetryLater:
        assert error.not_before is None  # stop Threads for this run


def test_the_token_remedy_names_the_variable_and_the_refresh(fake):
    fake.script(ThreadsFault(code=190))
    with pytest.raises(Permanent) as caught:
        network(fake.env()).post(make_post())
    assert "POSSE_THREADS_TOKEN" in said_words(caught.value.remedy)
    assert "pelican-posse auth threads --refresh" in said_words(caught.value.remedy)


@pytest.mark.parametrize("fault", [ThreadsFault(code=9, subcode=2207042)])
def test_the_publish_step_refused_leaves_an_unpublished_container(fake, fault):
    fake.script(Fault(status=None, method="POST"), fault)  # container ok, then refused
    with pytest.raises(RetryLater):
        network(fake.env()).post(make_post())
    assert fake.posts == [] and len(fake.containers) == 1


def test_the_real_daily_limit_stops_the_network(fake):
    fake.add_posts(250)
    with pytest.raises(RetryLater) as caught:
        network(fake.env()).post(make_post())
    assert "code 9" in str(caught.value.message)


def test_a_lost_container_answer_publishes_nothing_and_may_be_tried_again(fake):
    fake.script(answer_lost())
    with pytest.raises(Transient) as caught:
        network(fake.env()).post(make_post())
    assert "nothing was published" in str(caught.value.message)
    assert fake.posts == [] and len(fake.containers) == 1
    network(fake.env()).post(make_post())  # a new container, published once
    assert len(fake.posts) == 1 and len(fake.containers) == 2


def test_a_lost_publish_answer_is_unconfirmed_and_look_finds_the_post(fake):
    fake.script(Fault(status=None, method="POST"), answer_lost())
    net = network(fake.env())
    with pytest.raises(Unconfirmed):
        net.post(make_post())
    (post,) = fake.posts
    found = net.look(make_post(), SINCE)
    assert found is not None
    assert found.remote_id == post["id"] and found.url == post["permalink"]
    assert len(fake.posts) == 1


def test_a_5xx_after_publishing_is_unconfirmed(fake):
    fake.script(Fault(status=None, method="POST"), ThreadsFault(code=2, commit=True))
    with pytest.raises(Unconfirmed):
        network(fake.env()).post(make_post())
    assert len(fake.posts) == 1


def test_publishing_a_container_twice_is_refused_by_the_fake(fake):
    import requests

    net = network(fake.env())
    net.post(make_post())
    container = fake.posts[0]["container"]
    answer = requests.post(
        f"{fake.url}/v1.0/{USER_ID}/threads_publish",
        data={"creation_id": container, "access_token": TOKEN},
        timeout=5,
    )
    assert answer.status_code == 400
    assert answer.json()["error"]["error_subcode"] == 2207006
    assert len(fake.posts) == 1


def test_unreachable_is_transient(fake):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**fake.env(), "POSSE_THREADS_API_URL": f"http://127.0.0.1:{port}"}
    with pytest.raises(Transient):
        network(env).post(make_post())


def test_http_is_refused_away_from_loopback(fake):
    env = {**fake.env(), "POSSE_THREADS_API_URL": "http://graph.example.com"}
    with pytest.raises(Permanent) as caught:
        network(env).post(make_post())
    assert "POSSE_THREADS_API_URL" in said_words(caught.value.remedy)
    assert fake.received == []


def test_a_user_id_that_is_not_a_number_is_refused_before_any_call(fake):
    env = {**fake.env(), "POSSE_THREADS_USER_ID": "@hanako_blog"}
    with pytest.raises(Permanent) as caught:
        network(env).post(make_post())
    assert "POSSE_THREADS_USER_ID" in said_words(caught.value.remedy)
    assert fake.received == []


# --- look -------------------------------------------------------------------------
def test_look_pages_through_the_listing(fake):
    net = network(fake.env())
    net.post(make_post())
    for n in range(150):  # newer posts of the account push ours to a later page
        net.post(Post(f"{n}.md", "threads", f"ひとりごと {n}", f"{URL}{n}/"))
    found = net.look(make_post(), SINCE)
    assert found is not None and found.remote_id == fake.posts[0]["id"]
    listings = [r for r in fake.received if "/me/threads" in r.path]
    assert len(listings) == 2
    assert all(r.path.count("access_token=") == 1 for r in listings)


def test_look_finds_nothing_for_another_article_or_before_since(fake):
    net = network(fake.env())
    net.post(make_post())
    other = Post("other.md", "threads", "ブログを更新しました：別の記事", URL + "x/")
    assert net.look(other, SINCE) is None
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    assert net.look(make_post(), later) is None


def test_look_recognises_the_text_when_the_listing_has_no_link(fake):
    fake.topic_tag_apart = True  # the topic tag is shown apart from the text
    net = network(fake.env())
    net.post(make_post())
    for post in fake.posts:
        post["link"] = ""  # a listing without link_attachment_url
    assert "#POSSE" not in fake.posts[0]["text"]
    found = net.look(make_post(), SINCE)
    assert found is not None and found.remote_id == fake.posts[0]["id"]


def test_a_lagging_listing_shows_nothing_yet(fake):
    fake.visibility_delay = 60
    net = network(fake.env())
    net.post(make_post())
    assert net.look(make_post(), SINCE) is None


def test_a_refused_read_is_permanent_with_the_token_remedy(fake):
    fake.script(ThreadsFault(code=190, subcode=463))
    with pytest.raises(Permanent) as caught:
        network(fake.env()).look(make_post(), SINCE)
    assert "POSSE_THREADS_TOKEN" in said_words(caught.value.remedy)
    assert_clean(caught.value)


def test_the_remedies_are_said_in_japanese_to_a_japanese_user(fake):
    from pelican.plugins.posse import i18n

    i18n.use("ja")
    try:
        fake.script(ThreadsFault(code=190))
        with pytest.raises(Permanent) as caught:
            network(fake.env()).post(make_post())
        said = said_words(
            caught.value.remedy
        )  # said when shown, in the reader's language
    finally:
        i18n.use("en")
    assert said.startswith("Threads のトークンの期限が切れているか")
    assert "pelican-posse auth threads --refresh" in said
