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
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from .facts import absolute, has_other_scheme, plain
from .profiles import RSS, Profile, x_handle
from .text import html_to_text, shorten

log = logging.getLogger(__name__)

DESCRIPTION_LIMIT = 200  # characters: X and Facebook show no more
_TEXT_NEEDED = DESCRIPTION_LIMIT + 100  # enough to find a sentence end after 200
_OPENING = 600  # HTML characters that usually hold that much text

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
        return Markup(
            "\n".join(
                f'<meta {attribute}="{key}" content="{escape(value)}">'
                for attribute, key, value in self.meta
            )
        )


@dataclass(frozen=True)
class Site:
    """What every article's card shares, computed once per build."""

    siteurl: str  # absolute http(s) or ""
    name: str
    default_lang: str
    default_image: str | None = None
    profiles: Sequence[Profile] = ()
    authors: Callable[[str], Sequence[Profile]] = field(default=lambda _name: ())


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


def description(article: Any, lang: str) -> str:
    """The author's summary/description if given, else the opening of the text."""
    metadata = getattr(article, "metadata", None) or {}
    source = metadata.get("summary") or metadata.get("description")
    if source:
        text = html_to_text(str(source), max_chars=_TEXT_NEEDED)
    else:
        # Only the opening is read: 2,000 articles must not cost a full parse
        # each. If code blocks or images filled it, read on.
        content = str(getattr(article, "content", "") or "")
        text = html_to_text(_opening(content), max_chars=_TEXT_NEEDED)
        if len(text) < _TEXT_NEEDED and len(content) > _OPENING:
            text = html_to_text(content, max_chars=_TEXT_NEEDED)
    return shorten(text, DESCRIPTION_LIMIT, lang=lang)


def _opening(html: str) -> str:
    """The first part of the content, never ending inside a tag."""
    if len(html) <= _OPENING:
        return html
    head = html[:_OPENING]
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
    return absolute(image, site.siteurl)


def _json_for_script(data: Any) -> str:
    """JSON that cannot close its <script> element or start a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def build(article: Any, site: Site, *, url: str | None = None) -> LinkCard:
    """``url``: the article's absolute URL when the caller knows it already."""
    lang = str(getattr(article, "lang", "") or site.default_lang)
    title = plain(getattr(article, "title", ""))
    desc = description(article, lang)
    if not site.siteurl:
        url = None
    elif url is None:
        url = absolute(getattr(article, "url", ""), site.siteurl)
    image = image_url(article, site)
    published = _iso(getattr(article, "date", None))
    modified = _iso(getattr(article, "modified", None))
    tags = [str(t) for t in getattr(article, "tags", None) or ()]
    authors = [str(a) for a in getattr(article, "authors", None) or ()]

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
    locale = og_locale(lang)
    if locale:
        meta.append(("property", "og:locale", locale))
        for other in getattr(article, "translations", None) or ():
            alt = og_locale(str(getattr(other, "lang", "") or ""))
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
    site_handle = x_handle(site.profiles)
    if site_handle:
        meta.append(("name", "twitter:site", site_handle))
    creator = x_handle(site.authors(authors[0])) if authors else None
    if creator:
        meta.append(("name", "twitter:creator", creator))

    people = []
    for name in authors:
        person: dict[str, Any] = {"@type": "Person", "name": name}
        same_as = [p.url for p in site.authors(name) if p.network != RSS]
        if same_as:
            person["sameAs"] = same_as
        people.append(person)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": title,
        "inLanguage": lang,
    }
    # No description here: og:description already carries it, and Japanese text
    # costs three bytes a character (the page-weight budget is 4,096 bytes).
    if url:
        data["url"] = url
    if image:
        data["image"] = image
    if published:
        data["datePublished"] = published
    if modified:
        data["dateModified"] = modified
    if tags:
        data["keywords"] = tags
    if people:
        data["author"] = people
    return LinkCard(tuple(meta), _json_for_script(data), not site.siteurl)
