"""og:description: the author's summary or description, else the opening
sentences summary.py chose (the posts' own), cut to ``DESCRIPTION_LIMIT``.

Computed on every article page of every build: a rebuild looks it up
(summary_memo.py), and a first build cuts most descriptions from a short
opening of the HTML (``_first_sentences``) rather than converting the lead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..facts import ArticleFacts
from . import summary_memo

if TYPE_CHECKING:
    from ..summary_choice import Choice

# summary.py and the text package are imported by the functions that use them:
# a rebuild finds every unchanged article's description in summary_memo.py and
# never loads them (~3 ms of every build).

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


def description(
    article: Any,
    lang: str,
    content: str | None = None,
    *,
    facts: ArticleFacts | None = None,
    site: Any = None,  # linkcard.Site: its summary mode (POSSE_SUMMARY)
) -> str:
    """The author's summary/description if given, else the opening of the text
    (summary.py's choice of its sentences, the posts' own).

    ``content``: ``str(article.content)``, when the caller has it (Pelican's
    property looks its memo up on every call)."""
    metadata = getattr(article, "metadata", None) or {}
    given = metadata.get("summary") or metadata.get("description")
    if given:
        return describe(str(given), "", lang)
    if content is None:
        content = str(getattr(article, "content", "") or "")
    mode = site.summary if site is not None else "auto"
    return summary_memo.description(
        article,
        content,
        lang,
        mode,
        facts,
        describe=lambda chosen: describe(None, content, lang, chosen),
    )


def describe(
    given: str | None, html: str, lang: str, chosen: Choice | None = None
) -> str:
    """The description: the author's own (``given``: summary or description
    metadata) cut to fit, else the lead of the article's ``html`` (``chosen``:
    its sentences summary.py chose, when it passed some over). The link
    card and the manifest (the outbox preview's card) both ask this."""
    from ..text import lead_html, shorten  # noqa: PLC0415 - see the imports

    if given:
        return shorten(lead_text(given), DESCRIPTION_LIMIT, lang=lang)
    if chosen is not None:
        return shorten(chosen.text, DESCRIPTION_LIMIT, lang=lang)
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
    from .. import summary  # noqa: PLC0415 - see the imports
    from ..text import lead_html, opening_text, shorten_opening  # noqa: PLC0415

    read = summary.opening_read(html)
    if read is not None:
        quick = shorten_opening(read, DESCRIPTION_LIMIT)
        if quick is not None:
            return quick
    # The opening is cut before a tag cut short at its end.
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
    from ..text import html_to_text  # noqa: PLC0415 - see the imports

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
