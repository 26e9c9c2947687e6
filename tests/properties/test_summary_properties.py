"""Property tests of the summary's choice: the article's own sentences, in order,
never cut inside a character; ``lead`` is the opening as before issue 17."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import unicodedata

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican.plugins.posse import summary, summary_match, summary_rules
from pelican.plugins.posse.compose import RULES, compose
from pelican.plugins.posse.facts import ArticleFacts, Metadata
from pelican.plugins.posse.render import description as description_mod
from pelican.plugins.posse.render import linkcard
from pelican.plugins.posse.settings import PosseSettings
from pelican.plugins.posse.text import html_to_text, lead_html
from pelican.plugins.posse.text.cut import _ends_in, _sentence_ends
from tests.data.summary_openings import OPENINGS

# Sentences of every kind: the rules' own examples (phatic), the openings'
# sentences (points, asides), and pieces that stress the cutter (emoji
# sequences, combining marks, URLs, numbers).
# fmt: off
STRESS = [
    "👨\u200d👩\u200d👧\u200d👦の家族経営です。", "e\u0301t\u0301e\u0301 plans work.",
    "詳しくは https://example.com/a?b=1 をご覧ください。", "売上は1,000万円でした！",
    "🇯🇵の補助金は3.5%増えました。", "Call me at 3.14 p.m. today.", "#DX の話です。",
]
# fmt: on
SENTENCES = sorted(
    {e for rule in summary_rules.RULES for e in rule.examples}
    | {p for o in OPENINGS for p in o.paragraphs}
    | set(STRESS)
)
TITLES = [o.title for o in OPENINGS] + ["近況", "Notes", ""]

paragraphs = st.lists(
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=4).map(" ".join),
    min_size=1,
    max_size=4,
)
GRAPHEME = regex.compile(r"\X")


def _html(paras: list[str], headings: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return body + "".join(f"<h2>{html.escape(h)}</h2><p>本文。</p>" for h in headings)


def _facts(content: str, title: str, lang: str, **meta: str) -> ArticleFacts:
    return ArticleFacts(
        id="p.md",
        source_path="p.md",
        title=title,
        url="https://blog.example.jp/posts/p/",
        lang=lang,
        date=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        content_html=content,
        meta=Metadata(meta),
    )


def _own_sentences_in_order(chosen: str, source: str) -> bool:
    """Each sentence of ``chosen`` is a sentence of ``source`` (or its end,
    after a phatic clause; its first letter may be capitalised), in order."""
    ends = _sentence_ends(source)
    originals = [source[a:b].strip() for a, b in zip([0, *ends], ends, strict=False)]
    originals.append(source[ends[-1] :].strip() if ends else source.strip())
    at = 0
    marks = _sentence_ends(chosen)
    for a, b in zip([0, *marks], [*marks, len(chosen)], strict=False):
        piece = chosen[a:b].strip()
        if not piece:
            continue
        while at < len(originals):
            whole = originals[at]
            at += 1
            if whole.endswith(piece) or whole.endswith(piece[0].lower() + piece[1:]):
                break
            if piece.startswith(whole) and whole:  # the text read ends mid-way
                break
        else:
            return False
    return True


def _boundaries(text: str) -> set[int]:
    return {m.end() for m in GRAPHEME.finditer(text)} | {0}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paras=paragraphs,
    title=st.sampled_from(TITLES),
    headings=st.lists(st.sampled_from(TITLES), max_size=3),
    lang=st.sampled_from(["ja", "en"]),
)
def test_the_summary_is_the_articles_own_sentences_never_cut_mid_character(
    paras, title, headings, lang
):
    content = _html(paras, headings)
    chosen = summary.choose(content, title, lang)
    source = html_to_text(lead_html(content))
    if chosen is not None:
        assert chosen.passed
        assert _own_sentences_in_order(chosen.text, source)
        for passed in chosen.passed:
            assert passed.text in source
    item = _facts(content, title, lang)
    start = chosen.text if chosen is not None else source
    nfc = unicodedata.normalize("NFC", start)  # what compose posts
    for network in RULES:
        said = compose(item, network, PosseSettings()).summary.removesuffix("…")
        if not said:
            continue
        # A prefix of the chosen text (URLs aside, which compose takes out),
        # cut where a character ends.
        if "http" not in start:
            assert nfc.startswith(said)
            assert len(said) in _boundaries(nfc)
    card = description_mod.describe(None, content, lang, chosen).removesuffix("…")
    if card and "http" not in start:
        assert start.startswith(card)
        assert len(card) in _boundaries(start)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paras=paragraphs,
    title=st.sampled_from(TITLES),
    lang=st.sampled_from(["ja", "en"]),
    site_lead=st.booleans(),
)
def test_lead_is_the_plain_opening(paras, title, lang, site_lead):
    content = _html(paras, [])
    # Asked by the article, or by the site for every article.
    meta = {} if site_lead else {"posse_summary": "lead"}
    posse = PosseSettings(summary="lead" if site_lead else "auto")
    item = _facts(content, title, lang, **meta)
    plain = dataclasses.replace(item, summary_choice=(None,))  # before issue 17
    for network in RULES:
        assert compose(item, network, posse) == compose(plain, network, posse)
    assert summary.for_facts(item, posse.summary) is None
    article = type("Article", (), {"metadata": meta, "title": title})()
    site = linkcard.Site(siteurl="", name="", default_lang="ja", summary=posse.summary)
    said = description_mod.description(article, lang, content, site=site)
    assert said == description_mod.describe(None, content, lang)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paras=st.lists(
        st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=6).map("".join),
        min_size=1,
        max_size=6,
    ),
    title=st.sampled_from(TITLES),
    headings=st.lists(st.sampled_from(TITLES), max_size=2),
    lang=st.sampled_from(["ja", "en"]),
    markup=st.sampled_from(["", "<strong>", '<a href="https://example.com/">']),
)
def test_the_quick_look_decides_as_the_whole_choice(
    paras, title, headings, lang, markup
):
    escaped = [html.escape(p) for p in paras]
    first = escaped[0]
    # Markup around the first words makes the HTML longer than its text.
    if markup and "&" not in first[:8]:
        closing = "</strong>" if markup == "<strong>" else "</a>"
        escaped[0] = markup + first[:5] + closing + first[5:]
    content = "".join(f"<p>{p}</p>" for p in escaped)
    if headings:
        content += "".join(f"<h3>{html.escape(h)}</h3><p>本文。</p>" for h in headings)
    assert summary.choose(content, title, lang) == summary.choose_plain(
        content, title, lang
    )


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("。！？.!?」』）)\"'”’ \x1c\n\tあ漢aZ1")),
        max_size=40,
    )
)
def test_one_end_at_a_time_is_every_end(value):
    # _first_end() reads the ends one at a time; they are _sentence_ends()'s.
    assert list(_ends_in(value)) == _sentence_ends(value)


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(
            SENTENCES + [k for r in summary_rules.RULES for k in r.keeps] + ["HELLO"]
        ),
        min_size=1,
        max_size=2,
    ),
    cut=st.integers(0, 30),
    lang=st.sampled_from(["ja", "en", "fr", "ja-JP"]),
)
def test_the_words_asked_first_decide_as_every_rule(pieces, cut, lang):
    # phatic() asks whether any rule's word is there before trying the rules.
    sentence = " ".join(pieces)[cut:].strip()
    assert summary_match.phatic(sentence, lang) == summary_match.phatic_plain(
        sentence, lang
    )


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(
        st.sampled_from(
            SENTENCES + [c for cues in summary_rules.POINT_CUES.values() for c in cues]
        ),
        min_size=1,
        max_size=4,
    ),
    start=st.integers(0, 40),
    lang=st.sampled_from(["ja", "en"]),
)
def test_a_cue_is_looked_for_only_where_its_first_characters_are(pieces, start, lang):
    text = "".join(pieces)
    pattern = summary_match._cue_pattern(lang)
    held = text.lower() if lang == "en" else text
    found = pattern.search(held, start)
    assert summary_match.cue_at(text, lang, start) == (
        -1 if found is None else found.start()
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paras=st.lists(
        st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=8).map("".join),
        min_size=1,
        max_size=5,
    ),
    title=st.sampled_from(TITLES),
    headings=st.lists(st.sampled_from(TITLES), max_size=2),
    lang=st.sampled_from(["ja", "en"]),
    markup=st.sampled_from(["", "<strong>", "<h3>"]),
)
def test_the_card_cut_from_the_text_the_choice_read_is_the_same(
    paras, title, headings, lang, markup
):
    # The link card's description reuses the opening's text the choice read.
    content = _html(paras, headings)
    if markup:
        content = markup + "前置き" + markup.replace("<", "</") + content
    chosen = summary.choose(content, title, lang)
    reused = description_mod.describe(None, content, lang, chosen)
    summary._read[:] = ["", ""]
    assert reused == description_mod.describe(None, content, lang, chosen)
