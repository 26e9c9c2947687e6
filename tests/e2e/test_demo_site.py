"""The demo blog, built as a user builds it, read as a reader gets it.

One local build (pelicanconf.py) and one production build (publishconf.py) per
module; every test reads the HTML that came out.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from tests.conftest import ROOT

SITEURL = "https://posse-demo.example.jp"

# Every article a reader can open: (path in output, title, lang)
LISTED = {
    "posts/jigyo-keikaku/index.html": (
        "事業計画書は「社長の頭の中」を言葉にする道具です",
        "ja",
    ),
    "posts/dx-saas-tanaoroshi/index.html": (
        "中小企業のDX、まずはSaaSの棚卸しから",
        "ja",
    ),
    "posts/links-not-widgets/en/index.html": (
        "Why this blog uses plain links instead of social widgets",
        "en",
    ),
    "posts/hojokin-checklist/index.html": (
        "補助金申請の前に確認したい五つのこと",
        "ja",
    ),
}
TRANSLATION = "posts/hojokin-checklist/en/index.html"
HIDDEN = "posts/seminar-shiryo/index.html"
DRAFT_TITLE = "事業承継の準備は何から始めるか"
HIDDEN_TITLE = "資金繰り表テンプレートの使い方"

FOLLOW_X = "https://x.com/intent/follow?screen_name=posse_demo"
OWNER_LINKEDIN = "https://www.linkedin.com/in/posse-demo"
GUEST_LINKEDIN = "https://www.linkedin.com/in/emily-carter-posse-demo"
GUEST_GITHUB = "https://github.com/emily-posse-demo"


# --- reading HTML ------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""

    @property
    def name(self) -> str:
        """The accessible name of a link: aria-label, else its visible text."""
        label = self.attrs.get("aria-label")
        return " ".join((label if label is not None else self.text).split())


@dataclass
class Page(HTMLParser):
    elements: list[Element] = field(default_factory=list)
    _open: list[Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag in ("a", "script", "title", "h1", "li"):
            self._open.append(element)

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i]
                break

    def handle_data(self, data):
        for element in self._open:
            element.text += data

    def all(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]

    def links(self, name: str | None = None, href: str | None = None) -> list[Element]:
        return [
            a
            for a in self.all("a")
            if (name is None or a.name == name)
            and (href is None or a.attrs.get("href") == href)
        ]

    def meta(self, prop: str) -> list[str]:
        return [
            e.attrs.get("content", "")
            for e in self.all("meta")
            if prop in (e.attrs.get("property"), e.attrs.get("name"))
        ]


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


# --- the builds ----------------------------------------------------------------


def _build(config: str, out: Path, cwd: Path) -> list[logging.LogRecord]:
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep(level=logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        with pytest.MonkeyPatch.context() as mp:
            # Relative POSSE_* paths resolve against the cwd: keep them out of the repo.
            mp.chdir(cwd)
            settings = read_settings(
                str(ROOT / config),
                override={
                    "PATH": str(ROOT / "content"),
                    "OUTPUT_PATH": str(out),
                    "CACHE_CONTENT": False,
                    "LOAD_CONTENT_CACHE": False,
                },
            )
            Pelican(settings=settings).run()
    finally:
        root.removeHandler(handler)
    return records


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> tuple[Path, list[logging.LogRecord]]:
    base = tmp_path_factory.mktemp("demo-local")
    out = base / "output"
    return out, _build("pelicanconf.py", out, base)


@pytest.fixture(scope="module")
def site(local) -> Path:
    return local[0]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("demo-publish")
    out = base / "output"
    _build("publishconf.py", out, base)
    return out


def html_files(out: Path) -> list[Path]:
    return sorted(out.rglob("*.html"))


# --- what a reader finds -----------------------------------------------------


def test_every_published_article_is_on_the_index_with_its_page(site):
    index = parse(site / "index.html")
    listed = {a.attrs["href"] for a in index.all("a")}
    for path, (title, lang) in LISTED.items():
        page = parse(site / path)
        assert page.all("h1")[0].text.strip() == title
        assert page.all("html")[0].attrs["lang"] == lang
        assert "/" + path.removesuffix("index.html") in listed, path


def test_the_english_article_is_marked_english_in_the_japanese_index(site):
    index = parse(site / "index.html")
    items = [li for li in index.all("li") if "plain links" in li.text]
    assert items
    assert items[0].attrs.get("lang") == "en"


def test_draft_and_hidden_articles_are_not_listed_anywhere(site):
    for path in html_files(site):
        if path.parts[-3:-1] == ("posts", "seminar-shiryo") or "drafts" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert DRAFT_TITLE not in text, path
        assert HIDDEN_TITLE not in text, path
        assert "seminar-shiryo" not in text, path
    # ...yet the hidden page is there for whoever has its link.
    assert HIDDEN_TITLE in (site / HIDDEN).read_text(encoding="utf-8")
    assert not (site / "posts" / "draft-jigyo-shokei").exists()


def test_japanese_article_has_japanese_follow_buttons_in_order(site):
    page = parse(site / "posts/jigyo-keikaku/index.html")
    names = [a.name for a in page.all("a") if a.name.endswith("でフォロー")]
    assert names == ["X でフォロー", "Facebook でフォロー", "note でフォロー"]
    (x,) = page.links("X でフォロー")
    assert x.attrs["href"] == FOLLOW_X
    assert "me" in x.attrs["rel"].split()
    (fb,) = page.links("Facebook でフォロー")
    assert fb.attrs["href"] == "https://www.facebook.com/posse.demo.jp"
    assert not page.links("Follow on X")


def test_english_article_has_english_follow_buttons(site):
    page = parse(site / "posts/links-not-widgets/en/index.html")
    assert [a.attrs["href"] for a in page.links("Follow on X")] == [FOLLOW_X]
    assert len(page.links("Follow on Facebook")) == 1
    assert not [a for a in page.all("a") if "でフォロー" in a.name]


@pytest.mark.parametrize("path", [*LISTED, TRANSLATION])
def test_bar_and_card_appear_once_with_the_demo_theme(site, path):
    text = (site / path).read_text(encoding="utf-8")
    # The theme includes the partials itself: posse must not insert them again.
    assert text.count(FOLLOW_X) == 1
    page = parse(site / path)
    linkedin = page.links(href=OWNER_LINKEDIN) + page.links(href=GUEST_LINKEDIN)
    assert linkedin, "no author card"
    assert len({a.attrs["href"] for a in linkedin}) == len(linkedin)


def test_the_bar_comes_after_the_article_and_the_card_last(site):
    text = (site / "posts/jigyo-keikaku/index.html").read_text(encoding="utf-8")
    text = text[text.index("<body") :]
    body_end = text.index("まず A4 一枚に")
    assert body_end < text.index(FOLLOW_X) < text.index(OWNER_LINKEDIN)


def test_guest_author_card_shows_the_guests_accounts_not_the_owners(site):
    page = parse(site / "posts/links-not-widgets/en/index.html")
    assert page.links(href=GUEST_GITHUB)
    assert not page.links(href=OWNER_LINKEDIN)
    # The follow bar is the site's: it still follows the owner.
    assert page.links(href=FOLLOW_X)


def test_co_written_translation_shows_both_authors(site):
    page = parse(site / TRANSLATION)
    assert page.links(href=OWNER_LINKEDIN)
    assert page.links(href=GUEST_GITHUB)


def test_translations_link_to_each_other(site):
    ja = parse(site / "posts/hojokin-checklist/index.html")
    (to_en,) = [a for a in ja.all("a") if a.attrs.get("hreflang") == "en"]
    assert to_en.attrs["href"] == "/posts/hojokin-checklist/en/"
    en = parse(site / TRANSLATION)
    assert en.all("html")[0].attrs["lang"] == "en"
    (to_ja,) = [a for a in en.all("a") if a.attrs.get("hreflang") == "ja"]
    assert to_ja.attrs["href"] == "/posts/hojokin-checklist/"


def test_tag_pages_list_their_articles(site):
    tag = parse(site / "tag" / "補助金" / "index.html")
    hrefs = {a.attrs["href"] for a in tag.all("a")}
    assert "/posts/hojokin-checklist/" in hrefs
    assert "/posts/jigyo-keikaku/" in hrefs
    assert "/posts/dx-saas-tanaoroshi/" not in hrefs


def test_no_script_but_json_ld_and_nothing_from_another_site(site, published):
    for out, own in ((site, ""), (published, SITEURL)):
        for path in html_files(out):
            page = parse(path)
            for script in page.all("script"):
                assert script.attrs.get("type") == "application/ld+json", path
                assert "src" not in script.attrs, path
            for e in page.elements:
                urls = [e.attrs.get("src")]
                if e.tag == "link" and e.attrs.get("rel") in ("stylesheet", "icon"):
                    urls.append(e.attrs.get("href"))
                srcset = e.attrs.get("srcset", "")
                urls += [u.split()[0] for u in srcset.split(",") if u.strip()]
                for url in filter(None, urls):
                    host = urlsplit(urljoin(own + "/", url)).netloc
                    assert host in ("", urlsplit(own).netloc), (path, url)
            assert not page.all("iframe"), path


def test_every_internal_link_and_asset_resolves(site):
    missing = set()
    for path in html_files(site):
        for e in parse(path).elements:
            for attr in ("href", "src"):
                url = e.attrs.get(attr, "")
                if not url.startswith("/") or url.startswith("//"):
                    continue
                target = site / unquote(urlsplit(url).path).lstrip("/")
                if target.is_dir():
                    target /= "index.html"
                if not target.exists():
                    missing.add((path.relative_to(site).as_posix(), url))
    assert not missing


def test_skip_link_and_landmarks(site):
    page = parse(site / "posts/jigyo-keikaku/index.html")
    skip = page.all("a")[0]
    assert skip.name == "本文へスキップ"
    assert skip.attrs["href"] == "#main"
    assert page.all("main", id="main")
    assert page.all("header") and page.all("nav") and page.all("footer")
    en = parse(site / "posts/links-not-widgets/en/index.html")
    assert en.all("a")[0].name == "Skip to content"


def test_local_build_has_no_relative_og_url_and_posse_reports_no_problem(local):
    out, records = local
    page = parse(out / "posts/jigyo-keikaku/index.html")
    assert all(u.startswith("https://") for u in page.meta("og:url"))
    assert page.meta("og:title") == [LISTED["posts/jigyo-keikaku/index.html"][0]]
    problems = [
        r.getMessage()
        for r in records
        if r.levelno >= logging.WARNING and r.getMessage().startswith("posse:")
    ]
    assert not problems


def test_published_article_has_a_large_link_card(published):
    page = parse(published / "posts/jigyo-keikaku/index.html")
    assert page.meta("og:url") == [f"{SITEURL}/posts/jigyo-keikaku/"]
    canonical = [e.attrs["href"] for e in page.all("link", rel="canonical")]
    assert canonical == [f"{SITEURL}/posts/jigyo-keikaku/"]
    assert page.meta("og:image") == [f"{SITEURL}/images/jigyo-keikaku.jpg"]
    assert page.meta("twitter:card") == ["summary_large_image"]
    assert page.meta("twitter:site") == ["@posse_demo"]
    (description,) = page.meta("og:description")
    # The long article has no Summary: the cut must still be short and clean.
    assert 0 < len(description) <= 200
    assert "<" not in description
    # The hook that reports what clients say is passed over for the point.
    assert description.startswith("事業計画書の本当の役割は、")
    # The card image is a real 1200x630 JPEG in the output.
    image = published / "images/jigyo-keikaku.jpg"
    assert image.read_bytes()[:3] == b"\xff\xd8\xff"


def test_published_article_has_a_share_row_before_the_follow_bar(published):
    page = parse(published / "posts/jigyo-keikaku/index.html")
    names = [a.name for a in page.all("a")]
    shares = [
        "X でポスト",
        "Facebook でシェア",
        "LINE で送る",
        "はてなブックマークに追加",
    ]
    assert [n for n in names if n in shares] == shares
    assert names.index("はてなブックマークに追加") < names.index("X でフォロー")
    (line,) = page.links("LINE で送る")
    href = urlsplit(line.attrs["href"])
    assert href._replace(query="").geturl() == (
        "https://social-plugins.line.me/lineit/share"
    )
    # LINE receives the article's address, however the query spells it.
    assert parse_qs(href.query) == {"url": [f"{SITEURL}/posts/jigyo-keikaku/"]}


def test_article_without_image_gets_its_card_picture(published):
    page = parse(published / "posts/dx-saas-tanaoroshi/index.html")
    (image,) = page.meta("og:image")
    assert re.fullmatch(rf"{re.escape(SITEURL)}/posse/cards/[0-9a-f]{{16}}\.png", image)
    assert (published / image.removeprefix(f"{SITEURL}/")).is_file()
    assert page.meta("twitter:card") == ["summary_large_image"]
    (description,) = page.meta("og:description")
    assert description.startswith("DXは大きなシステム投資から始める必要はありません。")


def test_hidden_article_is_not_in_the_feed(published):
    feeds = list((published / "feeds").glob("*.xml"))
    assert feeds
    for feed in feeds:
        text = feed.read_text(encoding="utf-8")
        assert "jigyo-keikaku" in text
        assert "seminar-shiryo" not in text
        assert not re.search(r"draft-jigyo-shokei", text)


def test_dates_read_naturally_in_each_language(site):
    # No zero padding: 「2026年10月6日」, "November 3, 2026".
    ja = (site / "posts/jigyo-keikaku/index.html").read_text(encoding="utf-8")
    en = (site / "posts/links-not-widgets/en/index.html").read_text(encoding="utf-8")
    assert ">2026年10月6日</time>" in ja
    assert ">November 3, 2026</time>" in en
