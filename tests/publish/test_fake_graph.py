"""The fake Graph API obeys Facebook's contract for posting to a Page."""

from __future__ import annotations

import json

import pytest
import requests

from tests.fakes import GraphFault, answer_lost
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


def test_the_same_post_twice_is_two_posts(fake_graph):
    # Graph never promised to refuse a copy of a Page post; 506 is a scripted fault.
    assert feed(fake_graph).status_code == 200
    assert feed(fake_graph).status_code == 200
    assert len(fake_graph.posts) == 2
    fake_graph.script(GraphFault(code=506))
    assert error_of(feed(fake_graph))["code"] == 506


def listing(fake_graph, edge="published_posts", token=FB_PAGE_TOKEN, **params):
    return requests.get(
        f"{fake_graph.url}/v26.0/{FB_PAGE_ID}/{edge}",
        params=params,
        headers={"Authorization": f"Bearer {token}"},
        timeout=5,
    )


FIELDS = "id,message,created_time,permalink_url,attachments{unshimmed_url}"


@pytest.mark.parametrize("edge", ["published_posts", "feed"])
def test_the_page_lists_its_posts_newest_first(fake_graph, edge):
    feed(fake_graph, {"message": "first", "link": "https://example.com/1/"})
    feed(fake_graph, {"message": "second", "link": "https://example.com/2/"})
    answer = listing(fake_graph, edge, fields=FIELDS)
    assert answer.status_code == 200
    data = answer.json()["data"]
    assert [p["message"] for p in data] == ["second", "first"]
    first = data[1]
    assert set(first) == {
        "id",
        "message",
        "created_time",
        "permalink_url",
        "attachments",
    }
    assert first["attachments"] == {
        "data": [{"unshimmed_url": "https://example.com/1/"}]
    }
    assert first["created_time"].endswith("+0000")
    assert first["permalink_url"].startswith("https://www.facebook.com/")


def test_the_attachment_url_is_facebooks_redirect(fake_graph):
    feed(fake_graph)
    data = listing(fake_graph, fields="attachments{url,unshimmed_url}").json()
    attachment = data["data"][0]["attachments"]["data"][0]
    assert attachment["url"].startswith("https://l.facebook.com/l.php?u=")
    assert attachment["unshimmed_url"] == "https://example.com/a/"


def test_without_fields_a_post_has_id_message_created_time(fake_graph):
    feed(fake_graph)
    assert set(listing(fake_graph).json()["data"][0]) == {
        "id",
        "message",
        "created_time",
    }


@pytest.mark.parametrize(
    "field", ["link", "caption", "description", "name", "object_id", "source", "type"]
)
def test_the_fields_deprecated_in_v3_3_are_refused(fake_graph, field):
    feed(fake_graph)
    answer = listing(fake_graph, fields=f"id,{field}")
    assert answer.status_code == 400
    error = error_of(answer)
    assert error["code"] == 12
    assert error["message"] == (
        f"(#12) {field} field is deprecated for versions v3.3 and higher"
    )


def test_an_unknown_field_is_refused(fake_graph):
    assert error_of(listing(fake_graph, fields="id,colour"))["code"] == 100


def test_a_listing_needs_the_pages_token(fake_graph):
    assert error_of(listing(fake_graph, token="EAAG-other"))["code"] == 190


def test_since_until_and_paging(fake_graph):
    clock = [1_800_000_000.0]
    fake_graph.clock = lambda: clock[0]
    for number in range(7):
        feed(fake_graph, {"message": f"m{number}"})
        clock[0] += 60
    since = 1_800_000_000 + 2 * 60  # m2 onwards
    until = 1_800_000_000 + 6 * 60  # before m6
    first = listing(fake_graph, since=since, until=until, limit=3).json()
    assert [p["message"] for p in first["data"]] == ["m5", "m4", "m3"]
    assert first["paging"]["cursors"]["after"]
    following = requests.get(
        first["paging"]["next"],
        headers={"Authorization": f"Bearer {FB_PAGE_TOKEN}"},
        timeout=5,
    ).json()
    assert [p["message"] for p in following["data"]] == ["m2"]
    assert "next" not in following["paging"]
    iso = listing(fake_graph, since="2027-01-15T08:02:00+00:00").json()
    assert [p["message"] for p in iso["data"]][-1] == "m2"


def test_a_limit_over_100_is_read_as_100(fake_graph):
    for number in range(105):
        feed(fake_graph, {"message": f"m{number}"})
    assert len(listing(fake_graph, limit=500).json()["data"]) == 100


def test_a_new_post_is_listed_after_the_visibility_delay(fake_graph):
    clock = [1_800_000_000.0]
    fake_graph.clock = lambda: clock[0]
    fake_graph.visibility_delay = 20.0
    feed(fake_graph)
    assert listing(fake_graph).json()["data"] == []
    clock[0] += 20
    assert len(listing(fake_graph).json()["data"]) == 1


def test_created_answer_lost(fake_graph):
    fake_graph.script(answer_lost(), answer_lost(0.5))
    with pytest.raises(requests.ConnectionError):
        feed(fake_graph)
    with pytest.raises(requests.ReadTimeout):
        requests.post(
            f"{fake_graph.url}/v26.0/{FB_PAGE_ID}/feed",
            data={"message": "m", "access_token": FB_PAGE_TOKEN},
            timeout=(2, 0.1),
        )
    assert len(fake_graph.posts) == 2, "both were made; both answers were lost"


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
