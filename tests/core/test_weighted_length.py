"""X's weighted length: every v3 case of twitter-text's conformance suite, and ours."""

from __future__ import annotations

import sys

import pytest
import regex
import yaml

from pelican.plugins.posse.text import extract_urls, weighted_length, x_count
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "twitter-text"
CASES = yaml.safe_load((DATA / "validate-v3.yml").read_text(encoding="utf-8"))["tests"]
V3_GROUPS = (
    "WeightedTweetsWithDiscountedEmojiCounterTest",
    "UnicodeDirectionalMarkerCounterTest",
)


def _cases(*groups):
    return [
        pytest.param(case, id=f"{group}: {case['description']}")
        for group in groups
        for case in CASES[group]
    ]


@pytest.mark.parametrize("case", _cases(*V3_GROUPS))
def test_v3_conformance(case):
    assert weighted_length(case["text"]) == case["expected"]["weightedLength"]


def test_every_v3_case_is_tested():
    # The copy holds the whole of both groups (22 + 2 cases at commit 30e2430).
    assert [len(CASES[g]) for g in V3_GROUPS] == [22, 2]


@pytest.mark.parametrize("case", _cases("urls_without_protocol"))
def test_urls_without_scheme_count_23(case):
    assert weighted_length(case["text"]) == 23


# The `urls` group checks twitter-text's URL *validator*; X counts with its URL
# *extractor*, which does not link these four the same way.
NOT_LINKED_WHOLE_BY_EXTRACTOR = {
    "Valid url: port and userinfo": [],  # the "@" ends the candidate; not linked
    "Valid url: ipv4": [],  # IP hosts are never linked
    "Valid url: ipv6": [],
    "Valid url: sub delims and question marks": [(0, 54)],  # a query ends before "+"
}


@pytest.mark.parametrize("case", _cases("urls"))
def test_url_group(case):
    found = extract_urls(case["text"])
    whole = [(0, len(case["text"]))]
    if case["description"] in NOT_LINKED_WHOLE_BY_EXTRACTOR:
        assert found == NOT_LINKED_WHOLE_BY_EXTRACTOR[case["description"]]
    elif case["expected"]:
        assert found == whole
        assert weighted_length(case["text"]) == 23
    else:
        assert found != whole


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        # A mixed Japanese/English sentence with an inline URL: the URL counts 23.
        (
            "詳しくは https://example.com/2026/01/a-very-long-article-slug-about-dx/ "
            "をご覧ください",
            4 * 2 + 1 + 23 + 1 + 7 * 2,
        ),
        # Scheme-less URLs count 23 too, right after Japanese text.
        ("詳細はnote.com/consultant_jpで", 3 * 2 + 23 + 2),
        ("会社のサイトexample.co.jpです", 6 * 2 + 23 + 2 * 2),
        # Not URLs: a file name, a version number, a dotted Japanese word.
        ("config.yaml", 11),
        ("Python 3.12", 11),
        ("中小企業.診断", 6 * 2 + 1),
        # NFC first: e + combining acute is one light character.
        ("Cafe\u0301", 4),
        # The ideographic full stop and Japanese brackets weigh 2 like kana.
        ("「はい。」", 10),
        # A flag, a skin-toned ZWJ sequence and a keycap are one emoji each.
        ("🇯🇵👩🏽‍💻#️⃣", 6),
        ("", 0),
    ],
)
def test_weighted_length_examples(sample, expected):
    assert weighted_length(sample) == expected


def test_url_in_japanese_sentence_is_found_exactly():
    sample = "記事はhttps://blog.example.jp/posts/dx/に書きました。"
    start, end = extract_urls(sample)[0]
    assert sample[start:end] == "https://blog.example.jp/posts/dx/"


def test_long_japanese_paragraph_after_a_dot_is_searched():
    # A long space-free chunk: the URL after 200 kana is still found.
    sample = "あ" * 200 + "example.com/x" + "い" * 10
    assert weighted_length(sample) == 200 * 2 + 23 + 10 * 2


def test_emoji_hint_covers_every_pictographic_character():
    # The cheap pre-test must let through every character an emoji sequence uses.
    everything = "".join(
        chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF
    )
    pictographic = regex.findall(
        r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]",
        everything,
    )
    missed = [
        f"U+{ord(c):04X}" for c in pictographic if not x_count._EMOJI_HINT().match(c)
    ]
    assert missed == []
