"""The README and docs/: every relative link and #anchor leads somewhere.

For README.md and every docs/**/*.md: each relative link's file exists, and each
``#anchor`` (in the same page or another page) is the GitHub-style slug of one of
that page's headings. Also: the README stays within 10 KB (it is the PyPI page),
and every English page under docs/ has its Japanese page under docs/ja/.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import ROOT

DOCS = ROOT / "docs"
JA = DOCS / "ja"
README_LIMIT = 10_240  # bytes

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# [text](target) and ![alt](target); the text may hold `code` but no brackets.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE_SPAN = re.compile(r"`+[^`]*`+")
INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
HTML_TAG = re.compile(r"<[^>]+>")


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks."""
    out, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            out.append(line)
    return out


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: the text as shown, lowercased; letters,
    marks, digits, '-' and '_' kept (Japanese included), spaces to '-', every
    other character dropped."""
    shown = INLINE_LINK.sub(r"\1", heading)
    shown = HTML_TAG.sub("", shown)
    out = []
    for char in shown.lower():
        if char == " ":
            out.append("-")
        elif char in "-_" or unicodedata.category(char)[0] in "LMN":
            out.append(char)
    return "".join(out)


def anchors(page: Path) -> set[str]:
    """Every heading's slug; a repeated one gets -1, -2, … as on GitHub."""
    seen: dict[str, int] = {}
    out = set()
    for line in prose_lines(page.read_text("utf-8")):
        match = HEADING.match(line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.add(base if count == 0 else f"{base}-{count}")
    return out


def links(page: Path) -> list[str]:
    """Relative link targets of ``page`` (no scheme, not mailto:), code excluded."""
    found = []
    for line in prose_lines(page.read_text("utf-8")):
        for target in LINK.findall(CODE_SPAN.sub("", line)):
            if not target or re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):
                continue
            found.append(target)
    return found


def broken_links(page: Path) -> list[str]:
    """Why each broken link of ``page`` is broken (empty when all lead somewhere)."""
    problems = []
    for target in links(page):
        path, _, anchor = target.partition("#")
        where = (page.parent / unquote(path)).resolve() if path else page
        if not where.exists():
            problems.append(f"{target}: no such file")
            continue
        if not anchor:
            continue
        if where.suffix != ".md":
            problems.append(f"{target}: an anchor in a file that is not Markdown")
        elif unquote(anchor) not in anchors(where):
            problems.append(f"{target}: no heading of {where.name} has this anchor")
    return problems


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_leads_somewhere(page: Path) -> None:
    assert broken_links(page) == []


def test_the_check_finds_a_broken_file_and_a_broken_anchor(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text(
        "# Other page\n\n## Le ledger : `posse-ledger.json`\n"
    )
    page = tmp_path / "page.md"
    page.write_text(
        "# ページ：二つ\n\n"
        "[ok](other.md#le-ledger--posse-ledgerjson) [ok](#ページ二つ)\n"
        "[missing](nowhere.md) [bad](other.md#ledger) [bad](#nothing)\n"
        "```\n[in code](ignored.md)\n```\n"
        "`[in a code span](ignored.md)` [web](https://example.com/x.md)\n",
        "utf-8",
    )
    problems = broken_links(page)
    assert len(problems) == 3, problems
    assert [p.split(":")[0] for p in problems] == [
        "nowhere.md",
        "other.md#ledger",
        "#nothing",
    ]


def test_slugs_are_githubs() -> None:
    assert slug("The ledger: `posse-ledger.json` — commit it") == (
        "the-ledger-posse-ledgerjson--commit-it"
    )
    assert slug("`POSSE_TEMPLATES`") == "posse_templates"
    assert slug("X：キーを取得する") == "xキーを取得する"
    assert slug("Tips for Japanese blogs (from the demo's `pelicanconf.py`)") == (
        "tips-for-japanese-blogs-from-the-demos-pelicanconfpy"
    )


def test_readme_stays_within_10_kb() -> None:
    size = len((ROOT / "README.md").read_bytes())
    assert size <= README_LIMIT, f"README.md is {size} bytes; at most {README_LIMIT}"


def test_every_english_page_has_a_japanese_page() -> None:
    english = [p for p in DOCS.rglob("*.md") if JA not in p.parents]
    assert english, "no English pages under docs/"
    missing = [
        str(p.relative_to(DOCS))
        for p in english
        if not (JA / p.relative_to(DOCS)).exists()
    ]
    assert missing == []
