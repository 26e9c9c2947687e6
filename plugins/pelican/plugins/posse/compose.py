"""The text of one article's announcement on one network.

``compose(facts, network, settings)`` is a pure function of its arguments: the
same article and settings give the same text byte for byte, which is what lets
the engine recognise a post it already made. The build calls it once per due
article and network and writes the result into the manifest.

How the text is chosen (docs/post-text.md):

- the template: ``POSSE_TEMPLATES`` for the network and the article's language,
  else a built-in one (「ブログを更新しました：{title}」 / "New post: {title}");
- the summary, first that exists: the author's ``posse_<network>`` metadata
  (verbatim: never cut, an error if it cannot fit), ``posse_text``, ``summary``,
  then the opening of the article's own text, less its greetings and asides
  (summary.py: the same sentences as og:description);
- hashtags from the tags, valid on X, at most ``POSSE_HASHTAGS_MAX`` (on Threads
  one at most: its topic tag, the first of the article's tags).

To fit the network's limit the summary is first cut to its natural size, then
hashtags are dropped (last first) before the summary is cut any further, and a
title too long on its own is cut last. The article's URL appears exactly once
and is never cut; on Facebook it goes in the ``link`` parameter instead, on
Threads in ``link_attachment``.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import regex

from . import summary as summary_mod
from .facts import ArticleFacts
from .settings import PosseSettings
from .settings_templates import TEMPLATE_FIELDS, template_problem
from .text import (
    extract_urls,
    grapheme_length,
    html_to_text,
    lead_html,
    shorten,
    weighted_length,
)
from .text.threads_count import threads_length

log = logging.getLogger(__name__)

__all__ = ["RULES", "ComposeError", "Composed", "Rule", "compose", "grapheme_length"]


class ComposeError(Exception):
    """The post cannot be composed; the message names the article's file."""


@dataclass(frozen=True)
class Composed:
    network: str
    text: str
    link: str | None  # sent as a separate link parameter (Facebook), else None
    length: int  # in the network's own measure
    limit: int
    summary: str = ""  # the summary inside ``text`` (plain; may be cut)
    hashtags: tuple[str, ...] = ()  # the hashtags inside ``text``, with "#"


# --- measures -----------------------------------------------------------------


def mastodon_length(text: str) -> int:
    """Mastodon's count: graphemes, with every http(s) URL counting 23."""
    text = unicodedata.normalize("NFC", text)
    total, position = 0, 0
    for start, end in extract_urls(text):
        if not text.startswith(("http://", "https://"), start):
            continue  # Mastodon links only URLs written with their scheme
        total += grapheme_length(text[position:start]) + 23
        position = end
    return total + grapheme_length(text[position:])


def misskey_length(text: str) -> int:
    """Misskey's count: code points (a surrogate pair is one), URLs as written.

    notes/create declares ``text`` with a JSON Schema ``maxLength`` that ajv
    checks (Misskey's ``endpoint-base.ts``; ajv's default ``unicode: true``
    counts code points, not UTF-16 units nor graphemes), and ``api/meta``
    reports the limit as ``maxNoteTextLength``. Python's ``len`` is that count.
    """
    return len(text)


# --- the per-network rules ----------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """How one network counts and where the URL goes. Add a network: add a Rule."""

    limit: int | Callable[[PosseSettings], int]
    measure: Callable[[str], int]
    url_in_text: bool = True
    # The summary's natural size, in the network's measure (None: all the room).
    summary_max: int | None = None
    # The most hashtags a post may carry, whatever POSSE_HASHTAGS_MAX says
    # (None: no cap of the network's own).
    hashtags_max: int | None = None
    # The longest hashtag the network takes, in characters without the "#"
    # (None: no limit of its own); a longer one is left out, the next is used.
    hashtag_longest: int | None = None

    def limit_for(self, settings: PosseSettings) -> int:
        return self.limit(settings) if callable(self.limit) else self.limit


RULES: dict[str, Rule] = {
    "x": Rule(limit=280, measure=weighted_length),
    # Facebook's own limit is 63,206 characters; a few sentences read better.
    "facebook": Rule(limit=63206, measure=len, url_in_text=False, summary_max=400),
    "mastodon": Rule(
        limit=lambda s: s.mastodon_max_characters,
        measure=mastodon_length,
        summary_max=300,
    ),
    "bluesky": Rule(limit=300, measure=grapheme_length),
    # Threads: the link is the link_attachment (the card), never in the text; a
    # post carries at most one topic tag: the first of the article's tags.
    "threads": Rule(
        limit=500,
        measure=threads_length,
        url_in_text=False,
        summary_max=300,
        hashtags_max=1,
        hashtag_longest=50,  # Threads: a topic tag is 1 to 50 characters
    ),
    # A note may hold 3,000; an announcement reads better with a short summary.
    "misskey": Rule(
        limit=lambda s: s.misskey_max_characters,
        measure=misskey_length,
        summary_max=300,
    ),
}

_JA_BLOG = "ブログを更新しました：{title}\n\n{summary}\n\n{url}\n{hashtags}"
_EN_BLOG = "New post: {title}\n\n{summary}\n\n{url}\n{hashtags}"
DEFAULT_TEMPLATES: dict[str, dict[str, str]] = {
    "x": {"ja": _JA_BLOG, "en": _EN_BLOG},
    "facebook": {
        "ja": "ブログを更新しました：{title}\n\n{summary}\n\n{hashtags}",
        "en": "New post: {title}\n\n{summary}\n\n{hashtags}",
    },
    "mastodon": {"ja": _JA_BLOG, "en": _EN_BLOG},
    "bluesky": {"ja": _JA_BLOG, "en": _EN_BLOG},
    "threads": {
        "ja": "ブログを更新しました：{title}\n\n{summary}\n\n{hashtags}",
        "en": "New post: {title}\n\n{summary}\n\n{hashtags}",
    },
    "misskey": {"ja": _JA_BLOG, "en": _EN_BLOG},
}

# While hashtags can go instead, a summary keeps at least 1/_MIN_SHARE of the limit.
_MIN_SHARE = 3
# Characters of article text read for a summary: a network's room and a margin.
_OPENING_MARGIN = 128
_SEPARATORS = {"ja": "、", "zh": "、"}


# --- building blocks ----------------------------------------------------------


def _primary(lang: str) -> str:
    return (lang or "en").replace("_", "-").split("-")[0].lower()


def _pick(entry: Any, lang: str) -> str | None:
    """A template from one POSSE_TEMPLATES entry: a string, or {language: string}."""
    if isinstance(entry, str):
        return entry
    if isinstance(entry, Mapping):
        for key in (lang.lower(), _primary(lang), "default"):
            if isinstance(entry.get(key), str):
                return entry[key]
    return None


def template_for(network: str, lang: str, templates: Mapping[str, Any]) -> str:
    """The template for ``network`` and ``lang``: the user's first, then built in."""
    for key in (network, "default"):
        if key in templates:
            found = _pick(templates[key], lang)
            if found is not None:
                return found
    builtin = DEFAULT_TEMPLATES.get(network, DEFAULT_TEMPLATES["x"])
    return builtin.get(_primary(lang), builtin["en"])


_VALID_TAG_CHARS = regex.compile(r"[^\p{L}\p{M}\p{N}_\u30fb\u200c\u200d]+")
_HAS_LETTER = regex.compile(r"[\p{L}\p{M}]")


def hashtags(
    tags: tuple[str, ...], maximum: int, longest: int | None = None
) -> tuple[str, ...]:
    """Hashtags X accepts: spaces and punctuation removed, at least one letter
    (and, for a network that says so, at most ``longest`` characters)."""
    found: dict[str, str] = {}
    for tag in tags:
        body = _VALID_TAG_CHARS.sub("", unicodedata.normalize("NFC", tag))
        if longest is not None and len(body) > longest:
            continue
        if body and _HAS_LETTER.search(body):
            found.setdefault(body.casefold(), "#" + body)
    return tuple(found.values())[:maximum]


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(value: str, what: str, source: str) -> str:
    """NFC text, or a clear error for text that cannot be sent at all."""
    bad = _SURROGATE.search(value)
    if bad:
        raise ComposeError(
            f"{source}: the {what} holds an invalid character (lone surrogate "
            f"U+{ord(bad.group()):04X}); re-save the file as UTF-8"
        )
    return unicodedata.normalize("NFC", value)


_SPACES = re.compile(r"[ \t\u3000]+")


def _plain(value: str) -> str:
    return _SPACES.sub(" ", value.replace("\r", " ").replace("\n", " ")).strip()


@dataclass(frozen=True)
class _Summary:
    text: str
    verbatim: bool
    source: str  # the metadata key or "content", for messages


@functools.lru_cache(maxsize=32)
def _opening(content_html: str, max_chars: int) -> str:
    # The build composes X and Facebook from the same article, one after another.
    lead = html_to_text(lead_html(content_html), max_chars=max_chars)
    return lead if lead.strip() else html_to_text(content_html, max_chars=max_chars)


def _summary(
    facts: ArticleFacts, network: str, room: int, mode: str = "auto"
) -> _Summary:
    meta = facts.meta
    own = meta.get(f"posse_{network}", "").strip()
    if own:
        return _Summary(own, True, f"posse_{network}")
    shared = meta.get("posse_text", "").strip()
    if shared:
        return _Summary(_plain(shared), False, "posse_text")
    if facts.summary_html:
        return _Summary(html_to_text(facts.summary_html), False, "summary")
    chosen = summary_mod.for_facts(facts, mode)
    if chosen is not None:
        return _Summary(chosen.text, False, "content")
    # One size for every network (up to Facebook's 400), so one parse serves all.
    opening = _opening(facts.content_html, max(room, 400) + _OPENING_MARGIN)
    return _Summary(opening, False, "content")


_BLANK_LINES = re.compile(r"\n{3,}")


def _render(template: str, fields: Mapping[str, str]) -> str:
    try:
        # Templates were checked (settings.template_problem): plain fields only.
        text = template.format_map(fields)
    except (KeyError, IndexError, ValueError, AttributeError) as err:
        raise ComposeError(
            f"POSSE_TEMPLATES: the template {template!r} cannot be used ({err}); "
            f"fields: " + ", ".join("{" + f + "}" for f in TEMPLATE_FIELDS)
        ) from None
    # An empty field leaves no gap behind: lines are trimmed, blank runs collapsed.
    lines = [line.strip(" \t") for line in text.replace("\r\n", "\n").split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines))
    return unicodedata.normalize("NFC", text.strip())


def _without_url(text: str, url: str) -> str:
    # The article's URL goes in exactly once, where the template puts it.
    return _plain(text.replace(url, " ")) if url and url in text else text


# --- compose -------------------------------------------------------------------


@dataclass(frozen=True)
class _Draft:
    """One template with its fixed fields, measured the network's way."""

    template: str
    fields: Mapping[str, str]
    measure: Callable[[str], int]
    limit: int

    def render(self, title: str, summary: str, tags: tuple[str, ...]) -> str:
        fields = {
            **self.fields,
            "title": title,
            "summary": summary,
            "hashtags": " ".join(tags),
        }
        return _render(self.template, fields)

    def length(self, title: str, summary: str, tags: tuple[str, ...]) -> int:
        return self.measure(self.render(title, summary, tags))

    def room_for_summary(self, title: str, tags: tuple[str, ...]) -> int:
        # Measured with a one-letter stand-in, so that the separators around a
        # non-empty summary are counted.
        return self.limit - (self.length(title, "a", tags) - self.measure("a"))


def compose(facts: ArticleFacts, network: str, settings: PosseSettings) -> Composed:
    """The post announcing ``facts`` on ``network``; ComposeError if impossible."""
    source = facts.source_path
    if network not in RULES:
        raise ComposeError(
            f"{source}: no composing rules for network {network!r} "
            f"(known: {', '.join(RULES)})"
        )
    rule = RULES[network]
    lang = facts.lang or "en"
    template = template_for(network, lang, settings.templates)
    problem = template_problem(template, url_required=rule.url_in_text)
    if problem:
        raise ComposeError(f"POSSE_TEMPLATES[{network!r}]: {problem}")

    url = _check_text(facts.url, "URL", source).strip()
    if not url:
        raise ComposeError(f"{source}: the article has no URL to announce")
    title = _without_url(_plain(_check_text(facts.title, "title", source)), url)
    limit = rule.limit_for(settings)
    summary = _summary(
        facts, network, min(limit, rule.summary_max or limit), settings.summary
    )
    summary_text = _check_text(summary.text, summary.source, source)
    most = settings.hashtags_max
    if rule.hashtags_max is not None:
        most = min(most, rule.hashtags_max)
    tags = hashtags(
        tuple(_check_text(t, "tag", source) for t in facts.tags),
        most,
        rule.hashtag_longest,
    )
    if summary.verbatim and url in summary_text:
        url_field = ""  # the author placed the link in their own words
    else:
        # On Facebook the link is the card under the message, never in it.
        url_field = url if rule.url_in_text else ""
        summary_text = _without_url(summary_text, url)
    separator = _SEPARATORS.get(_primary(lang), ", ")
    draft = _Draft(
        template=template,
        fields={
            "url": url_field,
            "author": separator.join(_plain(a) for a in facts.authors),
            "site": _plain(facts.site_name),
        },
        measure=rule.measure,
        limit=limit,
    )
    if summary.verbatim:
        tags = _fit_verbatim(
            draft, title, summary_text, tags, source=source, network=network
        )
    else:
        # The summary's natural size: the room left with every hashtag, but not
        # under a third of the limit (hashtags go first), and the network's cap.
        wanted = max(draft.room_for_summary(title, tags), draft.limit // _MIN_SHARE)
        if rule.summary_max is not None:
            wanted = min(wanted, rule.summary_max)
        title, summary_text, tags = _fit(
            draft, title, summary_text, tags, wanted=wanted, lang=lang
        )
    text = draft.render(title, summary_text, tags)
    length = draft.measure(text)
    if length > draft.limit:  # only a template longer than the limit on its own
        raise ComposeError(
            f"{source}: the {network} post is {length} long by {network}'s count "
            f"even with the title and summary cut (limit {draft.limit}); shorten "
            f"POSSE_TEMPLATES[{network!r}]"
        )
    return Composed(
        network=network,
        text=text,
        link=None if rule.url_in_text else (url or None),
        length=length,
        limit=draft.limit,
        summary=summary_text,
        hashtags=tags,
    )


def _fit(
    draft: _Draft,
    title: str,
    summary: str,
    tags: tuple[str, ...],
    *,
    wanted: int,
    lang: str,
) -> tuple[str, str, tuple[str, ...]]:
    """Cut the summary, drop hashtags, cut the title: in that order, until it fits."""
    measure, limit = draft.measure, draft.limit
    if summary and measure(summary) > wanted:
        summary = shorten(summary, wanted, lang=lang, measure=measure)
    # Hashtags go, last first, before the summary is cut any further.
    while tags and draft.length(title, summary, tags) > limit:
        tags = tags[:-1]
    if draft.length(title, summary, tags) > limit:
        room = draft.room_for_summary(title, tags)
        summary = shorten(summary, room, lang=lang, measure=measure) if room > 0 else ""
    if draft.length(title, summary, tags) > limit:
        # A title too long on its own: no summary, and the title cut to fit.
        summary = ""
        room = limit - draft.length("", "", ())
        title = shorten(title, room, lang=lang, measure=measure) if room > 0 else ""
    return title, summary, tags


def _fit_verbatim(
    draft: _Draft,
    title: str,
    summary: str,
    tags: tuple[str, ...],
    *,
    source: str,
    network: str,
) -> tuple[str, ...]:
    """The author's own words are never cut: hashtags may go, else it is an error."""
    while True:
        length = draft.length(title, summary, tags)
        if length <= draft.limit:
            return tags
        if not tags:
            break
        tags = tags[:-1]
    key = f"posse_{network}"
    unit = "a weighted length" if network == "x" else "a length"
    raise ComposeError(
        f"{source}: {key} does not fit on {network}: with the title and the URL "
        f"the post has {unit} of {length}, over the limit of {draft.limit}; "
        f"shorten {key} (it is used verbatim, never cut)"
    )
