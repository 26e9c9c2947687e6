"""Property tests: the manifest's fast paths are exactly the plain ones.

An article's manifest line is written from its pieces (manifest._entry_json), and
an article's metadata is read through a view that turns a value into text when it
is read (facts.Metadata); both must be what the JSON encoder and a lower-cased
text copy of the metadata give."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from pelican.plugins.posse import facts, manifest
from tests.properties.test_text_properties import RUNS

ENCODER = json.JSONEncoder(ensure_ascii=False)
HOSTILE = ['"', "\\", "\n", "\x00", "\x7f", "\u2028", "\udcff", "経営", "😀", "</p>"]
words = st.one_of(
    st.text(max_size=20), st.lists(st.sampled_from(HOSTILE), max_size=5).map("".join)
)
maybe = st.one_of(st.none(), words)
composed = st.fixed_dictionaries(
    {"text": words, "link": maybe, "length": st.integers(0, 500), "limit": st.just(280)}
)
# fixed_dictionaries draws its keys in an order of its own: an entry as
# collect() makes it has them in the order of this dict (see usual_entry).
usual_fields = st.fixed_dictionaries(
    {
        "id": words,
        "source_path": words,
        "url": words,
        "title": words,
        "lang": words,
        "date": maybe,
        "date_from_fs": st.booleans(),
        "send": st.booleans(),
        "tags": st.lists(words, max_size=4),
        "status": st.sampled_from(["published", "draft", "hidden", "skip"]),
        "translation_group": words,
        "is_translation": st.booleans(),
        "held": st.one_of(st.none(), st.sampled_from(sorted(manifest.HOLD_REASONS))),
        "image": maybe,
        "description": words,
        "site_name": words,
        "texts": st.dictionaries(
            st.sampled_from(["x", "facebook"]),
            st.one_of(composed, st.fixed_dictionaries({"error": words})),
        ),
    }
)
ENTRY_ORDER = (
    "id",
    "source_path",
    "url",
    "title",
    "lang",
    "date",
    "date_from_fs",
    "send",
    "tags",
    "status",
    "translation_group",
    "is_translation",
    "held",
    "image",
    "description",
    "site_name",
    "texts",
)
usual_entry = usual_fields.map(lambda e: {k: e[k] for k in ENTRY_ORDER})
odd_values = st.one_of(
    st.none(), st.booleans(), st.integers(), words, st.tuples(words), st.lists(maybe)
)


@st.composite
def entries(draw: Any) -> dict[str, Any]:
    """Mostly an entry as collect() makes it; sometimes with a value of another
    type, a key left out or one more key (the encoder's to write)."""
    entry = draw(usual_entry)
    # Mostly unchanged: the other kinds go to the encoder the test compares with.
    change = draw(st.sampled_from(["none", "none", "none", "value", "drop", "add"]))
    if change == "value":
        entry[draw(st.sampled_from(list(entry)))] = draw(odd_values)
    elif change == "drop":
        del entry[draw(st.sampled_from(list(entry)))]
    elif change == "add":
        entry[draw(words)] = draw(odd_values)
    return entry


@RUNS
@given(entries())
@example(
    {
        "id": "a.md",
        "source_path": "a.md",
        "url": "https://blog.example.jp/a.html",
        "title": '記事 "1"',
        "lang": "ja",
        "date": "2026-03-01T09:00:00+09:00",
        "date_from_fs": False,
        "send": False,
        "tags": ["経営", "x"],
        "status": "published",
        "translation_group": "a",
        "is_translation": False,
        "held": None,
        "image": None,
        "description": "",
        "site_name": "Blog",
        "texts": {},
    }
)
def test_an_entry_line_is_the_encoder_s(entry):
    assert manifest._entry_json(entry) == ENCODER.encode(entry)


def test_the_usual_entry_is_the_writer_s_own_shape():
    # Else the test above would compare the encoder with itself.
    assert manifest._ENTRY_KEYS == ENTRY_ORDER


@RUNS
@given(usual_entry)
def test_the_usual_entry_takes_the_writer_s_own_path(entry):
    encoded = ENCODER.encode(entry)
    # The encoder is not asked: the line is written from its pieces.
    original = manifest._LINE
    manifest._LINE = None  # type: ignore[assignment]
    try:
        if entry["texts"]:
            return  # texts that are not empty are the encoder's to write
        assert manifest._entry_json(entry) == encoded
    finally:
        manifest._LINE = original


def text_copy(metadata: dict[Any, Any]) -> dict[str, str]:
    """The metadata as posse reads it, the plain way: a lower-cased text copy."""
    return {
        k.lower(): v if type(v) is str else facts._metadata_text(v)
        for k, v in metadata.items()
        if isinstance(k, str) and not isinstance(v, dt.datetime)
    }


# Keys that lower-case alike, and characters lower() changes oddly.
KEYS = ["posse", "Posse", "POSSE", "image", "posse_x", "Σ", "σ", "İ", "i̇", "ǅ", "1"]
metadata_keys = st.one_of(st.sampled_from(KEYS), st.text(max_size=6), st.integers())
metadata_values = st.one_of(
    words,
    st.lists(words, max_size=3),
    st.tuples(words),
    st.integers(),
    st.none(),
    st.datetimes(),
)


@RUNS
@given(
    st.dictionaries(metadata_keys, metadata_values, max_size=8),
    st.lists(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), max_size=4),
)
@example({"Posse": "off", "posse": dt.datetime(2026, 1, 1)}, ["posse"])
@example({"posse": "off", "POSSE": ["a", "b"]}, ["posse"])
def test_the_metadata_view_is_a_lower_cased_text_copy(metadata, probes):
    view = facts.Metadata(metadata)
    copy = text_copy(metadata)
    assert dict(view) == copy and len(view) == len(copy)
    for key in [*probes, *metadata]:
        assert view.get(key) == copy.get(key)
        assert view.get(key, "-") == copy.get(key, "-")
        assert (key in view) == (key in copy)


def test_the_metadata_view_keeps_what_it_was_given():
    metadata = {"posse": "off"}
    view = facts.Metadata(metadata)
    metadata["posse"] = "on"
    assert view["posse"] == "off"
    assert view == {"posse": "off"} and repr(view) == "Metadata({'posse': 'off'})"
