"""Bluesky's rich text: grapheme counts, UTF-8 byte ranges, link and tag facets.

A facet's ``byteStart`` / ``byteEnd`` are UTF-8 byte offsets (not characters:
Japanese text before the URL would otherwise shift the link).
"""

from __future__ import annotations

from typing import Any

import regex

# Bluesky's own hashtag rule, simplified: '#' after a space or the start, then no
# space; trailing punctuation is not part of the tag; all-digit tags are not tags.
# Japanese punctuation also ends a tag: "#POSSE。" tags "POSSE".
_TAG = regex.compile(
    r"(?:^|(?<=\s))[#＃]([^\s#＃。、，．！？「」『』（）【】]*"
    r"[^\d\s\p{P}][^\s#＃。、，．！？「」『』（）【】]*)"
)
_TRAILING_PUNCT = regex.compile(r"\p{P}+$")


def graphemes(text: str) -> int:
    return len(regex.findall(r"\X", text))


def byte_range(text: str, needle: str, start: int = 0) -> tuple[int, int] | None:
    """UTF-8 byte offsets of the first ``needle`` in ``text`` at or after ``start``."""
    index = text.find(needle, start)
    if index < 0:
        return None
    begin = len(text[:index].encode("utf-8"))
    return begin, begin + len(needle.encode("utf-8"))


def facets_for(text: str, url: str) -> list[dict[str, Any]]:
    """Link facets for every occurrence of ``url`` and tag facets for hashtags."""
    facets: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    position = 0
    while url and (index := text.find(url, position)) >= 0:
        begin, end = byte_range(text, url, index) or (0, 0)
        facets.append(
            {
                "index": {"byteStart": begin, "byteEnd": end},
                "features": [{"$type": "app.bsky.richtext.facet#link", "uri": url}],
            }
        )
        taken.append((index, index + len(url)))
        position = index + len(url)
    for match in _TAG.finditer(text):
        tag = _TRAILING_PUNCT.sub("", match.group(1))
        start = match.start()
        if not tag or graphemes(tag) > 64:
            continue
        stop = start + 1 + len(tag)
        if any(start < b and a < stop for a, b in taken):
            continue  # a '#fragment' inside the link: facets must not overlap
        begin = len(text[:start].encode("utf-8"))
        end = begin + len((text[start] + tag).encode("utf-8"))
        facets.append(
            {
                "index": {"byteStart": begin, "byteEnd": end},
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}],
            }
        )
    return facets


def _cut(text: str, limit: int) -> str:
    clusters = regex.findall(r"\X", text)
    return text if len(clusters) <= limit else "".join(clusters[: limit - 1]) + "…"
