"""A Japanese session against the fakes: our framing of a network's error is
Japanese, the network's own words stay as it gave them.

Publish against a fake that cannot be reached, answers too late, answers 500
or answers a body that is not its API's; ``status`` later says a record an
English run wrote in Japanese; a ledger an older version wrote (its error as
plain English text) is still shown as it is.
"""

from __future__ import annotations

import json
import re
import socket

import pytest

from pelican.plugins.posse.publish.networks.x import XNetwork
from tests.fakes import GraphFault, XFault
from tests.fakes.blog import baselined

pytest_plugins = ["tests.fakes.fixtures"]

NEW = "posse-hajimemashita"
ID = f"{NEW}.md"
# Our English framing around a network's words; none may be left in Japanese.
ENGLISH = re.compile(
    r"could not reach|no answer|may exist|not a Graph|answered with|"
    r"broke after|rate limited|code \d|tried again|not configured"
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return baselined(
        tmp_path_factory.mktemp("blog-ja"),
        (NEW, "POSSE を始めました", "2026-03-01 09:00"),
    )


@pytest.fixture
def blog(template, tmp_path, monkeypatch, capsys, fakes_env):
    site = template.copy_to(tmp_path)
    site.monkeypatch, site.capsys = monkeypatch, capsys
    site.env(fakes_env)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    monkeypatch.setenv("COLUMNS", "400")  # a sentence on one line, to be read whole
    return site


def said(run) -> str:
    return " ".join((run.out + run.err).split())


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_timeout_and_an_unreachable_network_are_said_in_japanese(
    blog, fake_x, monkeypatch
):
    monkeypatch.setattr(XNetwork, "timeout", (2.0, 0.3))
    fake_x.script(*[XFault(delay=0.6) for _ in range(3)])
    monkeypatch.setenv("POSSE_FACEBOOK_API_URL", f"http://127.0.0.1:{closed_port()}")

    run = blog.cli("publish")

    out = said(run)
    assert run.code == 1, out
    assert "送信後、X から時間内に応答がありませんでした（読み取りタイムアウト）" in out
    assert "投稿はできている可能性があります。次の実行でもう一度送ります" in out
    assert "Facebook に接続できませんでした（接続エラー：ConnectionError）" in out
    assert not ENGLISH.search(out), out


def test_a_500_and_an_unexpected_body_keep_the_networks_words(
    blog, fake_x, fake_graph, caplog
):
    fake_x.script(*[XFault(status=500, method="POST") for _ in range(3)])
    fake_graph.script(GraphFault(status=500, body="<html>oops</html>", method="POST"))

    run = blog.cli("publish")

    out = said(run)
    assert run.code == 1, out
    # X's own words, as X gave them, inside our Japanese.
    assert "HTTP 500: Internal error; Internal Server Error（投稿はできている" in out
    assert "HTTP 500：Graph API の応答ではありません（投稿はできている可能性" in out
    assert not ENGLISH.search(out.replace("Internal Server Error", "")), out
    # The warning on stderr (shown without -v) is Japanese as well.
    assert (
        "posse: posse-hajimemashita.md（Facebook）：送信中：HTTP 500：" in caplog.text
    )
    assert " on Facebook: " not in caplog.text


def test_status_says_in_japanese_what_an_english_run_recorded(
    blog, fake_graph, monkeypatch
):
    monkeypatch.setenv("LANG", "C.UTF-8")
    fake_graph.script(GraphFault(code=190, method="POST"))
    published = blog.cli("publish", "--json")
    assert published.code == 3
    # --json: the outcome in the language spoken, and as kept (the same in any).
    result = next(
        r for r in json.loads(published.out)["results"] if r["network"] == "facebook"
    )
    assert result["detail"].startswith("code 190: Error validating access token")
    assert result["detail_said"]["key"] == "network.error.code"
    kept = blog.ledger()["articles"][ID]["posts"]["facebook"]["error"]
    assert kept["key"] == "network.error.code"  # a key and its values, not a sentence
    words = "Error validating access token: Session has expired."
    assert kept["values"] == {"code": 190, "message": words}

    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    run = blog.cli("status")

    out = said(run)
    assert f"エラー：コード 190：{words}" in out
    assert not ENGLISH.search(out), out
    # --json: the sentence in the language spoken, and as kept (key and values).
    data = json.loads(blog.cli("status", "--json").out)
    attention = data["attention"][0]
    assert attention["error"] == f"コード 190：{words}"
    assert attention["error_said"] == kept
