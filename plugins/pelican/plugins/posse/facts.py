"""What posse needs to know about one article, independent of Pelican's objects.

The build turns each Pelican ``Article`` into ``ArticleFacts`` once; the text
composer, the manifest and the outbox only ever see these plain values, so they
can be tested without building a site and the manifest can be read back by the
``pelican-posse`` command without importing Pelican's content classes.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, NamedTuple

from . import settings as settings_mod

_TAG = re.compile(r"<[^>]+>")


def plain(value: Any) -> str:
    """Pelican titles may hold inline markup and entities; people see text."""
    text = str(value or "")
    if "<" in text:  # a tag needs one; most titles have none, and sub() costs
        text = _TAG.sub("", text)
    return " ".join(html.unescape(text).split())


# Not frozen: a frozen dataclass's constructor sets each of the 17 fields through
# object.__setattr__, which cost a 2,000-article build ~45M instructions. Nothing
# assigns to the facts once from_article() made them.
@dataclass(slots=True)
class ArticleFacts:
    id: str  # stable: the `posse_id` metadata, else the source path (see article_id)
    source_path: str  # relative to the content folder, POSIX separators
    title: str  # plain text
    url: str  # absolute when SITEURL is absolute, else relative to the site root
    lang: str
    date: dt.datetime
    modified: dt.datetime | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    summary_html: str | None = None  # the author's `summary` metadata, never Pelican's
    content_html: str = ""
    meta: Mapping[str, str] = field(default_factory=dict)  # see Metadata
    image: str | None = None  # absolute URL of the card image, if any
    status: str = "published"  # published / draft / hidden / skip
    translation_group: str = ""  # same value for an article and its translations
    is_default_lang: bool = True
    site_name: str = ""
    date_iso: str = ""  # `date` in ISO 8601 with its UTC offset (see aware)
    # (summary.Choice or None,) once summary.for_facts() chose: the post text
    # and the link card of one build share one choice.
    summary_choice: tuple[Any, ...] | None = None


def aware(moment: dt.datetime, settings: Mapping[str, Any]) -> dt.datetime:
    """A naive date in the site's TIMEZONE (else UTC); an aware one as it is."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=settings_mod._timezone(settings) or dt.UTC)
    return moment


def article_id(source_path: str, metadata: Mapping[str, Any]) -> str:
    """The id an article keeps across re-builds, theme and URL-pattern changes.

    An explicit ``posse_id`` wins (set it before moving or renaming a file that
    was already announced); otherwise the source path relative to the content
    folder, which does not change when a title is corrected or URLs change.
    """
    explicit = str(metadata.get("posse_id", "") or "").strip()
    if explicit:
        return explicit
    # PurePath only normalises ("a//b", "./a", "a/"); most paths need none, and
    # it cost a 2,000-article build more than the rest of article_id.
    if _NORMAL_PATH.fullmatch(source_path):
        return source_path
    return PurePath(source_path).as_posix()


# Components without "/" or "\\", none of them ".".
_NORMAL_PATH = re.compile(r"(?!\.(?:/|$))[^/\\]+(?:/(?!\.(?:/|$))[^/\\]+)*")


def _metadata_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


class Metadata(Mapping[str, str]):
    """An article's metadata as posse reads it: lower-cased keys, each value as
    text (a list joined with ", "), dates left out.

    A value becomes text when it is read: a build reads two or three keys of an
    article (``posse``, ``image``, and ``posse_x``... when it composes), and a
    text copy of all of them (tags, authors, category) cost a 2,000-article
    build ~50M instructions. Pelican's readers lower-case the keys already;
    other keys (a plugin's, DEFAULT_METADATA's) are lower-cased here, once.
    """

    __slots__ = ("_values",)

    def __init__(self, metadata: Mapping[Any, Any]) -> None:
        # A copy either way: later changes to the article's metadata do not
        # reach the facts collected.
        if _lower_case_keys(metadata):
            self._values = dict(metadata)
        else:  # the last of the keys that lower-case alike wins, as in a dict
            self._values = {
                k.lower(): v
                for k, v in metadata.items()
                if isinstance(k, str) and not isinstance(v, dt.datetime)
            }

    def __getitem__(self, key: str) -> str:
        value = self._values[key]
        if isinstance(value, dt.datetime):
            raise KeyError(key)
        return value if type(value) is str else _metadata_text(value)

    def get(self, key: str, default: Any = None) -> Any:
        # Mapping.get raises and catches a KeyError for each missing key: most are.
        values = self._values
        if key in values:
            value = values[key]
            if not isinstance(value, dt.datetime):
                return value if type(value) is str else _metadata_text(value)
        return default

    def __iter__(self) -> Iterator[str]:
        return (k for k, v in self._values.items() if not isinstance(v, dt.datetime))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"Metadata({dict(self)!r})"


def _lower_case_keys(metadata: Mapping[Any, Any]) -> bool:
    """Whether every key is a string that lower() leaves as it is."""
    try:
        keys = "".join(metadata)
    except TypeError:  # a key that is not a string
        return False
    # lower() maps character by character (but for a capital sigma, which it
    # always changes), so the keys are unchanged exactly when their run is.
    return keys == keys.lower()


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def has_other_scheme(value: str) -> bool:
    """True for a URL with a scheme other than http(s) (``javascript:``, ``data:``)."""
    return bool(_SCHEME.match(value)) and not value.lower().startswith(
        ("https://", "http://")
    )


def absolute(url_or_path: str | None, siteurl: str) -> str | None:
    """An absolute http(s) URL, or None when the site has no absolute SITEURL."""
    if not url_or_path:
        return None
    value = str(url_or_path).strip()
    if value.startswith(("https://", "http://")):
        return value
    if ":" in value and has_other_scheme(value):
        return None  # javascript:, data:, mailto: … never become a card's URL
    if not siteurl.startswith(("https://", "http://")):
        return None
    return siteurl.rstrip("/") + "/" + value.lstrip("/")


def relative_source(article: Any, settings: Mapping[str, Any]) -> str:
    """The article's source path relative to the content folder, POSIX-style."""
    source = str(getattr(article, "source_path", "") or "")
    root = str(settings.get("PATH", "") or "").rstrip("/\\")
    # A plain prefix test first: PurePath.relative_to cost more than all the
    # rest of from_article on a 2,000-article build.
    if root and source.startswith(root + os.sep):
        return source[len(root) + 1 :].replace(os.sep, "/")
    try:
        return PurePath(source).relative_to(root).as_posix()
    except ValueError:
        return PurePath(source).name


# Pattern (ARTICLE_URL, ...) -> whether it names no field but {slug} and {lang}.
_SLUG_LANG_ONLY: dict[str, bool] = {}


def _slug_lang_only(pattern: str) -> bool:
    import string  # noqa: PLC0415 - only a production build asks, once a pattern

    try:
        fields = [
            (name, spec)
            for _, name, spec, _ in string.Formatter().parse(pattern)
            if name is not None
        ]
    except ValueError:  # a malformed pattern: Pelican's own call says so
        return False
    return all(
        name in ("slug", "lang") and "{" not in (spec or "") for name, spec in fields
    )


def article_url(article: Any) -> str:
    """``article.url``: Pelican formats its URL pattern with a copy of the
    article's metadata and half a dozen more values on every call, which cost
    a 2,000-article build more than all the rest of its facts. For a Pelican
    ``Article`` whose pattern names only ``{slug}`` and ``{lang}`` (the default
    ``{slug}.html``, ``{lang}/{slug}.html``), the same pattern is formatted
    here with just those two, as Pelican gets them; anything else asks Pelican.
    """
    # Looked up, not imported: the build has it loaded, and an import statement
    # in a function runs importlib's from-list handling on every call.
    article_class = getattr(sys.modules.get("pelican.contents"), "Article", None)
    if type(article) is not article_class or hasattr(article, "override_url"):
        return getattr(article, "url", "") or ""
    # Article._expand_settings and Content.get_url_setting, in Pelican 4.x.
    klass = "DRAFT" if article.status == "draft" else "ARTICLE"
    key = "URL" if article.in_default_lang else "LANG_URL"
    pattern = str(article.settings[f"{klass}_{key}"])
    simple = _SLUG_LANG_ONLY.get(pattern)
    if simple is None:
        simple = _SLUG_LANG_ONLY[pattern] = _slug_lang_only(pattern)
    if not simple:
        return getattr(article, "url", "") or ""
    url = pattern.format(
        slug=getattr(article, "slug", ""), lang=getattr(article, "lang", "en")
    )
    return url or ""


# A NamedTuple rather than a frozen dataclass: cheaper to create at import (see
# render/pieces.Link) and to construct, once an article.
class ArticleIdentity(NamedTuple):
    """Which article this is and which it translates: what the links back need
    from a build that writes no manifest."""

    id: str
    source_path: str
    date: dt.datetime
    translation_group: str


def identity(
    article: Any,
    settings: Mapping[str, Any],
    default_image: str | None = None,
    *,
    site_name: str | None = None,
) -> ArticleIdentity:
    """An article's id, source path, date and translation group; the same
    arguments as from_article(), whose values these are."""
    relative = relative_source(article, settings)
    return ArticleIdentity(
        id=article_id(relative, getattr(article, "metadata", {}) or {}),
        source_path=relative,
        date=getattr(article, "date", None) or dt.datetime.now(dt.UTC),
        translation_group=_translation_group(article, settings, relative),
    )


def _translation_group(article: Any, settings: Mapping[str, Any], relative: str) -> str:
    translation_key = str(settings.get("ARTICLE_TRANSLATION_ID", "slug") or "slug")
    group_value = getattr(article, translation_key, None) if translation_key else None
    return str(group_value or relative)


def from_article(
    article: Any,
    settings: Mapping[str, Any],
    default_image: str | None = None,
    *,
    site_name: str | None = None,
) -> ArticleFacts:
    """Collect the facts of a Pelican ``Article`` (or anything shaped like one).

    ``site_name``: ``plain(SITENAME)``, when the caller computed it already.
    """
    siteurl = str(settings.get("SITEURL", "") or "")
    relative = relative_source(article, settings)
    metadata = getattr(article, "metadata", {}) or {}
    meta = Metadata(metadata)
    url = article_url(article)
    image = meta.get("image") or default_image
    summary = metadata.get("summary")
    default_lang = str(settings.get("DEFAULT_LANG", "en"))
    lang = str(getattr(article, "lang", None) or default_lang)
    date = getattr(article, "date", None) or dt.datetime.now(dt.UTC)
    if site_name is None:
        site_name = plain(settings.get("SITENAME", ""))
    return ArticleFacts(
        id=article_id(relative, metadata),
        source_path=relative,
        title=plain(getattr(article, "title", "")),
        url=absolute(url, siteurl) or url,
        lang=lang,
        date=date,
        modified=getattr(article, "modified", None),
        tags=tuple(map(str, getattr(article, "tags", None) or ())),
        authors=tuple(map(str, getattr(article, "authors", None) or ())),
        summary_html=str(summary) if summary else None,
        content_html=str(getattr(article, "content", "") or ""),
        meta=meta,
        image=absolute(image, siteurl),
        status=str(getattr(article, "status", "published") or "published"),
        translation_group=_translation_group(article, settings, relative),
        is_default_lang=lang == default_lang,
        site_name=site_name,
        date_iso=aware(date, settings).isoformat(),
    )
