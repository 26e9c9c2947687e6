"""Link-card metadata in <head>: what X, Facebook and search engines read."""

from __future__ import annotations

import json
import logging
import re
from html.parser import HTMLParser

import pytest

from tests.render.test_rendering import (
    EN_ARTICLE,
    JA_ARTICLE,
    build,
    read,
)

LONG_JA = (
    "Title: 補助金申請の落とし穴\n"
    "Date: 2026-04-01 10:30\n"
    "Modified: 2026-04-03 08:00\n"
    "Slug: hojokin\n"
    "Lang: ja\n"
    "Tags: 補助金, 経営\n"
    "Authors: 山田 花子\n"
    "Image: {static}/images/card.png\n\n"
    "```python\nprint('code is not a description')\n```\n\n"
    + "中小企業の経営者にとって、補助金は資金繰りを助ける大切な手段です。" * 3
    + "しかし申請書の書き方ひとつで結果は大きく変わります。" * 4
    + "\n\n**DX** と Business Process Re-engineering の話も"
    + " https://example.com/x に。\n"
)


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.jsonld: list[str] = []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta.append((a.get("property") or a["name"], a.get("content")))
        self._in_ld = tag == "script" and a.get("type") == "application/ld+json"

    def handle_endtag(self, tag):
        self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.jsonld.append(data)


def head_of(html: str) -> Head:
    parser = Head()
    parser.feed(html.split("</head>", maxsplit=1)[0])
    return parser


def values(head: Head, key: str) -> list[str]:
    return [v for k, v in head.meta if k == key]


def test_full_link_card_with_absolute_siteurl(tmp_path):
    out = build(
        tmp_path,
        {"long.md": LONG_JA},
        theme="simple",
        SITEURL="https://blog.example.jp",
        POSSE_AUTHORS={"山田 花子": {"x": "hanako_y", "note": "hanako"}},
    )
    head = head_of(read(out, "hojokin.html"))
    one = dict(head.meta)
    assert one["og:type"] == "article"
    assert one["og:title"] == "補助金申請の落とし穴"
    assert one["og:url"] == "https://blog.example.jp/hojokin.html"
    assert one["og:site_name"] == "デモ"
    assert one["og:locale"] == "ja_JP"
    assert one["og:image"] == "https://blog.example.jp/images/card.png"
    assert one["article:published_time"] == "2026-04-01T10:30:00+09:00"
    assert one["article:modified_time"] == "2026-04-03T08:00:00+09:00"
    assert values(head, "article:tag") == ["補助金", "経営"]
    assert one["twitter:card"] == "summary_large_image"
    assert one["twitter:site"] == "@posse_demo"
    assert one["twitter:creator"] == "@hanako_y"

    desc = one["og:description"]
    assert len(desc) <= 200
    assert desc.startswith("中小企業の経営者にとって")
    assert "print(" not in desc and "<" not in desc
    assert desc.endswith(("。", "…"))

    (ld,) = head.jsonld
    data = json.loads(ld)
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "補助金申請の落とし穴"
    assert data["url"] == "https://blog.example.jp/hojokin.html"
    assert data["datePublished"] == "2026-04-01T10:30:00+09:00"
    assert data["inLanguage"] == "ja"
    assert data["author"] == [
        {
            "@type": "Person",
            "name": "山田 花子",
            "sameAs": ["https://x.com/hanako_y", "https://note.com/hanako"],
        }
    ]


def test_author_summary_is_used_for_the_description(tmp_path):
    article = JA_ARTICLE.replace(
        "Authors: 山田 花子", "Authors: 山田 花子\nSummary: 承継は<em>十年</em>仕事。"
    )
    out = build(
        tmp_path, {"a.md": article}, SITEURL="https://blog.example.jp", POSSE_CARD=False
    )
    head = head_of(read(out, "jigyo-shokei.html"))
    assert values(head, "og:description") == ["承継は十年仕事。"]
    assert values(head, "twitter:card") == ["summary"]  # no image


def test_description_is_the_lead_not_run_into_the_first_heading(tmp_path):
    article = (
        "Title: 経営計画の作り方\nDate: 2026-04-01 10:30\nLang: ja\n\n"
        "まず現状を確認しましょう。\n\n## 経営計画\n\n"
        "自社の強みと顧客ニーズを整理します。\n"
    )
    out = build(tmp_path, {"a.md": article}, SITEURL="https://blog.example.jp")
    head = head_of(read(out, "jing-ying-ji-hua-nozuo-rifang.html"))
    assert values(head, "og:description") == ["まず現状を確認しましょう。"]
    # An article that opens with a heading still gets a description.
    opens = article.replace("まず現状を確認しましょう。\n\n", "")
    out = build(tmp_path / "b", {"a.md": opens}, SITEURL="https://blog.example.jp")
    head = head_of(read(out, "jing-ying-ji-hua-nozuo-rifang.html"))
    assert values(head, "og:description") == [
        "経営計画 自社の強みと顧客ニーズを整理します。"
    ]


@pytest.mark.usefixtures("fresh_log_dedup")
def test_empty_siteurl_leaves_out_absolute_urls_with_one_info_line(tmp_path, caplog):
    image = JA_ARTICLE.replace("Authors:", "Image: images/card.png\nAuthors:")
    with caplog.at_level(logging.INFO, logger="pelican.plugins.posse"):
        out = build(tmp_path, {"a.md": image, "b.md": EN_ARTICLE}, SITEURL="")
    for name in ("jigyo-shokei.html", "succession-en.html"):
        html = read(out, name)
        head = head_of(html)
        keys = [k for k, _ in head.meta]
        assert "og:url" not in keys and "og:image" not in keys
        assert "og:title" in keys and "og:description" in keys
        assert "url" not in json.loads(head.jsonld[0])
        assert not re.search(r'content="/?[a-z-]+\.html"', html)
    infos = [r for r in caplog.records if "SITEURL" in r.getMessage()]
    assert len(infos) == 1
    assert infos[0].levelno == logging.INFO


def test_translation_pair_links_its_other_locale(tmp_path):
    en = EN_ARTICLE.replace("Slug: succession", "Slug: jigyo-shokei")
    out = build(
        tmp_path, {"ja.md": JA_ARTICLE, "en.md": en}, SITEURL="https://blog.example.jp"
    )
    ja_head = head_of(read(out, "jigyo-shokei.html"))
    en_head = head_of(read(out, "jigyo-shokei-en.html"))
    assert values(ja_head, "og:locale") == ["ja_JP"]
    assert values(ja_head, "og:locale:alternate") == ["en_US"]
    assert values(en_head, "og:locale") == ["en_US"]
    assert values(en_head, "og:locale:alternate") == ["ja_JP"]
    assert values(en_head, "og:url") == ["https://blog.example.jp/jigyo-shokei-en.html"]


def test_default_image_setting(tmp_path):
    out = build(
        tmp_path,
        {"a.md": JA_ARTICLE},
        SITEURL="https://blog.example.jp/",
        POSSE_DEFAULT_IMAGE="/images/default-card.png",
        # With card pictures on, the card wins (tests/render/test_card_build.py).
        POSSE_CARD=False,
    )
    head = head_of(read(out, "jigyo-shokei.html"))
    assert values(head, "og:image") == [
        "https://blog.example.jp/images/default-card.png"
    ]
    assert values(head, "twitter:card") == ["summary_large_image"]


def test_image_with_another_scheme_is_refused_and_named(tmp_path, caplog):
    # `Image: javascript:alert(1)` must not become https://site/javascript:alert(1)
    # on the card: it is reported, naming the file, and the card has no image.
    article = LONG_JA.replace(
        "Image: {static}/images/card.png", "Image: javascript:alert(1)"
    )
    with caplog.at_level(logging.ERROR):
        out = build(
            tmp_path,
            {"long.md": article},
            theme="simple",
            SITEURL="https://blog.example.jp",
        )
    html = read(out, "hojokin.html")
    one = dict(head_of(html).meta)
    assert "og:image" not in one
    assert one["twitter:card"] == "summary"
    assert "javascript:" not in html
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("long.md" in m and "javascript:alert(1)" in m for m in errors), errors


def test_inserted_metadata_is_what_posse_head_template_renders(tmp_path):
    # simple gets the metadata from posse's own code path; the posse-aware theme
    # includes templates/posse/head.html itself: the two must not drift apart.
    from tests.render.test_rendering import AWARE_THEME

    both = {
        "long.md": LONG_JA,
        "en.md": EN_ARTICLE.replace("Authors:", "Tags: a&b\nAuthors:"),
    }
    blocks = []
    for theme in ("simple", AWARE_THEME):
        out = build(
            tmp_path / str(len(blocks)),
            both,
            theme=theme,
            SITEURL="https://blog.example.jp",
        )
        page = read(out, "hojokin.html") + read(out, "succession-en.html")
        blocks.append(
            re.findall(r'<meta property="og:type".*?posse\.css">', page, re.S)
        )
    assert len(blocks[0]) == 2
    assert blocks[0] == blocks[1]


@pytest.mark.parametrize(
    "lead", ["", "<pre><code>" + "x = 1\n" * 200 + "</code></pre>\n"]
)
def test_description_from_the_opening_is_the_whole_text_s(lead):
    from pelican.plugins.posse.render.description import DESCRIPTION_LIMIT, lead_text
    from pelican.plugins.posse.text import html_to_text, shorten

    paragraphs = "".join(
        f"<p>{f'第{i}段落の文です。' * (i % 5 + 1)} A &amp; B.\n"
        f"<em>強調</em>と<a href='https://example.com/{i}'>リンク</a>。</p>\n"
        for i in range(200)
    )
    html = lead + paragraphs
    opening = lead_text(html)
    assert len(opening) < len(html_to_text(html))  # only an opening was read
    assert shorten(opening, DESCRIPTION_LIMIT, lang="ja") == shorten(
        html_to_text(html), DESCRIPTION_LIMIT, lang="ja"
    )


@pytest.mark.usefixtures("fresh_log_dedup")
def test_a_card_image_that_does_not_exist_is_reported_once_by_file(tmp_path, caplog):
    missing = JA_ARTICLE.replace("Authors:", "Image: images/crad.png\nAuthors:")
    present = EN_ARTICLE.replace(
        "Authors:", "Image: {static}/images/card.png\nAuthors:"
    )
    (tmp_path / "content" / "images").mkdir(parents=True)
    (tmp_path / "content" / "images" / "card.png").write_bytes(b"\x89PNG")
    with caplog.at_level(logging.WARNING, logger="pelican.plugins.posse"):
        out = build(
            tmp_path,
            {"a.md": missing, "b.md": present},
            SITEURL="https://blog.example.jp",
            STATIC_PATHS=["images"],
        )
    warned = [
        r.getMessage() for r in caplog.records if "no such file" in r.getMessage()
    ]
    assert len(warned) == 1, warned
    assert "a.md: Image 'images/crad.png'" in warned[0]
    assert str(tmp_path / "content" / "images" / "crad.png") in warned[0]
    # Nothing is lost: the card still names the image the author wrote.
    assert values(head_of(read(out, "jigyo-shokei.html")), "og:image") == [
        "https://blog.example.jp/images/crad.png"
    ]


@pytest.mark.usefixtures("fresh_log_dedup")
def test_a_missing_default_image_is_reported_once_for_the_setting(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="pelican.plugins.posse"):
        build(
            tmp_path,
            {"a.md": JA_ARTICLE, "b.md": EN_ARTICLE},
            POSSE_DEFAULT_IMAGE="images/default-card.png",
        )
    warned = [
        r.getMessage() for r in caplog.records if "no such file" in r.getMessage()
    ]
    assert len(warned) == 1, warned
    assert warned[0].startswith("posse: POSSE_DEFAULT_IMAGE 'images/default-card.png'")
