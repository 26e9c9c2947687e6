"""Whatever the file holds, ``Ledger.load`` loads it or raises LedgerError naming
the file; never another exception (a crash in CI would look like a network
problem, and a silent reset would re-announce everything). ``merge`` too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican.plugins.posse import ledger as ledger_module
from pelican.plugins.posse.ledger import Ledger, LedgerError, Record, merge
from pelican.plugins.posse.ledger import parse as ledger_parse

PATH = Path("posse-ledger.json")
FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.integers(),
    st.floats(),  # NaN and Infinity too: json.dumps writes them, json.loads reads them
    st.text(max_size=8),
    st.sampled_from(
        [*ledger_module.STATES, "2026-12-01T09:00:00+09:00", "2026-13-01", "\ud800"]
    ),
)
JSON = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=12,
)
FIELD_NAMES = st.sampled_from([*ledger_parse._FIELD_ORDER, "oops"])
RECORD = st.dictionaries(FIELD_NAMES, LEAVES, max_size=4) | JSON
NETWORK = st.sampled_from(["x", "facebook", "mastodon", ""])
ARTICLE_ID = st.sampled_from(["a.md", "posts/b.md", "記事.md", ""])
FORMAT_1 = st.fixed_dictionaries(
    {
        "format": st.just(1) | LEAVES,
        "articles": st.dictionaries(
            ARTICLE_ID, st.dictionaries(NETWORK, RECORD, max_size=2) | JSON, max_size=3
        )
        | JSON,
    },
    optional={"networks": st.lists(NETWORK, max_size=3) | JSON, "about": JSON},
)
ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "url": LEAVES,
        "date": LEAVES,
        "posts": st.dictionaries(NETWORK, RECORD, max_size=2) | JSON,
        "extra": LEAVES,
    },
)
FORMAT_2 = st.fixed_dictionaries(
    {
        "format": st.just(2) | LEAVES,
        "articles": st.dictionaries(ARTICLE_ID, ENTRY | JSON, max_size=3) | JSON,
    },
    optional={
        "networks": st.lists(NETWORK, max_size=3) | JSON,
        "newest": st.dictionaries(NETWORK, LEAVES, max_size=2) | JSON,
        "about": JSON,
        "surprise": JSON,
    },
)
DOCUMENTS = FORMAT_1 | FORMAT_2 | JSON


def loads_or_explains(raw: str) -> Ledger | None:
    """Ledger.from_text(raw): a ledger, or None after a LedgerError naming the
    file (any other exception fails the test)."""
    try:
        ledger = Ledger.from_text(PATH, raw)
    except LedgerError as err:
        assert str(err).startswith(str(PATH)), err
        return None
    # What loaded can be used and saved: every record is a Record, and the
    # text a save would write reads back the same.
    for aid in ledger.ids():
        for record in ledger.records_of(aid).values():
            assert isinstance(record, Record)
    text = ledger.to_json()
    text.encode("utf-8")
    again = Ledger.from_text(PATH, text)
    assert records(again) == records(ledger)  # (an empty article is not written)
    assert again.networks == ledger.networks and again.newest == ledger.newest
    return ledger


def records(ledger: Ledger) -> dict[str, dict[str, Record]]:
    return {aid: recs for aid, recs in ledger.articles.items() if recs}


@FUZZ
@given(DOCUMENTS, st.booleans())
def test_any_json_document_loads_or_is_explained(document, indent):
    raw = json.dumps(document, indent=2 if indent else None)
    loads_or_explains(raw)
    # And through the file, as a run reads it.
    PATH.write_text(raw, encoding="utf-8")
    try:
        Ledger.load(PATH)
    except LedgerError as err:
        assert str(err).startswith(str(PATH))


@FUZZ
@given(st.text(max_size=200))
def test_any_text_loads_or_is_explained(raw):
    loads_or_explains(raw)


@FUZZ
@given(st.binary(max_size=200))
def test_any_bytes_load_or_are_explained(raw):
    PATH.write_bytes(raw)
    try:
        Ledger.load(PATH)
    except LedgerError as err:
        assert str(err).startswith(str(PATH))


def real_ledger_text() -> str:
    ledger = Ledger(PATH)
    for n, state in enumerate(ledger_module.STATES):
        aid = f"posts/{n}.md"
        ledger.note_article(
            aid, f"https://blog/{n}/", f"2026-12-{n + 1:02d}T09:00:00+09:00"
        )
        ledger.set(
            aid,
            "x",
            Record(state=state, attempts=1, url=f"https://x.com/h/status/{n}"),
        )
        ledger.set(aid, "facebook", Record(state="baseline", at="2026-01-01"))
    return ledger.to_json()


REAL = real_ledger_text()


@FUZZ
@given(st.integers(0, len(REAL)))
def test_every_truncation_of_a_real_ledger_is_explained(cut):
    ledger = loads_or_explains(REAL[:cut])
    if cut < len(REAL.rstrip()):
        assert ledger is None  # a truncated ledger never loads as a smaller one


@FUZZ
@given(st.integers(0, len(REAL) - 1), st.characters())
def test_a_character_changed_in_a_real_ledger_loads_or_is_explained(at, char):
    loads_or_explains(REAL[:at] + char + REAL[at + 1 :])


@pytest.mark.parametrize("depth", [1_000, 200_000])
@pytest.mark.parametrize(
    "shape", ["[{}]", '{{"a": {}}}', '{{"format": 2, "articles": {}}}']
)
def test_deep_nesting_is_explained(depth, shape):
    opening, closing = shape.split("{}", 1) if shape != "[{}]" else ("[", "]")
    if shape == "[{}]":
        raw = "[" * depth + "]" * depth
    else:
        raw = opening * depth + "1" + closing * depth
    assert loads_or_explains(raw) is None


@FUZZ
@given(DOCUMENTS, DOCUMENTS, st.sampled_from(["", None, "garbage", REAL]))
def test_merge_of_anything_raises_only_ledger_error(ours, theirs, base):
    try:
        joined = merge(base, json.dumps(ours), json.dumps(theirs))
    except LedgerError as err:
        assert str(err).startswith(("ours", "theirs")), err
        return
    loads_or_explains(joined)


@FUZZ
@given(st.integers(0, len(REAL)), st.integers(0, len(REAL)))
def test_merge_of_truncated_ledgers_raises_only_ledger_error(cut, other):
    try:
        joined = merge(REAL, REAL[:cut], REAL[:other])
    except LedgerError as err:
        assert str(err).startswith(("ours", "theirs")), err
        return
    assert (
        Ledger.from_text(PATH, joined).articles == Ledger.from_text(PATH, REAL).articles
    )
