"""How summary.py reads one sentence: is it phatic (summary_rules.py's
greetings, recaps, thanks…), where is its point cue, and how much of the
title's words does it share (character bigrams for Japanese, word stems for
Latin script)."""

from __future__ import annotations

import functools
import re

from . import summary_rules
from .text import re_on_first_use

# --- phatic sentences and point cues (the rules, compiled on first use) -----------


def primary_lang(lang: str) -> str:
    return (lang or "en").replace("_", "-").split("-")[0].lower()


@functools.cache
def _rules(lang: str) -> tuple[summary_rules.Rule, ...]:
    # English rules serve every language (a post in any language may quote it).
    return tuple(r for r in summary_rules.RULES if r.lang in (lang, "en"))


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A rule's pattern, compiled the first time a sentence holds a word it
    needs: compiling all of them cost a build more than every check."""
    return re.compile(pattern)


def cue_at(text: str, lang: str, start: int = 0) -> int:
    """Where the first point cue of the article's language in ``text`` (from
    ``start``) begins, or -1. (The language's own cues only: lower() of
    Japanese text costs more than the search.)"""
    pattern = _cue_pattern(lang)
    if pattern is None:
        return -1
    if lang == "en":
        text = text.lower()
    if text.isascii():  # a phrase is found fast in ASCII, a pattern is not
        cues = summary_rules.POINT_CUES[lang]
        found = [at for cue in cues if (at := text.find(cue, start)) >= 0]
        return min(found, default=-1)
    # A regex engine costs a hundred instructions a character; most texts
    # hold no cue's first two characters, which str.find looks for in C.
    part = text[start:] if start else text
    if not any(map(part.__contains__, _cue_prefixes(lang))):
        return -1
    found_at = pattern.search(text, start)
    return -1 if found_at is None else found_at.start()


@functools.cache
def _cue_prefixes(lang: str) -> tuple[str, ...]:
    """The first two characters of each cue of ``lang`` (each cue has two)."""
    return tuple(sorted({cue[:2] for cue in summary_rules.POINT_CUES[lang]}))


@functools.cache
def _cue_pattern(lang: str) -> re.Pattern[str] | None:
    """The cues as one pattern: one scan in C (str.find scans CJK text slowly
    for a phrase, once a cue)."""
    cues = summary_rules.POINT_CUES.get(lang, ())
    return re.compile("|".join(map(re.escape, cues))) if cues else None


@functools.cache
def _all_needs(lang: str) -> tuple[dict[str, tuple[str, ...]], ...]:
    """Every word a rule of ``lang`` needs, and every one an English rule
    needs, by their first character."""

    def by_first(words: set[str]) -> dict[str, tuple[str, ...]]:
        firsts = {w[0] for w in words}
        return {c: tuple(sorted(w for w in words if w[0] == c)) for c in firsts}

    own = {w for r in _rules(lang) if r.lang != "en" for w in r.needs}
    english = {w for r in _rules(lang) if r.lang == "en" for w in r.needs}
    return by_first(own), by_first(english)


def _holds_a_need(held: str, needs: dict[str, tuple[str, ...]]) -> bool:
    """Whether ``held`` holds a word of ``needs``: only the words whose first
    character it holds are looked for (a set's intersection is made in C)."""
    for char in needs.keys() & set(held):
        for word in needs[char]:
            if word in held:
                return True
    return False


def phatic(sentence: str, lang: str) -> summary_rules.Rule | None:
    """The first rule that recognises ``sentence`` (stripped), or None."""
    own, english = _all_needs(primary_lang(lang))
    # Most sentences hold no word any rule needs: ask that first, not once a
    # rule, word by word.
    if not _holds_a_need(sentence, own) and not _holds_a_need(
        sentence.lower(), english
    ):
        return None
    return phatic_plain(sentence, lang)


def phatic_plain(sentence: str, lang: str) -> summary_rules.Rule | None:
    """``phatic()``, trying each rule whose words the sentence holds."""
    lower = None
    for rule in _rules(primary_lang(lang)):
        if rule.lang == "en":
            if lower is None:
                lower = sentence.lower()
            held = lower
        else:
            held = sentence
        for word in rule.needs:
            if word in held:
                if _compiled(rule.pattern).match(sentence):
                    return rule
                break
    return None


# --- what a sentence shares with the title ----------------------------------------

_LATIN_WORD = re_on_first_use(r"[A-Za-z][A-Za-z0-9'-]+")
_NOT_WORD = re_on_first_use(r"[^a-z0-9]+")
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "from",
        "that",
        "this",
        "your",
        "you",
        "are",
        "our",
        "how",
        "why",
        "what",
        "when",
        "who",
        "can",
        "not",
        "but",
        "all",
        "its",
        "into",
        "about",
        "than",
        "then",
        "they",
        "them",
        "their",
        "there",
        "have",
        "has",
        "was",
        "were",
        "will",
        "would",
        "should",
        "could",
        "more",
        "most",
        "some",
        "any",
        "one",
        "two",
        "new",
        "out",
        "use",
        "using",
        "via",
    ]
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _content_char(char: str) -> bool:
    """Kanji, katakana and other letters that carry meaning; not kana particles,
    Latin (compared by words), digits, spaces or punctuation."""
    return (
        ("\u4e00" <= char <= "\u9fff")
        or ("\u30a1" <= char <= "\u30fa")
        or char == "ー"
        or ("\u3400" <= char <= "\u4dbf")
        or ("\uf900" <= char <= "\ufaff")
    )


@functools.lru_cache(maxsize=64)
def keys_of(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(character bigrams, Latin word stems) of ``text``."""
    bigrams = {
        text[i : i + 2]
        for i in range(len(text) - 1)
        if _content_char(text[i]) and _content_char(text[i + 1])
    }
    stems = {
        _stem(w)
        for w in (m.lower() for m in _LATIN_WORD().findall(text))
        if w not in _STOP and len(w) >= 2
    }
    return frozenset(bigrams), frozenset(stems)


# Words the author reports rather than says: 「事業計画書は仕方なく作るもの」という
# 声をよく聞きます. A hook that quotes the title's words is not the point.
_REPORTED = re_on_first_use(
    r"[「『][^「」『』]*[」』](?=(?:と|という|といった)"
    r"(?:声|ご?相談|ご?質問|悩み|お?話|言葉|意見)?(?:を|が|は|も)?"
    r"(?:よく|しばしば|ときどき|時々|たびたび)?"
    r"(?:聞|伺|いただ|頂|受け|言われ|寄せ|耳に|尋ね|たずね|おっしゃ))"
)


def own_words(sentence: str) -> str:
    """``sentence`` without the speech it reports (see _REPORTED)."""
    if "」と" not in sentence and "』と" not in sentence:
        return sentence
    return _REPORTED().sub("", sentence)


def share(keys: tuple[frozenset[str], frozenset[str]], sentence: str) -> float:
    """The share of ``keys`` found in ``sentence`` (0 to 1): in the author's own
    words, not in the speech the sentence reports."""
    bigrams, stems = keys
    total = len(bigrams) + len(stems)
    if not total:
        return 0.0
    sentence = own_words(sentence)
    found = sum(1 for b in bigrams if b in sentence)
    if stems:
        words = " " + _NOT_WORD().sub(" ", sentence.lower())
        found += sum(1 for s in stems if " " + s in words)
    return found / total
