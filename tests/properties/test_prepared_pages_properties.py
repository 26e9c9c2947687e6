"""The two ways posse writes its head and pieces into an article's page give the
same pages: made for every article in one pass before the pages are written
(``Posse.prepare_pages``, the fast way), or as each page is written
(``Posse.inserted`` asking ``_piece``, the plain way, which a page takes when
it was not prepared for).

Each example builds one generated site twice, once each way, and compares
every file written.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican.plugins.posse.ledger import Ledger, Record
from pelican.plugins.posse.render import pieces
from tests.render.test_rendering import AWARE_THEME, build

AUTHORS = ("山田 花子", "John Smith", "佐藤 次郎")
TAGS = ("経営", "DX", "事業承継", "python")

article = st.fixed_dictionaries(
    {
        "lang": st.sampled_from(["ja", "en"]),
        "authors": st.lists(st.sampled_from(AUTHORS), max_size=2, unique=True),
        "tags": st.lists(st.sampled_from(TAGS), max_size=2, unique=True),
        "summary": st.booleans(),
        "translated": st.booleans(),
        "image": st.booleans(),
        "status": st.sampled_from(["published", "published", "hidden", "draft"]),
    }
)
site = st.fixed_dictionaries(
    {
        "articles": st.lists(article, min_size=1, max_size=4),
        "siteurl": st.sampled_from(["", "https://blog.example.jp"]),
        "share": st.sampled_from([(), ("x", "line", "hatena")]),
        "theme": st.sampled_from(["notmyidea", "simple", str(AWARE_THEME)]),
        "posted": st.booleans(),  # the first article's links back
        "relative": st.booleans(),
    }
)


def _sources(articles: list[dict]) -> dict[str, str]:
    files = {}
    for i, a in enumerate(articles):
        lines = [
            f"Title: {'記事' if a['lang'] == 'ja' else 'Post'} {i} <em>&amp;</em>",
            f"Date: 2026-04-0{i + 1} 10:30",
            f"Lang: {a['lang']}",
            f"Slug: a{i}",
            f"Status: {a['status']}",
        ]
        if a["authors"]:
            lines.append(f"Authors: {', '.join(a['authors'])}")
        if a["tags"]:
            lines.append(f"Tags: {', '.join(a['tags'])}")
        if a["summary"]:
            lines.append("Summary: 要点は <b>三つ</b> です。")
        if a["image"]:
            lines.append("Image: https://img.example.jp/a.png")
        body = "こんにちは。事業承継の準備は五年前から始めましょう。\n"
        files[f"a{i}.md"] = "\n".join(lines) + "\n\n" + body
        if a["translated"]:
            other = "en" if a["lang"] == "ja" else "ja"
            files[f"a{i}-{other}.md"] = (
                f"Title: Translation {i}\nDate: 2026-04-0{i + 1} 10:30\n"
                f"Lang: {other}\nSlug: a{i}\n\nA translation. 翻訳です。\n"
            )
    return files


def _written(root: Path, example: dict, *, prepared: bool, monkeypatch) -> dict:
    if example["posted"]:
        ledger = Ledger(root / "ledger.json")
        ledger.set(
            "a0.md",
            "x",
            Record(state="posted", url="https://x.com/hanako/status/1", remote_id="1"),
        )
        ledger.save()
    with monkeypatch.context() as patch:
        if not prepared:
            patch.setattr(pieces.Posse, "prepare_pages", lambda *_: None)
        out = build(
            root,
            _sources(example["articles"]),
            theme=example["theme"],
            SITEURL=example["siteurl"],
            RELATIVE_URLS=example["relative"],
            POSSE_SHARE=list(example["share"]),
            POSSE_LEDGER_PATH=str(root / "ledger.json"),
            POSSE_AUTHORS={"John Smith": {"x": "jsmith", "github": "jsmith"}},
            POSSE_CARD=False,
        )
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(site)
def test_prepared_pages_are_the_pages_written_one_by_one(monkeypatch, example):
    prepared_for = []
    real = pieces.Posse.prepare_pages

    def spied(self, generator, articles):
        real(self, generator, articles)
        prepared_for.extend(self._ready.get("head", {}))

    monkeypatch.setattr(pieces.Posse, "prepare_pages", spied)
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        fast = _written(Path(a), example, prepared=True, monkeypatch=monkeypatch)
        plain = _written(Path(b), example, prepared=False, monkeypatch=monkeypatch)
    assert fast.keys() == plain.keys()
    for name in fast:
        assert fast[name] == plain[name], name
    if example["theme"] != str(AWARE_THEME) and any(
        a["status"] == "published" for a in example["articles"]
    ):
        assert prepared_for, "no page was prepared: the fast way was not tested"
