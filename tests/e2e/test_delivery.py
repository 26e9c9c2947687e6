"""End to end: a blog, ``baseline``, a new article, a build, ``pelican-posse publish``
against both fakes, and every row of the failure table through the real command.

Each row checks what a user sees: the ledger state, the exit code, words they can act
on, nothing lost (a later run delivers it), and the other network unaffected.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
from urllib.parse import parse_qs

import pytest

from pelican.plugins.posse.publish.networks.facebook import FacebookPageNetwork
from pelican.plugins.posse.publish.networks.x import XNetwork
from tests.fakes import GraphFault, XFault
from tests.fakes.blog import SITEURL, Blog, baselined, command

pytest_plugins = ["tests.fakes.fixtures"]

NEW = "posse-hajimemashita"
NEW_TITLE = "POSSE を始めました"
NEW_URL = f"{SITEURL}/{NEW}.html"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return baselined(
        tmp_path_factory.mktemp("blog"), (NEW, NEW_TITLE, "2026-03-01 09:00")
    )


@pytest.fixture
def blog(template, tmp_path, monkeypatch, capsys, fakes_env):
    """A blog whose old articles are baselined and one new article is due."""
    site = template.copy_to(tmp_path)
    site.monkeypatch, site.capsys = monkeypatch, capsys
    site.env(fakes_env)
    return site


def new_url(blog: Blog) -> str:
    manifest = json.loads((blog.root / ".posse" / "manifest.json").read_text("utf-8"))
    return next(a["url"] for a in manifest["articles"] if a["id"] == f"{NEW}.md")


def test_publish_sends_exactly_one_signed_valid_request_each(blog, fake_x, fake_graph):
    run = blog.cli("publish")

    assert run.code == 0, run.out + run.err
    # One request each, accepted: the fake X verified the OAuth 1.0a signature and
    # the OpenAPI schema, the fake Graph the Page token in the body.
    assert [r.status for r in fake_x.received] == [201]
    # Facebook's reads are free: the Page is read with the token first (publish's
    # check, before anything is sent), then for a copy, then posted to. X has no
    # check at publish (GET /2/users/me is billed): its post is its own check.
    assert [(r.method, r.status) for r in fake_graph.received] == [
        ("GET", 200),
        ("GET", 200),
        ("POST", 200),
    ]
    assert "/feed" not in fake_graph.received[0].path
    url = new_url(blog)
    assert NEW_TITLE in fake_x.posts[0]["text"]
    assert url in fake_x.posts[0]["text"]
    assert fake_graph.posts[0]["link"] == url
    assert not fake_graph.token_in_url

    x = blog.record(f"{NEW}.md", "x")
    assert x["state"] == "posted"
    assert x["url"] == f"https://x.com/hanako_blog/status/{fake_x.posts[0]['id']}"
    fb = blog.record(f"{NEW}.md", "facebook")
    assert fb["state"] == "posted"
    assert fb["url"] == f"https://www.facebook.com/{fake_graph.posts[0]['id']}"
    # The old articles were baselined: never announced.
    assert len(fake_x.posts) == len(fake_graph.posts) == 1

    again = blog.cli("publish")
    assert again.code == 0
    assert len(fake_x.received) == 1, "a rerun sends nothing"
    assert len(fake_graph.received) == 3, "nor asks anything: nothing is due"


def test_the_installed_command_posts_through_the_fakes(
    blog, fake_x, fake_graph, fakes_env
):
    done = command(blog.root, fakes_env, "publish")
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(fake_x.posts) == 1
    assert len(fake_graph.posts) == 1
    sent = [r for r in fake_graph.received if r.method == "POST"]
    form = parse_qs(sent[0].text)
    assert form["message"][0] == fake_graph.posts[0]["message"]
    assert blog.record(f"{NEW}.md", "x")["state"] == "posted"


# --- the failure table, row by row --------------------------------------------
# (network, faults, state, exit code, words in the ledger's error or remedy,
#  how a later run delivers it)
def row(*values, id):
    return pytest.param(values, id=id)


X_ROWS = [
    row(
        "x", [XFault(status=401)], "failed", 3, ("Read and Write",), "retry", id="x-401"
    ),
    row(
        "x",
        [XFault(status=403)],
        "failed",
        3,
        ("not permitted", "Read and Write"),
        "retry",
        id="x-403-other",
    ),
    row(
        "x",
        [XFault(status=429, reset_in=3600)],
        "pending",
        1,
        ("Rate limit exceeded", "next try after"),
        "retry",
        id="x-429-later",
    ),
    row(
        "x",
        [XFault(status=500)] * 3,
        "posting",
        1,
        ("HTTP 500", "may exist"),
        "publish",
        id="x-500",
    ),
    row(
        "x",
        [XFault(status=502)] * 3,
        "posting",
        1,
        ("HTTP 502",),
        "publish",
        id="x-502",
    ),
    row(
        "x",
        [XFault(status=503)] * 3,
        "posting",
        1,
        ("HTTP 503",),
        "publish",
        id="x-503",
    ),
    row(
        "x",
        [XFault(status=504)] * 3,
        "posting",
        1,
        ("HTTP 504",),
        "publish",
        id="x-504",
    ),
    row(
        "x",
        [XFault(drop=True)] * 3,
        "posting",
        1,
        ("broke after sending", "may exist"),
        "publish",
        id="x-connection-reset",
    ),
]
FB_ROWS = [
    row(
        "facebook",
        [GraphFault(code=1)],
        "posting",
        1,
        ("code 1",),
        "publish",
        id="fb-1",
    ),
    row(
        "facebook",
        [GraphFault(code=2)],
        "posting",
        1,
        ("code 2",),
        "publish",
        id="fb-2",
    ),
    row(
        "facebook",
        [GraphFault(status=503)],
        "posting",
        1,
        ("HTTP 503",),
        "publish",
        id="fb-5xx",
    ),
    *[
        row(
            "facebook",
            [GraphFault(code=code, eta_minutes=30)],
            "pending",
            1,
            (f"(#{code})", "next try after"),
            "retry",
            id=f"fb-{code}",
        )
        for code in (4, 17, 32, 341, 613)
    ],
    row(
        "facebook",
        [GraphFault(code=190, subcode=463)],
        "failed",
        3,
        ("expired", "long-lived Page access token"),
        "retry",
        id="fb-190",
    ),
    row(
        "facebook",
        [GraphFault(code=10)],
        "failed",
        3,
        ("pages_manage_posts",),
        "retry",
        id="fb-10",
    ),
    row(
        "facebook",
        [GraphFault(code=200)],
        "failed",
        3,
        ("pages_manage_posts",),
        "retry",
        id="fb-200",
    ),
    row(
        "facebook",
        [GraphFault(code=368)],
        "failed",
        3,
        ("Meta Business Suite",),
        "retry",
        id="fb-368",
    ),
    row(
        "facebook",
        [GraphFault(code=100, message="(#100) The parameter link is not a valid URL")],
        "failed",
        3,
        ("'link'",),
        "retry",
        id="fb-100",
    ),
    row(
        "facebook",
        [GraphFault(code=1609005)],
        "failed",
        3,
        ("Error Posting Link",),
        "retry",
        id="fb-1609005",
    ),
]


@pytest.mark.parametrize("row", [*X_ROWS, *FB_ROWS])
def test_failure_row(blog, fake_x, fake_graph, row):
    network, faults, state, code, words, then = row
    fake = fake_x if network == "x" else fake_graph
    other, other_fake = ("facebook", fake_graph) if network == "x" else ("x", fake_x)
    # The faults answer the send; a read before it (Facebook looks first) is normal.
    fake.script(*[type(f)(**{**f.__dict__, "method": "POST"}) for f in faults])

    run = blog.cli("publish")

    assert run.code == code, run.out + run.err
    record = blog.record(f"{NEW}.md", network)
    assert record["state"] == state
    said = f"{record.get('error')} {record.get('remedy')}"
    for word in words:
        assert word in said
    assert fake.posts == [], "nothing was posted"
    # The other network is unaffected.
    assert blog.record(f"{NEW}.md", other)["state"] == "posted"
    assert len(other_fake.posts) == 1
    # What the user reads says what happened.
    assert state in run.out
    if state == "failed":
        status = blog.cli("status")
        assert status.code == 1
        assert record["remedy"].split()[0] in status.out
    if state in ("pending", "posting") and record.get("attempts", 0) >= 3:
        assert len(run.sleeps) == 2, "backed off twice between three tries"
    if network == "facebook" and state == "posting":
        # A lost answer from Facebook (no copy refusal) is never re-sent blindly:
        # one send, and the next run reads the Page once the attempt is 5 min old.
        assert len([r for r in fake.received if r.method == "POST"]) == 1
        soon = blog.cli(then)
        assert soon.code == 0, soon.out + soon.err
        assert blog.record(f"{NEW}.md", network)["state"] == "posting"
        assert len([r for r in fake.received if r.method == "POST"]) == 1

    # Nothing lost: once the cause is gone, a later run delivers it, once (a lost
    # answer is judged once its attempt is old enough to be listed).
    later = blog.cli(
        then, later=dt.timedelta(minutes=6) if state == "posting" else None
    )
    assert later.code == 0, later.out + later.err
    assert blog.record(f"{NEW}.md", network)["state"] == "posted"
    assert len(fake.posts) == 1
    assert len(other_fake.posts) == 1


def test_x_rate_limit_within_max_wait_waits_and_tries_once_more(blog, fake_x):
    fake_x.script(XFault(status=429, reset_in=2))
    run = blog.cli("publish")
    assert run.code == 0, run.out + run.err
    assert len(run.sleeps) == 1 and 0 < run.sleeps[0] <= 5
    assert blog.record(f"{NEW}.md", "x")["state"] == "posted"
    assert len(fake_x.posts) == 1


def test_x_duplicate_after_our_uncertain_attempt_is_recorded_as_posted(blog, fake_x):
    # X creates the post, the answer is lost; the retry gets the duplicate 403.
    fake_x.script(XFault(commit=True, drop=True))
    run = blog.cli("publish")
    assert run.code == 0, run.out + run.err
    assert len(fake_x.posts) == 1
    assert [r.status for r in fake_x.received] == [None, 403]
    assert blog.record(f"{NEW}.md", "x")["state"] == "posted"


def test_facebook_duplicate_is_not_posted_twice(blog, fake_graph):
    fake_graph.script(GraphFault(code=506, method="POST"))
    run = blog.cli("publish")
    assert run.code == 0, run.out + run.err
    record = blog.record(f"{NEW}.md", "facebook")
    assert record["state"] == "duplicate"
    assert "Duplicate status message" in record["error"]
    assert blog.cli("publish").code == 0
    assert fake_graph.posts == []


def test_timeouts_are_retried_then_left_for_the_next_run(blog, fake_x, monkeypatch):
    monkeypatch.setattr(XNetwork, "timeout", (2.0, 0.3))
    fake_x.script(*[XFault(delay=0.6) for _ in range(3)])
    run = blog.cli("publish")
    assert run.code == 1
    # A read timeout after sending is a lost answer: X refuses a copy for 6 hours,
    # so it is sent again (three tries), then left for the next run.
    assert len(fake_x.received) == 3
    record = blog.record(f"{NEW}.md", "x")
    assert record["state"] == "posting"
    assert "timeout" in record["error"]
    assert blog.record(f"{NEW}.md", "facebook")["state"] == "posted"
    assert blog.cli("publish").code == 0
    assert len(fake_x.posts) == 1


def test_connection_refused_leaves_the_post_pending(
    blog, fake_x, fake_graph, monkeypatch
):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("POSSE_FACEBOOK_API_URL", f"http://127.0.0.1:{port}")
    run = blog.cli("publish")
    assert run.code == 1
    assert blog.record(f"{NEW}.md", "facebook")["state"] == "pending"
    assert "could not reach Facebook" in blog.record(f"{NEW}.md", "facebook")["error"]
    assert blog.record(f"{NEW}.md", "x")["state"] == "posted"
    monkeypatch.setenv("POSSE_FACEBOOK_API_URL", fake_graph.url)
    assert blog.cli("publish").code == 0
    assert len(fake_graph.posts) == 1


def test_a_permanent_failure_stops_only_that_network_for_the_run(
    blog, fake_x, fake_graph
):
    blog.article("second-post", "二本目の記事", "2026-03-02 09:00")
    blog.build()
    fake_graph.script(GraphFault(code=190, subcode=463, method="POST"))
    run = blog.cli("publish")
    assert run.code == 3
    # publish's check, one read and one send for the first article; Facebook is
    # not called again.
    assert [r.method for r in fake_graph.received] == ["GET", "GET", "POST"]
    assert len(fake_x.posts) == 2, "X goes on with both articles"
    second = blog.ledger()["articles"]["second-post.md"]["posts"]
    assert second.get("facebook", {}).get("state") != "posted"
    assert "stopped" in run.out
    # Nothing lost: with a good token again, retry and publish deliver both, once.
    assert blog.cli("retry").code == 0
    assert blog.cli("publish").code == 0
    assert len(fake_graph.posts) == 2


def test_unconfigured_facebook_goes_to_the_outbox_and_x_still_posts(
    blog, fake_x, fake_graph, monkeypatch
):
    monkeypatch.delenv("POSSE_FACEBOOK_PAGE_TOKEN")
    run = blog.cli("publish")
    assert run.code == 0, run.out + run.err
    assert len(fake_x.posts) == 1
    assert fake_graph.received == []
    assert blog.record(f"{NEW}.md", "facebook")["state"] == "outbox"


def test_network_classes_declare_copy_refusal_and_free_reads():
    assert XNetwork.copy_refusal == dt.timedelta(hours=6)
    assert FacebookPageNetwork.copy_refusal is None
    assert XNetwork.free_reads is False
    assert FacebookPageNetwork.free_reads is True


def test_real_wrong_credentials_fail_until_fixed_then_retry_posts(
    blog, fake_x, fake_graph, fakes_env, monkeypatch
):
    # Not a scripted 401: the fake checks the OAuth signature made with a stale
    # secret, and the Graph fake the Page token, and both refuse.
    monkeypatch.setenv("POSSE_X_ACCESS_TOKEN_SECRET", "stale-secret-from-read-only")
    monkeypatch.setenv("POSSE_FACEBOOK_PAGE_TOKEN", "EAAG-short-lived-expired")
    run = blog.cli("publish")
    assert run.code == 3
    x = blog.record(f"{NEW}.md", "x")
    assert x["state"] == "failed"
    assert "regenerate the access token" in x["remedy"]
    # Facebook's token is refused by publish's check, before anything is sent:
    # one line naming the variable and the fix, nothing recorded as failed.
    assert [r.method for r in fake_graph.received] == ["GET"]
    fb = blog.ledger()["articles"][f"{NEW}.md"]["posts"].get("facebook")
    assert fb is None or fb["state"] not in ("failed", "posting")
    said = " ".join(run.out.split())
    assert "Facebook: nothing was sent to it in this run" in said
    assert "POSSE_FACEBOOK_PAGE_TOKEN" in said and "Fix:" in said
    assert "EAAG-short-lived-expired" not in run.out + run.err
    status = blog.cli("status")
    assert "what to do" in status.out
    assert fake_x.posts == fake_graph.posts == []

    blog.env(fakes_env)
    again = blog.cli("retry")
    assert again.code == 0, again.out + again.err
    assert len(fake_x.posts) == len(fake_graph.posts) == 1
    assert blog.record(f"{NEW}.md", "x")["state"] == "posted"


def test_every_publish_warns_of_a_token_expiring_soon_without_a_request(
    blog, fake_x, fake_graph, monkeypatch
):
    assert blog.cli("publish").code == 0
    seen = (len(fake_x.received), len(fake_graph.received))
    # The expiry `auth facebook` stored beside the token; nothing is due now.
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(days=5)).date().isoformat()
    monkeypatch.setenv("POSSE_FACEBOOK_PAGE_TOKEN_EXPIRES", soon)
    run = blog.cli("publish")
    assert run.code == 0, run.out + run.err
    said = " ".join(run.out.split())
    assert "Facebook: POSSE_FACEBOOK_PAGE_TOKEN_EXPIRES: the token expires on" in said
    assert soon in said
    assert (len(fake_x.received), len(fake_graph.received)) == seen, "no request"
