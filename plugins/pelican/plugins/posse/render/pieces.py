"""Follow bar, author card and link-card metadata in any theme (issue 2).

How it gets into a theme that knows nothing of posse, without reparsing pages:
in ``generator_init`` each generator's Jinja loader is wrapped so that

- the plugin's ``templates/`` folder is searched after the theme's, so a theme
  overrides ``posse/follow.html`` by shipping its own ``templates/posse/follow.html``;
- with ``POSSE_AUTO_INSERT`` on, a theme template's *source* is rewritten as it
  is loaded: ``{{ article|posse_inserted("head") }}`` before ``</head>`` and
  ``{{ article|posse_inserted("auto_article") }}`` after ``{{ article.content }}``.
  Jinja compiles each template once per build, so a page only pays for
  rendering the partials. A filter rather than ``{% include %}``: an include
  looks the template up and copies Pelican's whole page context every time,
  which cost more than the metadata it wrote. A filter rather than a call or an
  ``{% if %}``: Jinja compiles a filter to a plain Python call, where a call
  goes through ``Context.call`` (about 15,000 instructions a page between the
  two). The filter renders ``posse/head.html`` and ``posse/auto_article.html``
  (posse's or the theme's own) on the page's context without copying it, on
  article pages only.

Pieces the theme already includes itself (found by one scan of its templates)
are not inserted again. The values the partials show are computed in Python
(``profiles``, ``labels``, ``linkcard``) and reach them through ``posse``, an
object in Pelican's template context (every page template has it); the partials
escape everything (Pelican does not autoescape).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemLoader,
    Template,
    TemplateNotFound,
    Undefined,
    pass_context,
)
from jinja2.runtime import Context
from jinja2.utils import missing
from markupsafe import Markup, escape

from .. import profiles
from .. import settings as posse_settings
from ..facts import ArticleFacts, plain
from ..labels import Labels, base_lang
from ..labels import check as check_labels
from . import collect, linkcard
from .context import current

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent.parent  # the package: templates/, static/
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
# The stylesheet and one small SVG per icon (posse.css masks them in, by class).
ICONS = sorted(f"icons/{p.name}" for p in (STATIC / "icons").glob("*.svg"))
ASSETS = ("posse.css", *ICONS)
OUTPUT_DIR = "posse"  # where the assets go in the output: /posse/posse.css

ARTICLE_PIECES = ("follow", "author_card", "syndication", "share")
PARTIALS = ("head", "auto_article", "style", *ARTICLE_PIECES)
# Partials shown per article, and the template function that says what they show.
_PER_ARTICLE = {"syndication": "posse_syndication", "share": "posse_share"}

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
# {{ article.content }}, {{article.content|safe}}, {{- article.get_content(SITEURL) -}}
_CONTENT = re.compile(
    r"\{\{-?\s*article\.(?:content|get_content\([^)]*\))"
    r"(?:\s*\|\s*[A-Za-z_]\w*(?:\([^)]*\))?)*\s*-?\}\}"
)
_REFERENCE = re.compile(
    r"""["']posse/(head|follow|author_card|syndication|share|auto_article)\.html["']"""
)
_DEPENDS = re.compile(r"""\{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")
# The article is passed as the page sees it: a theme may have set it in a block.
_HEAD_INCLUDE = '{{ article|posse_inserted("head") }}'
_ARTICLE_INCLUDE = '{{ article|posse_inserted("auto_article") }}'


# NamedTuples rather than frozen dataclasses: creating a dataclass exec()s each
# of its generated methods, ~4M instructions a class on every build's import;
# a NamedTuple costs about a quarter of that and reads its fields as fast.
class Link(NamedTuple):
    network: str
    url: str  # absolute, or a path in the site (the RSS feed) when `local`
    label: str  # visible text (follow bar) or accessible name (author card)
    name: str  # the network's name
    rel: str

    @property
    def local(self) -> bool:
        return not self.url.startswith(("https://", "http://"))


class Bar(NamedTuple):
    heading: str
    links: tuple[Link, ...]
    lang: str  # the labels' language: the theme's <html lang> may differ


class AuthorCard(NamedTuple):
    name: str
    url: str | None  # the author's page in the site, relative to SITEURL
    links: tuple[Link, ...]


class Cards(NamedTuple):
    heading: str
    cards: tuple[AuthorCard, ...]
    lang: str


class Posse:
    """``posse`` in the template context: everything the partials show, per article."""

    def __init__(self, site_settings: dict[str, Any]) -> None:
        ps, problems = posse_settings.load(site_settings)
        collect.use_settings(site_settings, ps)  # read once per build
        # Every POSSE_* problem is reported here, once per build (the manifest
        # and the CLI read the same settings but leave the build log to us).
        messages = [str(p) for p in problems]
        self.settings = ps
        self.site_profiles, found = profiles.parse(
            "POSSE_PROFILES", ps.profiles, site_settings
        )
        messages += found
        self._author_profiles: dict[str, list[profiles.Profile]] = {}
        for name, accounts in ps.authors.items():
            parsed, found = profiles.parse(
                f"POSSE_AUTHORS[{name!r}]", accounts, site_settings
            )
            self._author_profiles[name] = parsed
            messages += found
        self.follow_profiles, found = self._follow_profiles(
            ps, self.site_profiles, site_settings
        )
        messages += found
        messages += check_labels(ps.labels)
        for message in messages:
            log.error("posse: %s", message)

        self.labels = Labels(ps.labels, str(site_settings.get("DEFAULT_LANG") or "en"))
        siteurl = str(site_settings.get("SITEURL") or "")
        if not siteurl.startswith(("https://", "http://")):
            siteurl = ""
            log.info(
                "posse: SITEURL is not an absolute URL (a local build), so og:url, "
                "og:image and the JSON-LD url are left out; set SITEURL in "
                "publishconf.py for production"
            )
        self.author_pages = bool(site_settings.get("AUTHOR_SAVE_AS"))
        self.site = linkcard.Site(
            siteurl=siteurl,
            name=plain(site_settings.get("SITENAME", "")),
            default_lang=str(site_settings.get("DEFAULT_LANG") or "en"),
            default_image=ps.default_image,
            content_path=str(site_settings.get("PATH") or ""),
            theme_static_dir=str(site_settings.get("THEME_STATIC_DIR") or "theme"),
            profiles=tuple(self.site_profiles),
            authors=self.author_profiles,
        )
        # Pieces the theme includes itself: posse neither inserts nor repeats them.
        self.placed: frozenset[str] = frozenset()
        self.auto = {"head": ps.auto_insert, "article": ps.auto_insert}
        self._bars: dict[str, Bar] = {}
        self._cards: dict[tuple[tuple[str, ...], str], Cards] = {}
        self._pieces: dict[tuple[Any, ...], str] = {}
        self._templates: dict[tuple[int, str], Template] = {}
        self._is_own: dict[int, frozenset[str]] = {}  # id(env) -> own partials
        # The last environment asked about, and its own partials: every article
        # page comes from the articles generator's.
        self._last_own: tuple[Environment | None, frozenset[str]] = (None, frozenset())
        # The bar and cards after an article's text, by what they depend on.
        self._fixed: dict[tuple[Any, ...], str] = {}
        self._card_of: dict[int, tuple[Any, linkcard.LinkCard]] = {}
        self._langs: dict[str, str] = {}

    @staticmethod
    def _follow_profiles(
        ps: posse_settings.PosseSettings,
        site_profiles: Sequence[profiles.Profile],
        site_settings: dict[str, Any],
    ) -> tuple[list[profiles.Profile], list[str]]:
        by_network: dict[str, profiles.Profile] = {}
        for p in site_profiles:
            by_network.setdefault(p.network, p)
        given = {str(k).strip().lower() for k in ps.profiles}
        chosen: list[profiles.Profile] = []
        problems: list[str] = []
        # Only a list the user wrote asks for every network in it; the default
        # (also used in place of an invalid value, already reported) skips a
        # network the owner has no account on.
        follow_was_chosen = posse_settings.is_str_list(
            site_settings.get("POSSE_FOLLOW")
        )
        for key in ps.follow:
            if key not in profiles.PROFILE_KEYS:
                problems.append(
                    f"POSSE_FOLLOW: unknown network {key!r}; "
                    f"known: {', '.join(profiles.PROFILE_KEYS)}"
                )
            elif key in by_network:
                chosen.append(by_network[key])
            elif key == profiles.RSS and key not in given:
                feed = profiles.parse_rss(True, site_settings)
                if isinstance(feed, str):
                    problems.append(f"POSSE_FOLLOW: 'rss': {feed}")
                else:
                    chosen.append(feed)
            elif key not in given and follow_was_chosen:
                # An invalid account was reported already. With the default
                # POSSE_FOLLOW, a network the owner has no account on is skipped.
                problems.append(
                    f"POSSE_FOLLOW: {key!r} has no account in POSSE_PROFILES; "
                    f"add one, e.g. POSSE_PROFILES = {{{key!r}: ...}}, "
                    "or remove it from POSSE_FOLLOW"
                )
        return chosen, problems

    def author_profiles(self, name: str) -> list[profiles.Profile]:
        """An author's own accounts, else the site's (POSSE_PROFILES, less its feed:
        the site's feed is not a person's profile)."""
        found = self._author_profiles.get(name)
        if found is not None:
            return found
        return [p for p in self.site_profiles if p.network != profiles.RSS]

    # --- what the partials call ---------------------------------------------

    def follow(self, article: Any) -> Bar | None:
        lang = self._lang(article)
        bar = self._bars.get(lang)
        if bar is None:
            words = self.labels.for_lang(lang)
            links = tuple(
                Link(
                    p.network,
                    p.follow_url,
                    words[f"follow_{p.network}"],
                    words[f"network_{p.network}"],
                    _rel(p),
                )
                for p in self.follow_profiles
            )
            bar = self._bars[lang] = Bar(words["follow_heading"], links, lang)
        return bar if bar.links else None

    def authors(self, article: Any) -> Cards | None:
        names = tuple(str(a) for a in getattr(article, "authors", None) or ())
        lang = self._lang(article)
        key = (names, lang)
        cards = self._cards.get(key)
        if cards is None:
            words = self.labels.for_lang(lang)
            by_name = {str(a): a for a in getattr(article, "authors", None) or ()}
            built = []
            for name in names:
                links = tuple(
                    Link(
                        p.network,
                        p.url,
                        words["profile"].format(
                            name=name, network=words[f"network_{p.network}"]
                        ),
                        words[f"network_{p.network}"],
                        _rel(p),
                    )
                    for p in self.author_profiles(name)
                )
                if links:
                    page = getattr(by_name[name], "url", None)
                    built.append(
                        AuthorCard(name, page if self.author_pages else None, links)
                    )
            heading = words["authors_heading" if len(built) > 1 else "author_heading"]
            cards = self._cards[key] = Cards(heading, tuple(built), lang)
        return cards if cards.cards else None

    def card(self, article: Any) -> linkcard.LinkCard:
        """The link card of an article, computed once per build."""
        found = self._card_of.get(id(article))
        if found is not None and found[0] is article:
            return found[1]
        # The manifest collected the article's facts already (its absolute URL
        # above all: Pelican's article.url is not cached and costs more than
        # the rest of a card).
        card = linkcard.build(article, self.site, facts=_facts(article))
        # The article is kept with its card so that its id is not reused.
        self._card_of[id(article)] = (article, card)
        return card

    @pass_context
    def piece(self, context: Context, name: str, article: Any = None) -> Markup:
        """A posse partial: ``head``, ``auto_article`` or one of ARTICLE_PIECES.

        The bar, the card and the stylesheet link look the same on every page
        that shares those, so posse's own partials are rendered once and reused:
        an include per page would cost more than the rest of posse. A partial
        the theme overrides is rendered like an include, with the full context.
        ``article``: the page's article, when the caller has it at hand;
        otherwise the context's.
        """
        html = self._piece(context, name, article)
        # Markup() of a Markup would copy it.
        return html if type(html) is Markup else Markup(html)

    @pass_context
    def inserted(self, context: Context, article: Any, name: str) -> str:
        """The ``posse_inserted`` filter POSSE_AUTO_INSERT writes into a theme's
        templates: ``piece(name, article)`` on article pages (index, tag and
        category pages define ``articles_page``; ``base.html`` may have no
        article), written straight into the page, so marked safe only where the
        page escapes (elsewhere Jinja's str() would copy it)."""
        if (
            isinstance(article, Undefined)
            or context.resolve_or_missing("articles_page") is not missing
        ):
            return ""
        html = self._piece(context, name, article)
        return Markup(html) if context.eval_ctx.autoescape else html

    def _piece(self, context: Context, name: str, article: Any) -> str:
        if name in self.placed:
            return ""
        if article is None or isinstance(article, Undefined):
            article = _lookup(context, "article", None)
        env = context.environment
        if not self._own(env, name):
            # The theme's own partial may use anything in the context.
            return _render_in(self._template(env, name), context, article)
        siteurl = _lookup(context, "SITEURL", "")
        if name == "head":
            return self._head(context, siteurl, article)
        if name == "auto_article":
            return self._auto_article(context, siteurl, article)
        data = _PER_ARTICLE.get(name)
        if data is not None:
            # The links back and the share row differ per article and are
            # usually empty: the partial is only rendered when it shows something.
            function = _lookup(context, data, None)
            if article is None or not callable(function) or not function(article):
                return ""
            return self._template(env, name).render(
                {data: function}, article=article, SITEURL=siteurl, posse=self
            )
        key = (name, id(env), siteurl)
        if name == "follow":
            key += (self._lang(article),)
        elif name == "author_card":
            names = tuple(str(a) for a in getattr(article, "authors", None) or ())
            key += (self._lang(article), names)
        html = self._pieces.get(key)
        if html is None:
            html = self._pieces[key] = self._own_html(env, name, article, siteurl)
        return html

    def _head(self, context: Context, siteurl: str, article: Any) -> str:
        """What posse's head.html renders (a test holds them equal), without a
        template call: it differs per article, so it is never reused."""
        if article is None:
            return ""
        card = self.card(article)
        style = self._pieces.get(("style", id(context.environment), siteurl))
        if style is None:
            style = self._piece(context, "style", article)
        return (
            f"{card.meta_html}\n"
            f'<script type="application/ld+json">{card.jsonld}</script>\n'
            f"{style}"
        )

    def _auto_article(self, context: Context, siteurl: str, article: Any) -> str:
        """What posse's auto_article.html renders: the bar and the cards (one
        string per language, authors and SITEURL when both are posse's own),
        then the links back and the share row if the article has them."""
        env = context.environment
        own = self._own_in(env)
        # The manifest's facts have the author names already (str() of each of
        # Pelican's authors costs more than the rest of the key).
        facts = _facts(article)
        if facts is not None:
            key = (id(env), siteurl, facts.lang, facts.authors)
        else:
            names = tuple(map(str, getattr(article, "authors", None) or ()))
            key = (id(env), siteurl, self._lang(article), names)
        html = self._fixed.get(key)
        if html is None:
            html = self._piece(context, "follow", article) + self._piece(
                context, "author_card", article
            )
            if "follow" in own and "author_card" in own:
                self._fixed[key] = html
        for each, data in _PER_ARTICLE.items():
            if each in self.placed:
                continue
            if each in own:
                # Asked here first: for most articles it is empty, and a
                # piece() call costs more than the question.
                function = _lookup(context, data, None)
                if article is None or not callable(function):
                    continue
                if not function(article):
                    continue
            html += self._piece(context, each, article)
        return html

    def _own_html(self, env: Environment, name: str, article: Any, siteurl: str) -> str:
        """posse's own partial NAME, rendered once for the pages that share it.

        The bar, the cards and the stylesheet link are written in Python when
        Jinja writes the templates the way Pelican configures it: compiling
        them cost a build more than everything they render."""
        if _writes_like_pelican(env):
            if name == "follow":
                return _follow_html(self.follow(article), siteurl)
            if name == "author_card":
                return _authors_html(self.authors(article), siteurl)
            if name == "style":
                return _style_html(siteurl)
        return self._template(env, name).render(
            article=article, SITEURL=siteurl, posse=self
        )

    def _own(self, env: Environment, name: str) -> bool:
        """Whether ``posse/NAME.html`` is posse's own in ``env``."""
        if name in PARTIALS:
            return name in self._own_in(env)
        return _from_posse(env, f"posse/{name}.html")

    def _own_in(self, env: Environment) -> frozenset[str]:
        """The partials ``posse/NAME.html`` that are posse's own in ``env`` (the
        theme does not override them); asked of the loader, so a template
        posse writes in Python is never compiled."""
        last_env, own = self._last_own
        if env is last_env:
            return own
        own = self._is_own.get(id(env))
        if own is None:
            own = self._is_own[id(env)] = frozenset(
                name for name in PARTIALS if _from_posse(env, f"posse/{name}.html")
            )
        self._last_own = (env, own)
        return own

    def _template(self, env: Environment, name: str) -> Template:
        key = (id(env), name)
        template = self._templates.get(key)
        if template is None:
            template = self._templates[key] = env.get_template(f"posse/{name}.html")
        return template

    def _lang(self, article: Any) -> str:
        # Asked several times a page, of the same few languages.
        raw = getattr(article, "lang", None)
        lang = self._langs.get(raw) if type(raw) is str else None
        if lang is None:
            lang = base_lang(raw) or base_lang(self.site.default_lang)
            if type(raw) is str and len(self._langs) < 256:
                self._langs[raw] = lang
        return lang


def _from_posse(env: Environment, template: str) -> bool:
    """Whether ``env`` loads ``template`` from posse's templates (the theme
    does not override it)."""
    try:
        filename = env.loader.get_source(env, template)[1]
    except TemplateNotFound:
        return False
    return bool(filename) and Path(filename).resolve().is_relative_to(TEMPLATES)


def _facts(article: Any) -> ArticleFacts | None:
    """The facts the manifest collected of this article (None in a build
    without them)."""
    build = current()
    key = build.key_of.get(str(getattr(article, "source_path", "")))
    return build.facts.get(key) if key else None


def _lookup(context: Context, name: str, default: Any) -> Any:
    """``context.get(name, default)`` in one call rather than three."""
    value = context.resolve_or_missing(name)
    return default if value is missing else value


def _render_in(template: Template, context: Context, article: Any) -> str:
    """``template`` rendered as ``{% include %}`` would, on the page's context.

    The context is shared, not copied (Pelican's holds every setting and every
    article list); only when the caller's article is not the context's (a theme
    that set it in a block) is it copied, with that article in it.
    """
    variables = context.get_all()
    if article is context.get("article"):
        ctx = template.new_context(variables, shared=True)
    else:
        ctx = template.new_context(variables, shared=True, locals={"article": article})
    return template.environment.concat(template.root_render_func(ctx))


def _rel(profile: profiles.Profile) -> str:
    # rel="me" tells Mastodon (and IndieWeb readers) the account is the author's.
    return "alternate" if profile.network == profiles.RSS else "me noopener"


# --- posse's own partials, written in Python -----------------------------------
# What templates/posse/follow.html, author_card.html and style.html render
# (tests/test_pieces_properties.py holds them equal), all values escaped.


def _writes_like_pelican(env: Environment) -> bool:
    """Whether ``env`` renders posse's templates as the writers below write them:
    with Pelican's trim_blocks (the newline after a block tag is dropped)."""
    return env.trim_blocks and env.newline_sequence == "\n" and env.finalize is None


def _href(link: Link, path: str) -> str:
    # A local link (the site's feed) is a path in the site.
    return f"{path}/{escape(link.url)}" if link.local else str(escape(link.url))


def _item(link: Link, path: str, text: str, aria_label: str | None = None) -> str:
    """One <li> of a bar or card: the link, its icon class and ``rel``."""
    label = "" if aria_label is None else f' aria-label="{escape(aria_label)}"'
    return (
        f'<li><a class="posse-{escape(link.network)}" href="{_href(link, path)}"'
        f' rel="{escape(link.rel)}"{label}>{escape(text)}</a></li>'
    )


def _follow_html(bar: Bar | None, siteurl: str) -> str:
    if bar is None:
        return ""
    path = escape(site_path(siteurl))
    heading = escape(bar.heading)
    items = "".join(_item(link, path, link.label) for link in bar.links)
    return (
        f'<aside class="posse posse-follow" aria-label="{heading}"'
        f' lang="{escape(bar.lang)}">\n'
        f'<p class="posse-heading">{heading}</p>\n'
        f'<ul class="posse-links">{items}</ul>\n</aside>'
    )


def _authors_html(cards: Cards | None, siteurl: str) -> str:
    if cards is None:
        return ""
    path = escape(site_path(siteurl))
    parts = [
        f'<section class="posse posse-authors" lang="{escape(cards.lang)}">\n'
        f'<p class="posse-heading">{escape(cards.heading)}</p>'
    ]
    for card in cards.cards:
        name = escape(card.name)
        if card.url:
            name = f'<a href="{path}/{escape(card.url)}">{name}</a>'
        items = "".join(_item(link, path, link.name, link.label) for link in card.links)
        parts.append(
            f'<div class="posse-card">\n<p class="posse-name">{name}</p>\n'
            f'<ul class="posse-links">{items}</ul>\n</div>'
        )
    parts.append("</section>")
    return "".join(parts)


def _style_html(siteurl: str) -> str:
    return (
        f'<link rel="stylesheet" href="{escape(site_path(siteurl))}/posse/posse.css">'
    )


class PosseLoader(BaseLoader):
    """The theme's loader, then the plugin's templates; rewrites theme sources."""

    def __init__(self, theme: BaseLoader, posse: Posse) -> None:
        self.theme = theme
        self.own = FileSystemLoader(str(TEMPLATES))
        self.posse = posse

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        try:
            source, filename, uptodate = self.theme.get_source(environment, template)
        except TemplateNotFound:
            if template.startswith("posse/"):
                return self.own.get_source(environment, template)
            raise
        if not template.startswith("posse/"):
            source = insert(source, self.posse.auto)
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return sorted(set(self.theme.list_templates()) | set(self.own.list_templates()))


def insert(source: str, auto: dict[str, bool]) -> str:
    """The template source with the posse includes it needs."""
    if auto["head"] and "</" in source:
        source = _HEAD_END.sub(lambda m: _HEAD_INCLUDE + m.group(0), source, count=1)
    if auto["article"] and "article." in source:
        source = _CONTENT.sub(lambda m: m.group(0) + _ARTICLE_INCLUDE, source)
    return source


def _theme_references(paths: Iterable[str]) -> set[str]:
    """posse partials a theme includes itself (then posse does not insert them)."""
    found: set[str] = set()
    for folder in paths:
        root = Path(folder)
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            if not path.is_file() or path.relative_to(root).parts[0] == "posse":
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            found.update(_REFERENCE.findall(text))
    return found


def _chain(loader: BaseLoader, env: Environment, name: str) -> list[tuple[str, str]]:
    """(name, source) of a template and everything it extends/includes."""
    seen: dict[str, str] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        try:
            seen[current] = loader.get_source(env, current)[0]
        except TemplateNotFound:
            continue
        todo.extend(_DEPENDS.findall(seen[current]))
    return list(seen.items())


def _check_insertion_points(
    loader: BaseLoader, env: Environment, auto: dict[str, bool]
) -> None:
    sources = _chain(loader, env, "article.html")
    if not sources:
        return
    if auto["head"] and not any(_HEAD_END.search(s) for _, s in sources):
        auto["head"] = False
        log.warning(
            "posse: the theme's article.html (and what it extends) has no </head>, "
            "so the link-card metadata is not added; add "
            '{%% include "posse/head.html" %%} inside <head>'
        )
    if auto["article"] and not any(_CONTENT.search(s) for _, s in sources):
        log.warning(
            "posse: the theme's article.html has no {{ article.content }}, so the "
            "follow bar and author card are not added; add "
            '{%% include "posse/auto_article.html" %%} where they should appear'
        )


def _posse_for(generator: Any) -> Posse:
    """One Posse per build: all generators of a build share their context."""
    build = current()
    if build.posse_of is not generator.context:
        build.posse_of = generator.context
        posse = Posse(generator.settings)
        # The theme folder and THEME_TEMPLATES_OVERRIDES, as Pelican searches them.
        placed = _theme_references(getattr(generator, "_templates_path", ()))
        posse.placed = frozenset(placed)
        posse.auto["head"] &= "head" not in placed
        posse.auto["article"] &= "auto_article" not in placed and any(
            piece not in placed for piece in ARTICLE_PIECES
        )
        build.posse = posse
        build.checked = False
    return build.posse


def on_generator_init(generator: Any) -> None:
    env = getattr(generator, "env", None)
    if env is None or isinstance(env.loader, PosseLoader):
        return
    posse = _posse_for(generator)
    theme_loader = env.loader
    env.loader = PosseLoader(theme_loader, posse)
    # In Pelican's context, not env.globals: Jinja copies every global into
    # each include's context (set(ChainMap), ~450 instructions a name), which
    # over a build's ~70,000 includes cost more than a third of posse's budget.
    generator.context["posse"] = posse
    env.filters["posse_path"] = site_path
    env.filters["posse_inserted"] = posse.inserted
    build = current()
    if posse.settings.auto_insert and not build.checked:
        build.checked = True
        _check_insertion_points(theme_loader, env, posse.auto)


def site_path(siteurl: str) -> str:
    """The ``posse_path`` filter: SITEURL for links to the site's own files.

    An absolute SITEURL gives its path ("" at a domain's root, "/blog" for
    https://user.github.io/blog): the same files, fewer bytes on every page.
    An empty or relative SITEURL (a local build, RELATIVE_URLS) is kept.
    """
    text = str(siteurl or "")
    if not text.startswith(("https://", "http://")):
        return text
    return urlsplit(text).path.rstrip("/")


def write_assets(output_path: str | Path) -> None:
    """Copy the stylesheet and icons; unchanged files keep their mtime."""
    target = Path(output_path) / OUTPUT_DIR
    for name in ASSETS:
        data = (STATIC / name).read_bytes()
        out = target / name
        out.parent.mkdir(parents=True, exist_ok=True)
        if not out.exists() or out.read_bytes() != data:
            out.write_bytes(data)


def on_finalized(pelican: Any) -> None:
    # Written at the end so DELETE_OUTPUT_DIRECTORY cannot remove them.
    if current().posse is not None:
        write_assets(pelican.output_path)
