"""Property tests: posse's head.html and auto_article.html, rendered once with
marks and filled per page (render/frames.py), write exactly what a full render
of the template writes with Pelican's Jinja options, for any card and pieces."""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemLoader, pass_context
from markupsafe import Markup
from pelican.settings import DEFAULT_CONFIG

from pelican.plugins.posse.render import assets, frames, pieces

RUNS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
HOSTILE = ["<b>", "&amp;", '"', "'", "&", "経営", "😀", " ", "/", "\n", "{{ x }}"]
words = st.one_of(
    st.text(max_size=20), st.lists(st.sampled_from(HOSTILE), max_size=5).map("".join)
)
siteurls = st.one_of(
    st.sampled_from(["", "https://blog.example.jp", "https://u.github.io/b/", "/x"]),
    words,
)


@cache
def env() -> Environment:
    jinja = Environment(
        loader=FileSystemLoader(str(pieces.TEMPLATES)),
        **DEFAULT_CONFIG["JINJA_ENVIRONMENT"],
    )
    jinja.filters["posse_path"] = assets.site_path
    return jinja


class Stub:
    """``posse`` whose card and pieces are given."""

    def __init__(self, card, shown):
        self._card = card
        self.shown = shown

    def card(self, _article):
        return self._card

    @pass_context
    def piece(self, _context, name, _article=None):
        return Markup(self.shown.get(name, ""))


def filled(name: str, siteurl: str, card, shown) -> tuple[str, str]:
    """(full render, frame filled) of posse/NAME.html."""
    template = env().get_template(f"posse/{name}.html")
    article = object()
    variables = {"article": article, "SITEURL": siteurl, "posse": Stub(card, shown)}
    full = template.render(variables)
    context = template.new_context(variables, shared=True)
    frame = frames.frame(template, context, article, card)
    assert frame is not None
    parts = frames.fill(
        frame,
        lambda kind, key: getattr(card, key) if kind == "card" else shown.get(key, ""),
    )
    return full, "".join(parts)


def card_of(meta: str, jsonld: str) -> SimpleNamespace:
    return SimpleNamespace(html=Markup(meta), jsonld=jsonld, meta_html=meta)


@RUNS
@given(words, words, words, siteurls)
def test_head_frame_is_the_template_s(meta, jsonld, style, siteurl):
    full, framed = filled("head", siteurl, card_of(meta, jsonld), {"style": style})
    assert framed == full


@RUNS
@given(st.dictionaries(st.sampled_from(pieces.ARTICLE_PIECES), words), siteurls)
def test_auto_article_frame_is_the_template_s(shown, siteurl):
    full, framed = filled("auto_article", siteurl, card_of("", ""), shown)
    assert framed == full


@pytest.mark.parametrize(
    "source",
    [
        "{{ posse.card(article).jsonld }}",  # escaped: the mark is not found
        "{% if posse.card(article).html %}x{% endif %}",  # a test on a value
        "{{ posse.card(article).html|upper }}",  # a filter on a value
        "{{ posse.follow(article) }}",  # anything else of posse
        '{{ posse.piece("share", other) }}',  # another article's piece
    ],
)
def test_a_template_that_needs_its_values_gets_no_frame(source):
    escaped = f"{{% autoescape true %}}{source}{{% endautoescape %}}"
    template = env().from_string(escaped)
    article = object()
    card = card_of("<meta>", '{"a": 1}')
    variables = {"article": article, "other": object(), "posse": Stub(card, {})}
    context = template.new_context(variables, shared=True)
    assert frames.frame(template, context, article, card) is None
