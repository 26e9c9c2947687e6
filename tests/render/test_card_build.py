"""Card pictures in a Pelican build: where they go, who points at them, the cache."""

from __future__ import annotations

import json
import logging
import os
import re

import pytest
from PIL import Image, ImageFont

from pelican.plugins.posse import settings as settings_mod
from tests.render.test_card_draw import fonts  # noqa: F401 - a fixture
from tests.render.test_render_head import head_of, values
from tests.render.test_rendering import EN_ARTICLE, JA_ARTICLE, build, read

SITE = "https://blog.example.jp"
CARD_URL = re.compile(r"https://blog\.example\.jp/posse/cards/([0-9a-f]{16})\.png")
OWN_IMAGE = EN_ARTICLE.replace("Lang: en", "Lang: en\nImage: /images/own.png")
OPTED_OUT = JA_ARTICLE.replace(
    "Slug: jigyo-shokei", "Slug: off\nPosse_card: off"
).replace("の進め方", "の相談先")


def card_of(out, page: str) -> str:
    head = head_of(read(out, page))
    [url] = values(head, "og:image")
    match = CARD_URL.fullmatch(url)
    assert match, url
    return match.group(1)


def manifest_images(tmp_path) -> dict[str, str | None]:
    manifest = json.loads((tmp_path / "state" / "manifest.json").read_text("utf-8"))
    return {a["title"]: a["image"] for a in manifest["articles"]}


@pytest.mark.usefixtures("fonts")
def test_a_production_build_points_the_link_card_and_manifest_at_the_card(tmp_path):
    out = build(
        tmp_path,
        {"ja.md": JA_ARTICLE, "en.md": OWN_IMAGE, "off.md": OPTED_OUT},
        SITEURL=SITE,
        POSSE_DEFAULT_IMAGE="/images/default.png",
    )
    name = card_of(out, "jigyo-shokei.html")
    picture = out / "posse" / "cards" / f"{name}.png"
    with Image.open(picture) as image:
        assert image.size == (1200, 630)
    assert picture.stat().st_size < 1_000_000
    head = head_of(read(out, "jigyo-shokei.html"))
    url = f"{SITE}/posse/cards/{name}.png"
    assert values(head, "og:image:width") == ["1200"]
    assert values(head, "og:image:height") == ["630"]
    assert values(head, "og:image:alt") == ["事業承継の進め方"]
    assert values(head, "twitter:card") == ["summary_large_image"]
    assert values(head, "twitter:image") == []  # X falls back to og:image
    assert json.loads(head.jsonld[0])["image"] == url
    # An article's own Image wins; `posse_card: off` keeps the default image.
    en = head_of(read(out, "succession-en.html"))
    assert values(en, "og:image") == [f"{SITE}/images/own.png"]
    assert values(en, "og:image:width") == []
    off = head_of(read(out, "off.html"))
    assert values(off, "og:image") == [f"{SITE}/images/default.png"]
    # The manifest's image is the card: Bluesky's thumbnail is fetched from it.
    images = manifest_images(tmp_path)
    assert images["事業承継の進め方"] == url
    assert images["Planning a succession"] == f"{SITE}/images/own.png"
    assert images["事業承継の相談先"] == f"{SITE}/images/default.png"


def test_a_local_build_draws_no_card(tmp_path):
    out = build(tmp_path, {"ja.md": JA_ARTICLE})
    assert not (out / "posse" / "cards").exists()
    assert not (tmp_path / "state" / "cards").exists()
    assert values(head_of(read(out, "jigyo-shokei.html")), "og:image") == []


@pytest.mark.usefixtures("fonts")
def test_a_rebuild_takes_the_card_from_the_cache_and_drops_an_old_one(tmp_path):
    out = build(tmp_path, {"ja.md": JA_ARTICLE}, SITEURL=SITE)
    name = card_of(out, "jigyo-shokei.html")
    cached = tmp_path / "state" / "cards" / f"{name}.png"
    drawn = cached.stat().st_mtime_ns
    out = build(tmp_path, {"ja.md": JA_ARTICLE}, SITEURL=SITE)
    assert card_of(out, "jigyo-shokei.html") == name
    assert cached.stat().st_mtime_ns == drawn  # not drawn again
    assert (out / "posse" / "cards" / f"{name}.png").exists()
    # A new title is a new picture at a new URL; the old one goes.
    retitled = JA_ARTICLE.replace("事業承継の進め方", "事業承継の始め方")
    out = build(tmp_path, {"ja.md": retitled}, SITEURL=SITE)
    new = card_of(out, "jigyo-shokei.html")
    assert new != name
    assert os.listdir(out / "posse" / "cards") == [f"{new}.png"]
    assert os.listdir(tmp_path / "state" / "cards") == [f"{new}.png"]


def test_without_a_japanese_font_one_warning_and_the_default_image(tmp_path, caplog):
    latin = tmp_path / "latin.ttf"
    latin.write_bytes(ImageFont.load_default(20).path.getvalue())
    second = JA_ARTICLE.replace("Slug: jigyo-shokei", "Slug: second")
    english = EN_ARTICLE.replace("Authors: 山田 花子", "Authors: Ann")
    articles = {"ja.md": JA_ARTICLE, "ja2.md": second, "en.md": english}
    settings = {
        "SITEURL": SITE,
        "SITENAME": "Demo",
        "POSSE_DEFAULT_IMAGE": "/images/default.png",
        "POSSE_CARD": {"font": str(latin), "logo": "no-such-logo.png"},
    }
    with caplog.at_level(logging.WARNING):
        out = build(tmp_path, articles, **settings)
    warnings = [
        r.getMessage() for r in caplog.records if "fonts-noto-cjk" in r.getMessage()
    ]
    assert len(warnings) == 1, warnings
    assert "POSSE_CARD['font']" in warnings[0]
    assert "2 article(s)" in warnings[0]
    assert "事" in warnings[0]  # a character it has no glyph for
    assert "POSSE_CARD['logo'] 'no-such-logo.png': no such file" in caplog.text
    cache = tmp_path / "state" / "cards"
    # One mark: the two Japanese articles show the same card (the same title).
    [mark] = cache.glob("*.nofont")
    tried = mark.stat().st_mtime_ns
    # The next build remembers: it does not try again (the mark is not rewritten).
    for _ in range(2):
        for page in ("jigyo-shokei.html", "second.html"):
            head = head_of(read(out, page))
            assert values(head, "og:image") == [f"{SITE}/images/default.png"]
        # An English title the font has every glyph of still gets its card.
        assert card_of(out, "succession-en.html")
        assert len(os.listdir(out / "posse" / "cards")) == 1
        assert len(list(cache.glob("*.png"))) == 1
        out = build(tmp_path, articles, **settings)
    assert mark.stat().st_mtime_ns == tried


@pytest.mark.usefixtures("fonts")
def test_many_cards_are_drawn_in_a_pool_and_posse_card_false_draws_none(tmp_path):
    articles = {
        f"a{n}.md": JA_ARTICLE.replace("Slug: jigyo-shokei", f"Slug: a{n}").replace(
            "事業承継の進め方", f"事業承継の進め方 その{n}"
        )
        for n in range(10)
    }
    out = build(tmp_path, articles, SITEURL=SITE)
    names = {card_of(out, f"a{n}.html") for n in range(10)}
    assert len(names) == 10
    assert sorted(os.listdir(out / "posse" / "cards")) == sorted(
        f"{n}.png" for n in names
    )
    out = build(tmp_path / "off", articles, SITEURL=SITE, POSSE_CARD=False)
    assert values(head_of(read(out, "a0.html")), "og:image") == []
    assert not (out / "posse" / "cards").exists()


def test_posse_card_settings_are_checked():
    read, problems = settings_mod.load(
        {"POSSE_CARD": {"accent": "#c33", "text": "red", "colour": "#fff"}}
    )
    assert read.card.accent == "#c33"
    assert read.card.text == "#1f2328"  # the default, in place of a bad value
    assert [str(p) for p in problems] == [
        "POSSE_CARD: 'text': 'red' is not valid; expected a colour '#rrggbb'",
        "POSSE_CARD: unknown key 'colour'; known: 'background', 'text', 'accent', "
        "'logo', 'font'",
    ]
    assert settings_mod.load({"POSSE_CARD": False})[0].card.on is False
    assert "POSSE_CARD" in str(settings_mod.load({"POSSE_CARD": "yes"})[1][0])
