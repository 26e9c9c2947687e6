"""The share row: built sites, read as a reader gets them, every link decoded.

The demo blog is built for production (absolute SITEURL) with every share network;
each link's title and URL are decoded and compared with the article's exactly. A
small site with a hostile title in Pelican's default theme shows the row is
escaped and script-free in a theme that knows nothing of posse.
"""

from __future__ import annotations

import logging
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pelican import Pelican
from pelican.settings import read_settings

from pelican.plugins.posse.labels import BUILTIN
from pelican.plugins.posse.render import share
from tests.conftest import ROOT

SITEURL = "https://posse-demo.example.jp"
ALL = ["x", "facebook", "line", "hatena", "bluesky", "threads", "linkedin", "email"]
JA_TITLE = "事業計画書は「社長の頭の中」を言葉にする道具です"
JA_PAGE = "posts/jigyo-keikaku/index.html"
JA_URL = f"{SITEURL}/posts/jigyo-keikaku/"
EN_PAGE = "posts/links-not-widgets/en/index.html"
EN_TITLE = "Why this blog uses plain links instead of social widgets"
EN_URL = f"{SITEURL}/posts/links-not-widgets/en/"
HOSTILE = 'Tom & Jerry\'s "best" <b>x</b> 100% #1 ?a=b&c=d 🍣'


class Row(HTMLParser):
    """The share row's aside, its heading and each link (href, visible text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.aside: dict[str, str] | None = None
        self.links: list[tuple[str, str]] = []
        self.scripts = 0
        self._inside = 0
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "script" and values.get("type") != "application/ld+json":
            self.scripts += 1  # JSON-LD metadata is data, not a script
        if tag == "aside" and "posse-share" in values.get("class", ""):
            self.aside = values
            self._inside = 1
        elif self._inside and tag == "aside":
            self._inside += 1
        if self._inside and tag == "a":
            self._href, self._text = values.get("href", ""), ""

    def handle_endtag(self, tag):
        if self._inside and tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join(self._text.split())))
            self._href = None
        if self._inside and tag == "aside":
            self._inside -= 1

    def handle_data(self, data):
        if self._href is not None:
            self._text += data


def read_row(path: Path) -> Row:
    row = Row()
    row.feed(path.read_text(encoding="utf-8"))
    return row


def build(out: Path, cwd: Path, config: str | None = None, **override) -> list[str]:
    """Build into ``out``; return the log messages."""
    messages: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    handler = Keep(level=logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    # posse's INFO lines are what `pelican -v` shows. setLevel(), not assigning
    # .level: only setLevel() clears the answers logging caches per logger, and
    # an earlier build may have cached "INFO is off" for posse's loggers.
    posse_log = logging.getLogger("pelican.plugins.posse")
    level = posse_log.level
    posse_log.setLevel(logging.INFO)
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.chdir(cwd)
            settings = read_settings(
                str(ROOT / config) if config else None,
                override={
                    "OUTPUT_PATH": str(out),
                    "CACHE_CONTENT": False,
                    "LOAD_CONTENT_CACHE": False,
                    **override,
                },
            )
            Pelican(settings=settings).run()
    finally:
        root.removeHandler(handler)
        posse_log.setLevel(level)
    return messages


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("share-demo")
    out = base / "output"
    build(out, base, "publishconf.py", PATH=str(ROOT / "content"), POSSE_SHARE=ALL)
    return out


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, list[str]]:
    base = tmp_path_factory.mktemp("share-hostile")
    content = base / "content"
    content.mkdir()
    (content / "hostile.md").write_text(
        f"Title: {HOSTILE}\nDate: 2026-11-01\nSlug: hostile\nLang: en\n\nBody.\n",
        encoding="utf-8",
    )
    out = base / "output"
    messages = build(
        out,
        base,
        PATH=str(content),
        SITEURL=SITEURL,
        PLUGINS=["pelican.plugins.posse"],
        POSSE_SHARE=["x", "email", "hatena", "tiktok"],
        ARTICLE_URL="記事/{slug}/",
        ARTICLE_SAVE_AS="記事/{slug}/index.html",
    )
    return out, messages


def decoded(href: str) -> tuple[str, dict[str, str]]:
    """(scheme+host+path, {param: value}) with every value percent-decoded."""
    parts = urlsplit(href)
    params = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    return f"{parts.scheme}://{parts.netloc}{parts.path}", params


def check_link(network: str, href: str, title: str, url: str) -> None:
    base, params = decoded(href)
    if network == "x":
        assert base == "https://x.com/intent/post"
        assert params["text"] == title
        assert params["url"] == url
        assert params["via"] == "posse_demo"  # the site's X account
    elif network == "facebook":
        assert base == "https://www.facebook.com/sharer/sharer.php"
        assert params == {"u": url}
    elif network == "line":
        assert base == "https://social-plugins.line.me/lineit/share"
        assert params == {"url": url}
    elif network == "hatena":
        assert href.startswith("https://b.hatena.ne.jp/entry/s/")
        rest = href.removeprefix("https://b.hatena.ne.jp/entry/s/")
        assert "https://" + unquote(rest) == url
    elif network == "bluesky":
        assert base == "https://bsky.app/intent/compose"
        assert params == {"text": f"{title} {url}"}
    elif network == "threads":
        assert base == "https://www.threads.com/intent/post"
        assert params == {"text": title, "url": url}
    elif network == "linkedin":
        assert base == "https://www.linkedin.com/sharing/share-offsite/"
        assert params == {"url": url}
    elif network == "email":
        assert href.startswith("mailto:?")
        mail = parse_qs(href.removeprefix("mailto:?"))
        assert mail == {"subject": [title], "body": [url]}
    else:  # pragma: no cover
        raise AssertionError(network)


def test_japanese_title_and_url_survive_every_share_link(demo):
    row = read_row(demo / JA_PAGE)
    assert row.aside is not None
    assert [text for _, text in row.links] == [
        BUILTIN["ja"][f"share_{name}"] for name in ALL
    ]
    for name, (href, _) in zip(ALL, row.links, strict=True):
        check_link(name, href, JA_TITLE, JA_URL)


def test_japanese_labels_read_naturally(demo):
    row = read_row(demo / JA_PAGE)
    assert row.aside["aria-label"] == "この記事をシェアする"
    assert row.aside["lang"] == "ja"
    texts = [text for _, text in row.links]
    assert texts[:4] == [
        "X でポスト",
        "Facebook でシェア",
        "LINE で送る",
        "はてなブックマークに追加",
    ]


def test_an_english_article_gets_english_labels_and_its_own_url(demo):
    row = read_row(demo / EN_PAGE)
    assert row.aside["aria-label"] == "Share this article"
    assert row.aside["lang"] == "en"
    assert [t for _, t in row.links][:4] == [
        "Post on X",
        "Share on Facebook",
        "Send with LINE",
        "Add to Hatena Bookmark",
    ]
    for name, (href, _) in zip(ALL, row.links, strict=True):
        check_link(name, href, EN_TITLE, EN_URL)


def test_no_script_and_no_third_party_resource_in_the_row(demo):
    html = (demo / JA_PAGE).read_text(encoding="utf-8")
    start = html.index('<aside class="posse posse-share"')
    end = html.index("</aside>", start)
    piece = html[start:end]
    assert "<script" not in piece
    # The row loads nothing: no image, frame or icon element; the site's own
    # stylesheet draws the icons (test_every_link_names_its_network_for_its_icon).
    for element in ("<img", "<iframe", "<svg", "<use", "<object", "src=", "style="):
        assert element not in piece, element


def test_a_hostile_title_is_encoded_and_escaped(hostile):
    out, _ = hostile
    page = out / "記事" / "hostile" / "index.html"
    html = page.read_text(encoding="utf-8")
    start = html.index('<aside class="posse posse-share"')
    piece = html[start : html.index("</aside>", start)]
    assert "<b>" not in piece and '"best"' not in piece
    row = read_row(page)
    assert row.scripts == 0
    title = 'Tom & Jerry\'s "best" x 100% #1 ?a=b&c=d 🍣'  # markup removed
    url = f"{SITEURL}/記事/hostile/"
    hrefs = dict(zip(["x", "email", "hatena"], [h for h, _ in row.links], strict=True))
    _, params = decoded(hrefs["x"])
    assert params["text"] == title
    assert params["url"] == url
    assert "via" not in params  # this site has no X account
    mail = parse_qs(hrefs["email"].removeprefix("mailto:?"))
    assert mail == {"subject": [title], "body": [url]}
    # Hatena gets the article's path; decoding gives the article's URL back.
    assert "https://" + unquote(hrefs["hatena"].split("/entry/s/")[1]) == url
    # What would change an address's meaning is encoded, whatever the title.
    for href in hrefs.values():
        assert not set(href) & set(" \"<>'#"), href


def test_an_unknown_network_is_reported_by_name(hostile):
    _, messages = hostile
    assert any(
        "POSSE_SHARE" in m and "'tiktok'" in m and "hatena" in m for m in messages
    )


@pytest.mark.usefixtures("fresh_log_dedup")
def test_a_local_build_has_no_share_row_and_says_so_once(tmp_path):
    out = tmp_path / "output"
    messages = build(
        out, tmp_path, "pelicanconf.py", PATH=str(ROOT / "content"), POSSE_SHARE=ALL
    )
    assert read_row(out / JA_PAGE).aside is None
    said = [m for m in messages if "POSSE_SHARE" in m and "SITEURL" in m]
    assert len(said) == 1


def test_without_posse_share_there_is_no_row(tmp_path):
    out = tmp_path / "output"
    build(out, tmp_path, "publishconf.py", PATH=str(ROOT / "content"), POSSE_SHARE=[])
    assert read_row(out / JA_PAGE).aside is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.jp/a/b/", "https://b.hatena.ne.jp/entry/s/example.jp/a/b/"),
        ("http://example.jp/a/", "https://b.hatena.ne.jp/entry/example.jp/a/"),
        # Written as it is: the browser sends it as UTF-8 (%E8%A8%98%E4%BA%8B).
        ("https://example.jp/記事/", "https://b.hatena.ne.jp/entry/s/example.jp/記事/"),
        (
            "https://example.jp/a%20b/",
            "https://b.hatena.ne.jp/entry/s/example.jp/a%20b/",
        ),
        ("https://example.jp/a/#top", "https://b.hatena.ne.jp/entry/s/example.jp/a/"),
    ],
)
def test_hatena_entry_form(url, expected):
    assert share.BUILDERS["hatena"]("t", url, None) == expected


def test_every_builder_gives_links_without_markup_or_invisible_characters():
    title = '<script>"x" & y</script>\u3000日本語\u200b\u202e+%'
    url = "https://example.jp/a?b=1&c=2"
    for name, builder in share.BUILDERS.items():
        link = builder(title, url, "me")
        assert not set(link) & set("<>\"' \\"), name
        # Spaces (U+3000 too), controls and invisible formatting characters such
        # as U+202E (which reverses the text that follows) are percent-encoded.
        assert all(unicodedata.category(ch)[0] in "LMNPS" for ch in link), name
        assert "日本語" in link or name in ("facebook", "line", "hatena", "linkedin")


@settings(max_examples=300, deadline=None)
@given(
    title=st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    path=st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=12),
)
def test_a_shared_title_and_url_decode_to_exactly_what_was_shared(title, path):
    # What the network receives is the percent-decoded value: non-ASCII kept in
    # the page is encoded by the browser as UTF-8, the same bytes as %XX here.
    url = f"{SITEURL}/{path}"
    _, params = decoded(share.BUILDERS["x"](title, url, "posse_demo"))
    assert (params["text"], params["url"]) == (title, url)
    _, params = decoded(share.BUILDERS["bluesky"](title, url, None))
    assert params["text"] == f"{title} {url}"
    mail = parse_qs(
        share.BUILDERS["email"](title, url, None).removeprefix("mailto:?"),
        keep_blank_values=True,
    )
    assert (mail["subject"], mail["body"]) == ([title], [url])


def test_every_link_names_its_network_for_its_icon(demo):
    # The demo theme styles posse itself: its stylesheet draws each network's
    # icon from a file posse writes into the site.
    html = (demo / JA_PAGE).read_text(encoding="utf-8")
    start = html.index('<aside class="posse posse-share"')
    piece = html[start : html.index("</aside>", start)]
    classes = [c.split('"')[0] for c in piece.split('<a class="')[1:]]
    assert classes == [f"posse-{n}" for n in ALL]
    css = (demo / "theme" / "css" / "style.css").read_text(encoding="utf-8")
    for name in ALL:
        rule = css.split(f".posse-{name}::before {{", 1)[1].split("}", 1)[0]
        icon = rule.split('mask-image: url("', 1)[1].split('"', 1)[0]
        assert (demo / "theme" / "css" / icon).resolve().is_file(), icon


# --- in a real browser: the published demo served on loopback ---------------------

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The demo built for production with SITEURL = the loopback server's address."""
    import functools
    import http.server
    import threading

    base = tmp_path_factory.mktemp("share-browser")
    out = base / "output"
    out.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    build(
        out,
        base,
        "publishconf.py",
        PATH=str(ROOT / "content"),
        SITEURL=url,
        POSSE_SHARE=ALL,
        DELETE_OUTPUT_DIRECTORY=False,
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def chromium():
    import os

    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (Debian: apt-get install chromium)"
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(message + "; CI must run the browser test", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_row_in_a_browser_names_its_links_and_loads_nothing_foreign(
    chromium, served, scheme
):
    from axe_playwright_python.sync_playwright import Axe

    foreign: list[str] = []

    def only_loopback(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context = chromium.new_context(
        color_scheme=scheme, viewport={"width": 375, "height": 800}
    )
    context.route("**/*", only_loopback)
    page = context.new_page()
    page.goto(served + "/posts/jigyo-keikaku/")
    row = page.get_by_role("complementary", name="この記事をシェアする")
    for name in (
        "X でポスト",
        "LINE で送る",
        "はてなブックマークに追加",
        "メールで送る",
    ):
        link = row.get_by_role("link", name=name, exact=True)
        assert link.count() == 1, name
        assert link.bounding_box()["height"] >= 24  # a finger can hit it
    # The browser reads the Japanese title written as it is in the page and
    # sends it percent-encoded as UTF-8, exactly what the intent needs.
    href = row.get_by_role("link", name="X でポスト").evaluate("a => a.href")
    assert "%E4%BA%8B%E6%A5%AD" in href  # 事業, as the browser sends it
    sent = row.get_by_role("link", name="X でポスト").evaluate(
        "a => { const p = new URL(a.href).searchParams;"
        " return [p.get('text'), p.get('url')]; }"
    )
    assert sent == [JA_TITLE, served + "/posts/jigyo-keikaku/"]
    # Every icon drew from the site's own files; nothing else was fetched.
    assert foreign == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the row must wrap on a phone"
    results = Axe().run(page, context="aside.posse-share")
    serious = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious
    context.close()


def test_the_row_says_which_language_its_labels_are_in():
    class Article:
        url = "posts/a/"
        title = "Un titre"
        lang = "fr"  # no French labels: the site's Japanese ones are shown

    row = share.Share(
        {"SITEURL": SITEURL, "DEFAULT_LANG": "ja", "POSSE_SHARE": ["line"]}
    ).row(Article())
    assert (row.lang, row.heading, row.links[0].label) == (
        "ja",
        "この記事をシェアする",
        "LINE で送る",
    )
    french = share.Share(
        {
            "SITEURL": SITEURL,
            "DEFAULT_LANG": "ja",
            "POSSE_SHARE": ["line"],
            "POSSE_LABELS": {"fr": {"share_line": "Envoyer avec LINE"}},
        }
    ).row(Article())
    assert (french.lang, french.links[0].label) == ("fr", "Envoyer avec LINE")
