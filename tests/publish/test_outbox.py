"""The outbox preview, opened in headless Chromium as a newcomer would."""

from __future__ import annotations

import json
import os
import struct
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.harness.scripted import entry, install, make_engine, write_manifest

CHROMIUM = "/usr/bin/chromium"


def _png_1x1() -> bytes:
    # Built, not pasted: a base64 literal looks like an access token to scanners.
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)  # 1×1, 8-bit RGBA
    pixels = zlib.compress(b"\x00\x20\x60\xa0\xff")  # filter byte + one pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


PNG = _png_1x1()


def _publish_to_outbox(monkeypatch) -> Path:
    install(monkeypatch)
    Path("output/images").mkdir(parents=True)
    Path("output/images/card.png").write_bytes(PNG)
    write_manifest(
        [
            entry(1, image="https://blog.example.jp/images/card.png"),
            entry(2, title="<script>alert(1)</script> & 記事"),
        ]
    )
    engine, _ = make_engine(env={})
    engine.output_path = Path("output")
    report = engine.publish()
    assert report.exit_code == 0
    return Path(".posse/outbox/index.html")


def test_outbox_files_hold_every_post_and_no_script(monkeypatch):
    page = _publish_to_outbox(monkeypatch)
    lines = [
        json.loads(line)
        for line in Path(".posse/outbox/outbox.jsonl").read_text().splitlines()
    ]
    assert {(e["article_id"], e["network"]) for e in lines} == {
        ("posts/0001.md", "x"),
        ("posts/0001.md", "facebook"),
        ("posts/0002.md", "x"),
        ("posts/0002.md", "facebook"),
    }
    x_line = next(e for e in lines if e["network"] == "x")
    assert x_line["x_billed_as"] == "post with URL" and x_line["x_cost_usd"] == 0.2
    html = page.read_text()
    assert "<script" not in html  # the article title is escaped
    assert "&lt;script&gt;" in html
    assert "data:image/png;base64," in html  # the card image travels with the page
    assert 'https://blog.example.jp/images/card.png"' not in html
    # Nothing new on the next run: the page is not rebuilt with copies.
    make_engine(env={})[0].publish()
    assert len(Path(".posse/outbox/outbox.jsonl").read_text().splitlines()) == 4


def _chromium_or_skip():
    if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
        pytest.skip("Debian's chromium is not installed (required under CI)")
    from playwright.sync_api import sync_playwright

    return sync_playwright


@pytest.mark.browser
def test_outbox_page_in_headless_chromium(monkeypatch):
    page_path = _publish_to_outbox(monkeypatch)
    sync_playwright = _chromium_or_skip()
    remote = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 800, "height": 900})
            page.on(
                "request",
                lambda r: (
                    remote.append(r.url)
                    if not r.url.startswith(("file:", "data:"))
                    else None
                ),
            )
            page.goto(page_path.resolve().as_uri())
            posts = page.locator("article.post")
            assert posts.count() == 4
            x_post = page.locator("article.x[data-article='posts/0001.md']")
            assert x_post.locator(".count").inner_text().startswith("30 / 280")
            assert "URL 付きの投稿 ($0.200)" in x_post.inner_text()
            assert (
                x_post.locator(".text a").get_attribute("href")
                == "https://blog.example.jp/1.html"
            )
            assert x_post.locator(".card img").evaluate("i => i.naturalWidth") == 1
            fb_post = page.locator("article.facebook[data-article='posts/0001.md']")
            share = fb_post.locator(".share a")
            assert share.get_attribute("href") == (
                "https://www.facebook.com/sharer/sharer.php?u="
                + quote("https://blog.example.jp/1.html", safe="")
            )
            assert "記事 1 の要約。" in fb_post.locator(".card").inner_text()
            assert page.locator("html").get_attribute("lang") == "ja"
            intro = page.inner_text(".intro")
            assert intro.startswith("ここにある投稿は送信されていません。")
            assert "pelican-posse baseline" in intro
            assert "そのあとに公開する新しい記事から" in intro
            assert "認証情報を設定すると実際に投稿します" not in intro
            assert "pelican-posse retry 記事ID" in intro
            assert "記事ID: posts/0001.md" in x_post.inner_text()
            title = page.locator("article.x[data-article='posts/0002.md'] .card-title")
            assert title.inner_text() == "<script>alert(1)</script> & 記事"
        finally:
            browser.close()
    assert remote == []  # self-contained: no request leaves the page


def test_missing_credentials_are_named_never_their_values(monkeypatch):
    page = _publish_to_outbox(monkeypatch)
    html = page.read_text()
    assert "POSSE_X_TOKEN" in html and "POSSE_FB_TOKEN" in html


def test_the_page_says_what_really_happens_in_english_too(monkeypatch):
    from pelican.plugins.posse.publish import outbox

    page = _publish_to_outbox(monkeypatch)
    manifest = json.loads(Path(".posse/manifest.json").read_text())
    outbox.render(page.parent, {**manifest, "default_lang": "en"}, {})
    text = " ".join(page.read_text().split())
    assert "set the credentials to post for real" not in text
    assert (
        "Nothing here was sent: these are previews of what pelican-posse would "
        "announce. When you set the credentials, run pelican-posse baseline once "
        "(previews are no history, so the first run with keys waits for it); the "
        "articles you publish after that are posted for real. To send one of "
        "these too, run "
        "<code>pelican-posse retry ARTICLE-ID</code> (its id is under the post)."
    ) in text
    assert "article id: <code>posts/0001.md</code>" in text
    # No TIMEZONE given: the time says it is UTC.
    assert "previewed 2026-11-20 12:00 UTC" in text


def test_preview_times_are_in_the_sites_timezone(monkeypatch):
    from zoneinfo import ZoneInfo

    from pelican.plugins.posse.publish import outbox

    page = _publish_to_outbox(monkeypatch)
    manifest = json.loads(Path(".posse/manifest.json").read_text())
    outbox.render(page.parent, manifest, {}, timezone=ZoneInfo("Asia/Tokyo"))
    assert "プレビュー作成 2026-11-20 21:00 +09:00" in page.read_text()
    assert outbox.when("2026-07-01T03:00:00+00:00", ZoneInfo("Europe/Paris")) == (
        "2026-07-01 05:00 +02:00"
    )
