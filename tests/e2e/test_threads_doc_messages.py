"""Every message the Threads page quotes under "What the messages mean" (and
its Japanese mirror) is one ``publish`` or ``status`` really prints, for the
refusal that row is about, against the fake Threads API."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from tests.e2e.test_threads import blog, template, threads  # noqa: F401 - fixtures
from tests.fakes._server import Fault
from tests.fakes.fake_threads import ThreadsFault, error_body

PAGES = {
    "en": (ROOT / "docs/networks/threads.md", "## What the messages mean"),
    "ja": (ROOT / "docs/ja/networks/threads.md", "## メッセージの意味"),
}
LINKS = "THREADS_API__LINK_LIMIT_EXCEEDED"
# What Threads answers, for each message a row quotes (its first column, in order).
SCRIPTS = {
    "190": [ThreadsFault(code=190, method="POST")],
    "10": [ThreadsFault(code=10, method="POST")],
    "200": [ThreadsFault(code=200, method="POST")],
    "4": [ThreadsFault(code=4, method="POST")],
    # The name may come only in error_user_title: the text need not carry it.
    "links": [
        Fault(
            status=400,
            body=error_body(100, None, "Invalid parameter", error_user_title=LINKS),
            method="POST",
        )
    ],
    "param": [ThreadsFault(code=100, message="Param text too long", method="POST")],
    "no_answer": [Fault(drop=True, method="POST")] * 3,
    "lost": [Fault(method="POST"), Fault(commit=True, drop=True, method="POST")],
}
ROWS = [
    ["190"],
    ["10", "200"],
    ["250"],
    ["4"],
    ["links", "links"],
    ["param", "param"],
    ["no_answer"],
    ["lost"],
]


def quoted(lang: str) -> list[list[str]]:
    """The backquoted messages of each row's first cell."""
    path, heading = PAGES[lang]
    section = path.read_text("utf-8").split(heading, 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [re.findall(r"`([^`]+)`", row.split(" | ")[0]) for row in rows]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_page_has_a_scripted_refusal_for_each_message(lang):
    assert [len(row) for row in quoted(lang)] == [len(row) for row in ROWS]


CASES = [(row, i) for row, names in enumerate(ROWS) for i in range(len(names))]


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize(("row", "i"), CASES)
def test_each_quoted_message_is_what_the_command_prints(blog, threads, lang, row, i):  # noqa: F811
    if ROWS[row][i] == "250":
        threads.add_posts(250)
    else:
        threads.script(*SCRIPTS[ROWS[row][i]])
    blog.monkeypatch.setenv("POSSE_CLI_LANG", lang)
    published = blog.cli("publish")
    status = blog.cli("status")
    said = "".join((published.out + published.err + status.out).split())
    said = said.replace("│", "")  # the table's cells, wrapped
    quote = quoted(lang)[row][i]
    parts = ["".join(part.split()) for part in quote.split("…")]
    pattern = ".*?".join(re.escape(part) for part in parts)
    assert re.search(pattern, said), f"{quote!r} not printed:\n{said}"
