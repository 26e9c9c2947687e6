"""The follow bar and author card a reader sees, in Pelican's themes and ours.

Each test builds a real site into tmp_path and reads the HTML it wrote.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from tests.conftest import ROOT

AWARE_THEME = ROOT / "tests" / "themes" / "posse-aware"

JA_ARTICLE = """\
Title: 事業承継の進め方
Date: 2026-03-01 09:00
Slug: jigyo-shokei
Lang: ja
Tags: 経営, 事業承継
Authors: 山田 花子

事業承継は早めの準備が大切です。後継者の育成には五年から十年かかります。
"""

EN_ARTICLE = """\
Title: Planning a succession
Date: 2026-03-02 09:00
Slug: succession
Lang: en
Authors: 山田 花子

Succession takes years. Start early.
"""

SITE_PROFILES = {
    "x": "posse_demo",
    "facebook": "posse.demo",
    "note": "posse_demo",
    "mastodon": "@posse_demo@mastodon.social",
}


def build(
    tmp_path: Path,
    articles: dict[str, str],
    *,
    theme: str | Path = "notmyidea",
    **settings: Any,
) -> Path:
    """Build a site from `articles` ({file name: source}); return the output folder."""
    content = tmp_path / "content"
    output = tmp_path / "output"
    content.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (content / name).write_text(text, encoding="utf-8")
    override = {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "PLUGINS": ["pelican.plugins.posse"],
        "THEME": str(theme),
        "SITEURL": "",
        "SITENAME": "デモ",
        "DEFAULT_LANG": "ja",
        "TIMEZONE": "Asia/Tokyo",
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "FEED_ALL_ATOM": None,
        "CATEGORY_FEED_ATOM": None,
        "TRANSLATION_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None,
        "AUTHOR_FEED_RSS": None,
        "POSSE_STATE_DIR": str(tmp_path / "state"),
        "POSSE_PROFILES": SITE_PROFILES,
        **settings,
    }
    Pelican(settings=read_settings(override=override)).run()
    return output


def read(output: Path, name: str) -> str:
    return (output / name).read_text(encoding="utf-8")


class Links(HTMLParser):
    """Every <a> inside posse's blocks: (block class, href, rel, name, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.block: list[str | None] = []
        self.current: dict[str, Any] | None = None
        self.links: list[dict[str, Any]] = []
        self.blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag in ("aside", "section", "div") and "posse " in cls + " ":
            self.blocks.append(cls)
            self.block.append(cls)
        elif tag in ("aside", "section", "div"):
            self.block.append(None)
        if tag == "a" and any(self.block):
            owner = next(b for b in reversed(self.block) if b)
            self.current = {"block": owner, "text": "", **a}
            self.links.append(self.current)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("aside", "section", "div") and self.block:
            self.block.pop()
        if tag == "a":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None:
            self.current["text"] += data


def posse_links(html: str) -> Links:
    parser = Links()
    parser.feed(html)
    return parser


def _profile_links(html: str, block: str) -> list[dict[str, Any]]:
    return [
        a
        for a in posse_links(html).links
        # A profile link's class names its network (posse-x); the author's name
        # links to their page in the site and has none.
        if block in a["block"] and (a.get("class") or "").startswith("posse-")
    ]


def follow_links(html: str) -> list[dict[str, Any]]:
    return _profile_links(html, "posse-follow")


def card_links(html: str) -> list[dict[str, Any]]:
    return _profile_links(html, "posse-authors")


def test_japanese_article_gets_japanese_follow_bar_and_author_card(tmp_path):
    out = build(tmp_path, {"a.md": JA_ARTICLE})
    html = read(out, "jigyo-shokei.html")

    bar = follow_links(html)
    assert [(a["text"], a["href"]) for a in bar] == [
        ("X でフォロー", "https://x.com/intent/follow?screen_name=posse_demo"),
        ("Facebook でフォロー", "https://www.facebook.com/posse.demo"),
    ]
    assert all(a["rel"] == "me noopener" for a in bar)
    assert "フォローはこちら" in html
    assert "この記事を書いた人" in html

    card = card_links(html)
    # The author has no POSSE_AUTHORS entry: the site's accounts, in their order.
    assert [(a["aria-label"], a["href"]) for a in card] == [
        ("X の 山田 花子", "https://x.com/posse_demo"),
        ("Facebook の 山田 花子", "https://www.facebook.com/posse.demo"),
        ("note の 山田 花子", "https://note.com/posse_demo"),
        ("Mastodon の 山田 花子", "https://mastodon.social/@posse_demo"),
    ]
    assert all(a["rel"] == "me noopener" for a in card)
    # Each link's class names its network: the same-origin stylesheet draws
    # that network's icon from a file of its own, written into the output.
    assert [a["class"] for a in bar] == ["posse-x", "posse-facebook"]
    assert '<link rel="stylesheet" href="/posse/posse.css">' in html
    css = read(out, "posse/posse.css")
    for network in ("x", "facebook", "note", "mastodon", "linkedin", "rss"):
        assert f".posse-{network}::before{{" in css
        assert read(out, f"posse/icons/{network}.svg").startswith("<svg ")
    assert "focus-visible" in css


def test_english_article_gets_english_labels(tmp_path):
    out = build(tmp_path, {"b.md": EN_ARTICLE})
    html = read(out, "succession-en.html")
    assert [a["text"] for a in follow_links(html)] == [
        "Follow on X",
        "Follow on Facebook",
    ]
    assert "Follow me" in html and "About the author" in html
    assert card_links(html)[0]["aria-label"] == "山田 花子 on X"


def test_follow_order_and_networks_come_from_posse_follow(tmp_path):
    out = build(
        tmp_path,
        {"a.md": JA_ARTICLE},
        POSSE_FOLLOW=["note", "rss", "x"],
        FEED_ALL_ATOM="feeds/all.atom.xml",
    )
    bar = follow_links(read(out, "jigyo-shokei.html"))
    assert [(a["text"], a["href"]) for a in bar] == [
        ("note でフォロー", "https://note.com/posse_demo"),
        ("RSS で購読", "/feeds/all.atom.xml"),
        ("X でフォロー", "https://x.com/intent/follow?screen_name=posse_demo"),
    ]


def test_simple_theme_gets_bar_card_and_head_with_no_template_edit(tmp_path):
    out = build(
        tmp_path,
        {"a.md": JA_ARTICLE},
        theme="simple",
        SITEURL="https://blog.example.jp",
    )
    html = read(out, "jigyo-shokei.html")
    assert len(follow_links(html)) == 2
    assert len(card_links(html)) == 4
    assert html.count('property="og:title"') == 1
    head = html.split("</head>")[0]
    assert 'content="https://blog.example.jp/jigyo-shokei.html"' in head
    # The bar and card follow the article's text, inside the article.
    body = html.split("</head>")[1]
    text_at = body.index("後継者の育成")
    assert text_at < body.index("posse-follow") < body.index("</article>")


def test_notmyidea_gets_head_metadata(tmp_path):
    out = build(tmp_path, {"a.md": JA_ARTICLE}, SITEURL="https://blog.example.jp")
    html = read(out, "jigyo-shokei.html")
    head = html.split("</head>")[0]
    url = "https://blog.example.jp/jigyo-shokei.html"
    assert f'<meta property="og:url" content="{url}">' in head
    assert '<meta name="twitter:site" content="@posse_demo">' in head


def test_index_and_pages_get_no_bar_and_no_card_metadata(tmp_path):
    page = "Title: 会社概要\nSlug: about\n\n会社の紹介です。\n"
    (tmp_path / "content" / "pages").mkdir(parents=True)
    (tmp_path / "content" / "pages" / "about.md").write_text(page, encoding="utf-8")
    out = build(tmp_path, {"a.md": JA_ARTICLE}, theme="simple")
    for name in ("index.html", "pages/about.html", "tags.html"):
        html = read(out, name)
        assert "posse-follow" not in html, name
        assert "og:title" not in html, name


def test_theme_that_places_partials_gets_no_double_insertion(tmp_path):
    out = build(
        tmp_path,
        {"a.md": JA_ARTICLE},
        theme=AWARE_THEME,
        SITEURL="https://blog.example.jp",
    )
    html = read(out, "jigyo-shokei.html")
    assert html.count('property="og:title"') == 1
    assert html.count('<link rel="stylesheet" href="/posse/posse.css">') == 1
    assert html.count('class="posse posse-follow"') == 1
    # ... and the bar sits where the theme put it.
    assert re.search(
        r'<footer class="theme-footer">\s*<aside class="posse posse-follow"', html
    )
    # The card was not placed by the theme, so posse adds it, using the
    # theme's own override of posse/author_card.html.
    assert html.count('class="theme-author-card"') == 1
    assert "posse-authors" not in html
    # The index shows full articles in this theme: no bar there.
    index = read(out, "index.html")
    assert "後継者の育成" in index
    assert "posse-follow" not in index and "theme-author-card" not in index


def test_auto_insert_off_leaves_theme_untouched_but_partials_still_work(tmp_path):
    out = build(tmp_path, {"a.md": JA_ARTICLE}, POSSE_AUTO_INSERT=False)
    html = read(out, "jigyo-shokei.html")
    assert "posse" not in html.split("</head>")[0]
    assert "posse-follow" not in html

    out = build(
        tmp_path / "aware",
        {"a.md": JA_ARTICLE},
        theme=AWARE_THEME,
        POSSE_AUTO_INSERT=False,
    )
    html = read(out, "jigyo-shokei.html")
    assert html.count('class="posse posse-follow"') == 1  # the theme's include
    assert "theme-author-card" not in html  # nothing inserted by posse


def test_multi_author_article_shows_a_card_per_author(tmp_path):
    article = JA_ARTICLE.replace("Authors: 山田 花子", "Authors: 山田 花子, Bob Smith")
    out = build(
        tmp_path,
        {"a.md": article},
        SITEURL="https://blog.example.jp",
        POSSE_AUTHORS={
            "山田 花子": {"x": "hanako_yamada", "linkedin": "hanako-yamada"},
            "Bob Smith": {"github": "bob-smith", "bluesky": "bob.bsky.social"},
        },
    )
    html = read(out, "jigyo-shokei.html")
    assert html.count('class="posse-card"') == 2
    assert [(a["aria-label"], a["href"]) for a in card_links(html)] == [
        ("X の 山田 花子", "https://x.com/hanako_yamada"),
        ("LinkedIn の 山田 花子", "https://www.linkedin.com/in/hanako-yamada/"),
        ("GitHub の Bob Smith", "https://github.com/bob-smith"),
        ("Bluesky の Bob Smith", "https://bsky.app/profile/bob.bsky.social"),
    ]
    # twitter:creator is the first author's, twitter:site the site's.
    assert '<meta name="twitter:creator" content="@hanako_yamada">' in html
    assert '<meta name="twitter:site" content="@posse_demo">' in html
    # The follow bar stays the site owner's.
    assert follow_links(html)[0]["href"].endswith("screen_name=posse_demo")


def test_translations_each_get_their_own_language(tmp_path):
    ja = JA_ARTICLE
    en = EN_ARTICLE.replace("Slug: succession", "Slug: jigyo-shokei")
    out = build(
        tmp_path,
        {"ja.md": ja, "en.md": en},
        POSSE_LABELS={"en": {"follow_x": "Follow Hanako on X"}},
    )
    ja_html = read(out, "jigyo-shokei.html")
    en_html = read(out, "jigyo-shokei-en.html")
    assert follow_links(ja_html)[0]["text"] == "X でフォロー"
    assert follow_links(en_html)[0]["text"] == "Follow Hanako on X"
    assert "About the author" in en_html and "この記事を書いた人" in ja_html
    # Screen readers read the labels in their language, whatever <html lang> says.
    assert 'class="posse posse-follow" aria-label="Follow me" lang="en"' in en_html
    assert '<section class="posse posse-authors" lang="ja">' in ja_html


def test_labels_override_for_japanese(tmp_path):
    out = build(
        tmp_path,
        {"a.md": JA_ARTICLE},
        POSSE_LABELS={
            "ja": {"follow_x": "X で最新情報を受け取る", "follow_heading": "フォロー"}
        },
    )
    html = read(out, "jigyo-shokei.html")
    assert follow_links(html)[0]["text"] == "X で最新情報を受け取る"
    assert '<p class="posse-heading">フォロー</p>' in html


def test_second_build_in_same_process_starts_clean(tmp_path):
    build(tmp_path / "one", {"a.md": JA_ARTICLE}, POSSE_FOLLOW=["note"])
    out = build(tmp_path / "two", {"a.md": JA_ARTICLE})
    assert [a["text"] for a in follow_links(read(out, "jigyo-shokei.html"))] == [
        "X でフォロー",
        "Facebook でフォロー",
    ]


def test_theme_override_of_a_partial_is_used(tmp_path):
    theme = tmp_path / "mytheme"
    (theme / "templates" / "posse").mkdir(parents=True)
    (theme / "templates" / "posse" / "follow.html").write_text(
        '<p class="my-follow">{{ posse.follow(article).links[0].url|e }}</p>',
        encoding="utf-8",
    )
    out = build(tmp_path, {"a.md": JA_ARTICLE}, theme=theme)
    html = read(out, "jigyo-shokei.html")
    intent = "https://x.com/intent/follow?screen_name=posse_demo"
    assert f'<p class="my-follow">{intent}</p>' in html
    assert "posse-follow" not in html
    assert "posse-authors" in html  # the other pieces are still posse's


def test_theme_override_of_the_head_partial_is_used(tmp_path):
    theme = tmp_path / "mytheme"
    (theme / "templates" / "posse").mkdir(parents=True)
    (theme / "templates" / "posse" / "head.html").write_text(
        # A theme writing its own tags from the card's values, and using a
        # variable of Pelican's page context.
        "{% for attribute, key, value in posse.card(article).meta %}"
        '<meta data-theme="{{ SITENAME|e }}" {{ attribute }}="{{ key }}"'
        ' content="{{ value|e }}">{% endfor %}',
        encoding="utf-8",
    )
    out = build(tmp_path, {"a.md": JA_ARTICLE}, theme=theme)
    head = read(out, "jigyo-shokei.html").split("</head>")[0]
    assert head.count('property="og:title"') == 1
    assert (
        '<meta data-theme="デモ" property="og:title" content="事業承継の進め方">'
        in head
    )
    assert "application/ld+json" not in head  # posse's own head.html was not used
    assert "posse-follow" in read(out, "jigyo-shokei.html")  # the rest is posse's


def test_theme_without_insertion_point_gets_one_warning(
    tmp_path, caplog, fresh_log_dedup
):
    theme = tmp_path / "bare"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "base.html").write_text(
        "<!DOCTYPE html><html><head><title>t</title></head><body>"
        "{% block content %}{% endblock %}</body></html>",
        encoding="utf-8",
    )
    (theme / "templates" / "article.html").write_text(
        # Shows the summary only: nowhere to put the bar after the text.
        '{% extends "base.html" %}{% block content %}{{ article.summary }}'
        "{% endblock %}",
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="pelican.plugins.posse"):
        out = build(tmp_path, {"a.md": JA_ARTICLE, "b.md": EN_ARTICLE}, theme=theme)
    warnings = [
        r for r in caplog.records if "posse/auto_article.html" in r.getMessage()
    ]
    assert len(warnings) == 1
    assert "article.html" in warnings[0].getMessage()
    assert warnings[0].exc_info is None
    # The head still got its metadata: base.html has a </head>.
    assert 'property="og:title"' in read(out, "jigyo-shokei.html")


def _same_origin_resources(out: Path, page: Path, siteurl: str) -> list[str]:
    """Every resource URL a browser loads for ``page`` without a click (src,
    stylesheets, icons) and the url()s in the stylesheets served from the site,
    resolved to absolute URLs; each site file they name must exist in ``out``."""
    html = page.read_text(encoding="utf-8")
    here = f"{siteurl}/{page.relative_to(out).as_posix()}"
    found = [urljoin(here, u) for u in re.findall(r'\bsrc="([^"]*)"', html)]
    for tag in re.findall(r"<link\b[^>]*>", html):
        if re.search(r'rel="[^"]*(stylesheet|icon|preload)', tag):
            sheet = urljoin(here, re.search(r'href="([^"]*)"', tag).group(1))
            found.append(sheet)
            if sheet.startswith(siteurl + "/") and sheet.endswith(".css"):
                local = out / sheet.removeprefix(siteurl + "/")
                css = local.read_text(encoding="utf-8")
                found += [
                    urljoin(sheet, u)
                    for u in re.findall(r"url\(\s*[\'\"]?([^\'\")]+)", css)
                ]
    return found


@pytest.mark.parametrize("theme", ["notmyidea", "simple", AWARE_THEME])
def test_output_has_no_script_and_no_third_party_resource(tmp_path, theme):
    siteurl = "https://blog.example.jp"
    out = build(
        tmp_path,
        {"a.md": JA_ARTICLE, "b.md": EN_ARTICLE},
        theme=theme,
        SITEURL=siteurl,
        POSSE_FOLLOW=["x", "facebook", "mastodon", "rss"],
        POSSE_SHARE=["x", "facebook", "line", "hatena"],
        FEED_ALL_ATOM="feeds/all.atom.xml",
        POSSE_DEFAULT_IMAGE="images/card.png",
    )
    checked = icons = 0
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for attrs in re.findall(r"<script\b([^>]*)>", html):
            assert 'type="application/ld+json"' in attrs, page
        for url in _same_origin_resources(out, page, siteurl):
            # posse's stylesheet and icons are written into the site itself;
            # the theme's fonts and images are its own business (none here).
            assert url.startswith(siteurl + "/"), (page, url)
            if "/posse/" in url:
                assert (out / url.removeprefix(siteurl + "/")).is_file(), url
                icons += "/posse/icons/" in url
        checked += 1
    assert checked >= 3
    assert icons > 0  # posse.css names its icon files
    article = read(out, "jigyo-shokei.html")
    assert article.count("<script") == 1  # the JSON-LD


@pytest.mark.parametrize(
    "spelling",
    [
        "{{ article.content }}",
        "{{article.content}}",
        "{{ article.content|safe }}",
        "{{ article.content | safe }}",
        "{{- article.content -}}",
        "{{ article.content|typogrify|safe }}",
        "{{ article.get_content(SITEURL) }}",
    ],
)
def test_usual_spellings_of_the_article_content_get_the_pieces(spelling):
    from types import SimpleNamespace

    from jinja2 import Environment

    from pelican.plugins.posse.render.theme import insert

    source = f"<head><title>t</title></head><div>{spelling}</div>"
    env = Environment()
    env.filters["typogrify"] = lambda text: text
    env.filters["posse_inserted"] = lambda article, name: f"[{name} of {article.title}]"
    article = SimpleNamespace(
        title="T", content="TEXT", get_content=lambda siteurl: "TEXT"
    )
    html = env.from_string(insert(source, {"head": True, "article": True})).render(
        article=article, SITEURL=""
    )
    # Each piece once: the metadata inside <head>, the rest right after the text.
    assert html == (
        "<head><title>t</title>[head of T]</head><div>TEXT[auto_article of T]</div>"
    )
    # Nothing else is touched; a summary is not the article's text.
    assert insert("{{ article.summary }}", {"head": True, "article": True}) == (
        "{{ article.summary }}"
    )


def test_without_posse_css_the_links_are_plain_text(tmp_path):
    # A theme that ships an empty posse/style.html and styles nothing, or a
    # file:// preview, must never get an unsized image filling the screen:
    # posse's pieces hold no image at all (posse.css draws the icons), only
    # links with text a reader and a screen reader can use.
    out = build(
        tmp_path,
        {"ja.md": JA_ARTICLE},
        theme="simple",
        SITEURL="https://blog.example.jp",
        POSSE_SHARE=["x", "line"],
    )
    html = read(out, "jigyo-shokei.html")
    body = html.split("</head>")[1]
    start = body.index('<aside class="posse')
    end = max(body.rindex("</aside>"), body.rindex("</section>"))
    pieces = body[start:end]
    assert "posse-share" in pieces and "posse-authors" in pieces
    for element in ("<svg", "<img", "<use", "<picture", "<object", "<iframe"):
        assert element not in pieces, element
    links = posse_links(html).links
    assert len(links) >= 8
    for a in links:
        assert a["text"].strip(), a


@pytest.mark.parametrize(
    ("siteurl", "path"),
    [
        ("", ""),  # a local build: already root-relative
        ("..", ".."),  # RELATIVE_URLS: the page's own way up
        ("https://blog.example.jp", ""),
        ("https://blog.example.jp/", ""),
        ("https://user.github.io/blog", "/blog"),
        ("http://127.0.0.1:8000/a/b/", "/a/b"),
    ],
)
def test_posse_path_keeps_the_path_of_an_absolute_siteurl(siteurl, path):
    from pelican.plugins.posse.render.assets import site_path

    assert site_path(siteurl) == path


def test_a_blog_in_a_folder_links_its_own_files_in_that_folder(tmp_path):
    # https://user.github.io/blog: the output folder is served at /blog/.
    siteurl = "https://user.github.io/blog"
    out = build(
        tmp_path,
        {"a.md": JA_ARTICLE},
        SITEURL=siteurl,
        POSSE_FOLLOW=["x", "rss"],
        FEED_ALL_ATOM="feeds/all.atom.xml",
        POSSE_SHARE=["x", "hatena"],
    )
    html = read(out, "jigyo-shokei.html")
    assert '<link rel="stylesheet" href="/blog/posse/posse.css">' in html
    assert follow_links(html)[1]["href"] == "/blog/feeds/all.atom.xml"
    assert (out / "feeds" / "all.atom.xml").is_file()
    author = re.search(r'<p class="posse-name"><a href="([^"]*)"', html).group(1)
    assert author.startswith("/blog/author/")
    assert (out / author.removeprefix("/blog/")).is_file()
    # The icons posse.css draws resolve inside /blog/ too.
    page = out / "jigyo-shokei.html"
    for url in _same_origin_resources(out, page, siteurl):
        assert url.startswith(siteurl + "/"), url
        assert (out / url.removeprefix(siteurl + "/")).is_file(), url
    # Shared addresses stay absolute: they leave the site.
    assert "url=https://user.github.io/blog/jigyo-shokei.html" in html


def test_relative_urls_still_reach_posse_files(tmp_path):
    out = build(
        tmp_path,
        {"a.md": JA_ARTICLE},
        RELATIVE_URLS=True,
        ARTICLE_URL="posts/{slug}/",
        ARTICLE_SAVE_AS="posts/{slug}/index.html",
    )
    page = out / "posts" / "jigyo-shokei" / "index.html"
    html = page.read_text(encoding="utf-8")
    href = re.search(r'<link rel="stylesheet" href="([^"]*posse\.css)"', html)[1]
    assert not href.startswith("/"), href  # the page works from file:// too
    assert (page.parent / href).resolve() == (out / "posse" / "posse.css").resolve()


def test_every_network_has_an_icon_file_and_a_rule_in_both_stylesheets():
    # posse.css and the demo theme's style.css draw an icon for every network a
    # link can name (profiles and share row); a network without one would show
    # text only, and a rule without its file would show nothing.
    from xml.etree import ElementTree

    from pelican.plugins.posse import profiles
    from pelican.plugins.posse.render import share
    from pelican.plugins.posse.render.assets import STATIC

    networks = sorted(set(profiles.PROFILE_KEYS) | set(share.SHARE_NETWORKS))
    posse_css = (STATIC / "posse.css").read_text(encoding="utf-8")
    theme_css = (ROOT / "theme" / "static" / "css" / "style.css").read_text("utf-8")
    licence = (STATIC / "ICONS-LICENSE.md").read_text(encoding="utf-8")
    files = sorted(p.stem for p in (STATIC / "icons").glob("*.svg"))
    assert files == networks  # no icon without a network either
    for name in networks:
        svg = ElementTree.parse(STATIC / "icons" / f"{name}.svg").getroot()
        assert svg.tag == "{http://www.w3.org/2000/svg}svg", name
        assert len(svg.get("viewBox", "").split()) == 4, name
        assert svg.find("{http://www.w3.org/2000/svg}path") is not None, name
        assert (
            f'.posse-{name}::before{{content:"";-webkit-mask-image:url(icons/{name}.svg);'
            f"mask-image:url(icons/{name}.svg)}}"
        ) in posse_css, name
        theme_rule = re.search(rf"\.posse-{name}::before \{{([^}}]*)\}}", theme_css)
        assert theme_rule, name
        assert f'url("../../posse/icons/{name}.svg")' in theme_rule[1], name
        assert f"`{name}.svg`" in licence, name


def test_inserted_pieces_are_not_escaped_by_a_theme_that_autoescapes(tmp_path):
    out = build(
        tmp_path,
        {"a.md": JA_ARTICLE},
        theme="simple",
        JINJA_ENVIRONMENT={
            "trim_blocks": True,
            "lstrip_blocks": True,
            "autoescape": True,
        },
    )
    html = read(out, "jigyo-shokei.html")
    assert '<meta property="og:title" content="事業承継の進め方">' in html
    assert '<aside class="posse posse-follow"' in html
    assert "&lt;meta" not in html and "&lt;aside" not in html


def test_without_trim_blocks_posse_s_own_templates_are_rendered(tmp_path):
    # The Python writers write what the templates render with Pelican's Jinja
    # options; with others the templates themselves are rendered.
    out = build(
        tmp_path, {"a.md": JA_ARTICLE}, JINJA_ENVIRONMENT={"trim_blocks": False}
    )
    html = read(out, "jigyo-shokei.html")
    assert '<ul class="posse-links">\n<li><a class="posse-x"' in html
    assert '\n<link rel="stylesheet" href="/posse/posse.css">' in html
