"""The fake Graph API obeys Facebook's contract for posting to a Page."""

from __future__ import annotations

import json

import pytest
import requests

from tests.fakes import GraphFault
from tests.fakes.credentials import FB_PAGE_ID, FB_PAGE_TOKEN
from tests.fakes.fake_graph import MESSAGES

pytest_plugins = ["tests.fakes.fixtures"]


def feed(fake_graph, data=None, *, version="v26.0", page=FB_PAGE_ID, params=None):
    form = {
        "message": "こんにちは",
        "link": "https://example.com/a/",
        "access_token": FB_PAGE_TOKEN,
    }
    form.update(data or {})
    form = {k: v for k, v in form.items() if v is not None}
    return requests.post(
        f"{fake_graph.url}/{version}/{page}/feed", data=form, params=params, timeout=5
    )


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert error["type"] == "OAuthException"
    assert error["fbtrace_id"]
    return error


def test_a_post_gets_page_underscore_post_id(fake_graph):
    response = feed(fake_graph)
    assert response.status_code == 200
    post_id = response.json()["id"]
    page, _, number = post_id.partition("_")
    assert page == FB_PAGE_ID and number.isdigit()
    assert fake_graph.posts[0]["message"] == "こんにちは"
    assert fake_graph.posts[0]["link"] == "https://example.com/a/"
    usage = json.loads(response.headers["X-Business-Use-Case-Usage"])
    assert usage[FB_PAGE_ID][0]["type"] == "pages"
    assert "call_count" in json.loads(response.headers["X-App-Usage"])


def test_the_token_is_checked(fake_graph):
    wrong = feed(fake_graph, {"access_token": "EAAG-not-this-page"})
    assert wrong.status_code == 400
    assert error_of(wrong)["code"] == 190
    missing = feed(fake_graph, {"access_token": None})
    assert error_of(missing)["code"] == 104
    assert fake_graph.posts == []


def test_a_token_in_the_url_is_noticed(fake_graph):
    feed(fake_graph, {"access_token": None}, params={"access_token": FB_PAGE_TOKEN})
    assert fake_graph.token_in_url


def test_another_page_is_code_100_subcode_33(fake_graph):
    error = error_of(feed(fake_graph, page="4242"))
    assert (error["code"], error["error_subcode"]) == (100, 33)
    assert "does not exist" in error["message"]


@pytest.mark.parametrize(
    ("version", "code"), [("26.0", 2500), ("latest", 2500), ("v19.0", 12)]
)
def test_the_version_is_checked(fake_graph, version, code):
    assert error_of(feed(fake_graph, version=version))["code"] == code


def test_message_or_link_is_required_and_the_link_must_be_a_url(fake_graph):
    empty = feed(fake_graph, {"message": None, "link": None})
    assert error_of(empty)["code"] == 100
    bad = feed(fake_graph, {"link": "javascript:alert(1)"})
    assert error_of(bad)["code"] == 100
    assert "link" in error_of(bad)["message"]


def test_the_same_post_twice_is_506(fake_graph):
    assert feed(fake_graph).status_code == 200
    again = feed(fake_graph)
    assert error_of(again)["code"] == 506
    assert len(fake_graph.posts) == 1


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_of_the_table_can_be_scripted(fake_graph, code):
    fake_graph.script(GraphFault(code=code))
    response = feed(fake_graph)
    error = error_of(response)
    assert error["code"] == code
    assert error["message"] == MESSAGES[code][1]
    assert response.status_code == MESSAGES[code][0]
    assert error.get("is_transient", False) is (code in (1, 2))
    assert fake_graph.posts == []
    assert feed(fake_graph).status_code == 200, "then normal service"


def test_token_subcodes_and_throttling_estimates(fake_graph):
    fake_graph.script(
        GraphFault(code=190, subcode=460), GraphFault(code=32, eta_minutes=12)
    )
    error = error_of(feed(fake_graph))
    assert error["error_subcode"] == 460
    assert "password" in error["message"]
    throttled = feed(fake_graph)
    usage = json.loads(throttled.headers["X-Business-Use-Case-Usage"])
    assert usage[FB_PAGE_ID][0]["estimated_time_to_regain_access"] == 12


def test_bare_http_faults_drops_and_delays(fake_graph):
    fake_graph.script(
        GraphFault(status=502), GraphFault(drop=True), GraphFault(delay=0.5)
    )
    proxy = feed(fake_graph)
    assert proxy.status_code == 502
    with pytest.raises(ValueError):
        proxy.json()
    with pytest.raises(requests.ConnectionError):
        feed(fake_graph)
    with pytest.raises(requests.ReadTimeout):
        requests.post(
            f"{fake_graph.url}/v26.0/{FB_PAGE_ID}/feed",
            data={"message": "m", "access_token": FB_PAGE_TOKEN},
            timeout=(2, 0.1),
        )
    assert fake_graph.posts == []
