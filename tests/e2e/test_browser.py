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
import struct
import threading
import zlib
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
def blog_in_a_folder(tmp_path_factory):
    """The demo in Pelican's `simple` theme (posse.css draws the icons), built
    for production at http://127.0.0.1:PORT/blog/ with the share row on."""
    from pelican import Pelican
    from pelican.settings import read_settings

    tmp = tmp_path_factory.mktemp("browser-blog")
    (tmp / "root" / "blog").mkdir(parents=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(tmp / "root"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    siteurl = f"http://127.0.0.1:{server.server_address[1]}/blog"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp)
        settings = read_settings(
            str(ROOT / "publishconf.py"),
            override={
                "PATH": str(ROOT / "content"),
                "OUTPUT_PATH": str(tmp / "root" / "blog"),
                "SITEURL": siteurl,
                "FEED_DOMAIN": siteurl,
                "THEME": "simple",
                "DELETE_OUTPUT_DIRECTORY": False,
                "CACHE_CONTENT": False,
                "LOAD_CONTENT_CACHE": False,
            },
        )
        Pelican(settings=settings).run()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield siteurl.removesuffix("/blog")
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


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """(width, height, RGBA rows) of an 8-bit, non-interlaced PNG (Chromium's)."""
    width, height, depth, kind = struct.unpack(">IIBB", png[16:26])
    assert depth == 8 and kind in (2, 6), (depth, kind)
    channels = 4 if kind == 6 else 3
    data, at = b"", 8
    while at < len(png):
        (size,) = struct.unpack(">I", png[at : at + 4])
        if png[at + 4 : at + 8] == b"IDAT":
            data += png[at + 8 : at + 8 + size]
        at += 12 + size
    raw, stride, rows, previous = zlib.decompress(data), width * channels, [], None
    for y in range(height):
        kind_of_filter = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        up = previous or bytearray(stride)
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            corner = up[i - channels] if i >= channels else 0
            if kind_of_filter == 1:
                line[i] = (line[i] + left) & 255
            elif kind_of_filter == 2:
                line[i] = (line[i] + up[i]) & 255
            elif kind_of_filter == 3:
                line[i] = (line[i] + (left + up[i]) // 2) & 255
            elif kind_of_filter == 4:
                p = left + up[i] - corner
                pa, pb, pc = abs(p - left), abs(p - up[i]), abs(p - corner)
                best = left if pa <= pb and pa <= pc else up[i] if pb <= pc else corner
                line[i] = (line[i] + best) & 255
        rows.append(bytes(line))
        previous = line
    if channels == 3:
        rows = [
            b"".join(r[i : i + 3] + b"\xff" for i in range(0, len(r), 3)) for r in rows
        ]
    return width, height, rows


def _largest_difference(a: bytes, b: bytes) -> int:
    """The largest difference of one colour channel between two screenshots."""
    wa, ha, ra = _pixels(a)
    wb, hb, rb = _pixels(b)
    assert (wa, ha) == (wb, hb)
    return max(
        abs(x - y) for row_a, row_b in zip(ra, rb, strict=True)
        for x, y in zip(row_a, row_b, strict=True)
    )  # fmt: skip


# Where each posse link's icon (its ::before) is, in the viewport, after
# scrolling posse's pieces into it; one pixel of margin around each icon.
_ICON_BOXES = """() => {
  const first = document.querySelector('.posse');
  window.scrollTo(0, first.getBoundingClientRect().top + scrollY - 8);
  return [...document.querySelectorAll('.posse .posse-links a')].map(a => {
    const r = a.getBoundingClientRect(), s = getComputedStyle(a);
    const icon = getComputedStyle(a, '::before');
    const w = parseFloat(icon.width) || 0, h = parseFloat(icon.height) || 0;
    const left = parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft);
    return {network: a.className, drawn: icon.content !== 'none',
      x: Math.floor(r.left + left) - 1,
      y: Math.floor(r.top + (r.height - h) / 2) - 1,
      width: Math.ceil(w) + 2, height: Math.ceil(h) + 2};
  });
}"""


def _icons_seen(page) -> dict[str, tuple[int, int]]:
    """{link class: (difference from no icon, difference from a plain square)}.

    Each icon is photographed as shown, with its ::before hidden, and with its
    mask removed (a filled square): a visible icon differs clearly from both.
    A difference is the largest change of one colour channel (0-255)."""
    boxes = page.evaluate(_ICON_BOXES)
    assert boxes and all(b["drawn"] for b in boxes), boxes

    def shots() -> list[bytes]:
        keys = ("x", "y", "width", "height")
        return [page.screenshot(clip={k: b[k] for k in keys}) for b in boxes]

    shown = shots()
    style = page.add_style_tag(content=".posse a::before{visibility:hidden}")
    without = shots()
    style.evaluate("e => e.remove()")
    style = page.add_style_tag(
        content=".posse a::before{-webkit-mask-image:none!important;"
        "mask-image:none!important}"
    )
    square = shots()
    style.evaluate("e => e.remove()")
    return {
        b["network"]: (
            _largest_difference(shown[i], without[i]),
            _largest_difference(shown[i], square[i]),
        )
        for i, b in enumerate(boxes)
    }


MODES = {
    "light": {"color_scheme": "light"},
    "dark": {"color_scheme": "dark"},
    "high-contrast": {"color_scheme": "light", "forced_colors": "active"},
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("site", ["demo theme", "simple theme in /blog/"])
def test_every_posse_link_shows_its_network_icon(
    browser, base_url, blog_in_a_folder, site, mode
):
    # The icons are not in the page: each link's class names its network and a
    # same-origin stylesheet paints that network's icon in the text colour (the
    # demo theme's own rules; posse.css in `simple`). High contrast mode forces
    # colours, so the icon must take the link colour the reader chose.
    root, path = (
        (base_url, ARTICLE)
        if site == "demo theme"
        else (blog_in_a_folder, "/blog" + ARTICLE)
    )
    viewport = {"width": 800, "height": 1200}  # all of posse's pieces at once
    context = browser.new_context(viewport=viewport, **MODES[mode])
    fetched, foreign = [], []

    def only_loopback(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            fetched.append(urlsplit(route.request.url).path)
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    page.goto(root + path, wait_until="networkidle")
    seen = _icons_seen(page)
    expected = {"posse-x", "posse-facebook", "posse-note", "posse-mastodon"}
    if site != "demo theme":
        expected |= {"posse-line", "posse-hatena"}  # the share row
    assert expected <= set(seen), seen
    for network, (against_none, against_square) in seen.items():
        assert against_none >= 96, (network, against_none)  # clearly visible
        assert against_square >= 96, (network, against_square)  # a shape
        name = network.removeprefix("posse-")
        assert any(p.endswith(f"/posse/icons/{name}.svg") for p in fetched), name
    if site != "demo theme":
        assert all(p.startswith("/blog/") for p in fetched), fetched
    assert not failed and not foreign, (failed, foreign)
    context.close()
