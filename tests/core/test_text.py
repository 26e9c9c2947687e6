"""html_to_text() and shorten(): the text a reader sees, cut where it reads well."""

from __future__ import annotations

import budoux
import pytest
import regex

from pelican.plugins.posse.text import html_to_text, shorten, weighted_length

JA = (
    "中小企業診断士として、多くの経営者の方と話す機会があります。"
    "その中で最もよく聞かれるのが「DXは何から始めればよいか」という質問です。"
    "結論から言うと、まずは現場の業務を見える化することから始めるのがよいでしょう。"
)
EN = (
    "Most small firms do not need a digital transformation programme. They need "
    "one process that works, written down, and measured every week. In this post "
    "I walk through the three steps I use with clients."
)


# --- html_to_text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<p>Fish &amp; chips &#12354; caf&eacute;&nbsp;now</p>",
            "Fish & chips あ café now",
        ),
        ("<p>First.</p><p>Second.</p>", "First. Second."),
        ("<p>Hello\n   world</p>", "Hello world"),
        # A Markdown line break inside Japanese is no space, nor is a block edge.
        ("<p>今日は\n晴れです。</p><p>明日は雨。</p>", "今日は晴れです。明日は雨。"),
        # A heading or list item without 。 keeps a space before the next block.
        ("<h2>はじめに</h2><p>本文です。</p>", "はじめに 本文です。"),
        ("<ul><li>なぜ（理由）</li><li>誰に</li></ul>", "なぜ（理由） 誰に"),
        ("<p>「そうです。」</p><p>次。</p>", "「そうです。」次。"),
        # Between Japanese and Latin text a block edge is one space.
        ("<p>日本語</p><p>English</p>", "日本語 English"),
        ("<p>Run <code>pip install</code> first.</p>", "Run pip install first."),
        (
            '<p>Before.</p><div class="highlight"><pre><span>x = 1</span></pre></div>'
            "<pre><code>rm -rf /</code></pre><p>After.</p>",
            "Before. After.",
        ),
        (
            '<p>Claim<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a>'
            "</sup>.</p>"
            '<div class="footnote"><hr><ol><li><p>Source.</p></li></ol></div>',
            "Claim.",
        ),
        (
            '<div class="toc"><ul><li><a href="#a">Intro</a><ul><li>Deep</li></ul>'
            "</li></ul></div><p>Body.</p>",
            "Body.",
        ),
        ("<nav><a href='/'>Home</a></nav><p>Body.</p>", "Body."),
        (
            '<figure><img src="a.png" alt="A chart"><figcaption>Fig. 1</figcaption>'
            "</figure><p>Text.</p>",
            "Text.",
        ),
        ("<script>alert('x')</script><style>p{}</style><p>Safe.</p>", "Safe."),
        ("<p>Unclosed <b>bold <i>and italic", "Unclosed bold and italic"),
        ("", ""),
    ],
)
def test_html_to_text(html, expected):
    assert html_to_text(html) == expected


def test_html_to_text_stops_early_without_changing_the_opening():
    html = "".join(f"<p>{JA}</p>" for _ in range(200))
    full = html_to_text(html)
    opening = html_to_text(html, max_chars=300)
    assert len(opening) >= 300
    assert len(opening) < len(full) / 10
    assert full.startswith(opening.rstrip())


# --- shorten -----------------------------------------------------------------------


def _graphemes(text):
    return regex.findall(r"\X", text)


def _assert_clean_prefix(result, source, ellipsis="…"):
    body = result.removesuffix(ellipsis)
    got = _graphemes(body)
    assert got == _graphemes(source)[: len(got)]


def test_text_that_fits_is_untouched():
    assert shorten(EN, len(EN)) == EN
    assert shorten("", 10) == ""


def test_japanese_cut_at_the_last_sentence_that_fits():
    result = shorten(JA, 70, lang="ja")
    assert result == JA[: JA.index("質問です。") + 5]
    assert len(result) <= 70


def test_english_cut_at_a_sentence_end():
    two = (
        "Most small firms do not need a digital transformation programme. They need "
        "one process that works, written down, and measured every week."
    )
    assert shorten(EN, 145) == two
    assert shorten(EN, len(two)) == two


def test_japanese_without_sentence_end_cuts_at_a_budoux_phrase():
    text = "中小企業診断士の仕事は経営者の悩みを聞いて一緒に解決策を考えることで" * 4
    result = shorten(text, 40, lang="ja")
    assert result.endswith("…")
    assert len(result) <= 40
    body = result[:-1]
    assert text.startswith(body)
    phrases = budoux.load_default_japanese_parser().parse(text)
    ends = {sum(map(len, phrases[: i + 1])) for i in range(len(phrases))}
    assert len(body) in ends
    assert len(body) >= 30  # a phrase near the limit, not the first one


def test_japanese_detected_even_when_lang_is_not_set():
    text = "経営者の悩みを聞いて一緒に解決策を考えることが仕事です" * 4
    assert shorten(text, 30) == shorten(text, 30, lang="ja")


def test_a_short_first_sentence_does_not_waste_the_room():
    # Cutting after "Hi." would keep 3 of 100 characters; a word cut keeps more.
    text = "Hi. " + "word " * 60
    result = shorten(text, 100)
    assert result.endswith("word…")
    assert 90 <= len(result) <= 100


def test_english_cut_at_a_word_boundary():
    text = "Supercalifragilistic expialidocious " * 10
    assert shorten(text, 50) == "Supercalifragilistic expialidocious…"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        (
            "Read it at https://example.com/a/long/path/to/the/post today",
            30,
            "Read it at…",
        ),
        ("Tagged #中小企業診断士 and more words here", 12, "Tagged…"),
        ("The total was 1,234,567.89 yen last year", 22, "The total was…"),
        ("Call @someone_with_a_long_name today please", 20, "Call…"),
    ],
)
def test_never_cuts_inside_a_url_hashtag_mention_or_number(text, limit, expected):
    assert shorten(text, limit) == expected


def test_never_splits_an_emoji_sequence():
    family = "👨\u200d👩\u200d👧\u200d👦"
    text = family * 40
    result = shorten(text, 30)
    _assert_clean_prefix(result, text)
    assert result.count(family) == len(result[:-1]) // len(family)


def test_never_splits_combining_marks():
    text = "ে" + "ক\u09cd\u09b7" * 100  # Bengali conjuncts: several code points each
    result = shorten(text, 20)
    _assert_clean_prefix(result, text)


def test_weighted_measure_for_x():
    result = shorten(JA * 3, 100, lang="ja", measure=weighted_length)
    assert weighted_length(result) <= 100
    assert result.endswith("。")


def test_url_counts_23_when_cutting_by_weight():
    url = "https://example.com/" + "x" * 200
    text = f"See {url} for the details of this long story about many things."
    result = shorten(text, 40, measure=weighted_length)
    assert url in result
    assert weighted_length(result) <= 40


def test_custom_ellipsis_and_hopeless_limits():
    assert shorten(EN, 20, ellipsis="...") == "Most small firms..."
    assert shorten(EN, 0) == ""
    assert shorten("Unbreakablelongword" * 5, 1) == ""
