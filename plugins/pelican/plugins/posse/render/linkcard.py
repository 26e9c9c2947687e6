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
from collections.abc import Callable, Mapping, Sequence
from html import unescape
from json.encoder import encode_basestring
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from ..facts import ArticleFacts, absolute, has_other_scheme, plain
from ..profiles import RSS, Profile, x_handle
from . import description

log = logging.getLogger(__name__)


# og:locale wants language_TERRITORY; these are the usual pairs for a bare language.
_LOCALES = {
    "ja": "ja_JP", "en": "en_US", "zh": "zh_CN", "ko": "ko_KR", "fr": "fr_FR",
    "de": "de_DE", "es": "es_ES", "it": "it_IT", "pt": "pt_BR", "nl": "nl_NL",
    "ru": "ru_RU", "sv": "sv_SE", "pl": "pl_PL", "tr": "tr_TR", "vi": "vi_VN",
    "th": "th_TH", "id": "id_ID", "uk": "uk_UA", "cs": "cs_CZ", "da": "da_DK",
    "fi": "fi_FI", "nb": "nb_NO", "he": "he_IL", "ar": "ar_AR", "hi": "hi_IN",
}  # fmt: skip
_PELICAN_LINK = re.compile(r"^\{(?:static|attach|filename)\}")


# A NamedTuple rather than a frozen dataclass: cheaper to create at import (see
# render/pieces.Link).
class LinkCard(NamedTuple):
    """An article's link card, written once as the HTML posse's own head shows."""

    meta_html: str  # the <meta> elements, escaped, one a line
    jsonld: str  # safe to place inside <script type="application/ld+json">

    @property
    def html(self) -> Markup:
        """The <meta> elements: one string rather than a template loop, which
        would cost more than computing the values."""
        return Markup(self.meta_html)

    def printed(self, name: str) -> str:
        """What a page shows of ``posse.card(article).NAME``, as the plain string
        the card holds: ``html`` without the copy Markup() makes (and a page's
        kept parts without an object the garbage collector must follow)."""
        return self.meta_html if name == "html" else getattr(self, name)

    @property
    def meta(self) -> tuple[tuple[str, str, str], ...]:
        """(attribute, key, value) of each <meta> element, for a theme that writes
        its own: read back from ``meta_html``, so the two cannot disagree (the
        values are escaped by markupsafe, whose five entities unescape() undoes)."""
        return tuple(
            (attribute, key, unescape(value))
            for attribute, key, value in _META_LINE.findall(self.meta_html)
        )


_META_LINE = re.compile(r'<meta (property|name)="([^"]*)" content="([^"]*)">')


def _meta(attribute: str, key: str, value: str) -> str:
    """One <meta> element, its value escaped as markupsafe does (most values need
    no escaping, and finding that out is cheaper than escaping them)."""
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        value = escape(value)
    return f'<meta {attribute}="{key}" content="{value}">'


_OG_TYPE = _meta("property", "og:type", "article")


class Site:
    """What every article's card shares, computed once per build.

    A plain class: one a build, never compared (its memo and ``authors``
    callable would make value equality meaningless), and a dataclass's
    generated methods cost the import ~0.5 ms."""

    __slots__ = (
        "_memo",
        "authors",
        "cards",
        "content_path",
        "default_image",
        "default_lang",
        "name",
        "profiles",
        "siteurl",
        "summary",
        "theme_static_dir",
    )

    def __init__(
        self,
        *,
        siteurl: str,  # absolute http(s) or ""
        name: str,
        default_lang: str,
        default_image: str | None = None,
        # Where an image path is looked for (Pelican's PATH), and the theme's
        # own static folder in the output (THEME_STATIC_DIR), whose files posse
        # can't see.
        content_path: str = "",
        theme_static_dir: str = "theme",
        profiles: Sequence[Profile] = (),
        authors: Callable[[str], Sequence[Profile]] = lambda _name: (),
        # Each article's card picture (render/cards.CardImage) by source path:
        # the build's own dict, filled once every article is known.
        cards: Mapping[str, Any] | None = None,
        summary: str = "auto",  # POSSE_SUMMARY: which opening sentences
    ) -> None:
        self.siteurl = siteurl
        self.name = name
        self.default_lang = default_lang
        self.default_image = default_image
        self.content_path = content_path
        self.theme_static_dir = theme_static_dir
        self.profiles = profiles
        self.authors = authors
        self.cards = {} if cards is None else cards
        self.summary = summary
        # Per-build answers every card shares: og:locale by language, the X
        # handle and JSON-LD Person of each author, and the parts of the card
        # written from them (<meta> lines, JSON-LD), keyed (what, what it
        # depends on).
        self._memo: dict[Any, Any] = {}

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

    def lang_lines(self, lang: str) -> str:
        """The og:site_name and og:locale <meta> lines ("" without either)."""
        key = ("lang_lines", lang)
        lines = self._memo.get(key)
        if lines is None:
            found = []
            if self.name:
                found.append(_meta("property", "og:site_name", self.name))
            locale = self.locale(lang)
            if locale:
                found.append(_meta("property", "og:locale", locale))
            lines = self._memo[key] = "\n".join(found)
        return lines

    def tags(self, tags: tuple[str, ...]) -> tuple[str, str]:
        """The article:tag <meta> lines and the JSON-LD keywords of these tags
        (many articles have the same tags)."""
        key = ("tags", tags)
        found = self._memo.get(key)
        if found is None:
            lines = "\n".join(_meta("property", "article:tag", tag) for tag in tags)
            keywords = ",".join(map(_json_string, tags))
            found = self._memo[key] = (lines, f"[{keywords}]")
        return found

    def twitter_lines(self, large_image: bool, author: str | None) -> str:
        """The twitter:card, twitter:site and twitter:creator <meta> lines
        (``author``: the first author, whose X account is the creator)."""
        key = ("twitter", large_image, author)
        lines = self._memo.get(key)
        if lines is None:
            kind = "summary_large_image" if large_image else "summary"
            found = [_meta("name", "twitter:card", kind)]
            site_handle = self.handle(None)
            if site_handle:
                found.append(_meta("name", "twitter:site", site_handle))
            creator = None if author is None else self.handle(author)
            if creator:
                found.append(_meta("name", "twitter:creator", creator))
            lines = self._memo[key] = "\n".join(found)
        return lines

    def people_json(self, authors: tuple[str, ...]) -> str:
        """The JSON-LD ``author`` list of these authors, safe inside <script>."""
        key = ("people", authors)
        text = self._memo.get(key)
        if text is None:
            people = ",".join(map(self.person_json, authors))
            text = self._memo[key] = _script_safe(f"[{people}]")
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


def _json_string(value: str) -> str:
    """``value`` as a JSON string, safe inside <script>."""
    text = _string(value)
    if "<" in text or ">" in text or "&" in text:
        text = _script_safe(text)
    return text


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
        title, tags, authors = facts.title, facts.tags, facts.authors
        url = url or facts.url
    else:
        title = plain(getattr(article, "title", ""))
        tags = tuple(str(t) for t in getattr(article, "tags", None) or ())
        authors = tuple(str(a) for a in getattr(article, "authors", None) or ())
    desc = description.description(
        article,
        lang,
        content=facts.content_html if facts is not None else None,
        facts=facts,
        site=site,
    )
    if not site.siteurl:
        url = None
    elif url is None or not url.startswith(("https://", "http://")):
        url = absolute(url or getattr(article, "url", ""), site.siteurl)
    # An article's own Image wins, then its card picture, then POSSE_DEFAULT_IMAGE.
    card = site.cards.get(getattr(article, "source_path", "")) if site.cards else None
    if card is not None and not (getattr(article, "metadata", None) or {}).get("image"):
        image, image_meta = card.url, card.meta
    else:
        image, image_meta = image_url(article, site), ""
    date = getattr(article, "date", None)
    if facts is not None and facts.date is date and date.tzinfo is not None:
        published = facts.date_iso  # the same string, formatted once
    else:
        published = _iso(date)
    modified = _iso(getattr(article, "modified", None))
    said = CardValues(
        title, lang, url, image, published, modified, tags, authors, image_meta
    )
    meta_html = _meta_html(
        site, said, desc=desc, alternates=_alternates(article, site, lang)
    )
    return LinkCard(meta_html, _jsonld(site, said))


class CardValues(NamedTuple):
    """What the <meta> lines and the JSON-LD both say. (A record, not **a dict:
    a call with ** builds a dict and unpacks it again, ~20M instructions over a
    2,000-article build.)"""

    title: str
    lang: str
    url: str | None
    image: str | None
    published: str | None
    modified: str | None
    tags: Sequence[str]
    authors: Sequence[str]
    image_meta: str = ""  # a card picture's size and alt text <meta> lines


def _alternates(article: Any, site: Site, lang: str) -> list[str]:
    """og:locale:alternate: the locales of the article's translations."""
    translations = getattr(article, "translations", None)
    locale = site.locale(lang) if translations else None
    if not locale:
        return []
    found = []
    for other in translations:
        alt = site.locale(str(getattr(other, "lang", "") or ""))
        if alt and alt != locale:
            found.append(alt)
    return found


def _meta_html(
    site: Site, said: CardValues, *, desc: str, alternates: Sequence[str]
) -> str:
    """The card's <meta> elements, written as they are computed: the lines many
    articles share (site, locale, tags, twitter:*) come written from ``site``
    (tests/test_linkcard_properties.py holds the whole equal to escaping each
    (attribute, key, value) the plain way)."""
    title, lang, url, image, published, modified, tags, authors, image_meta = said
    lines = [_OG_TYPE, _meta("property", "og:title", title)]
    if desc:
        lines.append(_meta("property", "og:description", desc))
    if url:
        lines.append(_meta("property", "og:url", url))
    shared = site.lang_lines(lang)
    if shared:
        lines.append(shared)
    for alt in alternates:
        lines.append(_meta("property", "og:locale:alternate", alt))
    if image:
        lines.append(_meta("property", "og:image", image))
        if image_meta:
            lines.append(image_meta)
    if published:
        lines.append(_meta("property", "article:published_time", published))
    if modified:
        lines.append(_meta("property", "article:modified_time", modified))
    if tags:
        lines.append(site.tags(tuple(tags))[0])
    lines.append(site.twitter_lines(bool(image), authors[0] if authors else None))
    return "\n".join(lines)


def _jsonld(site: Site, said: CardValues) -> str:
    """The card's JSON-LD ``BlogPosting``, safe inside ``<script>``, written from
    its pieces: the encoder's walk over a fresh dict cost more than the rest of
    the JSON-LD, and the keywords and authors are the same on many articles
    (tests/test_linkcard_properties.py holds it equal to the encoder's).

    No description: og:description already carries it, and Japanese text costs
    three bytes a character (the page-weight budget is 4,096 bytes)."""
    title, lang, url, image, published, modified, tags, authors, _ = said
    parts = [_JSONLD_START, _json_string(title), ',"inLanguage":', _json_string(lang)]
    if url:
        parts += (',"url":', _json_string(url))
    if image:
        parts += (',"image":', _json_string(image))
    if published:
        parts += (',"datePublished":', _json_string(published))
    if modified:
        parts += (',"dateModified":', _json_string(modified))
    if tags:
        parts += (',"keywords":', site.tags(tuple(tags))[1])
    if authors:
        parts += (',"author":', site.people_json(tuple(authors)))
    parts.append("}")
    return "".join(parts)


_JSONLD_START = '{"@context":"https://schema.org","@type":"BlogPosting","headline":'
