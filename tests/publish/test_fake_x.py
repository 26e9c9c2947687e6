"""The fake X obeys X's contract: a fake that accepted anything would prove nothing.

Requests here are made by hand (requests + requests_oauthlib), not by our client, so
each contract rule is checked on its own.
"""

from __future__ import annotations

import json
import time

import pytest
import requests
from requests_oauthlib import OAuth1

from tests.fakes import XFault, answer_lost
from tests.fakes.credentials import X_CREDENTIALS
from tests.fakes.fake_x import DUPLICATE, OPENAPI

pytest_plugins = ["tests.fakes.fixtures"]


def auth(**override: str) -> OAuth1:
    creds = {**X_CREDENTIALS, **override}
    return OAuth1(
        creds["consumer_key"],
        creds["consumer_secret"],
        creds["access_token"],
        creds["access_token_secret"],
    )


def create(
    fake_x, body=None, *, raw: bytes | None = None, signer=None, path="/2/tweets"
):
    kwargs = (
        {"data": raw, "headers": {"Content-Type": "application/json"}}
        if raw is not None
        else {"json": body}
    )
    return requests.post(fake_x.url + path, auth=signer or auth(), timeout=5, **kwargs)


def test_the_contract_copy_matches_its_source_note():
    spec = json.loads(OPENAPI.read_text(encoding="utf-8"))
    assert spec["paths"]["/2/tweets"]["post"]["operationId"] == "createPosts"
    schema = spec["components"]["schemas"]["CreatePostsRequest"]
    assert schema["additionalProperties"] is False
    assert (OPENAPI.parent / "SOURCE.md").is_file()


def test_a_signed_valid_post_is_created(fake_x):
    response = create(fake_x, {"text": "こんにちは"})
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["text"] == "こんにちは"
    assert data["id"].isdigit() and len(data["id"]) == 19
    assert fake_x.posts[0]["id"] == data["id"]
    for header in (
        "x-rate-limit-limit",
        "x-rate-limit-remaining",
        "x-rate-limit-reset",
    ):
        assert header in response.headers


@pytest.mark.parametrize(
    "override",
    [
        {"consumer_secret": "not-the-app-secret"},
        {"access_token_secret": "not-the-user-secret"},
        {"consumer_key": "another-app"},
        {"access_token": "another-user"},
    ],
)
def test_a_wrong_signature_or_credential_is_401_in_xs_format(fake_x, override):
    response = create(fake_x, {"text": "hello"}, signer=auth(**override))
    assert response.status_code == 401
    assert response.json() == {
        "title": "Unauthorized",
        "type": "about:blank",
        "status": 401,
        "detail": "Unauthorized",
    }
    assert fake_x.posts == []


def test_an_unsigned_request_is_401(fake_x):
    response = requests.post(fake_x.url + "/2/tweets", json={"text": "hi"}, timeout=5)
    assert response.status_code == 401


def test_the_signature_covers_the_url(fake_x):
    # Signed for X's host, sent to the fake: the base string differs, so it fails.
    request = requests.Request(
        "POST", "https://api.twitter.com/2/tweets", json={"text": "hi"}, auth=auth()
    ).prepare()
    request.url = fake_x.url + "/2/tweets"
    response = requests.Session().send(request, timeout=5)
    assert response.status_code == 401


def test_a_replayed_request_is_refused(fake_x):
    request = requests.Request(
        "POST", fake_x.url + "/2/tweets", json={"text": "once"}, auth=auth()
    ).prepare()
    with requests.Session() as session:
        assert session.send(request, timeout=5).status_code == 201
        assert session.send(request, timeout=5).status_code == 401
    assert len(fake_x.posts) == 1


@pytest.mark.parametrize(
    "body",
    [
        {"text": "hi", "link": "https://example.com/"},  # no extra properties
        {"text": 42},
        {"text": "hi", "reply_settings": "everyone"},
        {"text": "hi", "media": {"media_ids": []}},
    ],
)
def test_a_body_outside_the_openapi_schema_is_400(fake_x, body):
    response = create(fake_x, body)
    assert response.status_code == 400
    problem = response.json()
    assert problem["type"] == "https://api.x.com/2/problems/invalid-request"
    assert problem["errors"][0]["message"]
    assert fake_x.posts == []


def test_a_body_that_is_not_json_is_400(fake_x):
    assert create(fake_x, raw=b"text=hello").status_code == 400


def test_an_identical_text_is_xs_duplicate_403(fake_x):
    assert create(fake_x, {"text": "同じ文"}).status_code == 201
    response = create(fake_x, {"text": "同じ文"})
    assert response.status_code == 403
    assert response.json() == DUPLICATE
    assert len(fake_x.posts) == 1


def test_the_duplicate_window_can_be_set(fake_x):
    clock = [1_800_000_000.0]
    fake_x.clock = lambda: clock[0]
    fake_x.duplicate_window = 3600.0
    assert create(fake_x, {"text": "同じ文"}).status_code == 201
    clock[0] += 3599
    assert create(fake_x, {"text": "同じ文"}).status_code == 403
    clock[0] += 1
    assert create(fake_x, {"text": "同じ文"}).status_code == 201
    assert len(fake_x.posts) == 2


def test_created_answer_lost(fake_x):
    fake_x.script(answer_lost())
    with pytest.raises(requests.ConnectionError):
        create(fake_x, {"text": "lost"})
    assert len(fake_x.posts) == 1
    assert create(fake_x, {"text": "lost"}).json() == DUPLICATE


def test_weighted_length_over_280_is_refused(fake_x):
    assert create(fake_x, {"text": "あ" * 140}).status_code == 201
    response = create(fake_x, {"text": "い" * 141})
    assert response.status_code == 403
    assert "shorter" in response.json()["detail"]
    # A URL counts 23 whatever its length.
    url = "https://example.com/" + "a" * 200
    assert create(fake_x, {"text": "う" * 128 + " " + url}).status_code == 201


def test_the_rate_limit_counts_down_then_429(fake_x):
    fake_x.limit = 2
    first = create(fake_x, {"text": "1"})
    assert first.headers["x-rate-limit-remaining"] == "1"
    assert create(fake_x, {"text": "2"}).headers["x-rate-limit-remaining"] == "0"
    third = create(fake_x, {"text": "3"})
    assert third.status_code == 429
    assert third.json() == {"errors": [{"code": 88, "message": "Rate limit exceeded"}]}
    assert int(third.headers["x-rate-limit-reset"]) > time.time()
    assert len(fake_x.posts) == 2


def test_scripted_faults_answer_in_order_then_normal_service(fake_x):
    fake_x.script(XFault(status=503), XFault(status=429, reset_in=60))
    assert create(fake_x, {"text": "a"}).status_code == 503
    limited = create(fake_x, {"text": "a"})
    assert limited.status_code == 429
    assert abs(int(limited.headers["x-rate-limit-reset"]) - (time.time() + 60)) < 3
    assert create(fake_x, {"text": "a"}).status_code == 201


def test_a_dropped_connection_and_a_delay(fake_x):
    fake_x.script(XFault(drop=True), XFault(delay=0.5))
    with pytest.raises(requests.ConnectionError):
        create(fake_x, {"text": "a"})
    with pytest.raises(requests.ReadTimeout):
        requests.post(
            fake_x.url + "/2/tweets", json={"text": "a"}, auth=auth(), timeout=(2, 0.1)
        )
    assert fake_x.posts == []


def test_a_committed_fault_creates_the_post_but_loses_the_answer(fake_x):
    fake_x.script(XFault(commit=True, drop=True))
    with pytest.raises(requests.ConnectionError):
        create(fake_x, {"text": "lost answer"})
    assert [p["text"] for p in fake_x.posts] == ["lost answer"]


def test_other_paths_are_404(fake_x):
    assert (
        create(fake_x, {"text": "a"}, path="/1.1/statuses/update.json").status_code
        == 404
    )
