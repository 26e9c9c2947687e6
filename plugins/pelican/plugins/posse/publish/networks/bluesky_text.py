"""What a Bluesky post is made of, without the network: its rich text (grapheme
counts, UTF-8 byte ranges, link and tag facets), its record key, the service's
address, and the words of an XRPC error.

A facet's ``byteStart`` / ``byteEnd`` are UTF-8 byte offsets (not characters:
Japanese text before the URL would otherwise shift the link).
"""

from __future__ import annotations

import hashlib
import urllib.parse
from typing import TYPE_CHECKING, Any

import regex

from ...said import said

if TYPE_CHECKING:
    from atproto_client.exceptions import RequestErrorBase

_LOOPBACK = ("127.0.0.1", "localhost", "::1")
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
# 2023-01-01T00:00:00Z in microseconds: the base of the derived record keys.
_TID_BASE_US = 1_672_531_200_000_000

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


def tid_for(key: str) -> str:
    """A record key in TID syntax, derived from ``key`` (same key, same TID).

    ``app.bsky.feed.post`` records must have TID keys (Bluesky's AppView indexes
    only those). A TID is 64 bits: 0, 53 bits of microseconds, 10 bits of clock
    id; here both parts come from a hash of the key, the time part within ~200
    days after 2023-01-01, so the key is valid and stable but says nothing about
    when the post was made (``createdAt`` does).
    """
    digest = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    micros = _TID_BASE_US + (digest >> 20) % (1 << 44)
    value = (micros << 10) | (digest & 0x3FF)
    chars = []
    for _ in range(13):
        chars.append(_TID_ALPHABET[value & 0x1F])
        value >>= 5
    return "".join(reversed(chars))


def api_url(value: str) -> str:
    raw = value.strip().rstrip("/")
    parts = urllib.parse.urlsplit(raw)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(said("bluesky.error.api_url"))
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
        raise ValueError(said("bluesky.error.api_http"))
    return raw


def _words(error: RequestErrorBase) -> tuple[int | None, str, str]:
    """HTTP status, XRPC error name and the service's message."""
    response = error.response
    if response is None:
        return None, "", type(error).__name__
    content = response.content
    name = getattr(content, "error", "") or ""
    message = getattr(content, "message", "") or ""
    if not name and isinstance(content, dict):
        name, message = str(content.get("error", "")), str(content.get("message", ""))
    return response.status_code, name, message or name or str(response.status_code)
