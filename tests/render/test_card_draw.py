"""Card pictures drawn with the real font: sizes, safe area, phrases, glyphs.

The demo's titles and the hard ones (a 70-character Japanese title, mixed
Japanese and English, an English title with a long word, emoji, one long URL)
are drawn, and what a reader would notice is checked: every text inside the
safe area, no line broken inside a BudouX phrase (but the long-word rule), no
closing mark at a line's start, 1200×630, under Bluesky's 1,000,000 bytes.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from pelican.plugins.posse.render import card_cache, card_draw, card_fonts, card_layout

DEMO = Path(__file__).resolve().parents[2] / "content"
HARD = {
    "70 Japanese characters": (
        "事業承継の準備は何から始めるか、後継者と話し合う前に整理しておきたい"
        "資産と負債、そして社長の頭の中にある取引先との関係を言葉にする方法",
        "ja",
    ),
    "mixed": (
        "Pelicanで始める「ブログからSNSへ」の自動投稿：X、Facebook、"
        "Blueskyに一度だけ届ける仕組み",
        "ja",
    ),
    "long word": (
        "On Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung",
        "en",
    ),
    "emoji": ("新しいサービスを始めました🎉 ぜひご覧ください👍", "ja"),
    "URL": (
        "https://posse-demo.example.jp/2026/12/"
        "hojokin-checklist-for-small-business-owners-and-consultants.html",
        "en",
    ),
}
STYLE = card_cache.Style("#ffffff", "#1f2328", "#0b6e4f", None)


@pytest.fixture(scope="module")
def fonts():
    found = card_fonts.find(None)
    if found is None or card_fonts.missing(found.title, "補助金"):
        if os.environ.get("CI"):
            pytest.fail("no Japanese font: install fonts-noto-cjk")
        pytest.skip("no Japanese font here (sudo apt install fonts-noto-cjk)")
    return found


def demo_titles() -> dict[str, tuple[str, str]]:
    found = {}
    for path in sorted(DEMO.glob("*.md")):
        head = dict(
            line.split(": ", 1)
            for line in path.read_text("utf-8").split("\n\n", 1)[0].splitlines()
            if ": " in line
        )
        found[path.stem] = (head["Title"], head.get("Lang", "ja"))
    return found


TITLES = {**demo_titles(), **HARD}


@pytest.mark.parametrize("name", list(TITLES))
def test_every_card_keeps_its_text_inside_and_breaks_by_phrase(name, fonts, tmp_path):
    title, lang = TITLES[name]
    text = card_cache.card_text(
        title, "POSSE デモブログ", ["山田 花子"], dt.datetime(2026, 12, 7), lang
    )
    path = tmp_path / "card.png"
    assert card_draw.render(("k", text, STYLE, fonts, str(path))) == ("k", [])
    assert path.stat().st_size < 1_000_000  # Bluesky's thumbnail limit
    with Image.open(path) as image:
        assert image.size == (1200, 630)
        assert image.format == "PNG"
    _, boxes = card_draw.draw(text, STYLE, fonts)
    safe = card_draw.SAFE
    for shown, (left, top, right, bottom) in boxes:
        assert left >= safe and top >= safe, shown
        assert right <= 1200 - safe and bottom <= 630 - safe, shown
    clean = card_layout.clean(title)
    lines = [shown for shown, _ in boxes[:-2]]  # the title's; then site and byline
    assert 1 <= len(lines) <= 3
    assert "".join(lines).rstrip("…").replace(" ", "") in clean.replace(" ", "")
    for i, line in enumerate(lines[1:], 1):
        assert line[0] not in card_layout.CLOSING, (lines, i)
        assert lines[i - 1][-1] not in card_layout.OPENING, (lines, i)
    if name not in ("long word", "URL"):
        ends, at = set(), 0
        for phrase in card_layout.units(clean):
            ends.add(at + len(phrase.rstrip()))  # lines do not keep their spaces
            at += len(phrase)
        at = 0
        for line in lines[:-1]:
            at = clean.index(line, at) + len(line)
            assert at in ends, (line, lines)


def test_the_long_title_is_cut_with_an_ellipsis_and_emoji_are_dropped(fonts):
    long = card_cache.card_text(*HARD["70 Japanese characters"][:1], "", (), None, "ja")
    _, boxes = card_draw.draw(long, STYLE, fonts)
    assert boxes[-1][0].endswith("…")
    emoji = card_cache.card_text(HARD["emoji"][0], "", (), None, "ja")
    _, boxes = card_draw.draw(emoji, STYLE, fonts)
    shown = "".join(line for line, _ in boxes)
    assert "🎉" not in shown and "👍" not in shown
    assert "始めました" in shown and "ぜひご覧ください" in shown


@pytest.fixture
def latin_only(tmp_path) -> card_fonts.Fonts:
    """A font without Japanese: Pillow's own default (Aileron), as a file."""
    path = tmp_path / "latin.ttf"
    path.write_bytes(ImageFont.load_default(20).path.getvalue())
    font = card_fonts.font_file(str(path))
    return card_fonts.Fonts(font, font)


def test_a_japanese_title_without_a_japanese_font_draws_no_card(latin_only, tmp_path):
    text = card_cache.card_text("補助金の話", "Demo", ["Ann"], None, "ja")
    path = tmp_path / "card.png"
    _, lacking = card_draw.render(("k", text, STYLE, latin_only, str(path)))
    assert set(lacking) == set("補助金の話")
    assert not path.exists()
    english = text._replace(title="Subsidies", lang="en")
    assert card_draw.render(("k", english, STYLE, latin_only, str(path)))[1] == []
    assert path.exists()


def test_the_layout_engine_is_raqm_when_pillow_has_it(caplog):
    from PIL import features

    expected = "raqm" if features.check("raqm") else "basic"
    assert card_draw.engine() == expected
    with caplog.at_level(logging.WARNING):
        card_fonts.find("/no/such/font.ttc")
    assert "POSSE_CARD['font']" in caplog.text


def test_a_logo_sits_at_the_bottom_right_and_the_texts_make_room(fonts, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGBA", (200, 120), (200, 60, 40, 255)).save(logo)
    style = STYLE._replace(logo=str(logo))
    long_site = (
        "やまだ経営相談室 ― 中小企業の経営と資金繰りの相談窓口、東京・大阪・名古屋"
    )
    text = card_cache.card_text("事業計画書", long_site, ["山田 花子"], None, "ja")
    image, boxes = card_draw.draw(text, style, fonts)
    right = 1200 - 96
    assert image.getpixel((right - 10, 500))[:3] == (200, 60, 40)
    site, (_, _, site_right, _) = boxes[-2]
    assert site.endswith("…")
    assert site_right < right - 120  # left of the logo (120 px wide at 72 px high)
