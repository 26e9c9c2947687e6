"""posse's partials (follow bar, author cards, ``<head>``, …) from their templates.

``posse``, an object in Pelican's template context, computes what the partials
show in Python (``profiles``, ``labels``, ``linkcard``); ``templates/posse/*.html``
are the one source of their markup, and escape everything (Pelican does not
autoescape). A theme's own ``templates/posse/NAME.html`` is rendered like an
include, with the page's context. posse's own are rendered cheaply, through
Jinja all the same: the bar, the cards and the stylesheet link once per
language, authors and SITEURL; ``head.html`` and ``auto_article.html`` once
with marks in place of an article's values (frames.py), filled for every
article before the pages are written (``prepare``). The loader that finds
these templates, and puts them in a theme, is theme.py.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import Environment, Template, TemplateNotFound, Undefined, pass_context
from jinja2.runtime import Context
from jinja2.utils import missing
from markupsafe import Markup

from .. import profiles
from .. import settings as posse_settings
from ..facts import ArticleFacts, plain
from ..labels import Labels, base_lang
from ..labels import check as check_labels
from ..settings_servers import outweighed
from . import collect, compiled, frames, linkcard
from .context import current

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

ARTICLE_PIECES = ("follow", "author_card", "syndication", "share")
PARTIALS = ("head", "auto_article", "style", *ARTICLE_PIECES)
# Partials shown per article, and the template function that says what they show.
_PER_ARTICLE = {"syndication": "posse_syndication", "share": "posse_share"}
# Partials that differ per article: rendered once as a frame, filled per page.
_FRAMED = ("head", "auto_article")


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
        # Every POSSE_* problem is logged here, once a build (the CLI says its own).
        messages = _stopping(problems)
        self.settings = ps
        # posse's own templates, compiled by an earlier build (theme.py loads them).
        self.compiled = compiled.Compiled(Path(ps.state_dir) / compiled.FOLDER)
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
        # Only a list the user wrote asks for every network in it; the default
        # (also used in place of an invalid value, already reported) skips a
        # network the owner has no account on.
        self.follow_profiles, found = profiles.follow_profiles(
            ps.follow,
            self.site_profiles,
            ps.profiles,
            site_settings,
            chosen=posse_settings.is_str_list(site_settings.get("POSSE_FOLLOW")),
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
            cards=current().cards,
            summary=ps.summary,
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
        # head.html and auto_article.html rendered once (see _frame), or None.
        self._frames: dict[tuple[Any, ...], tuple[Any, ...] | None] = {}
        self._langs: dict[str, str] = {}
        # By id(article): its card, and the parts of its page prepare() made
        # ("head", "auto_article"). Every such article has a card and is held in
        # _carded, so that no id is another object's while the build lasts.
        self._card_of: dict[int, linkcard.LinkCard] = {}
        self._carded: list[Any] = []
        self._ready: dict[str, dict[int, tuple[str, ...]]] = {}
        self._ready_for: tuple[Any, ...] = (None, None)  # environment, SITEURL

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
        card = self._card_of.get(id(article))
        if card is not None:
            return card
        # The manifest collected the article's facts already (its absolute URL
        # above all: Pelican's article.url is not cached and costs more than
        # the rest of a card).
        card = self._card_of[id(article)] = linkcard.build(
            article, self.site, facts=_facts(article)
        )
        self._carded.append(article)
        return card

    @pass_context
    def piece(self, context: Context, name: str, article: Any = None) -> Markup:
        """A posse partial: ``head``, ``auto_article`` or one of ARTICLE_PIECES,
        posse's own as the module's docstring says, a theme's like an include.
        ``article``: the page's article, when the caller has it; else the
        context's."""
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
        parts = self._ready.get(name, {}).get(id(article))
        env, siteurl = self._ready_for  # what prepare_pages() made them for
        if parts is not None and context.environment is env:
            prepared = context.resolve_or_missing("SITEURL") == siteurl
        else:
            prepared = False
        html = "".join(parts) if prepared else self._piece(context, name, article)
        return Markup(html) if context.eval_ctx.autoescape else html

    def prepare_pages(self, generator: Any, articles: list[Any]) -> None:
        """Each article's link card, then the inserted head and pieces of its
        page (see prepare()), one article after the other: its data are read
        once, while in the CPU's caches. The inserts only when every partial
        is posse's own in the generator's environment."""
        env = getattr(generator, "env", None)
        pairs = (("head", "head"), ("auto_article", "article"))  # (name, auto key)
        names = [name for name, key in pairs if self.auto[key]]
        if env is None or not names or not frozenset(PARTIALS) <= self._own_in(env):
            for article in articles:
                self.card(article)
            return
        template = self._template(env, "head")
        # A page's context: the template's globals and Pelican's shared context
        # with the article in it. One for all: Jinja's new_context(locals=…)
        # copies the whole shared context, every setting, each time.
        base = dict(template.globals, **generator.context)
        siteurl = str(base.get("SITEURL", "") or "")
        context = template.new_context(base, shared=True)
        self._ready_for = (env, siteurl)
        ready = [(name, self._ready.setdefault(name, {})) for name in names]
        for article in articles:
            self.card(article)
            context.vars["article"] = article
            for name, parts in ready:
                parts[id(article)] = self._framed(
                    context, name, siteurl, article, joined=False
                )

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
        if name in _FRAMED:
            return self._framed(context, name, siteurl, article)
        return self._own_piece(context, name, siteurl, article)

    def _own_piece(
        self, context: Context, name: str, siteurl: str, article: Any
    ) -> str:
        """posse's own partial ``name`` (one of ARTICLE_PIECES or style)."""
        env = context.environment
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
        # The bar, the cards and the stylesheet link: rendered once per key.
        key = (name, id(env), siteurl)
        if name == "follow":
            key += (self._lang(article),)
        elif name == "author_card":
            key += (self._lang(article), _author_names(article))
        html = self._pieces.get(key)
        if html is None:
            html = self._pieces[key] = self._template(env, name).render(
                article=article, SITEURL=siteurl, posse=self
            )
        return html

    def _framed(
        self,
        context: Context,
        name: str,
        siteurl: str,
        article: Any,
        *,
        joined: bool = True,
    ) -> Any:
        """posse's own head.html or auto_article.html on this page: its frame
        (rendered once per SITEURL) with this article's values in the marks;
        ``joined=False``: the parts of that text, in a tuple."""
        env = context.environment
        if article is None:
            if name == "head":
                return ""  # no article, no card
            return self._template(env, name).render(
                article=article, SITEURL=siteurl, posse=self
            )
        key = (name, id(env), siteurl)
        frame = self._frames.get(key, missing)
        if frame is missing:
            frame = self._frames[key] = frames.frame(
                self._template(env, name), context, article, self.card(article)
            )
        if frame is None:  # the template needs a full render on every page
            html = _render_in(self._template(env, name), context, article)
            return html if joined else (html,)
        # The marks of a frame are posse's card and posse's pieces: a piece the
        # theme places or overrides takes the general way (_piece).
        own = self._own_in(env) - self.placed
        card: list[linkcard.LinkCard] = []  # looked up at the first card mark

        def value(kind: str, mark: str) -> str:
            if kind == "card":
                if not card:
                    card.append(self.card(article))
                return card[0].printed(mark)
            if mark in own:
                return self._own_piece(context, mark, siteurl, article)
            return self._piece(context, mark, article)

        parts = frames.fill(frame, value)
        return "".join(parts) if joined else tuple(parts)

    def _own(self, env: Environment, name: str) -> bool:
        """Whether ``posse/NAME.html`` is posse's own in ``env``."""
        if name in PARTIALS:
            return name in self._own_in(env)
        return _from_posse(env, f"posse/{name}.html")

    def _own_in(self, env: Environment) -> frozenset[str]:
        """The partials ``posse/NAME.html`` that are posse's own in ``env`` (the
        theme does not override them); asked of the loader, so that only the
        templates a page renders are compiled."""
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


def _stopping(problems: list[Any]) -> list[str]:
    """The settings' problems to log as errors; one about a server address the
    environment's valid variable replaces is only a warning (as in the CLI:
    ``pelican --fatal errors`` must not stop over a value never used)."""
    problems, ignored = outweighed(problems, os.environ)
    for found in ignored:
        log.warning("posse: %s (not used: the environment's variable is)", found)
    return [str(p) for p in problems]


def prepare(generator: Any) -> None:
    """Each published article's link card and inserted head and pieces, made in
    one pass at ``article_generator_finalized``, not as each page is written.

    The same work, done while its code and data are in the CPU's caches (a
    card: ~55 µs of CPU between two of Pelican's pages, ~20 µs in a row; the
    inserts: ~0.4 % of a build, docs/development.md). The inserts only of
    posse's own partials; a page whose SITEURL or environment is not the one
    prepared for (RELATIVE_URLS) takes the plain way (``Posse.inserted``)."""
    posse = current().posse
    if posse is None or not (posse.auto["head"] or "head" in posse.placed):
        return
    articles = [
        article
        for group in ("articles", "translations")
        for article in getattr(generator, group, None) or ()
    ]
    posse.prepare_pages(generator, articles)


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


def _author_names(article: Any) -> tuple[str, ...]:
    # From the facts: str() of each Pelican author costs more than the rest.
    facts = _facts(article)
    if facts is not None:
        return facts.authors
    return tuple(map(str, getattr(article, "authors", None) or ()))


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
