"""posse's own templates are compiled once and kept in the state directory: a
rebuild loads them instead of compiling them again, and its pages are the same
as with templates compiled afresh, whatever the environment's options or the
state of the kept files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pelican
import pytest
from jinja2 import Environment

from pelican.plugins.posse.render import compiled
from tests.render.test_rendering import build, read

ARTICLE = (
    "Title: 事業承継の準備\nDate: 2026-04-01 10:30\nLang: ja\nSlug: shoukei\n"
    "Tags: 経営, 事業承継\nAuthors: 佐藤 一郎\n\n"
    "事業承継の準備は五年前から始めましょう。後継者の育成には時間がかかります。\n"
)
PAGE = "shoukei.html"


@pytest.fixture
def compiles(monkeypatch):
    """The names of the posse templates Jinja compiled."""
    made: list[str] = []
    real = Environment.compile

    def counted(self, source, name=None, *args, **kwargs):
        if name and name.startswith("posse/"):
            made.append(name)
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counted)
    return made


def kept(tmp_path):
    return sorted((tmp_path / "state" / compiled.FOLDER).glob("*" + compiled.SUFFIX))


def test_a_rebuild_loads_the_kept_templates_and_writes_the_same_page(
    tmp_path, compiles
):
    first = read(build(tmp_path, {"a.md": ARTICLE}, POSSE_CARD=False), PAGE)
    assert compiles  # head, auto_article, follow, author_card, ...
    assert len(kept(tmp_path)) == len(set(compiles))
    compiles.clear()
    again = read(build(tmp_path, {"a.md": ARTICLE}, POSSE_CARD=False), PAGE)
    assert compiles == []  # none compiled again
    assert again == first
    assert "posse-follow" in again  # the follow bar, rendered from kept code


def test_damaged_kept_files_are_compiled_again(tmp_path, compiles):
    first = read(build(tmp_path, {"a.md": ARTICLE}, POSSE_CARD=False), PAGE)
    files = kept(tmp_path)
    for damage, path in zip([b"", b"garbage", b"\xe3\x00\x01"], files, strict=False):
        path.write_bytes(damage)
    compiles.clear()
    again = read(build(tmp_path, {"a.md": ARTICLE}, POSSE_CARD=False), PAGE)
    assert again == first
    assert len(compiles) == min(3, len(files))


SOURCE = (
    "{# a comment #}\n"
    "{% if name %}\n"
    "    <p>{{ name }}</p>\n"
    "{% endif %}\n"
    "[% if name %]<b>[[ name ]]</b>[% endif %]\n"
    "# for c in 'ab'\n"
    "{{ c }}\n"
    "# endfor\n"
)
OPTIONS = [
    {"trim_blocks": True},
    {"lstrip_blocks": True, "trim_blocks": True},
    {"keep_trailing_newline": True},
    {"newline_sequence": "\r\n"},
    {"autoescape": True},
    {"finalize": lambda value: f"«{value}»"},
    {
        "block_start_string": "[%",
        "block_end_string": "%]",
        "variable_start_string": "[[",
        "variable_end_string": "]]",
    },
    {"line_statement_prefix": "#"},
]


@pytest.mark.parametrize("options", OPTIONS)
def test_code_kept_for_other_options_is_not_used(tmp_path, options):
    """What a kept template renders is what Jinja compiles afresh with the
    environment's options, though code for the default options was kept first."""
    kept_code = compiled.Compiled(tmp_path)
    name = "posse/example.html"
    values = {"name": "<佐藤>"}

    def rendered(env):
        code = kept_code.code(env, name, SOURCE, None)
        return env.template_class.from_code(env, code, env.make_globals(None), None)

    default = Environment()
    assert rendered(default).render(values) == default.from_string(SOURCE).render(
        values
    )
    env = Environment(**options)
    expected = env.from_string(SOURCE).render(values)
    assert expected != default.from_string(SOURCE).render(values)  # options matter
    assert rendered(env).render(values) == expected
    assert rendered(env).render(values) == expected  # kept, then loaded


def test_a_theme_override_is_compiled_as_jinja_does_and_not_kept(tmp_path, compiles):
    theme = tmp_path / "theme"
    shutil.copytree(Path(pelican.__file__).parent / "themes" / "notmyidea", theme)
    (theme / "templates" / "posse").mkdir()
    (theme / "templates" / "posse" / "follow.html").write_text(
        '<p class="my-follow">FOLLOW ME</p>', encoding="utf-8"
    )
    build(tmp_path, {"a.md": ARTICLE}, theme=theme, POSSE_CARD=False)
    compiles.clear()
    page = read(build(tmp_path, {"a.md": ARTICLE}, theme=theme, POSSE_CARD=False), PAGE)
    assert "FOLLOW ME" in page
    assert compiles == ["posse/follow.html"]  # the theme's, compiled each build


def test_files_left_by_older_templates_are_removed(tmp_path):
    build(tmp_path, {"a.md": ARTICLE}, POSSE_CARD=False)
    stale = tmp_path / "state" / compiled.FOLDER / ("0" * 32 + compiled.SUFFIX)
    stale.write_bytes(b"old")
    build(tmp_path, {"a.md": ARTICLE}, POSSE_CARD=False)
    assert stale.exists()  # nothing new kept: nothing pruned
    for path in kept(tmp_path):
        if path != stale:
            path.unlink()
    build(tmp_path, {"a.md": ARTICLE}, POSSE_CARD=False)
    assert not stale.exists()
    assert kept(tmp_path)
