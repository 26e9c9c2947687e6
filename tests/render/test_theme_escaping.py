"""The demo theme with hostile metadata: every plain-text value stays text.

Pelican's convention: `title`, `summary` and the content are HTML; every other
metadata value (lang, image, category, tags, authors, slug, url, date_format,
custom fields) is plain text, and Jinja does not escape it unless the template
says so. This builds the demo blog's settings and theme over articles whose
plain-text metadata is hostile, and reads every page with an HTML parser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from tests.conftest import ROOT

QUOTE = '" onerror="alert(1)'
SCRIPT = "<script>alert(1)</script>"
TAG = "'><img src=x onerror=alert(1)>"
HOSTILE = (QUOTE, SCRIPT, TAG)
# HTML for a title (Pelican's convention) that shows markup as text; |striptags
# un-escapes it, so a <title> or an attribute that strips tags must escape again.
SHOWN_MARKUP = "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
# A tag, category and author only a hidden article has: shown, but not linked.
ALONE = "<script>alert(2)</script>"

ARTICLES = {
    # The original of a translated set (its slug is shared, its lang the default).
    "original": {
        "Title": "Original",
        "Date": "2026-01-01 09:00",
        "Modified": "2026-01-02 09:00",
        "Slug": "shared",
        "Lang": "ja",
        "Category": SCRIPT,
        "Tags": f"{QUOTE}, {SCRIPT}, {TAG}",
        "Authors": f"{QUOTE}, {TAG}",
        "Image": QUOTE,
        "Date_Format": SCRIPT,
        "Summary": QUOTE,
        "Description": TAG,
        "Posse_x": SCRIPT,
        "Posse_text": TAG,
        "Posse_id": QUOTE,
        "Posse_facebook": QUOTE,
    },
    # Its translations, in hostile languages.
    "translation": {
        "Title": "Translation",
        "Date": "2026-01-03 09:00",
        "Slug": "shared",
        "Lang": TAG,
        "Category": TAG,
        "Tags": SCRIPT,
        "Author": SCRIPT,
        "Image": TAG,
        "Date_Format": TAG,
        "Posse_mastodon": TAG,
        "Posse_bluesky": SCRIPT,
    },
    "translation-2": {
        "Title": "Translation 2",
        "Date": "2026-01-03 10:00",
        "Slug": "shared",
        "Lang": QUOTE,
        "Summary": QUOTE,
    },
    # Alone in a hostile language, at a hostile URL.
    "stranger": {
        "Title": f"Stranger {SHOWN_MARKUP}",
        "Date": "2026-01-04 09:00",
        "Lang": QUOTE,
        "Category": QUOTE,
        "Tags": TAG,
        "Author": QUOTE,
        "Image": SCRIPT,
        "Date_Format": QUOTE,
        "Url": f"posts/{QUOTE}/",
        "Save_as": "posts/stranger/index.html",
    },
    # A hostile slug, hence a hostile URL (ARTICLE_URL is posts/{slug}/).
    "slugged": {
        "Title": "Slugged",
        "Date": "2026-01-05 09:00",
        "Slug": TAG,
        "Lang": SCRIPT,
        "Category": TAG,
        "Author": SCRIPT,
        "Image": f"https://example.com/{TAG}",
    },
    "hidden": {
        "Title": "Hidden",
        "Date": "2026-01-06 09:00",
        "Status": "hidden",
        "Category": ALONE,
        "Tags": ALONE,
        "Author": ALONE,
    },
}
PAGE = {"Title": f"About {SHOWN_MARKUP}", "Slug": QUOTE, "Lang": QUOTE}


def write(path: Path, meta: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"{key}: {value}" for key, value in meta.items()]
    path.write_text("\n".join(lines) + "\n\nBody.\n", encoding="utf-8")


# --- reading HTML ------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: list[tuple[str, str | None]]
    text: str = ""


@dataclass
class Page(HTMLParser):
    elements: list[Element] = field(default_factory=list)
    text: str = ""
    _scripts: list[Element] = field(default_factory=list)

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs)
        self.elements.append(element)
        if tag == "script":
            self._scripts.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(Element(tag, attrs))

    def handle_endtag(self, tag):
        if tag == "script" and self._scripts:
            self._scripts.pop()

    def handle_data(self, data):
        if self._scripts:
            self._scripts[-1].text += data
        else:
            self.text += data

    def attr(self, tag: str, name: str) -> list[str]:
        return [
            value or ""
            for e in self.elements
            if e.tag == tag
            for key, value in e.attrs
            if key == name
        ]


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


# --- the builds ----------------------------------------------------------------


@pytest.fixture(scope="module", params=["pelicanconf.py", "publishconf.py"])
def pages(request, tmp_path_factory) -> dict[str, Page]:
    base = tmp_path_factory.mktemp("hostile")
    for name, meta in ARTICLES.items():
        write(base / "content" / f"{name}.md", meta)
    write(base / "content" / "pages" / "about.md", PAGE)
    out = base / "output"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(base)
        settings = read_settings(
            str(ROOT / request.param),
            override={
                "PATH": str(base / "content"),
                "OUTPUT_PATH": str(out),
                "CACHE_CONTENT": False,
                "LOAD_CONTENT_CACHE": False,
            },
        )
        Pelican(settings=settings).run()
    files = sorted(out.rglob("*.html"))
    assert len(files) > 10
    return {str(path.relative_to(out)): parse(path) for path in files}


def test_no_page_gains_an_event_handler_or_a_script(pages):
    for path, page in pages.items():
        for e in page.elements:
            names = [key for key, _ in e.attrs]
            assert not [n for n in names if n.startswith("on")], (path, e)
            assert e.tag != "img" or "x" not in dict(e.attrs).values(), (path, e)
            if e.tag == "script":
                assert dict(e.attrs).get("type") == "application/ld+json", (path, e)
                json.loads(e.text)


def test_every_hostile_value_is_shown_as_text(pages):
    # Each is a tag, a category and an author name.
    for listing, prefix in (("tags", "#"), ("categories", ""), ("authors", "")):
        text = pages[f"{listing}/index.html"].text
        for value in HOSTILE:
            assert prefix + value in text, (listing, value)
    tag_pages = "".join(t.text for p, t in pages.items() if p.startswith("tag/"))
    for value in HOSTILE:
        assert value in tag_pages, value  # a tag page's heading
    original = pages["posts/shared/index.html"].text
    assert SCRIPT in original  # its Date_Format, hence its dates
    assert "#" + TAG in original  # a tag
    assert TAG in original  # its translation's language, named as it is
    hidden = pages["posts/hidden/index.html"].text
    assert "#" + ALONE in hidden  # its tag, not linked; its category and author too
    # A title that shows markup: the page's <title> shows it as text.
    shown = "</title><script>alert(1)</script>"
    assert "Stranger " + shown in pages["posts/stranger/index.html"].text
    assert "About " + shown in pages[f"{QUOTE}/{QUOTE}/index.html"].text


def test_hostile_languages_stay_attribute_values(pages):
    langs = {lang for page in pages.values() for lang in page.attr("html", "lang")}
    # The translation, the stranger and the slugged article are in hostile
    # languages; so is the page.
    assert {QUOTE, TAG, SCRIPT} <= langs
    hreflangs = {v for page in pages.values() for v in page.attr("a", "hreflang")}
    assert {TAG, QUOTE} <= hreflangs


def test_hostile_image_and_urls_stay_attribute_values(pages):
    srcs = {src for page in pages.values() for src in page.attr("img", "src")}
    assert any(src.endswith("/" + QUOTE) for src in srcs), srcs
    assert f"https://example.com/{TAG}" in srcs
    hrefs = {h for page in pages.values() for h in page.attr("a", "href")}
    assert any(h.endswith(f"posts/{QUOTE}/") for h in hrefs)
    # Not in the default language, the slugged article and the page live under
    # their language (ARTICLE_LANG_URL, PAGE_LANG_URL).
    assert any(h.endswith(f"posts/{TAG}/{SCRIPT}/") for h in hrefs)
    assert any(h.endswith(f"/{QUOTE}/{QUOTE}/") for h in hrefs)
