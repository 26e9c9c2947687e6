"""compose(): the post a reader sees on each network, for Japanese and English."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path

import pytest

from pelican.plugins.posse import settings as settings_mod
from pelican.plugins.posse.compose import (
    RULES,
    Composed,
    ComposeError,
    compose,
    grapheme_length,
    hashtags,
)
from pelican.plugins.posse.facts import ArticleFacts
from pelican.plugins.posse.settings import PosseSettings
from pelican.plugins.posse.text import weighted_length
from tests.harness import site

URL = "https://blog.example.jp/2026/01/dx-mieruka/"

JA_PARAGRAPHS = [
    "中小企業診断士として、多くの経営者の方と話す機会があります。"
    "その中で最もよく聞かれるのが「DXは何から始めればよいか」という質問です。",
    "結論から言うと、まずは現場の業務を見える化することから始めるのがよいでしょう。"
    "なぜなら、見えていない業務は改善できないからです。",
    "本記事では、具体的な手順を三つのステップに分けて解説します。"
    "最初のステップは、毎日の仕事を紙に書き出すことです。",
]
JA_HTML = "".join(f"<p>{p}</p>" for p in JA_PARAGRAPHS * 3)
EN_HTML = (
    "<p>Most small firms do not need a digital transformation programme. They need "
    "one process that works, written down, and measured every week.</p>"
    "<p>In this post I walk through the three steps I use with clients, with "
    "examples from a bakery in Osaka and a printing shop in Kyoto.</p>" * 3
)


def article(**changes) -> ArticleFacts:
    base = ArticleFacts(
        id="2026/dx.md",
        source_path="2026/dx.md",
        title="中小企業のDXは「見える化」から始めよう",
        url=URL,
        lang="ja",
        date=dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC),
        tags=("中小企業診断士", "DX", "業務改善"),
        authors=("山田 太郎",),
        content_html=JA_HTML,
        site_name="診断士ブログ",
    )
    return dataclasses.replace(base, **changes)


def settings(**changes) -> PosseSettings:
    return PosseSettings()._replace(**changes)


# --- X ------------------------------------------------------------------------


def test_long_japanese_article_on_x():
    post = compose(article(), "x", settings())
    assert isinstance(post, Composed)
    assert post.text.startswith(
        "ブログを更新しました：中小企業のDXは「見える化」から始めよう"
    )
    assert post.text.count(URL) == 1
    assert post.length == weighted_length(post.text) <= 280
    assert post.limit == 280
    assert post.link is None
    assert post.summary.endswith("。")
    assert post.summary in post.text
    assert post.text.endswith("#中小企業診断士 #DX #業務改善")
    assert post.hashtags == ("#中小企業診断士", "#DX", "#業務改善")


def test_japanese_without_sentence_end_is_cut_at_a_phrase_with_ellipsis():
    run_on = (
        "<p>"
        + "経営者の悩みを聞いて一緒に解決策を考えることが私の仕事であり" * 20
        + "</p>"
    )
    post = compose(article(content_html=run_on), "x", settings())
    assert post.summary.endswith("…")
    assert post.length <= 280
    assert post.text.count(URL) == 1
    body = post.summary[:-1]
    assert (
        "経営者の悩みを聞いて一緒に解決策を考えることが私の仕事であり" * 20
    ).startswith(body)


def test_inline_url_in_a_mixed_article_counts_23():
    inline = "https://example.com/2026/01/a-very-long-article-slug-about-digital-tools/"
    html = (
        f"<p>詳しくは {inline} をご覧ください。DX tools are cheap now.</p>"
        "<p>次の記事では、具体的な導入事例を紹介します。</p>"
    )
    post = compose(article(content_html=html), "x", settings())
    assert inline in post.text  # whole, never cut
    assert post.text.count(URL) == 1
    # Both URLs count 23, whatever their length.
    without_urls = post.text.replace(inline, "").replace(URL, "")
    assert post.length == weighted_length(without_urls) + 2 * 23
    assert post.length < weighted_length(post.text.replace(inline, "x" * len(inline)))


def test_hashtags_are_dropped_before_the_summary_is_cut():
    content = (
        "<p>見える化から始めましょう。紙に書き出すだけで十分です。</p>"
        "<p>" + "次の段落は長い説明です。" * 30 + "</p>"
    )
    long_title = (
        "中小企業のDXは「見える化」から始めよう：現場で使える三つのステップと"
        "失敗しないコツ"
    )
    tags = (
        "中小企業診断士の仕事",
        "デジタルトランスフォーメーション",
        "業務改善の進め方",
    )
    post = compose(
        article(title=long_title, content_html=content, tags=tags), "x", settings()
    )
    assert post.length <= 280
    # With all three hashtags only two sentences would fit; the summary keeps a
    # third of the post (three sentences) and the last hashtag goes instead.
    assert post.summary == (
        "見える化から始めましょう。紙に書き出すだけで十分です。次の段落は長い説明です。"
    )
    assert post.hashtags == (
        "#中小企業診断士の仕事",
        "#デジタルトランスフォーメーション",
    )
    assert post.text.endswith(
        "\n#中小企業診断士の仕事 #デジタルトランスフォーメーション"
    )


def test_hashtags_stay_when_there_is_room():
    post = compose(article(title="見える化", content_html=JA_HTML), "x", settings())
    assert post.hashtags == ("#中小企業診断士", "#DX", "#業務改善")
    assert post.length <= 280


def test_too_long_title_is_cut_at_a_phrase():
    title = "中小企業の経営者が知っておくべきデジタル化の基本と実践の手順について" * 6
    post = compose(article(title=title), "x", settings())
    assert post.length <= 280
    assert post.text.count(URL) == 1
    first_line = post.text.split("\n")[0]
    assert first_line.startswith("ブログを更新しました：中小企業の")
    assert first_line.endswith("…")


def test_posse_x_is_used_verbatim():
    own = "見える化の記事を書きました。三つのステップで、明日から始められます！"
    post = compose(article(meta={"posse_x": own}), "x", settings())
    assert own in post.text
    assert post.summary == own
    assert post.text.count(URL) == 1


def test_posse_x_that_holds_the_url_keeps_it_once():
    own = f"新しい記事です → {URL} ぜひどうぞ"
    post = compose(article(meta={"posse_x": own}), "x", settings())
    assert post.text.count(URL) == 1
    assert own in post.text


def test_too_long_posse_x_is_an_error_naming_the_file_and_weighted_length():
    own = "とても長い告知文です。" * 30
    with pytest.raises(ComposeError) as caught:
        compose(
            article(source_path="2026/long.md", meta={"posse_x": own}), "x", settings()
        )
    message = str(caught.value)
    assert "2026/long.md" in message
    assert "posse_x" in message
    assert "weighted length of" in message
    length = int(message.split("weighted length of ")[1].split(",", maxsplit=1)[0])
    assert length > 280


def test_posse_x_drops_hashtags_before_failing():
    own = "あ" * 100  # 200 of X's 280, with the title and URL: no room for hashtags
    post = compose(article(title="短い題", meta={"posse_x": own}), "x", settings())
    assert own in post.text
    assert post.length <= 280


# --- summary sources ----------------------------------------------------------


def test_summary_source_order():
    meta = {"posse_x": "Xだけの文。", "posse_text": "共通の文。"}
    with_all = article(meta=meta, summary_html="<p>要約の文。</p>")
    assert compose(with_all, "x", settings()).summary == "Xだけの文。"
    assert compose(with_all, "facebook", settings()).summary == "共通の文。"
    no_posse = article(summary_html="<p>要約の<em>文</em>。</p>")
    assert compose(no_posse, "x", settings()).summary == "要約の文。"
    assert compose(article(), "x", settings()).summary.startswith(
        "中小企業診断士として"
    )


def test_opening_text_skips_code_footnotes_and_toc():
    html = (
        '<div class="toc"><ul><li>目次</li></ul></div>'
        "<pre><code>print('hello')</code></pre>"
        '<p>本文です<sup id="fnref:1"><a class="footnote-ref">1</a></sup>。</p>'
        '<div class="footnote"><ol><li>脚注</li></ol></div>'
    )
    assert compose(article(content_html=html), "x", settings()).summary == "本文です。"


def test_summary_is_the_lead_and_stops_at_the_first_heading():
    # A heading and the list under it glued onto the lead read as one broken
    # sentence on Facebook, which has room for several sentences.
    html = (
        "<p>事業計画書は社長の考えを言葉にする道具です。数字は後からついてきます。</p>"
        "<h2>まずは「なぜ、誰に、何を」から</h2>"
        "<ul><li>なぜこの事業をやるのか</li><li>誰に届けるのか</li></ul>"
    )
    post = compose(article(content_html=html), "facebook", settings())
    assert (
        "事業計画書は社長の考えを言葉にする道具です。数字は後からついてきます。"
        in post.text
    )
    assert "まずは" not in post.text
    assert "誰に届けるのか" not in post.text


def test_article_that_opens_with_a_heading_still_has_a_summary():
    html = "<h2>はじめに</h2><p>本文の最初の文です。</p>"
    post = compose(article(content_html=html), "facebook", settings())
    assert "本文の最初の文です。" in post.text


def test_article_without_text_is_title_and_url():
    post = compose(article(content_html="", tags=()), "x", settings())
    assert (
        post.text
        == f"ブログを更新しました：中小企業のDXは「見える化」から始めよう\n\n{URL}"
    )


# --- English ------------------------------------------------------------------


def test_english_article():
    post = compose(
        article(
            title="Start digital work by writing it down",
            lang="en",
            content_html=EN_HTML,
            tags=("small business", "DX"),
        ),
        "x",
        settings(),
    )
    assert post.text.startswith("New post: Start digital work by writing it down\n\n")
    assert post.summary.endswith(".")
    assert post.text.endswith(f"{URL}\n#smallbusiness #DX")
    assert post.length <= 280


# --- Facebook, Mastodon, Bluesky ----------------------------------------------


def test_facebook_link_goes_in_the_link_parameter():
    post = compose(article(), "facebook", settings())
    assert post.link == URL
    assert URL not in post.text
    assert post.text.startswith(
        "ブログを更新しました：中小企業のDXは「見える化」から始めよう\n\n"
    )
    assert post.text.endswith("#中小企業診断士 #DX #業務改善")
    # A few sentences, cut at a sentence end.
    assert 100 < len(post.summary) <= 400
    assert post.summary.endswith("。")
    assert post.summary.count("。") >= 3


def test_mastodon_limit_comes_from_the_settings():
    post = compose(article(), "mastodon", settings(mastodon_max_characters=150))
    assert post.limit == 150
    assert post.length <= 150
    assert post.text.count(URL) == 1


def test_bluesky_counts_graphemes():
    post = compose(article(content_html=JA_HTML * 3), "bluesky", settings())
    assert post.limit == 300
    assert post.length == grapheme_length(post.text) <= 300
    assert post.text.count(URL) == 1


def test_every_network_in_the_rule_table_composes():
    assert set(RULES) == set(settings_mod.SYNDICATION_NETWORKS)
    for network in RULES:
        post = compose(article(), network, settings())
        assert post.network == network
        assert post.length <= post.limit


def test_unknown_network_is_a_clear_error():
    with pytest.raises(ComposeError, match="no composing rules for network 'myspace'"):
        compose(article(), "myspace", settings())


# --- templates ----------------------------------------------------------------


def test_templates_per_network_and_language():
    templates = {
        "x": {
            "ja": "更新：{title} {url} {hashtags}",
            "default": "Posted: {title} {url}",
        },
        "default": "{site}より：{title}\n{url}",
    }
    posse, problems = settings_mod.load({"POSSE_TEMPLATES": templates})
    assert problems == []
    ja = compose(article(lang="ja-JP"), "x", posse)
    assert (
        ja.text == f"更新：中小企業のDXは「見える化」から始めよう {URL} "
        "#中小企業診断士 #DX #業務改善"
    )
    en = compose(article(lang="en", title="Hello"), "x", posse)
    assert en.text == f"Posted: Hello {URL}"
    bluesky = compose(article(), "bluesky", posse)
    assert (
        bluesky.text
        == f"診断士ブログより：中小企業のDXは「見える化」から始めよう\n{URL}"
    )


def test_author_and_site_fields():
    posse, _ = settings_mod.load(
        {"POSSE_TEMPLATES": {"x": "{author}（{site}）{title} {url}"}}
    )
    post = compose(article(authors=("山田 太郎", "佐藤 花子")), "x", posse)
    assert post.text.startswith("山田 太郎、佐藤 花子（診断士ブログ）")


def test_bad_template_field_is_reported_by_setting_name(caplog):
    posse, problems = settings_mod.load(
        {"POSSE_TEMPLATES": {"x": {"ja": "{titel} {url}"}, "bluesky": "{title}"}}
    )
    messages = [str(p) for p in problems]
    assert any(
        m.startswith("POSSE_TEMPLATES['x']['ja']") and "{titel}" in m for m in messages
    )
    assert any(
        m.startswith("POSSE_TEMPLATES['bluesky']") and "{url}" in m for m in messages
    )
    # The bad entries are left out: the built-in templates are used instead.
    assert compose(article(), "x", posse).text.startswith("ブログを更新しました：")


@pytest.mark.parametrize(
    ("value", "setting", "words"),
    [
        ("New: {title}", "POSSE_TEMPLATES", "expected a dict"),
        ({"myspace": "{title} {url}"}, "POSSE_TEMPLATES['myspace']", "unknown network"),
        ({"x": 42}, "POSSE_TEMPLATES['x']", "expected a template"),
        ({"x": {"ja": ["{url}"]}}, "POSSE_TEMPLATES['x']['ja']", "expected a template"),
        ({"x": "{url} {url}"}, "POSSE_TEMPLATES['x']", "more than once"),
        ({"x": "{title:>40} {url}"}, "POSSE_TEMPLATES['x']", "write plain {title}"),
        ({"x": "{title.upper} {url}"}, "POSSE_TEMPLATES['x']", "{title.upper}"),
        ({"x": "{0} {url}"}, "POSSE_TEMPLATES['x']", "unknown field {0}"),
        ({"default": "{ {url}"}, "POSSE_TEMPLATES['default']", "write {{"),
        ({"mastodon": "{title}"}, "POSSE_TEMPLATES['mastodon']", "no {url}"),
    ],
)
def test_template_problems_name_the_setting(value, setting, words):
    posse, problems = settings_mod.load({"POSSE_TEMPLATES": value})
    assert [p.setting for p in problems] == [setting]
    assert words in problems[0].message
    # Nothing unusable is kept, so composing falls back to the built-in template.
    for network in RULES:
        compose(article(), network, posse)


def test_bad_template_reaching_compose_is_a_compose_error_not_a_keyerror():
    with pytest.raises(ComposeError, match=r"POSSE_TEMPLATES\['x'\].*\{titel\}"):
        compose(article(), "x", settings(templates={"x": "{titel} {url}"}))


def test_template_without_url_is_refused_for_networks_that_need_it():
    with pytest.raises(ComposeError, match=r"no \{url\}"):
        compose(article(), "x", settings(templates={"x": "{title}"}))
    # Facebook sends the link as a parameter; a template without {url} is fine.
    post = compose(article(), "facebook", settings(templates={"facebook": "{title}"}))
    assert post.text == "中小企業のDXは「見える化」から始めよう"


def test_a_threads_template_without_url_is_accepted_by_the_settings():
    # Threads sends the link as the post's link attachment, as Facebook does as
    # a parameter: the settings must not refuse a template that leaves it out.
    for network in ("facebook", "threads"):
        templates = {network: {"ja": "ブログを更新しました：{title}"}}
        posse, problems = settings_mod.load({"POSSE_TEMPLATES": templates})
        assert problems == []
        assert posse.templates[network] == {"ja": "ブログを更新しました：{title}"}
    _, problems = settings_mod.load({"POSSE_TEMPLATES": {"misskey": "{title}"}})
    assert [p.setting for p in problems] == ["POSSE_TEMPLATES['misskey']"]


# --- hashtags, bad input, determinism -----------------------------------------


def test_hashtags_are_made_valid_for_x():
    tags = ("中小企業診断士", "業務 改善", "C++", "2026", "DX", "dx", "Q&A", "")
    assert hashtags(tags, 10) == ("#中小企業診断士", "#業務改善", "#C", "#DX", "#QA")
    assert hashtags(tags, 2) == ("#中小企業診断士", "#業務改善")
    assert hashtags(tags, 0) == ()


def test_hashtags_max_setting():
    posse, problems = settings_mod.load({"POSSE_HASHTAGS_MAX": 1})
    assert problems == []
    assert compose(article(), "x", posse).hashtags == ("#中小企業診断士",)


def test_lone_surrogate_is_refused_with_the_file_name():
    with pytest.raises(ComposeError, match=r"2026/dx\.md: the title .*U\+D800"):
        compose(article(title="壊れた\ud800題"), "x", settings())


def test_same_article_same_text_byte_for_byte():
    first = compose(article(), "x", settings())
    second = compose(
        article(tags=("中小企業診断士", "DX", "業務改善")), "x", settings()
    )
    assert first == second
    assert first.text.encode() == second.text.encode()


def test_compose_does_not_log_for_a_normal_article(caplog):
    with caplog.at_level(logging.DEBUG, logger="pelican.plugins.posse"):
        compose(article(), "x", settings())
    assert caplog.records == []


# --- in a real build ---------------------------------------------------------------


def test_a_real_build_writes_composed_posts_and_names_problems(caplog):
    site.write_settings(Path("."), {"POSSE_TEMPLATES": {"x": {"ja": "{titel} {url}"}}})
    page = Path("content/dx.md")
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(
        "Title: 中小企業のDXは「見える化」から\n"
        "Date: 2026-03-01 09:00\n"
        "Tags: 中小企業診断士, 業務 改善\n"
        "Slug: dx\n\n" + "".join(p + "\n\n" for p in JA_PARAGRAPHS),
        encoding="utf-8",
    )
    site.article(
        ".", "long", "長い告知", "2026-03-02 09:00", posse_x="長すぎる告知文。" * 40
    )
    with caplog.at_level(logging.WARNING):
        manifest = site.by_id(site.build(Path(".")))
    x = manifest["dx.md"]["texts"]["x"]
    assert x["text"].startswith(
        "ブログを更新しました：中小企業のDXは「見える化」から\n\n"
    )
    assert x["text"].count("https://blog.example.jp/dx.html") == 1
    assert x["text"].endswith("#中小企業診断士 #業務改善")
    assert x["length"] == weighted_length(x["text"]) <= 280
    facebook = manifest["dx.md"]["texts"]["facebook"]
    assert facebook["link"] == "https://blog.example.jp/dx.html"
    assert "https://" not in facebook["text"]
    error = manifest["long.md"]["texts"]["x"]["error"]
    assert "long.md" in error
    assert "weighted length" in error
    logged = caplog.text
    assert "POSSE_TEMPLATES['x']['ja']" in logged
    assert "{titel}" in logged
    assert "Traceback" not in logged
