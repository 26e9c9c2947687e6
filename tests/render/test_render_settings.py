"""Wrong settings and hostile values: a clear message, an inert page, a build."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

import pytest

from tests.render.test_rendering import (
    EN_ARTICLE,
    JA_ARTICLE,
    build,
    card_links,
    follow_links,
    read,
)

POSSE_LOGGER = "pelican.plugins.posse"


def posse_errors(caplog) -> list[logging.LogRecord]:
    return [
        r
        for r in caplog.records
        if r.name.startswith(POSSE_LOGGER) and r.levelno >= logging.WARNING
    ]


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        (
            {"POSSE_PROFILES": {"x": "posse demo!", "facebook": "posse.demo"}},
            ["POSSE_PROFILES['x']", "'posse demo!'", "1-15 letters"],
        ),
        (
            {"POSSE_PROFILES": {"x": "posse_demo", "myspace": "tom"}},
            ["POSSE_PROFILES['myspace']", "unknown network", "known: x, facebook"],
        ),
        (
            {"POSSE_PROFILES": {"x": "posse_demo", "facebook": "javascript:alert(1)"}},
            ["POSSE_PROFILES['facebook']", "'javascript:alert(1)'", "http(s)"],
        ),
        (
            {"POSSE_PROFILES": "posse_demo"},
            ["POSSE_PROFILES", "'posse_demo'", "a dict of {network: handle}"],
        ),
        (
            {"POSSE_AUTHORS": {"山田 花子": {"mastodon": "posse_demo"}}},
            ["POSSE_AUTHORS['山田 花子']['mastodon']", "'posse_demo'", "@posse_demo@"],
        ),
        (
            {"POSSE_PROFILES": {"twitter": "posse_demo", "facebook": "posse.demo"}},
            ["POSSE_PROFILES['twitter']", "write 'x' for Twitter"],
        ),
        (
            {"POSSE_FOLLOW": ["x", "myspace"]},
            ["POSSE_FOLLOW", "'myspace'", "known: x, facebook"],
        ),
        (
            {"POSSE_FOLLOW": "x"},
            ["POSSE_FOLLOW", "'x'", "a list of network names"],
        ),
        (
            # The default used instead of a bad value skips networks without an
            # account: no second error about 'facebook', which the user never wrote.
            {"POSSE_FOLLOW": "x", "POSSE_PROFILES": {"x": "posse_demo"}},
            ["POSSE_FOLLOW", "'x'", "a list of network names"],
        ),
        (
            {"POSSE_FOLLOW": ["x", "youtube"]},
            ["POSSE_FOLLOW", "'youtube' has no account in POSSE_PROFILES"],
        ),
        (
            {"POSSE_FOLLOW": ["x", "rss"], "FEED_ALL_ATOM": None},
            ["POSSE_FOLLOW", "'rss'", "FEED_ALL_ATOM"],
        ),
        (
            {"POSSE_LABELS": {"ja": {"follow_myspace": "Myspace でフォロー"}}},
            ["POSSE_LABELS['ja']['follow_myspace']", "unknown label", "follow_x"],
        ),
        (
            {"POSSE_LABELS": {"ja": {"follow_twitter": "X で更新を受け取る"}}},
            ["POSSE_LABELS['ja']['follow_twitter']", "did you mean 'follow_x'?"],
        ),
        (
            {"POSSE_LABELS": {"en": {"profile": "{user} on {network}"}}},
            ["POSSE_LABELS['en']['profile']", "'{user} on {network}'", "{name}"],
        ),
        (
            {"POSSE_AUTO_INSERT": "yes"},
            ["POSSE_AUTO_INSERT", "'yes'", "True or False"],
        ),
    ],
)
def test_invalid_setting_is_reported_once_and_the_build_goes_on(
    tmp_path, caplog, settings, expected
):
    with caplog.at_level(logging.INFO, logger=POSSE_LOGGER):
        out = build(tmp_path, {"a.md": JA_ARTICLE, "b.md": EN_ARTICLE}, **settings)
    errors = posse_errors(caplog)
    assert len(errors) == 1, [r.getMessage() for r in errors]
    (error,) = errors
    message = error.getMessage()
    assert message.startswith("posse: ")
    for part in expected:
        assert part in message
    assert error.levelno == logging.ERROR
    assert error.exc_info is None
    # The build finished and the valid links are still there.
    html = read(out, "jigyo-shokei.html")
    assert "</html>" in html
    hrefs = [a["href"] for a in follow_links(html) + card_links(html)]
    assert not any(h.startswith("javascript:") for h in hrefs)
    assert all(h.startswith(("https://", "/")) for h in hrefs)


@pytest.mark.parametrize("environment_right", [True, False])
def test_a_server_the_environment_names_instead_only_warns_in_the_build(
    tmp_path, caplog, monkeypatch, environment_right
):
    """`pelican --fatal errors` must not fail a CI build over a settings-file
    value that the environment's valid variable replaces (the CLI warns too)."""
    if environment_right:
        monkeypatch.setenv("POSSE_MASTODON_INSTANCE", "mastodon.social")
    else:
        monkeypatch.delenv("POSSE_MASTODON_INSTANCE", raising=False)
    with caplog.at_level(logging.INFO, logger=POSSE_LOGGER):
        build(
            tmp_path,
            {"a.md": JA_ARTICLE},
            POSSE_MASTODON_INSTANCE="@hanako@mastodon.social",
        )
    (said,) = posse_errors(caplog)
    assert "POSSE_MASTODON_INSTANCE" in said.getMessage()
    if environment_right:
        assert said.levelno == logging.WARNING
        assert "not used: the environment's variable is" in said.getMessage()
    else:
        assert said.levelno == logging.ERROR


def test_invalid_handle_leaves_out_only_that_link(tmp_path):
    out = build(
        tmp_path,
        {"a.md": JA_ARTICLE},
        POSSE_PROFILES={"x": 'posse"demo', "facebook": "posse.demo"},
    )
    bar = follow_links(read(out, "jigyo-shokei.html"))
    assert [a["href"] for a in bar] == ["https://www.facebook.com/posse.demo"]


HOSTILE_TITLE = '"><script>alert(1)</script>'
HOSTILE_AUTHOR = 'Eve "><img src=x onerror=alert(2)>'
HOSTILE_URL = 'https://evil.example/"onmouseover="alert(3)'


class Elements(HTMLParser):
    """Every element and attribute, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def posse_markup(html: str) -> str:
    """Only what posse wrote: the head block and the bar and card."""
    head = html.split("</head>", maxsplit=1)[0]
    head = head[head.index('<meta property="og:type"') :]
    blocks = re.findall(r'<(aside|section) class="posse (?:.*?)</\1>', html, flags=re.S)
    whole = re.findall(
        r'<(?:aside|section) class="posse .*?</(?:aside|section)>', html, flags=re.S
    )
    assert len(blocks) == len(whole) == 2  # the bar and the card
    return head + "".join(whole)


def test_hostile_title_author_and_url_come_out_inert(tmp_path):
    article = (
        JA_ARTICLE.replace("事業承継の進め方", HOSTILE_TITLE)
        .replace("Authors: 山田 花子", f"Authors: {HOSTILE_AUTHOR}")
        .replace("Tags: 経営, 事業承継", 'Tags: "><b>tag</b>')
    )
    out = build(
        tmp_path,
        {"a.md": article},
        theme="simple",
        SITEURL="https://blog.example.jp",
        POSSE_AUTHORS={HOSTILE_AUTHOR: {"github": HOSTILE_URL, "x": "eve"}},
    )
    html = read(out, "jigyo-shokei.html")
    ours = posse_markup(html)
    parser = Elements()
    parser.feed(ours)
    tags = {tag for tag, _ in parser.tags}
    assert tags <= {
        "meta",
        "script",
        "link",
        "aside",
        "section",
        "p",
        "ul",
        "li",
        "a",
        "svg",
        "use",
        "div",
    }
    for tag, attrs in parser.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "script":
            assert attrs == {"type": "application/ld+json"}
    # The hostile URL stayed one attribute value, exactly as written.
    assert HOSTILE_URL in [a.get("href") for t, a in parser.tags if t == "a"]
    # The JSON-LD cannot be closed early by a value.
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', ours, re.S)
    assert "<" not in ld.group(1)
    assert "\\u003cimg" in ld.group(1)
    # Names are shown as text.
    assert "Eve &#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in ours
