"""pelican-posse: Publish on your Own Site, Syndicate Elsewhere.

On the blog: follow buttons, the author's profile links and link-card metadata on
every article, with no third-party script. On publish: each new article announced
once on X and a Facebook Page (``pelican-posse publish``).

The package is a shared core (settings, facts, compose, age, labels, profiles,
manifest, ledger/, text/), ``render/`` (what runs inside ``pelican``) and
``publish/`` (what runs inside ``pelican-posse``); the two wings never import
each other (docs/architecture.md).
"""

from __future__ import annotations

from typing import Any

__all__ = ["register"]


def register() -> None:
    """Pelican's entry point: every signal posse listens to, and why."""
    # Imported here, not at the top: `import pelican.plugins.posse` (the CLI)
    # must not load Pelican's signals nor the build's modules.
    from pelican import signals  # noqa: PLC0415

    from .render import collect, context, links_back, share, theme  # noqa: PLC0415

    # initialized: a new build starts with a new state; one that failed halfway
    # (autoreload runs many in one process) must not leak into the next.
    signals.initialized.connect(context.reset)
    # generator_init: every generator's env exists and no template is loaded
    # yet: posse's loader, filters and template functions go in now, before
    # any page renders.
    signals.generator_init.connect(theme.on_generator_init)
    signals.generator_init.connect(links_back.add_template_function)
    signals.generator_init.connect(share.add_template_function)
    # Pelican drops `Status: skip` files right after this signal, path and all;
    # only their metadata is left to tell `plan` why they are not announced.
    signals.article_generator_context.connect(collect.note_skipped)
    # article_generator_finalized: every article list is complete (drafts and
    # hidden ones included) but no page is written yet.
    # (cards.py then points each article without an image at its card picture.)
    signals.article_generator_finalized.connect(_articles_collected)
    # finalized: the build succeeded; see _finished.
    signals.finalized.connect(_finished)


def _articles_collected(generator: Any) -> None:
    """What each article is (collect.py), then its card picture (cards.py),
    then its link card (pieces.py), in that order: a link card needs the
    article's facts and its card picture."""
    from .ledger import paused_gc  # noqa: PLC0415
    from .render import cards, collect, pieces  # noqa: PLC0415

    # Thousands of facts, entries, cards and strings, none in a reference
    # cycle: a collection set off while they are made would walk every object
    # of the build (see paused_gc).
    with paused_gc():
        collect.collect(generator)
        cards.plan(generator, collect.posse_settings(generator.settings))
        pieces.prepare(generator)


def _finished(pelican: Any) -> None:
    """At ``finalized``, in this order: posse's stylesheet and icons (at the end,
    so that DELETE_OUTPUT_DIRECTORY cannot remove them), the manifest (only a
    build that succeeded is worth announcing), then the build's state is dropped
    so that the next build in this process starts clean."""
    from .render import cards, collect, context, summary_memo, theme  # noqa: PLC0415

    try:
        theme.on_finalized(pelican)
        cards.place(pelican)
        collect.write(pelican)
        summary_memo.save()
    finally:
        context.reset()
