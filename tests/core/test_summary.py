"""The summary says what the article is about, not how it greets (issue 17)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from pathlib import Path

import pytest

from pelican.plugins.posse import settings as settings_mod
from pelican.plugins.posse import summary, summary_rules
from pelican.plugins.posse.compose import RULES, compose
from pelican.plugins.posse.facts import ArticleFacts, Metadata
from pelican.plugins.posse.render.description import describe
from pelican.plugins.posse.settings import PosseSettings
from tests.data.summary_openings import OPENINGS
from tests.harness import site

# The article this project was started from.
PROJECT_HTML = (
    "<p>みなさん、こんにちは。今回は、僕がX(旧Twitter)を始めたことについてお話しします。</p>"
    "<p>これまでブログだけで発信してきましたが、読者の方から「Xはやらないんですか」と"
    "聞かれることが増えました。</p><h2>Xを始めた理由</h2><p>本文です。</p>"
)
POINT_FIRST = (
    "<p>今回は、補助金申請の前に確認したい五つのポイントを紹介します。"
    "締切の直前になって慌てないよう、早めに準備を始めましょう。</p>"
)


def facts(html: str = PROJECT_HTML, **changes) -> ArticleFacts:
    base = ArticleFacts(
        id="x.md",
        source_path="x.md",
        title="X(旧Twitter)を始めました",
        url="https://blog.example.jp/posts/x/",
        lang="ja",
        date=dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC),
        tags=("中小企業診断士",),
        content_html=html,
    )
    return dataclasses.replace(base, **changes)


def test_the_projects_own_article_is_announced_by_its_point():
    post = compose(facts(), "x", PosseSettings())
    assert post.summary.startswith("今回は、僕がX(旧Twitter)を始めたことについて")
    assert "こんにちは" not in post.text


def test_a_sentence_that_states_the_point_is_never_dropped():
    assert (
        summary.choose(POINT_FIRST, "補助金申請の前に確認したい5つのポイント", "ja")
        is None
    )
    post = compose(
        facts(POINT_FIRST, title="補助金申請の5つのポイント"), "x", PosseSettings()
    )
    assert post.summary.startswith(
        "今回は、補助金申請の前に確認したい五つのポイントを紹介します。"
    )


DEMO = Path(__file__).resolve().parents[2] / "content" / "jigyo-keikaku.md"


def test_a_hook_that_reports_what_others_say_is_passed_over():
    """「…」という声をよく聞きます quotes the title's words, but the author's point
    comes after it (the demo's own article opens this way)."""
    meta, body = DEMO.read_text(encoding="utf-8").split("\n\n", 1)
    title = next(ln for ln in meta.splitlines() if ln.startswith("Title: "))[7:]
    html = "".join(f"<p>{p}</p>" for p in body.split("\n\n")[:2])
    chosen = summary.choose(html, title, "ja")
    assert chosen is not None
    assert chosen.text.startswith("事業計画書の本当の役割は、")
    assert "という声をよく聞きます" in chosen.passed[0].text


def test_a_quoted_term_that_is_the_point_stays_first():
    html = (
        "<p>「経営デザインシート」は、自社の今と将来の姿を一枚に描くための道具です。"
        "内閣府が公開しており、誰でも無料で使えます。</p>"
        "<p>経営デザインシートの書き方で迷う方は少なくありません。</p>"
    )
    assert summary.choose(html, "「経営デザインシート」で将来を描く", "ja") is None


def test_the_summary_is_the_articles_own_sentences_in_order():
    html = (
        "<p>こんにちは。中小企業診断士の佐藤です。寒くなってきましたね。</p>"
        "<p>先日、ある製造業の社長から相談を受けました。"
        "今回は、採択される事業計画書の書き方を解説します。審査員の視点が鍵です。</p>"
    )
    chosen = summary.choose(html, "採択される事業計画書の書き方", "ja")
    assert (
        chosen.text
        == "今回は、採択される事業計画書の書き方を解説します。審査員の視点が鍵です。"
    )
    assert [(p.text, p.kind) for p in chosen.passed] == [
        ("こんにちは。", "greeting"),
        ("中小企業診断士の佐藤です。", "self_intro"),
        ("寒くなってきましたね。", "weather"),
        ("先日、ある製造業の社長から相談を受けました。", "aside"),
    ]


def test_a_greeting_clause_before_the_point_is_trimmed_not_the_sentence():
    html = "<p>こんにちは、今回は資金繰り表の作り方を解説します。</p>"
    chosen = summary.choose(html, "資金繰り表の作り方", "ja")
    assert chosen.text == "今回は資金繰り表の作り方を解説します。"
    english = "<p>Hi everyone, today I want to explain cash-flow tables.</p>"
    chosen = summary.choose(english, "Cash-flow tables", "en")
    assert chosen.text == "Today I want to explain cash-flow tables."


def test_small_talk_that_is_the_topic_is_kept():
    html = (
        "<p>年度末が近づき、補助金の公募が次々と始まる時期になりました。"
        "締切に注意しましょう。</p>"
    )
    assert summary.choose(html, "年度末は補助金の公募が増える時期", "ja") is None


def test_an_opening_of_only_small_talk_keeps_the_plain_opening():
    html = "<p>こんにちは。寒くなってきましたね。</p>"
    assert summary.choose(html, "近況", "ja") is None


def test_og_description_and_every_post_start_with_the_same_sentence():
    item = facts()
    first = "今回は、僕がX(旧Twitter)を始めたことについてお話しします。"
    for network in RULES:
        assert compose(item, network, PosseSettings()).summary.startswith(first)
    chosen = summary.for_facts(item, "auto")
    assert describe(None, item.content_html, "ja", chosen).startswith(first)


def test_the_choice_is_made_once_per_article(monkeypatch):
    calls = []
    real = summary.choose
    monkeypatch.setattr(summary, "choose", lambda *a: calls.append(a) or real(*a))
    item = facts()
    for network in RULES:
        compose(item, network, PosseSettings())
    summary.for_facts(item, "auto")
    assert len(calls) == 1


def _plain(item, network):
    """What compose said before issue 17: the plain opening."""
    return compose(
        dataclasses.replace(item, summary_choice=(None,)), network, PosseSettings()
    )


@pytest.mark.parametrize("network", list(RULES))
def test_posse_summary_lead_keeps_the_plain_opening(network):
    item = facts(meta=Metadata({"posse_summary": "lead"}))
    post = compose(item, network, PosseSettings())
    assert post.summary.startswith("みなさん、こんにちは。")
    assert post == _plain(facts(), network)


def test_the_site_setting_keeps_the_plain_opening_and_an_article_can_ask_auto():
    post = compose(facts(), "x", PosseSettings(summary="lead"))
    assert post.summary.startswith("みなさん、こんにちは。")
    item = facts(meta=Metadata({"posse_summary": "auto"}))
    post = compose(item, "x", PosseSettings(summary="lead"))
    assert post.summary.startswith("今回は")


def test_a_wrong_posse_summary_is_named_and_the_site_setting_used(caplog):
    caplog.set_level(logging.WARNING)
    item = facts(meta=Metadata({"posse_summary": "smart"}))
    post = compose(item, "x", PosseSettings())
    assert post.summary.startswith("今回は")
    assert "x.md: posse_summary: 'smart' is not 'auto' or 'lead'" in caplog.text


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"summary": "<p>著者の要約です。</p>"}, "著者の要約です。"),
        ({"posse_text": "全ネットワーク用の文です。"}, "全ネットワーク用の文です。"),
        ({"posse_x": "X 専用の文です。"}, "X 専用の文です。"),
    ],
)
def test_the_authors_own_words_still_win(meta, expected):
    summary_html = meta.pop("summary", None)
    item = facts(meta=Metadata(meta), summary_html=summary_html)
    assert compose(item, "x", PosseSettings()).summary == expected


def test_posse_summary_setting_is_validated():
    posse, problems = settings_mod.load({"POSSE_SUMMARY": "smart"})
    assert posse.summary == "auto"
    assert [str(p) for p in problems] == [
        "POSSE_SUMMARY: 'smart' is not valid; expected one of 'auto', 'lead'"
    ]
    assert settings_mod.load({"POSSE_SUMMARY": "Lead"})[0].summary == "lead"


@pytest.mark.parametrize("opening", OPENINGS, ids=lambda o: o.title[:20])
def test_no_summary_starts_with_small_talk(opening):
    item = facts(opening.html, title=opening.title, lang=opening.lang)
    text = compose(item, "x", PosseSettings()).summary
    assert not any(text.startswith(unit) for unit in opening.small_talk), text


def test_nine_summaries_in_ten_carry_the_marked_point():
    from bench.summary_quality import has_point, summaries

    carried = sum(
        has_point(summaries(o, n, "auto")["X post"], o.point)
        for n, o in enumerate(OPENINGS)
    )
    assert carried >= 0.9 * len(OPENINGS)
    japanese = [o for o in OPENINGS if o.lang == "ja"]
    assert len(japanese) >= 30 and len(OPENINGS) - len(japanese) >= 10


@pytest.mark.parametrize(
    "rule", summary_rules.RULES, ids=lambda r: f"{r.lang}-{r.kind}-{r.pattern[:12]}"
)
def test_each_rule_recognises_its_examples_and_not_its_keeps(rule):
    assert rule.kind in summary_rules.KINDS and rule.reason
    assert rule.examples, "every rule shows what it recognises"
    assert rule.needs, "every rule names the words it needs (see summary_rules)"
    pattern = re.compile(rule.pattern)
    for example in rule.examples:
        assert pattern.match(example), example
        assert summary.phatic(example, rule.lang) is not None
    for keep in rule.keeps:
        assert summary.phatic(keep, rule.lang) is None, keep


def test_a_real_build_says_what_was_passed_over_and_the_card_agrees():
    site.write_settings(Path("."), {"POSSE_SYNDICATE": ["x", "facebook"]})
    path = site.article(
        ".", "x-start", "X(旧Twitter)を始めました", "2026-03-01 09:00", slug="x-start"
    )
    head = path.read_text(encoding="utf-8").split("\n\n")[0]
    path.write_text(
        head + "\n\nみなさん、こんにちは。今回は、僕がX(旧Twitter)を始めたことについて"
        "お話しします。\n\n## Xを始めた理由\n\n本文です。\n",
        encoding="utf-8",
    )
    entry = site.by_id(site.build(Path(".")))["x-start.md"]
    assert entry["passed_over"] == [
        {"text": "みなさん、こんにちは。", "kind": "greeting"}
    ]
    assert entry["description"].startswith("今回は、僕がX(旧Twitter)を始めた")
    x_text = entry["texts"]["x"]["text"]
    assert "\n\n今回は、僕がX(旧Twitter)を始めた" in x_text
    pages = [p.read_text(encoding="utf-8") for p in Path("output").rglob("*.html")]
    card = '<meta property="og:description" content="今回は、僕がX(旧Twitter)を'
    assert sum(card in page for page in pages) == 1
