"""The summary choice is kept from one build to the next: a rebuild chooses
again only for an article whose text or title changed, and a damaged file only
means choosing again."""

from __future__ import annotations

import json

import pytest

from pelican.plugins.posse import summary
from tests.render.test_render_head import head_of, values
from tests.render.test_rendering import build, read

GREETING_FIRST = (
    "Title: 補助金申請の前に確認したい五つのポイント\n"
    "Date: 2026-04-01 10:30\nLang: ja\nSlug: hojokin\n\n"
    "みなさん、こんにちは。中小企業診断士の佐藤です。"
    "補助金申請の前に確認したい五つのポイントを紹介します。"
    "締め切りの一か月前には準備を始めましょう。\n"
)
POINT = "補助金申請の前に確認したい五つのポイントを紹介します。"


def description(out) -> str:
    [text] = values(head_of(read(out, "hojokin.html")), "og:description")
    return text


@pytest.fixture
def choices(monkeypatch):
    """Every real choice made, by the article's title."""
    made: list[str] = []
    real = summary.choose

    def counted(html, title, lang):
        made.append(title)
        return real(html, title, lang)

    monkeypatch.setattr(summary, "choose", counted)
    return made


@pytest.mark.parametrize("siteurl", ["", "https://blog.example.jp"])
def test_a_rebuild_looks_the_choice_up(tmp_path, choices, siteurl):
    out = build(tmp_path, {"a.md": GREETING_FIRST}, SITEURL=siteurl, POSSE_CARD=False)
    assert description(out).startswith(POINT)  # the greeting passed over
    assert len(choices) == 1
    kept = json.loads((tmp_path / "state" / "summaries.json").read_text("utf-8"))
    assert len(kept["choices"]) == 1

    out = build(tmp_path, {"a.md": GREETING_FIRST}, SITEURL=siteurl, POSSE_CARD=False)
    assert description(out).startswith(POINT)
    assert len(choices) == 1  # looked up, not chosen again


def test_a_changed_article_is_chosen_again_and_the_old_choice_dropped(
    tmp_path, choices
):
    build(tmp_path, {"a.md": GREETING_FIRST}, POSSE_CARD=False)
    changed = GREETING_FIRST.replace("締め切りの", "公募の締め切りの")
    out = build(tmp_path, {"a.md": changed}, POSSE_CARD=False)
    assert description(out).startswith(POINT)
    assert len(choices) == 2
    kept = json.loads((tmp_path / "state" / "summaries.json").read_text("utf-8"))
    assert len(kept["choices"]) == 1  # only what this build used


@pytest.mark.parametrize(
    "damage", ["", "{", '{"version": "old", "choices": {}}', '{"choices": []}', "[]"]
)
def test_a_damaged_file_means_choosing_again(tmp_path, choices, damage):
    state = tmp_path / "state"
    state.mkdir()
    (state / "summaries.json").write_text(damage, encoding="utf-8")
    out = build(tmp_path, {"a.md": GREETING_FIRST}, POSSE_CARD=False)
    assert description(out).startswith(POINT)
    assert len(choices) == 1
    kept = json.loads((state / "summaries.json").read_text("utf-8"))
    assert len(kept["choices"]) == 1


def test_a_hand_edited_choice_of_the_wrong_shape_is_not_used(tmp_path, choices):
    build(tmp_path, {"a.md": GREETING_FIRST}, POSSE_CARD=False)
    path = tmp_path / "state" / "summaries.json"
    kept = json.loads(path.read_text("utf-8"))
    kept["choices"] = {key: ["text", "not a list"] for key in kept["choices"]}
    path.write_text(json.dumps(kept), encoding="utf-8")
    out = build(tmp_path, {"a.md": GREETING_FIRST}, POSSE_CARD=False)
    assert description(out).startswith(POINT)
    assert len(choices) == 2


def test_a_rebuild_looks_the_description_up_too(tmp_path, monkeypatch):
    """The description is cut from the opening once; a rebuild of the same
    article reads it from the file (and shows the same words)."""
    from pelican.plugins.posse.render import description as module

    cuts: list[str] = []
    real = module.describe

    def counted(given, html, lang, chosen=None):
        cuts.append(html)
        return real(given, html, lang, chosen)

    monkeypatch.setattr(module, "describe", counted)
    first = description(build(tmp_path, {"a.md": GREETING_FIRST}, POSSE_CARD=False))
    assert len(cuts) == 1
    again = description(build(tmp_path, {"a.md": GREETING_FIRST}, POSSE_CARD=False))
    assert again == first
    assert len(cuts) == 1  # looked up, not cut again
