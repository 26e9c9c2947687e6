"""Handle rules and links of each profile network, and the label tables."""

from __future__ import annotations

import pytest

from pelican.plugins.posse import labels, profiles
from pelican.plugins.posse.render import linkcard

VALID = [
    ("x", "posse_demo", "https://x.com/posse_demo",
     "https://x.com/intent/follow?screen_name=posse_demo"),
    ("x", "@posse_demo", "https://x.com/posse_demo",
     "https://x.com/intent/follow?screen_name=posse_demo"),
    ("x", "https://twitter.com/posse_demo", "https://x.com/posse_demo",
     "https://x.com/intent/follow?screen_name=posse_demo"),
    ("facebook", "posse.demo", "https://www.facebook.com/posse.demo", None),
    ("facebook", "profile.php?id=100012345678901",
     "https://www.facebook.com/profile.php?id=100012345678901", None),
    ("facebook", "https://www.facebook.com/posse.demo",
     "https://www.facebook.com/posse.demo", None),
    ("note", "posse_demo", "https://note.com/posse_demo", None),
    ("linkedin", "posse-demo", "https://www.linkedin.com/in/posse-demo/", None),
    ("linkedin", "https://www.linkedin.com/company/posse-demo/",
     "https://www.linkedin.com/company/posse-demo/", None),
    ("mastodon", "@posse_demo@Mastodon.Social", "https://mastodon.social/@posse_demo",
     None),
    ("mastodon", "posse_demo@fosstodon.org", "https://fosstodon.org/@posse_demo", None),
    ("bluesky", "posse-demo.bsky.social",
     "https://bsky.app/profile/posse-demo.bsky.social", None),
    ("bluesky", "@example.jp", "https://bsky.app/profile/example.jp", None),
    ("youtube", "@posse_demo", "https://www.youtube.com/@posse_demo", None),
    ("youtube", "UC" + "a1B2" * 5 + "xy",
     "https://www.youtube.com/channel/UC" + "a1B2" * 5 + "xy", None),
    ("github", "posse-demo", "https://github.com/posse-demo", None),
    ("instagram", "posse.demo_", "https://www.instagram.com/posse.demo_/", None),
    ("threads", "@posse.demo", "https://www.threads.com/@posse.demo", None),
]  # fmt: skip


@pytest.mark.parametrize(("network", "value", "profile", "follow"), VALID)
def test_valid_handles_link_to_the_canonical_profile(network, value, profile, follow):
    result = profiles.parse_one(network, value)
    assert isinstance(result, profiles.Profile), result
    assert result.url == profile
    assert result.follow_url == (follow or profile)


INVALID = [
    ("x", "posse_demo_is_too_long"),  # 16 characters
    ("x", 'posse"demo'),
    ("x", "posse demo"),
    ("facebook", "abcd"),  # under 5
    ("facebook", "posse_demo"),  # underscore
    ("note", "ab"),
    ("mastodon", "posse_demo"),  # no host
    ("mastodon", "@posse_demo@"),
    ("bluesky", "posse_demo"),  # not a domain
    ("github", "-posse"),
    ("github", "posse--demo"),
    ("instagram", "posse demo"),
    ("linkedin", "in/posse"),
    ("x", ""),
    ("x", 12345),
]


@pytest.mark.parametrize(("network", "value"), INVALID)
def test_invalid_handles_say_what_a_valid_one_looks_like(network, value):
    result = profiles.parse_one(network, value)
    assert isinstance(result, str)
    assert repr(value) in result
    assert "e.g." in result
    assert profiles.PROFILE_NETWORKS[network].example in result


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "ftp://example.com/me",
        "https://",
        "https://exa mple.com/",
    ],
)
def test_non_http_urls_are_refused(url):
    result = profiles.parse_one("facebook", url)
    assert isinstance(result, str)
    assert "http(s)" in result


def test_any_https_url_is_accepted_as_is():
    result = profiles.parse_one("mastodon", "https://social.example.jp/@hanako")
    assert result == profiles.Profile(
        "mastodon",
        "https://social.example.jp/@hanako",
        "https://social.example.jp/@hanako",
    )


def test_unknown_network_lists_the_known_ones():
    result = profiles.parse_one("myspace", "tom")
    assert isinstance(result, str)
    assert "'myspace'" in result
    assert ", ".join(profiles.PROFILE_KEYS) in result


def test_rss_means_the_sites_feed():
    site = {"FEED_ALL_ATOM": "feeds/all.atom.xml"}
    assert profiles.parse_rss(True, site).url == "feeds/all.atom.xml"
    site = {"FEED_ALL_RSS": "feeds/all.rss.xml", "FEED_ALL_RSS_URL": "rss/"}
    assert profiles.parse_rss("", site).url == "rss/"
    assert profiles.parse_rss("https://example.jp/feed", {}).url == (
        "https://example.jp/feed"
    )
    problem = profiles.parse_rss(True, {})
    assert isinstance(problem, str) and "FEED_ALL_ATOM" in problem


def test_parse_keeps_the_users_order_and_reports_each_problem():
    found, problems = profiles.parse(
        "POSSE_PROFILES",
        {"note": "posse_demo", "x": "bad handle", "github": "posse-demo"},
        {},
    )
    assert [p.network for p in found] == ["note", "github"]
    assert len(problems) == 1
    assert problems[0].startswith("POSSE_PROFILES['x']: 'bad handle'")


def test_x_handle_for_twitter_cards():
    found, _ = profiles.parse("P", {"github": "a", "x": "https://x.com/posse_demo"}, {})
    assert profiles.x_handle(found) == "@posse_demo"
    other, _ = profiles.parse("P", {"x": "https://example.com/me"}, {})
    assert profiles.x_handle(other) is None


def test_labels_follow_the_article_language_then_default_lang():
    table = labels.Labels({}, "ja")
    assert table.for_lang("ja")["follow_x"] == "X でフォロー"
    assert table.for_lang("ja-JP")["follow_facebook"] == "Facebook でフォロー"
    assert table.for_lang("en")["follow_x"] == "Follow on X"
    assert table.for_lang(None)["author_heading"] == "この記事を書いた人"
    # A language with no labels at all: the site's default language.
    assert table.for_lang("fr")["follow_heading"] == "フォローはこちら"


def test_label_overrides_per_language():
    table = labels.Labels(
        {"ja": {"follow_x": "X で更新を受け取る"}, "fr": {"follow_x": "Suivre sur X"}},
        "ja",
    )
    assert table.for_lang("ja")["follow_x"] == "X で更新を受け取る"
    assert table.for_lang("ja")["follow_facebook"] == "Facebook でフォロー"
    # A language with a few labels of its own starts from English.
    assert table.for_lang("fr")["follow_x"] == "Suivre sur X"
    assert table.for_lang("fr")["follow_facebook"] == "Follow on Facebook"


def test_every_network_has_every_label_in_both_languages():
    for lang in ("en", "ja"):
        table = labels.BUILTIN[lang]
        for network in profiles.PROFILE_KEYS:
            assert table[f"follow_{network}"].strip()
            assert table[f"network_{network}"].strip()
    # Japanese labels keep the network name in Latin letters, then a space.
    assert labels.BUILTIN["ja"]["follow_note"] == "note でフォロー"


def test_label_check_rejects_unknown_keys_and_placeholders():
    problems = labels.check(
        {"ja": {"follow_x": "X で", "nope": "x", "profile": "{who}", "follow_note": 3}}
    )
    assert len(problems) == 3
    assert any("['nope']" in p and "unknown label" in p for p in problems)
    assert any("['profile']" in p and "{name}" in p for p in problems)
    assert any("['follow_note']" in p and "3" in p for p in problems)


@pytest.mark.parametrize(
    ("lang", "locale"),
    [("ja", "ja_JP"), ("en", "en_US"), ("en-GB", "en_GB"), ("pt_br", "pt_BR"),
     ("xx", None)],
)  # fmt: skip
def test_og_locale(lang, locale):
    assert linkcard.og_locale(lang) == locale
