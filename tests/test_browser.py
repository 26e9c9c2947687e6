"""The demo blog in a real browser: headless Debian Chromium driven by Playwright.

The demo is built into a temporary folder and served on 127.0.0.1; any request
to another host is refused and reported. Outside CI a machine without Chromium
skips these tests; with CI=true they fail instead, so CI can never go green
without having run them.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTICLE = "/posts/jigyo-keikaku/"
FOLLOW = {
    "X でフォロー": "https://x.com/intent/follow?screen_name=posse_demo",
    "Facebook でフォロー": "https://www.facebook.com/posse.demo.jp",
    "note でフォロー": "https://note.com/posse_demo",
}
# Pages a reader opens on a phone; the DX one carries a long bare URL.
NARROW_PAGES = [
    "/",
    ARTICLE,
    "/posts/dx-saas-tanaoroshi/",
    "/posts/links-not-widgets/en/",
    "/posts/hojokin-checklist/en/",
    "/archives/",
]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = f"{CHROMIUM} is missing (Debian: apt-get install chromium)"
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail(message + "; CI must run the browser test", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    from pelican import Pelican
    from pelican.settings import read_settings

    tmp = tmp_path_factory.mktemp("browser")
    out = tmp / "output"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp)
        settings = read_settings(
            str(ROOT / "pelicanconf.py"),
            override={"OUTPUT_PATH": str(out), "CACHE_CONTENT": False},
        )
        Pelican(settings=settings).run()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep pytest's output readable
            pass

    handler = functools.partial(Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # executable_path: Playwright never looks for (nor downloads) its own build.
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, base_url):
    """open_page(path, **context options) -> page; fails on any foreign request."""
    pages, foreign = [], []

    def block_foreign(route):
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    def opener(path, **options):
        context = browser.new_context(**options)
        context.route("**/*", block_foreign)
        page = context.new_page()
        response = page.goto(base_url + path)
        assert response is not None and response.ok, path
        pages.append(context)
        return page

    yield opener
    for context in pages:
        context.close()
    assert not foreign, f"requests to other sites: {foreign}"


def test_follow_buttons_are_visible_with_japanese_names(open_page):
    page = open_page(ARTICLE)
    for name, href in FOLLOW.items():
        link = page.get_by_role("link", name=name, exact=True)
        assert link.count() == 1, name
        assert link.is_visible(), name
        assert link.get_attribute("href") == href
        box = link.bounding_box()
        # Big enough to hit with a thumb (WCAG 2.5.8 asks 24 px; we give 44).
        assert box["height"] >= 44, (name, box)
    bar = page.get_by_role("complementary", name="フォローはこちら")
    assert bar.is_visible()


def test_author_card_links_are_named_in_japanese(open_page):
    page = open_page(ARTICLE)
    assert page.get_by_text("この記事を書いた人", exact=True).is_visible()
    link = page.get_by_role("link", name="Mastodon の 山田 花子", exact=True)
    assert link.is_visible()
    assert link.get_attribute("href") == "https://mastodon.example/@posse_demo"
    assert "me" in link.get_attribute("rel").split()


def test_english_article_has_english_names(open_page):
    page = open_page("/posts/links-not-widgets/en/")
    link = page.get_by_role("link", name="Follow on X", exact=True)
    assert link.is_visible()
    assert link.get_attribute("href") == FOLLOW["X でフォロー"]
    assert page.get_by_role("link", name="X でフォロー").count() == 0


def test_keyboard_reaches_the_skip_link_and_focus_is_visible(open_page):
    page = open_page(ARTICLE)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
        " return {text: e.textContent.trim(), top: r.top, bottom: r.bottom,"
        " outline: getComputedStyle(e).outlineStyle}; }"
    )
    assert focused["text"] == "本文へスキップ"
    assert focused["top"] >= 0 and focused["bottom"] > focused["top"]
    assert focused["outline"] != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    link = page.get_by_role("link", name="X でフォロー", exact=True)
    link.focus()
    assert link.evaluate("e => getComputedStyle(e).outlineStyle") != "none"


@pytest.mark.parametrize("path", NARROW_PAGES)
def test_nothing_overflows_at_320_px(open_page, path):
    page = open_page(path, viewport={"width": 320, "height": 640})
    widths = page.evaluate(
        "() => ({doc: document.documentElement.scrollWidth, view: innerWidth,"
        " wide: [...document.querySelectorAll('body *')]"
        "   .filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
        "   .map(e => e.tagName + '.' + e.className).slice(0, 5)})"
    )
    assert widths["doc"] <= widths["view"], widths
    assert not widths["wide"], widths


# axe takes seconds a page: the article in both schemes, two other layouts once.
@pytest.mark.parametrize(
    ("path", "scheme"),
    [
        (ARTICLE, "light"),
        (ARTICLE, "dark"),
        ("/", "dark"),
        ("/posts/hojokin-checklist/en/", "light"),
    ],
)
def test_axe_finds_no_serious_violation(open_page, path, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(path, color_scheme=scheme)
    results = Axe().run(page)
    serious = [
        (v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious


@pytest.mark.parametrize(("ci", "outcome"), [("true", "fail"), (None, "skip")])
def test_missing_chromium_fails_in_ci_and_skips_elsewhere(
    monkeypatch, tmp_path, ci, outcome
):
    monkeypatch.setattr(f"{__name__}.CHROMIUM", tmp_path / "no-chromium")
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    expected = pytest.fail.Exception if outcome == "fail" else pytest.skip.Exception
    with pytest.raises(expected, match="no-chromium"):
        _require_chromium()
