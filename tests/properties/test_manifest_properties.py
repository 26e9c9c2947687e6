"""Property tests: an article's metadata is read through a view that turns a
value into text when it is read (facts.Metadata); it must be what a lower-cased
text copy of the metadata gives."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from pelican.plugins.posse import facts
from tests.properties.test_text_properties import RUNS

HOSTILE = ['"', "\\", "\n", "\x00", "\x7f", "\u2028", "\udcff", "経営", "😀", "</p>"]
words = st.one_of(
    st.text(max_size=20), st.lists(st.sampled_from(HOSTILE), max_size=5).map("".join)
)


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
