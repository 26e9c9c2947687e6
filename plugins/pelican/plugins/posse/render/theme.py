"""posse in a theme that knows nothing of it: the wrapped loader and auto-insertion.

In ``generator_init`` each generator's Jinja loader is wrapped so that

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
  two). The filter is ``Posse.inserted`` (pieces.py), on article pages only.

Pieces the theme already includes itself (found by one scan of its templates)
are not inserted again.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, MutableMapping
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, FileSystemLoader, Template, TemplateNotFound

from .assets import site_path, write_assets
from .context import current
from .pieces import ARTICLE_PIECES, TEMPLATES, Posse

log = logging.getLogger(__name__)

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

    def load(
        self,
        environment: Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        """posse's own templates from the code kept by an earlier build
        (compiled.py); any other one (the theme's) as Jinja loads it."""
        kept = self.posse.compiled
        if (
            kept is None
            or environment.bytecode_cache is not None
            or not name.startswith("posse/")
        ):
            return super().load(environment, name, globals)
        source, filename, uptodate = self.get_source(environment, name)
        if filename and Path(filename).resolve().is_relative_to(TEMPLATES):
            code = kept.code(environment, name, source, filename)
        else:  # the theme's own posse/NAME.html
            code = environment.compile(source, name, filename)
        return environment.template_class.from_code(
            environment, code, {} if globals is None else globals, uptodate
        )

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


def on_finalized(pelican: Any) -> None:
    posse = current().posse
    if posse is not None:
        # Written at the end so DELETE_OUTPUT_DIRECTORY cannot remove them.
        write_assets(pelican.output_path)
        posse.compiled.prune()
