"""Links back: "Also on X / Facebook" on an article once the ledger has its posts.

Templates call ``posse_syndication(article)``, a function in every page's
template context (see ``templates/posse/syndication.html``); it reads the ledger
once per build. An article with no post of its own shows its translation group's
posts, because in the default mode only the default-language version is
announced.
"""

from __future__ import annotations

import logging
from typing import Any

from ..labels import Labels
from ..profiles import NAMES, display_name
from . import collect
from .context import current

log = logging.getLogger(__name__)

_LINKED_STATES = ("posted", "duplicate")


def _words(lang: str, settings: Any) -> tuple[str, str, str]:
    """(before, separator, after) around the linked names: ("Also on ", " / ", "")."""
    build = current()
    if build.labels is None:
        build.labels = Labels(
            collect.posse_settings(settings).labels,
            str(settings.get("DEFAULT_LANG") or "en"),
        )
    words = build.labels.for_lang(lang)
    before, _, after = words["syndication"].partition("{networks}")
    return before, words["syndication_separator"], after


def _linked(settings: Any) -> dict[str, list[dict[str, str]]]:
    """Article id -> its posts with a URL, from the ledger; built once per build."""
    build = current()
    if build.linked is None:
        ledger = collect.build_ledger(settings)
        build.linked = {}
        # Only the records in a linked state: building a Record for each of
        # the (mostly `baseline`) records cost a build more than the rest of
        # the links back.
        found = ledger.urls_in_states(_LINKED_STATES) if ledger else {}
        for aid, urls in found.items():
            posts = [
                {"network": net, "url": url, "name": display_name(net)}
                for net, url in sorted(urls.items(), key=lambda kv: _order(kv[0]))
                if url.startswith(("https://", "http://"))
            ]
            if posts:
                build.linked[aid] = posts
    return build.linked


def links(article: Any, settings: Any) -> dict[str, Any] | None:
    """What the partial renders, or None when the article was posted nowhere."""
    linked = _linked(settings)
    if not linked or article is None:
        return None
    key = current().key_of.get(
        str(getattr(article, "source_path", ""))
    ) or collect.article_key(article, settings)
    found: list[dict[str, str]] = []
    for candidate in collect.links_for(key):
        found = linked.get(candidate, [])
        if found:
            break
    if not found:
        return None
    lang = str(getattr(article, "lang", None) or settings.get("DEFAULT_LANG", "en"))
    before, separator, after = _words(lang, settings)
    return {
        "links": found,
        "lang": lang,
        "syndication_before": before,
        "syndication_separator": separator,
        "syndication_after": after,
    }


def _order(network: str) -> int:
    order = list(NAMES)
    return order.index(network) if network in order else len(order)


def add_template_function(generator: Any) -> None:
    settings = generator.settings
    # In the context every page template gets, not env.globals (see render/pieces.py).
    generator.context["posse_syndication"] = lambda article: links(article, settings)
