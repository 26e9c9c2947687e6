"""The card picture's title lines: phrases, kinsoku, long words, the "…" cut.

Widths here are a monospace stand-in (a CJK character 2 units, others 1), so
the rules are checked without a font; tests/render/test_card_draw.py checks
them again with the real font.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pelican.plugins.posse.render import card_layout as cl

SIZES = (10, 8, 6)


def mono(size: int):
    def measure(text: str) -> float:
        wide = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
        return wide * size / 10

    return measure


def lay_out(title: str, width: float = 30, sizes=SIZES, max_lines: int = 3):
    return cl.lay_out(cl.clean(title), mono, width, sizes, max_lines)


def kinsoku_holds(lines) -> bool:
    for i, line in enumerate(lines):
        if i > 0 and line[:1] in cl.CLOSING:
            return False
        if i < len(lines) - 1 and line[-1:] in cl.OPENING:
            return False
    return True


def breaks(lines) -> list[int]:
    """Where the lines were broken, as offsets into the joined title."""
    found, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        found.append(at)
    return found


def test_japanese_breaks_only_between_budoux_phrases():
    title = "補助金申請の前に確認したい五つのことと、事業計画書の書き方"
    layout = lay_out(title, width=24)
    assert not layout.cut
    assert "".join(layout.lines) == title
    phrase_ends, at = set(), 0
    for phrase in cl.units(title):
        at += len(phrase)
        phrase_ends.add(at)
    assert len(layout.lines) > 1
    assert set(breaks(layout.lines)) <= phrase_ends


def test_no_closing_mark_starts_a_line_and_no_opening_mark_ends_one():
    title = "事業計画書は「社長の頭の中」を言葉にする道具です。（前編）"
    for width in range(8, 60, 2):
        layout = lay_out(title, width=width)
        assert kinsoku_holds(layout.lines), (width, layout.lines)


def test_a_short_quote_stays_on_one_line_a_long_one_may_break():
    title = "事業計画書は「社長の頭の中」を言葉にする道具です"
    for width in range(18, 40, 2):
        lines = lay_out(title, width=width).lines
        assert any("「社長の頭の中」" in line for line in lines), (width, lines)
    long = "「とても長い引用文がここに入りますがこれは十二文字を超えています」と言った"
    lines = lay_out(long, width=30).lines
    assert len(lines) > 1 and "」" not in lines[0]


def test_english_breaks_at_spaces():
    layout = lay_out("Five things to check before applying for a subsidy", width=20)
    assert layout.lines == ("Five things to check", "before applying for", "a subsidy")
    assert not layout.cut


def test_the_largest_size_that_fits_is_chosen():
    assert lay_out("短いタイトル").size == 10
    # 20 CJK characters: 40 units at size 10 fit two lines of 30.
    assert lay_out("あ" * 20).size == 10
    # 60 characters need the smaller size: 3 lines of 30 units at size 6.
    layout = lay_out("事業承継" * 15)
    assert layout.size < 10


def test_a_title_too_long_is_cut_on_a_phrase_boundary_with_an_ellipsis():
    title = "事業承継の準備は何から始めるか、後継者と話し合う前に整理しておきたい資産と負債、そして社長の頭の中にある取引先との関係を言葉にする方法"  # noqa: E501
    layout = lay_out(title, width=20)
    assert layout.cut
    assert len(layout.lines) == 3
    assert layout.lines[-1].endswith(cl.ELLIPSIS)
    kept = "".join(layout.lines)[: -len(cl.ELLIPSIS)]
    assert title.startswith(kept)
    phrase_ends, at = set(), 0
    for phrase in cl.units(title):
        at += len(phrase)
        phrase_ends.add(at)
    assert len(kept) in phrase_ends


def test_one_long_url_breaks_after_slashes_dots_and_hyphens():
    url = "https://posse-demo.example.jp/2026/12/hojokin-checklist-for-owners.html"
    layout = lay_out(url, width=24, sizes=(10,), max_lines=6)
    assert "".join(layout.lines) == url
    assert all(line[-1] in "/.-" for line in layout.lines[:-1]), layout.lines


def test_a_word_longer_than_a_line_breaks_between_characters_from_where_the_line_is():
    word = "Donaudampfschifffahrtsgesellschaftskapitän"
    layout = lay_out(f"On {word}", width=20, sizes=(10,), max_lines=4)
    assert "".join(layout.lines) == f"On {word}"
    assert layout.lines[0].startswith("On Donau")  # not "On" alone on a line


def test_emoji_are_dropped_cleanly():
    assert (
        cl.clean("新サービス🎉 ぜひ👍🏽ご覧ください👨‍👩‍👧")
        == "新サービス ぜひご覧ください"
    )
    assert cl.clean("  two   spaces \n") == "two spaces"


def test_a_space_budoux_puts_before_a_phrase_never_starts_a_line():
    layout = lay_out("新しいサービスを始めました ぜひご覧ください", width=26)
    assert all(not line.startswith(" ") for line in layout.lines)


# --- properties ----------------------------------------------------------------

TEXT = st.lists(
    st.sampled_from(
        list("補助金申請の前に確認したい五つのこと事業計画書は社長頭中言葉道具")
        + list("、。「」（）ーっゃ・：！？")
        + list("abcdefghij XYZ/.-_")
        + ["が", "か\u3099", "e\u0301", "\u0308", "🇯🇵"]
    ),
    min_size=1,
    max_size=90,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(TEXT, st.integers(min_value=8, max_value=60))
def test_line_breaking_properties(raw, width):
    title = cl.clean(raw)
    layout = cl.lay_out(title, mono, width, SIZES, 3)
    lines = layout.lines
    assert len(lines) <= 3
    joined = "".join(lines)
    if layout.cut:
        assert joined.endswith(cl.ELLIPSIS)
        joined = joined[: -len(cl.ELLIPSIS)]
        assert title.startswith(joined)
    else:
        # Only the spaces a line ends with are not drawn.
        assert joined.replace(" ", "") == title.replace(" ", "")
    # Never inside a grapheme: every break is a grapheme boundary of the title.
    bounds, at = {0}, 0
    for g in cl.graphemes(title):
        at += len(g)
        bounds.add(at)
    at = 0
    for line in lines[:-1]:
        at = title.find(line, at) + len(line)
        assert at in bounds
    assert kinsoku_holds(lines)
