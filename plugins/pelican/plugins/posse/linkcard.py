"""Link-card values of one article: Open Graph, Twitter card and JSON-LD.

Everything here is plain data; ``templates/posse/head.html`` writes it out (and
escapes it). URLs that must be absolute (``og:url``, ``og:image``) are left out
when the site has no absolute ``SITEURL``: a relative ``og:url`` is worse than
none, since X and Facebook would resolve it against the wrong host.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from typing import Any

from markupsafe import Markup, escape

from .facts import ArticleFacts, absolute, has_other_scheme, plain
from .profiles import RSS, Profile, x_handle
from .text import html_to_text, lead_html, opening_text, shorten, shorten_opening

log = logging.getLogger(__name__)

DESCRIPTION_LIMIT = 200  # characters: X and Facebook show no more
# shorten() decides from the first DESCRIPTION_LIMIT + 192 characters of a longer
# text; with more than this read (and a margin for a character reference cut
# at the end), the rest of the article cannot change the cut.
_TEXT_NEEDED = DESCRIPTION_LIMIT + 220
# HTML read for it, growing only when code blocks or images filled the opening.
_OPENINGS = (512, 2048, 8192)
# Most descriptions are the first sentences: shorten_opening() needs a little more
# than DESCRIPTION_LIMIT characters of text, which this much HTML usually holds.
_FIRST_OPENING = 256

# og:locale wants language_TERRITORY; these are the usual pairs for a bare language.
_LOCALES = {
    "ja": "ja_JP", "en": "en_US", "zh": "zh_CN", "ko": "ko_KR", "fr": "fr_FR",
    "de": "de_DE", "es": "es_ES", "it": "it_IT", "pt": "pt_BR", "nl": "nl_NL",
    "ru": "ru_RU", "sv": "sv_SE", "pl": "pl_PL", "tr": "tr_TR", "vi": "vi_VN",
    "th": "th_TH", "id": "id_ID", "uk": "uk_UA", "cs": "cs_CZ", "da": "da_DK",
    "fi": "fi_FI", "nb": "nb_NO", "he": "he_IL", "ar": "ar_AR", "hi": "hi_IN",
}  # fmt: skip
_PELICAN_LINK = re.compile(r"^\{(?:static|attach|filename)\}")


@dataclass(frozen=True)
class LinkCard:
    meta: tuple[tuple[str, str, str], ...]  # (attribute, key, value)
    jsonld: str  # safe to place inside <script type="application/ld+json">
    missing_siteurl: bool = False

    @property
    def html(self) -> Markup:
        """The <meta> elements, escaped: one string rather than a template loop,
        which would cost more than computing the values."""
        return Markup(self.meta_html())

    def meta_html(self) -> str:
        """``html`` as a str (Markup() copies a string: the caller that wraps it
        in more markup makes one Markup of the whole). Most values need no
        escaping, and finding that out is cheaper than escaping them; the
        elements many articles share (type, site, locale, tags, twitter:*) are
        written once per build."""
        lines = []
        for triple in self.meta:
            line = _SHARED_LINES.get(triple)
            if line is None:
                attribute, key, value = triple
                if (
                    "&" in value
                    or "<" in value
                    or ">" in value
                    or '"' in value
                    or "'" in value
                ):
                    value = escape(value)
                line = f'<meta {attribute}="{key}" content="{value}">'
                if key not in _OWN_KEYS and len(_SHARED_LINES) < 4096:
                    _SHARED_LINES[triple] = line
            lines.append(line)
        return "\n".join(lines)


# Keys whose value differs per article: their <meta> lines are never reused.
_OWN_KEYS = frozenset(
    {
        "og:title",
        "og:description",
        "og:url",
        "article:published_time",
        "article:modified_time",
    }
)
# (attribute, key, value) -> its <meta> element; bounded, as a cache must be.
_SHARED_LINES: dict[tuple[str, str, str], str] = {}


@dataclass(frozen=True)
class Site:
    """What every article's card shares, computed once per build."""

    siteurl: str  # absolute http(s) or ""
    name: str
    default_lang: str
    default_image: str | None = None
    # Where an image path is looked for (Pelican's PATH), and the theme's own
    # static folder in the output (THEME_STATIC_DIR), whose files posse can't see.
    content_path: str = ""
    theme_static_dir: str = "theme"
    profiles: Sequence[Profile] = ()
    authors: Callable[[str], Sequence[Profile]] = field(default=lambda _name: ())
    # Per-build answers every card shares: og:locale by language, the X
    # handle and JSON-LD Person of each author.
    _memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def locale(self, lang: str) -> str | None:
        key = ("locale", lang)
        if key not in self._memo:
            self._memo[key] = og_locale(lang)
        return self._memo[key]

    def handle(self, author: str | None) -> str | None:
        """The X handle of an author, or of the site (``author=None``)."""
        key = ("handle", author)
        if key not in self._memo:
            accounts = self.profiles if author is None else self.authors(author)
            self._memo[key] = x_handle(accounts)
        return self._memo[key]

    def person(self, name: str) -> dict[str, Any]:
        key = ("person", name)
        person = self._memo.get(key)
        if person is None:
            person = {"@type": "Person", "name": name}
            same_as = [p.url for p in self.authors(name) if p.network != RSS]
            if same_as:
                person["sameAs"] = same_as
            self._memo[key] = person
        return person

    def person_json(self, name: str) -> str:
        """``person(name)`` as JSON (not yet made safe for <script>)."""
        key = ("person_json", name)
        text = self._memo.get(key)
        if text is None:
            text = self._memo[key] = _JSON.encode(self.person(name))
        return text


def og_locale(lang: str) -> str | None:
    parts = lang.replace("-", "_").split("_")
    if len(parts) >= 2 and len(parts[1]) == 2:
        return f"{parts[0].lower()}_{parts[1].upper()}"
    return _LOCALES.get(parts[0].lower())


def _iso(value: Any) -> str | None:
    if not isinstance(value, dt.datetime):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def description(article: Any, lang: str, content: str | None = None) -> str:
    """The author's summary/description if given, else the opening of the text.

    ``content``: ``str(article.content)``, when the caller has it (Pelican's
    property looks its memo up on every call)."""
    metadata = getattr(article, "metadata", None) or {}
    source = metadata.get("summary") or metadata.get("description")
    if source:
        return shorten(lead_text(str(source)), DESCRIPTION_LIMIT, lang=lang)
    if content is None:
        content = str(getattr(article, "content", "") or "")
    html = content
    quick = _first_sentences(html)
    if quick is not None:
        return quick
    text = lead_text(lead_html(html))
    if not text.strip():
        text = lead_text(html)
    return shorten(text, DESCRIPTION_LIMIT, lang=lang)


def _first_sentences(html: str) -> str | None:
    """The description when the first sentences of a short opening decide it,
    else None: what description() makes of the lead's text, read from less.

    The opening ends before a tag, holds no heading (or only text-less HTML
    before one, which lead_html() passes over) and its text is where every
    longer opening's text starts (opening_text() says so), so the lead's
    text, read from any opening or whole, starts with it too
    (tests/test_linkcard_properties.py holds the two ways equal).
    """
    opening = _opening(html, _FIRST_OPENING)
    if len(lead_html(opening)) != len(opening):
        return None  # the lead ends inside it
    text = opening_text(opening)
    if text is None:
        return None
    return shorten_opening(text, DESCRIPTION_LIMIT)


def lead_text(html: str) -> str:
    """The text of ``html``, or of an opening of it long enough for a description.

    Only an opening is converted: 2,000 articles must not cost a full parse
    each. It ends before a tag, and is only used when it holds more text than
    shorten() looks at, so the description is the one the whole text gives.
    """
    for size in _OPENINGS:
        if len(html) <= size:
            break
        text = html_to_text(_opening(html, size))
        if len(text) > _TEXT_NEEDED:
            return text
    return html_to_text(html)


def _opening(html: str, size: int) -> str:
    """The first ``size`` characters of ``html``, never ending inside a tag (a
    character reference cut short only spoils the last characters of the text)."""
    head = html[:size]
    lt = head.rfind("<")
    return head[:lt] if lt > head.rfind(">") else head


def image_url(article: Any, site: Site) -> str | None:
    metadata = getattr(article, "metadata", None) or {}
    image = metadata.get("image") or site.default_image
    if not image:
        return None
    image = _PELICAN_LINK.sub("", str(image).strip())
    if has_other_scheme(image):
        log.error(
            "posse: %s: Image %r is not an http(s) URL or a path in the site; "
            "the link card is left without an image",
            getattr(article, "source_path", "?"),
            image,
        )
        return None
    if site.content_path and not image.startswith(("http://", "https://", "//")):
        _warn_if_missing(image, article, site, from_default="image" not in metadata)
    return absolute(image, site.siteurl)


def _warn_if_missing(image: str, article: Any, site: Site, from_default: bool) -> None:
    """Say so once when a card image is not in the content folder: X and Facebook
    would show a card with a broken or no picture, and nobody would notice."""
    path = image.split("?", 1)[0].split("#", 1)[0].lstrip("/")
    if not path or path.startswith(site.theme_static_dir.strip("/") + "/"):
        return
    source = str(getattr(article, "source_path", "") or "")
    folder = os.path.dirname(source) if source else ""
    key = ("image", path, "" if from_default else folder)
    if key in site._memo:
        return
    candidates = [os.path.join(site.content_path, path)]
    if folder and not from_default:  # {attach} and relative paths: beside it
        candidates.append(os.path.join(folder, path))
    site._memo[key] = found = any(os.path.isfile(c) for c in candidates)
    if found:
        return
    where = "POSSE_DEFAULT_IMAGE" if from_default else f"{source}: Image"
    log.warning(
        "posse: %s %r: no such file in the content folder (%s); the link card "
        "points to a picture that will not exist. Fix the path, or add the file",
        where,
        image,
        candidates[0],
    )


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


# What the encoder above writes for a str (json's C function).
_string = encode_basestring


def _script_safe(text: str) -> str:
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def build(
    article: Any,
    site: Site,
    *,
    url: str | None = None,
    facts: ArticleFacts | None = None,
) -> LinkCard:
    """``url``, ``facts``: the article's absolute URL or its facts, when the
    caller has them already (Pelican's ``article.url`` is computed on every
    call and costs more than most of a card)."""
    lang = str(getattr(article, "lang", "") or site.default_lang)
    if facts is not None:
        title, tags, authors = facts.title, list(facts.tags), list(facts.authors)
        url = url or facts.url
    else:
        title = plain(getattr(article, "title", ""))
        tags = [str(t) for t in getattr(article, "tags", None) or ()]
        authors = [str(a) for a in getattr(article, "authors", None) or ()]
    desc = description(
        article, lang, content=facts.content_html if facts is not None else None
    )
    if not site.siteurl:
        url = None
    elif url is None or not url.startswith(("https://", "http://")):
        url = absolute(url or getattr(article, "url", ""), site.siteurl)
    image = image_url(article, site)
    published = _iso(getattr(article, "date", None))
    modified = _iso(getattr(article, "modified", None))

    meta: list[tuple[str, str, str]] = [
        ("property", "og:type", "article"),
        ("property", "og:title", title),
    ]
    if desc:
        meta.append(("property", "og:description", desc))
    if url:
        meta.append(("property", "og:url", url))
    if site.name:
        meta.append(("property", "og:site_name", site.name))
    locale = site.locale(lang)
    if locale:
        meta.append(("property", "og:locale", locale))
        for other in getattr(article, "translations", None) or ():
            alt = site.locale(str(getattr(other, "lang", "") or ""))
            if alt and alt != locale:
                meta.append(("property", "og:locale:alternate", alt))
    if image:
        meta.append(("property", "og:image", image))
    if published:
        meta.append(("property", "article:published_time", published))
    if modified:
        meta.append(("property", "article:modified_time", modified))
    meta.extend(("property", "article:tag", tag) for tag in tags)
    meta.append(("name", "twitter:card", "summary_large_image" if image else "summary"))
    site_handle = site.handle(None)
    if site_handle:
        meta.append(("name", "twitter:site", site_handle))
    creator = site.handle(authors[0]) if authors else None
    if creator:
        meta.append(("name", "twitter:creator", creator))

    jsonld = _jsonld(
        site,
        title=title,
        lang=lang,
        url=url,
        image=image,
        published=published,
        modified=modified,
        tags=tags,
        authors=authors,
    )
    return LinkCard(tuple(meta), jsonld, not site.siteurl)


def _jsonld(
    site: Site,
    *,
    title: str,
    lang: str,
    url: str | None,
    image: str | None,
    published: str | None,
    modified: str | None,
    tags: list[str],
    authors: list[str],
) -> str:
    """The card's JSON-LD ``BlogPosting``, safe inside ``<script>``, written from
    its pieces: the encoder's walk over a fresh dict cost more than the rest of
    the JSON-LD, and each author's JSON is the same on every article
    (tests/test_linkcard_properties.py holds it equal to the encoder's).

    No description: og:description already carries it, and Japanese text costs
    three bytes a character (the page-weight budget is 4,096 bytes)."""
    parts = [
        '{"@context":"https://schema.org","@type":"BlogPosting","headline":',
        _string(title),
        ',"inLanguage":',
        _string(lang),
    ]
    for name, value in (
        ("url", url),
        ("image", image),
        ("datePublished", published),
        ("dateModified", modified),
    ):
        if value:
            parts += (',"', name, '":', _string(value))
    if tags:
        parts += (',"keywords":[', ",".join(map(_string, tags)), "]")
    if authors:
        people = ",".join(map(site.person_json, authors))
        parts += (',"author":[', people, "]")
    parts.append("}")
    return _script_safe("".join(parts))
