"""networks.facebook against the fake Graph API: every row of the failure table.

Each failure must come back as the right error class, with Facebook's own words, a
remedy a person can act on, and never the Page token.
"""

from __future__ import annotations

import datetime as dt
import logging
import socket
from urllib.parse import parse_qs

import pytest

from pelican.plugins.posse.publish.networks import (
    AlreadyPosted,
    Permanent,
    Post,
    RetryLater,
    Transient,
    Unconfirmed,
)
from pelican.plugins.posse.publish.networks.facebook import FacebookPageNetwork
from pelican.plugins.posse.said import words
from pelican.plugins.posse.settings import PosseSettings
from tests.fakes import FakeGraph, GraphFault, answer_lost
from tests.fakes.credentials import FB_PAGE_ID, FB_PAGE_TOKEN

pytest_plugins = ["tests.fakes.fixtures"]

URL = "https://example.com/posts/posse/"
TEXT = "ブログを更新しました：POSSE を始めました"


def make_post(text: str = TEXT) -> Post:
    return Post(
        article_id="posts/posse.md",
        network="facebook",
        text=text,
        url=URL,
        link=URL,
        lang="ja",
    )


def network(env: dict[str, str], version: str = "v26.0") -> FacebookPageNetwork:
    return FacebookPageNetwork(env, PosseSettings(facebook_api_version=version))


def assert_clean(error: Exception) -> None:
    for text in (
        str(error),
        repr(error),
        words(getattr(error, "message", None)),
        words(getattr(error, "remedy", None)),
    ):
        assert FB_PAGE_TOKEN not in text


def fail_with(fake_graph, fault: GraphFault, error_class: type) -> Exception:
    fake_graph.script(fault)
    with pytest.raises(error_class) as caught:
        network(fake_graph.env()).post(make_post())
    assert fake_graph.posts == [], "nothing was posted"
    assert_clean(caught.value)
    return caught.value


def test_posts_once_with_the_token_in_the_body(fake_graph):
    delivered = network(fake_graph.env()).post(make_post())

    assert len(fake_graph.received) == 1, "exactly one API call per post"
    request = fake_graph.received[0]
    assert request.path == f"/v26.0/{FB_PAGE_ID}/feed"
    assert FB_PAGE_TOKEN not in request.path
    assert not fake_graph.token_in_url
    form = parse_qs(request.text)
    assert form["message"] == [TEXT]
    assert form["link"] == [URL]
    assert delivered.remote_id == fake_graph.posts[0]["id"]
    assert delivered.remote_id.startswith(FB_PAGE_ID + "_")
    assert delivered.url == f"https://www.facebook.com/{delivered.remote_id}"


def test_the_version_setting_is_used(fake_graph):
    network(fake_graph.env(), version="v25.0").post(make_post())
    assert fake_graph.received[0].path.startswith("/v25.0/")


def test_a_retired_version_names_the_setting(fake_graph):
    with pytest.raises(Permanent) as caught:
        network(fake_graph.env(), version="v19.0").post(make_post())
    assert "deprecated" in str(caught.value.message)
    assert "POSSE_FACEBOOK_API_VERSION" in words(caught.value.remedy)


@pytest.mark.parametrize("code", [1, 2])
def test_graphs_own_5xx_codes_are_unconfirmed(fake_graph, code):
    # Codes 1 and 2 come as 500/503 after the request was sent: Graph does not
    # say the post was not made, so the client cannot either.
    error = fail_with(fake_graph, GraphFault(code=code), Unconfirmed)
    assert f"code {code}" in str(error.message)
    assert "may exist" in str(error.message)


def test_a_transient_code_on_a_4xx_is_transient(fake_graph):
    fail_with(fake_graph, GraphFault(code=2, status=400), Transient)


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_unconfirmed(fake_graph, status):
    error = fail_with(fake_graph, GraphFault(status=status), Unconfirmed)
    assert str(status) in str(error.message)


def test_a_read_timeout_is_unconfirmed(fake_graph):
    net = network(fake_graph.env())
    net.timeout = (2.0, 0.3)
    fake_graph.script(GraphFault(delay=1.0))
    with pytest.raises(Unconfirmed) as caught:
        net.post(make_post())
    assert "timeout" in str(caught.value.message)
    assert not isinstance(caught.value, Transient)


@pytest.mark.parametrize("after", [None, 1.0], ids=["reset", "timeout"])
def test_created_answer_lost_is_unconfirmed_and_posted_once(fake_graph, after):
    net = network(fake_graph.env())
    net.timeout = (2.0, 0.3)
    fake_graph.script(answer_lost(after))
    with pytest.raises(Unconfirmed) as caught:
        net.post(make_post())
    assert_clean(caught.value)
    assert len(fake_graph.posts) == 1, "the post was made; the answer was lost"


def test_a_connect_timeout_is_transient(fake_graph, monkeypatch):
    # What requests raises when the SYN is never answered (no traffic leaves
    # loopback in the tests, so the error is raised here, as requests makes it).
    import requests
    from urllib3.exceptions import ConnectTimeoutError, MaxRetryError

    def connect_timeout(*args, **kwargs):
        reason = ConnectTimeoutError(None, "Connection to graph timed out")
        raise requests.ConnectTimeout(MaxRetryError(None, "/feed", reason))

    monkeypatch.setattr(requests, "post", connect_timeout)
    with pytest.raises(Transient) as caught:
        network(fake_graph.env()).post(make_post())
    assert not isinstance(caught.value, Unconfirmed)
    assert "could not reach Facebook" in str(caught.value.message)


def test_connection_refused_is_transient(fake_graph):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**fake_graph.env(), "POSSE_FACEBOOK_API_URL": f"http://127.0.0.1:{port}"}
    with pytest.raises(Transient) as caught:
        network(env).post(make_post())
    assert "could not reach Facebook" in str(caught.value.message)


@pytest.mark.parametrize("code", [4, 17, 32, 341, 613])
def test_throttling_uses_the_estimated_time_to_regain_access(fake_graph, code):
    before = dt.datetime.now(dt.UTC)
    error = fail_with(fake_graph, GraphFault(code=code, eta_minutes=7), RetryLater)
    assert f"(#{code})" in str(error.message)
    assert error.not_before is not None
    expected = before + dt.timedelta(minutes=7)
    assert abs((error.not_before - expected).total_seconds()) < 5


def test_throttling_without_an_estimate_leaves_when_open(fake_graph):
    error = fail_with(fake_graph, GraphFault(code=613), RetryLater)
    assert error.not_before is None
    assert "rate limit" in str(error.message)


@pytest.mark.parametrize(
    ("subcode", "hint"),
    [
        (458, "removed"),
        (459, "log in"),
        (460, "password"),
        (463, "expired"),
        (464, "not confirmed"),
        (467, "invalid"),
    ],
)
def test_expired_or_invalid_token_is_permanent(fake_graph, subcode, hint):
    error = fail_with(fake_graph, GraphFault(code=190, subcode=subcode), Permanent)
    assert "code 190" in str(error.message)
    assert hint in words(error.remedy)
    assert "long-lived Page access token" in words(error.remedy)
    assert "POSSE_FACEBOOK_PAGE_TOKEN" in words(error.remedy)


def test_a_token_that_is_not_the_pages_is_permanent(fake_graph):
    env = {**fake_graph.env(), "POSSE_FACEBOOK_PAGE_TOKEN": "EAAG-someone-elses"}
    with pytest.raises(Permanent) as caught:
        network(env).post(make_post())
    assert "Invalid OAuth access token" in str(caught.value.message)
    assert "EAAG-someone-elses" not in str(caught.value) + words(caught.value.remedy)


@pytest.mark.parametrize("code", [10, 200, 230, 299])
def test_missing_permission_names_pages_manage_posts(fake_graph, code):
    error = fail_with(fake_graph, GraphFault(code=code), Permanent)
    assert "pages_manage_posts" in words(error.remedy)
    assert error.code == code


def test_blocked_for_policy_is_permanent(fake_graph):
    error = fail_with(fake_graph, GraphFault(code=368), Permanent)
    assert "abusive" in str(error.message)
    assert "Meta Business Suite" in words(error.remedy)


def test_a_506_is_already_posted(fake_graph):
    # A possible answer, never relied on: Graph did not promise it for Page posts.
    net = network(fake_graph.env())
    fake_graph.script(GraphFault(code=506))
    with pytest.raises(AlreadyPosted) as caught:
        net.post(make_post())
    assert "Duplicate status message" in str(caught.value.message)


def test_a_copy_is_not_refused(fake_graph):
    # Why Facebook's copy_refusal is None: nothing stops a second identical post.
    net = network(fake_graph.env())
    fake_graph.script(answer_lost())
    with pytest.raises(Unconfirmed):
        net.post(make_post())
    net.post(make_post())
    assert len(fake_graph.posts) == 2
    assert FacebookPageNetwork.copy_refusal is None
    assert FacebookPageNetwork.free_reads is True


def test_invalid_parameter_says_which(fake_graph):
    error = fail_with(
        fake_graph,
        GraphFault(code=100, message="(#100) The parameter link is not a valid URL"),
        Permanent,
    )
    assert "link" in str(error.message)
    assert "'link'" in words(error.remedy)
    assert "SITEURL" in words(error.remedy)


def test_a_wrong_page_id_names_the_setting(fake_graph):
    env = {**fake_graph.env(), "POSSE_FACEBOOK_PAGE_ID": "999"}
    with pytest.raises(Permanent) as caught:
        network(env).post(make_post())
    assert "does not exist" in str(caught.value.message)
    assert "POSSE_FACEBOOK_PAGE_ID" in words(caught.value.remedy)


def test_a_malformed_page_id_is_refused_before_any_call(fake_graph):
    env = {**fake_graph.env(), "POSSE_FACEBOOK_PAGE_ID": "my-page"}
    with pytest.raises(Permanent) as caught:
        network(env).post(make_post())
    assert "POSSE_FACEBOOK_PAGE_ID" in str(caught.value.message)
    assert fake_graph.received == []


def test_error_posting_the_link_is_permanent(fake_graph):
    error = fail_with(fake_graph, GraphFault(code=1609005), Permanent)
    assert "Error Posting Link" in str(error.message)
    assert "deployed" in words(error.remedy)


def test_a_proxy_error_page_is_unconfirmed(fake_graph):
    error = fail_with(
        fake_graph, GraphFault(status=502, body="<html>Bad Gateway"), Unconfirmed
    )
    assert "502" in str(error.message)


@pytest.mark.parametrize(
    "body", [{"success": True}, "{garbled"], ids=["no-id", "garbled"]
)
def test_a_2xx_without_a_post_id_is_unconfirmed(fake_graph, body):
    fail_with(fake_graph, GraphFault(status=200, body=body), Unconfirmed)


# --- look: find a post whose answer was lost -----------------------------------
SINCE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def slow_graph():
    """A Page whose listing shows a new post only 30 (fake) seconds later."""
    clock = Clock()
    with FakeGraph(
        FB_PAGE_ID, FB_PAGE_TOKEN, visibility_delay=30.0, clock=clock
    ) as server:
        server.clock_ = clock
        yield server


@pytest.mark.parametrize("after", [None, 1.0], ids=["reset", "timeout"])
def test_look_finds_a_lost_post_after_the_visibility_delay(slow_graph, after):
    net = network(slow_graph.env())
    net.timeout = (2.0, 0.3)
    slow_graph.script(answer_lost(after))
    with pytest.raises(Unconfirmed):
        net.post(make_post())
    since = dt.datetime.fromtimestamp(slow_graph.clock_.now - 60, dt.UTC)
    assert net.look(make_post(), since) is None, "not listed yet"
    slow_graph.clock_.now += 31
    found = net.look(make_post(), since)
    made = slow_graph.posts[0]
    assert found is not None
    assert found.remote_id == made["id"]
    number = made["id"].rpartition("_")[2]
    assert found.url == f"https://www.facebook.com/{FB_PAGE_ID}/posts/{number}"
    assert len(slow_graph.posts) == 1


def test_look_reads_published_posts_with_the_token_in_a_header(fake_graph):
    net = network(fake_graph.env())
    net.post(make_post())
    assert net.look(make_post(), SINCE) is not None
    request = fake_graph.received[-1]
    assert request.method == "GET"
    path, _, query = request.path.partition("?")
    assert path == f"/v26.0/{FB_PAGE_ID}/published_posts"
    params = parse_qs(query)
    assert params["fields"] == [
        "id,message,created_time,permalink_url,attachments{unshimmed_url}"
    ]
    assert params["limit"] == ["100"]
    assert params["since"] == [str(int(SINCE.timestamp()))]
    assert request.headers["Authorization"] == f"Bearer {FB_PAGE_TOKEN}"
    assert all(FB_PAGE_TOKEN not in r.path for r in fake_graph.received)
    assert not fake_graph.token_in_url


def test_look_matches_the_link_not_the_text(fake_graph):
    net = network(fake_graph.env())
    net.post(make_post())
    other = Post(
        article_id="posts/other.md",
        network="facebook",
        text=TEXT,
        url="https://example.com/posts/other/",
        link="https://example.com/posts/other/",
    )
    assert net.look(other, SINCE) is None
    assert net.look(make_post(), SINCE) is not None


def test_look_finds_the_url_written_in_the_message(fake_graph):
    net = network(fake_graph.env())
    post = Post(
        article_id="posts/posse.md",
        network="facebook",
        text=f"{TEXT} {URL}",
        url=URL,
        link="https://example.com/elsewhere/",
    )
    net.post(post)
    assert net.look(make_post(), SINCE) is not None


def test_look_ignores_posts_before_since(fake_graph):
    net = network(fake_graph.env())
    net.post(make_post())
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    assert net.look(make_post(), later) is None


def test_look_pages_through_the_listing(fake_graph):
    net = network(fake_graph.env())
    net.post(make_post())
    for number in range(230):
        net.post(
            Post(
                f"posts/{number}.md", "facebook", f"n{number}", f"https://e.x/{number}/"
            )
        )
    found = net.look(make_post(), SINCE)
    assert found is not None and found.remote_id == fake_graph.posts[0]["id"]
    reads = [r for r in fake_graph.received if r.method == "GET"]
    assert len(reads) == 3, "100 + 100 + 31 posts, newest first"
    assert "after=" in reads[1].path and "after=" in reads[2].path
    assert all(FB_PAGE_TOKEN not in r.path for r in reads)


def test_look_stops_after_a_few_pages(fake_graph):
    net = network(fake_graph.env())
    net.post(make_post())
    for number in range(600):
        net.post(
            Post(
                f"posts/{number}.md", "facebook", f"n{number}", f"https://e.x/{number}/"
            )
        )
    assert net.look(make_post(), SINCE) is None
    assert len([r for r in fake_graph.received if r.method == "GET"]) == 5


def test_look_reports_a_failed_read(fake_graph):
    net = network(fake_graph.env())
    fake_graph.script(GraphFault(status=503))
    with pytest.raises(Transient) as caught:
        net.look(make_post(), SINCE)
    assert not isinstance(caught.value, Unconfirmed), "a read creates nothing"
    fake_graph.script(GraphFault(code=190, subcode=463))
    with pytest.raises(Permanent) as caught:
        net.look(make_post(), SINCE)
    assert_clean(caught.value)
    fake_graph.script(GraphFault(code=4))
    with pytest.raises(RetryLater):
        net.look(make_post(), SINCE)


def test_missing_settings_name_the_variables():
    with pytest.raises(Permanent) as caught:
        network({"POSSE_FACEBOOK_PAGE_ID": "1"}).post(make_post())
    assert "POSSE_FACEBOOK_PAGE_TOKEN" in str(caught.value.message)


def test_no_token_in_debug_logs(fake_graph, caplog):
    caplog.set_level(logging.DEBUG)
    net = network(fake_graph.env())
    net.post(make_post())
    fake_graph.script(GraphFault(code=190, subcode=463))
    with pytest.raises(Permanent):
        net.post(make_post("again"))
    assert "posse: facebook: posted" in caplog.text
    assert FB_PAGE_TOKEN not in caplog.text
