"""Threads' count (characters, each emoji by its UTF-8 bytes) and the Threads post
compose() makes: the link attached, one topic tag, 500 at most, Japanese first."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pelican.plugins.posse.compose import compose
from pelican.plugins.posse.facts import ArticleFacts
from pelican.plugins.posse.settings import PosseSettings
from pelican.plugins.posse.text.threads_count import threads_length
from tests.fakes.fake_threads import count as fake_count

URL = "https://blog.example.jp/2026/01/dx-mieruka/"


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("POSSE", 5),
        ("ブログを更新しました：見える化", 15),  # kana, kanji, full-width colon: 1 each
        ("ｶﾀｶﾅ　全角スペース", 11),
        ("👍", 4),  # U+1F44D: 4 UTF-8 bytes
        ("👍🏽", 8),  # + a skin tone modifier, itself an emoji code point
        ("🇯🇵", 8),  # a flag: two regional indicators
        ("👨‍👩‍👧", 18),  # three emoji and two zero-width joiners (3 bytes each)
        ("❤️", 6),  # U+2764 (3) + the emoji presentation selector (3)
        ("1️⃣", 7),  # a keycap: 1 + 3 + 3
        ("©", 2),  # an emoji code point with no selector
        ("e\u0301", 1),  # NFC first: é
        ("新着🎉記事", 8),
    ],
)
def test_threads_length_counts_emoji_by_their_bytes(text, length):
    assert threads_length(text) == length


def test_the_fake_counts_what_we_count_for_text_and_common_emoji():
    for text in ("ブログ🎉", "👨‍👩‍👧 family", "🇯🇵 日本", "👍🏽 ok", "plain"):
        assert fake_count(text) == threads_length(text), text


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
        content_html="<p>" + "見える化から始めましょう。" * 80 + "</p>",
        site_name="診断士ブログ",
    )
    return dataclasses.replace(base, **changes)


def test_japanese_post_links_the_article_as_an_attachment_with_one_topic_tag():
    post = compose(article(), "threads", PosseSettings())
    assert post.text.startswith("ブログを更新しました：中小企業のDXは「見える化」から")
    assert URL not in post.text and post.link == URL
    assert post.hashtags == ("#中小企業診断士",)  # the first of the article's tags
    assert post.text.count("#") == 1
    assert post.limit == 500 and post.length == threads_length(post.text) <= 500


def test_english_default_template_and_no_tag_when_none_is_valid():
    post = compose(article(lang="en", tags=("!!!",)), "threads", PosseSettings())
    assert post.text.startswith("New post: ")
    assert "#" not in post.text


def test_a_tag_longer_than_a_threads_topic_tag_gives_way_to_the_next():
    # Threads takes a topic tag of 1 to 50 characters: the next tag is used.
    long = "中小企業の事業承継と経営改善計画の策定支援に関する実務ノート" * 2
    assert len(long) > 50
    facts = article(tags=(long, "事業承継"))
    assert compose(facts, "threads", PosseSettings()).hashtags == ("#事業承継",)
    only_long = article(tags=(long,))
    assert compose(only_long, "threads", PosseSettings()).hashtags == ()


def test_no_topic_tag_when_hashtags_are_switched_off():
    post = compose(article(), "threads", PosseSettings(hashtags_max=0))
    assert post.hashtags == ()


def test_emoji_in_the_summary_are_counted_by_bytes_and_the_text_still_fits():
    facts = article(summary_html="<p>" + "🎉お知らせ🎉" * 120 + "</p>")
    post = compose(facts, "threads", PosseSettings())
    assert threads_length(post.text) <= 500
    assert len(post.text) < 500  # what a character count alone would have let through


def test_an_own_text_too_long_for_threads_is_an_error_naming_its_key():
    from pelican.plugins.posse.compose import ComposeError

    facts = article(meta={"posse_threads": "🎉" * 130})
    with pytest.raises(ComposeError, match="posse_threads"):
        compose(facts, "threads", PosseSettings())


def test_a_users_threads_template_is_used():
    settings = PosseSettings(templates={"threads": {"ja": "新着：{title}"}})
    post = compose(article(), "threads", settings)
    assert post.text == "新着：中小企業のDXは「見える化」から始めよう"
