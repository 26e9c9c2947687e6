"""Which opening sentences are an article's summary: the point, not the greeting.

An article without ``Summary:`` or ``posse_text`` is summarised by its opening.
Business blogs seldom open with their point (「こんにちは。中小企業診断士の佐藤
です。」), so ``choose()`` reads the opening sentences of the lead (those that
start in its first ``WINDOW`` characters), passes over the phatic ones
(summary_rules.py: greetings, self-introductions, thanks, weather, recaps,
sign-offs) and, among the others, the asides before the sentence that says
most of what the title and the h2/h3 headings say, with a preference for
earlier sentences. The chosen text is the lead with those sentences taken out:
every word is the article's own, in its order, and each network (and
og:description) cuts it to its own limit as before, so all of them start with
the same sentence.

How sentences are compared: by the title's character bigrams (pairs of kanji,
katakana or other non-kana letters: Japanese has no spaces) and, for Latin
words, lowercase stems matched at a word's start. A morphological analyser
(MeCab, Sudachi, Janome) would need a dictionary of 20 to 100 MB, or seconds to
load, at every build, for one score on a few sentences; bigrams need nothing
but ``str``, are found by ``in`` (C speed), and are licence-free.

Cost: og:description asks on every article page of every build. The choice is
made once an article (cached on its facts when the build has them; the link
card is made once an article), from the lead's first sentence when that
decides it (not phatic and sharing the title's words: the plain opening), and
otherwise from about a thousand characters of the lead's text.

``None`` means "the plain opening": the caller does exactly what it did before
this module existed (``posse_summary: lead``, ``POSSE_SUMMARY = "lead"``, or
nothing to pass over).
"""

from __future__ import annotations

import logging
from typing import Any, NamedTuple

from .facts import plain
from .summary_choice import Choice, Passed, mode_of
from .summary_match import cue_at, keys_of, phatic, primary_lang, share
from .text import html_to_text, lead_html, opening_text, re_on_first_use
from .text.cut import _ends_in, _sentence_ends

log = logging.getLogger(__name__)

# Characters of the lead whose sentences may be passed over: the first few
# sentences (X has room for about 90 Japanese characters of summary).
WINDOW = 400
# Text read for the chosen summary: the window, and what the longest summary
# (Facebook's 400 characters, and compose's margin) needs after it.
_TEXT_READ = WINDOW + 800
# HTML read for the quick look: most openings' window (WINDOW characters of
# text and the sentence running past it) is in it; and the text looked at.
_HEAD_HTML = WINDOW + 320
_HEAD_TEXT = WINDOW + 200
_FIRST_TEXT = 200  # a first sentence longer than this: the whole choice
_END_MARGIN = 4
_DECAY = 0.8  # each later sentence's score counts this much less
_HEADING_WEIGHT = 0.5
_CUE_BONUS = 0.3
_RESCUE_SHARE = 0.5
# A sentence before the point is passed over as an aside only when the point
# says at least this much (a share of the title's words, or a point cue).
_ASIDE_MIN = 0.3
_KEEP = 0.2  # a sentence sharing this much of the title is never an aside


def for_article(
    article: Any, html: str, lang: str, site_mode: str, facts: Any = None
) -> Choice | None:
    """The choice for a Pelican article (anything with ``metadata``, ``title``
    and ``source_path``): its facts' when the build has them, else made here
    (a build without facts makes each article's link card once)."""
    if facts is not None:
        return for_facts(facts, site_mode)
    meta = getattr(article, "metadata", None) or {}
    source = str(getattr(article, "source_path", "") or "")
    if mode_of(meta, site_mode, source) != "auto":
        return None
    return choose(html, plain(getattr(article, "title", "")), lang)


def for_facts(facts: Any, site_mode: str) -> Choice | None:
    """``choose()`` for an article's facts, made once a build (kept on them)."""
    kept = facts.summary_choice
    if kept is None:
        mode = mode_of(facts.meta, site_mode, facts.source_path)
        found = (
            choose(facts.content_html, facts.title, facts.lang)
            if mode == "auto"
            else None
        )
        kept = facts.summary_choice = (found,)
    return kept[0]


_HEADINGS = re_on_first_use(r"(?is)<h([23])\b[^>]*>(.*?)</h\1\s*>")
_TAGS = re_on_first_use(r"<[^>]+>")


def _headings(html: str) -> str:
    """The text of the article's h2 and h3 headings (the first twelve)."""
    if "<h" not in html and "<H" not in html:
        return ""
    found = []
    for n, match in enumerate(_HEADINGS().finditer(html)):
        if n == 12:
            break
        found.append(_TAGS().sub("", match.group(2)))
    return " ".join(found)


# --- choosing -----------------------------------------------------------------------


def choose(html: str, title: str, lang: str) -> Choice | None:
    """The summary's text with the phatic sentences and asides of the lead's
    opening taken out, or None when nothing is (the plain opening).

    The opening is kept as it is when its first sentence is not phatic and
    either shares a fifth of the title's words, or no later sentence of the window
    shares one with the title or a heading or holds a point cue (nothing
    could say more). Both are decided first from a short opening of the
    HTML when it is enough (``_quick()``; tests/properties/
    test_summary_properties.py holds it equal to ``choose_plain()``)."""
    lang = primary_lang(lang)
    if _quick(html, title, lang):
        return None
    return choose_plain(html, title, lang)


def choose_plain(html: str, title: str, lang: str) -> Choice | None:
    """``choose()`` from the lead's text, without the quick look."""
    lang = primary_lang(lang)
    text = html_to_text(lead_html(html), max_chars=_TEXT_READ)
    if not text.strip():
        return None  # compose and the card fall back to the whole text
    return _choose_in(text, title, _headings(html), lang)


# The HTML _quick() last read and its opening's text (see opening_read()).
_read: list[str] = ["", ""]


def opening_read(html: str) -> str | None:
    """The text of an opening of ``html`` (with no heading that ends the lead
    in it) that the last choice read, or None: the lead's text, and any longer
    opening's, starts with it. The link card's description is cut from it
    rather than from a second conversion of the opening."""
    return _read[1] if html == _read[0] and html else None


def _quick(html: str, title: str, lang: str) -> bool:
    """True when a short opening of ``html`` shows the opening is kept as it
    is (see choose()); False when unsure."""
    head = html[:_HEAD_HTML]
    lt = head.rfind("<")
    if lt > head.rfind(">"):
        head = head[:lt]  # never a tag cut short
    if len(lead_html(head)) != len(head):
        return False  # a heading within: the lead may be elsewhere
    # The text of any HTML that starts with ``head`` starts with this.
    text = opening_text(head)
    if not text:
        return False
    _read[:] = [html, text]
    first = _first_end(text, 0, _FIRST_TEXT)
    if first < 0 or phatic(text[:first].strip(), lang) is not None:
        return False
    keys = keys_of(title)
    if share(keys, text[:first]) >= _KEEP:
        return True  # the usual article: it opens with its point
    # The window's last sentence ends by the first end past WINDOW, which
    # must be in the text read; and no heading may lend a later sentence its
    # words.
    last = _first_end(text, WINDOW - _END_MARGIN, _HEAD_TEXT)
    if last < WINDOW or "<h" in html or "<H" in html:
        return False
    later = text[first:last]
    return not _found(keys, later) and cue_at(later, lang) < 0


def _first_end(text: str, start: int, stop: int) -> int:
    """The first sentence end after ``start`` + _END_MARGIN in
    ``text[start:stop]`` that a longer text would have too, or -1.

    Ends are found in the slice only (a regex of marks costs a character's
    work each; see text/cut._sentence_ends()): each is decided by the marks
    and the character after them, so one away from the slice's edges is an
    end of the whole text. Near its end, closing quotes or a letter after a
    "." may follow in a longer text."""
    part = text[start:stop]
    for end in _ends_in(part):
        if end >= len(part) - _END_MARGIN:
            break
        if end > _END_MARGIN or start == 0:
            return start + end
    return -1


def _found(keys: tuple[frozenset[str], frozenset[str]], text: str) -> bool:
    """Whether a bigram or stem of ``keys`` is anywhere in ``text`` (what
    share() finds, and more: across sentences, inside a word)."""
    bigrams, stems = keys
    if any(b in text for b in bigrams):
        return True
    if stems:
        lower = text.lower()
        return any(s in lower for s in stems)
    return False


class _Sentence(NamedTuple):
    start: int  # where it starts in the text (a trimmed clause: after it)
    end: int  # where the next one starts (its trailing spaces included)
    kind: str | None  # why it is passed over, or None
    cut: int  # > start: a phatic clause [start, cut) before a point cue


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence starting within WINDOW, spaces after it
    included; the last one runs to the end of what was read."""
    spans = []
    start = 0
    for end in _sentence_ends(text):
        if start >= WINDOW:
            break
        stop = end
        while stop < len(text) and text[stop].isspace():
            stop += 1
        spans.append((start, stop))
        start = stop
    return spans


def _classify(
    text: str, span: tuple[int, int], lang: str, title_keys: Any
) -> _Sentence:
    start, end = span
    sentence = text[start:end].strip()
    rule = phatic(sentence, lang)
    if rule is None:
        return _Sentence(start, end, None, start)
    cue = cue_at(sentence, lang, 1)
    if cue > 0 and any(c in sentence[:cue] for c in "、，,!！"):
        # 「こんにちは、今回は…」: only the clause before the cue is phatic.
        offset = text.index(sentence, start) - start
        return _Sentence(start, end, rule.kind, start + offset + cue)
    if rule.rescue and share(title_keys, sentence) >= _RESCUE_SHARE:
        return _Sentence(start, end, None, start)
    return _Sentence(start, end, rule.kind, start)


def _choose_in(text: str, title: str, headings: str, lang: str) -> Choice | None:
    title_keys = keys_of(title)
    heading_keys = keys_of(headings) if headings else (frozenset(), frozenset())
    sentences = [_classify(text, s, lang, title_keys) for s in _sentences(text)]
    # Candidates: sentences kept whole, and the rest of a trimmed one.
    raws: dict[int, float] = {}  # candidate -> its score before the decay
    best, best_score = -1, -1.0
    for n, s in enumerate(sentences):
        if s.kind is not None and s.cut == s.start:
            continue
        body = text[s.cut if s.kind else s.start : s.end]
        raw = share(title_keys, body) + _HEADING_WEIGHT * share(heading_keys, body)
        if cue_at(body, lang) >= 0:
            raw += _CUE_BONUS
        score = raw * _DECAY ** len(raws)
        raws[n] = raw
        if score > best_score:
            best, best_score = n, score
    if best < 0:
        return None  # nothing but small talk: better the opening than nothing
    if sentences[0].kind is None and 0 in raws:
        # A first sentence that is not small talk stays first when it shares
        # the title's words, or when no later one says anything more.
        first = text[sentences[0].start : sentences[0].end]
        if share(title_keys, first) >= _KEEP:
            return None
        if not any(raw for n, raw in raws.items() if n):
            return None
    # The summary starts at the first sentence that says something of the
    # title, or at the best one: only asides that share (almost) nothing with
    # the title are passed over, and only for a point that says much more.
    if raws[best] < _ASIDE_MIN:
        best = min(raws)
    else:
        best = min(n for n, raw in raws.items() if n == best or raw >= _KEEP)
    passed: list[Passed] = []
    pieces: list[str] = []
    for n, s in enumerate(sentences):
        whole = text[s.start : s.end]
        if s.kind is not None and s.cut == s.start:
            passed.append(Passed(whole.strip(), s.kind))
        elif n < best:  # a trimmed sentence before the point: all of it goes
            passed.append(Passed(whole.strip(), s.kind or "aside"))
        elif s.kind is not None:
            passed.append(Passed(text[s.start : s.cut].strip(), s.kind))
            pieces.append(_capitalised(text[s.cut : s.end]))
        else:
            pieces.append(whole)
    if not passed:
        return None
    rest = sentences[-1].end if sentences else 0
    pieces.append(text[rest:])
    return Choice("".join(pieces).strip(), tuple(passed))


def _capitalised(clause: str) -> str:
    """An English clause made a sentence: "today I…" → "Today I…" (a word
    such as "iPhone" stays as it is)."""
    if len(clause) > 1 and "a" <= clause[0] <= "z" and not clause[1].isupper():
        return clause[0].upper() + clause[1:]
    return clause
