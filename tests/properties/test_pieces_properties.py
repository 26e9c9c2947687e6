"""Property tests: the follow bar, author cards and stylesheet link posse writes
in Python are exactly what its templates render with Pelican's Jinja options."""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import Environment, FileSystemLoader
from pelican.settings import DEFAULT_CONFIG

from pelican.plugins.posse.render import pieces as rendering
from pelican.plugins.posse.render.pieces import AuthorCard, Bar, Cards, Link

RUNS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
HOSTILE = ["<b>", "&amp;", '"', "'", "&", "経営", "😀", " ", "/"]
words = st.one_of(
    st.text(max_size=20), st.lists(st.sampled_from(HOSTILE), max_size=5).map("".join)
)
urls = st.one_of(
    words,
    words.map(lambda w: "https://x.com/" + w),
    st.just("feeds/all.atom.xml"),
)
links = st.builds(Link, words, urls, words, words, words)
siteurls = st.one_of(
    st.sampled_from(["", "https://blog.example.jp", "https://u.github.io/b/", "/x"]),
    words,
)


@cache
def env() -> Environment:
    jinja = Environment(
        loader=FileSystemLoader(str(rendering.TEMPLATES)),
        **DEFAULT_CONFIG["JINJA_ENVIRONMENT"],
    )
    jinja.filters["posse_path"] = rendering.site_path
    return jinja


def template(name: str, siteurl: str, **posse) -> str:
    """What posse/NAME.html renders for a posse whose methods return ``posse``."""
    stub = SimpleNamespace(**{key: lambda _article, v=v: v for key, v in posse.items()})
    return (
        env()
        .get_template(f"posse/{name}.html")
        .render(article=object(), SITEURL=siteurl, posse=stub)
    )


def test_pelican_options_are_the_writers():
    assert rendering._writes_like_pelican(env())
    assert not rendering._writes_like_pelican(Environment())  # trim_blocks off


@RUNS
@given(
    st.one_of(st.none(), st.builds(Bar, words, st.tuples(links, links), words)),
    siteurls,
)
def test_follow_bar_is_the_template_s(bar, siteurl):
    expected = template("follow", siteurl, follow=bar)
    assert rendering._follow_html(bar, siteurl) == expected


@RUNS
@given(
    st.one_of(
        st.none(),
        st.builds(
            Cards,
            words,
            st.lists(
                st.builds(
                    AuthorCard,
                    words,
                    st.one_of(st.none(), st.just(""), words),
                    st.lists(links, max_size=3).map(tuple),
                ),
                min_size=1,
                max_size=3,
            ).map(tuple),
            words,
        ),
    ),
    siteurls,
)
def test_author_cards_are_the_template_s(cards, siteurl):
    expected = template("author_card", siteurl, authors=cards)
    assert rendering._authors_html(cards, siteurl) == expected


@RUNS
@given(siteurls)
def test_stylesheet_link_is_the_template_s(siteurl):
    assert rendering._style_html(siteurl) == template("style", siteurl)
