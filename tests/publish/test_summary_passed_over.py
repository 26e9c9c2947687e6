"""`plan` and the outbox page say which opening sentences the summary left out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pelican.plugins.posse import cli, i18n
from pelican.plugins.posse.manifest import check
from pelican.plugins.posse.publish.messages import passed_over_line
from tests.harness.scripted import (
    ENV,
    entry,
    install,
    make_engine,
    seed_ledger,
    write_manifest,
)

PASSED = [
    {"text": "みなさん、こんにちは。", "kind": "greeting"},
    {
        "text": "中小企業診断士として二十年、経営者の相談に乗ってきた佐藤です。",
        "kind": "self_intro",
    },
]
SETTINGS = 'SITEURL = "https://blog.example.jp"\nPOSSE_MAX_AGE = None\n'


@pytest.fixture
def blog(monkeypatch):
    install(monkeypatch)
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    Path("publishconf.py").write_text(SETTINGS)
    seed_ledger()
    write_manifest([entry(1, passed_over=PASSED), entry(2)])
    yield
    i18n.use("en")


def test_plan_says_it_once_an_article_in_english(blog, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "C")
    assert cli.main(["plan"]) == 0
    out = capsys.readouterr().out
    line = (
        "(Summary leaves out “みなさん、こんにちは。” (greeting), "
        "“中小企業診断士として二十年、経営者の相談に乗っ…” (self-introduction). "
        "To keep the opening as it is: `posse_summary: lead`, or write `Summary:`)"
    )
    assert " ".join(out.split()).count(line) == 1  # one line for X and Facebook
    assert "leaves out" not in out.split("posts/0002.md", 1)[1]


def test_plan_says_it_in_japanese(blog, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert cli.main(["plan"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "（要約では「みなさん、こんにちは。」（あいさつ）、" in out
    assert "（自己紹介）を省きました。" in out and " を省きました" not in out
    assert "`posse_summary: lead`" in out


def test_plan_json_carries_it(blog, capsys):
    assert cli.main(["plan", "--json"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    first = [i for i in items if i["article_id"] == "posts/0001.md"]
    assert first and all(i["passed_over"] == PASSED for i in first)


def test_the_outbox_page_says_it_in_the_sites_language(monkeypatch):
    install(monkeypatch)
    write_manifest([entry(1, passed_over=PASSED), entry(2)])
    engine, _ = make_engine(env={})
    assert engine.publish().exit_code == 0
    page = Path(".posse/outbox/index.html").read_text(encoding="utf-8")
    # The site's language is Japanese (the manifest's default_lang), whatever
    # the command speaks; one line under each post of the article.
    assert (
        page.count('<p class="passed">要約では「みなさん、こんにちは。」（あいさつ）')
        == 2
    )
    assert page.count('class="passed"') == 2
    lines = Path(".posse/outbox/outbox.jsonl").read_text(encoding="utf-8")
    assert "passed_over" in lines


def test_nothing_left_out_says_nothing():
    assert passed_over_line([]) is None


def test_a_damaged_passed_over_is_refused_with_the_article_named():
    write_manifest([entry(1, passed_over=[{"text": 3}])])
    data = json.loads(Path(".posse/manifest.json").read_text(encoding="utf-8"))
    with pytest.raises(
        ValueError, match=r"article 0 \(id 'posts/0001.md'\): field 'passed_over'"
    ):
        check(data)
