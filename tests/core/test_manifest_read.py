"""manifest.read(): a damaged manifest is a ValueError naming the file, the
article and the field, never a traceback; the written schema says what a build
writes (docs/schema/manifest.schema.json)."""

from __future__ import annotations

import contextlib
import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican.plugins.posse import manifest
from tests.conftest import ROOT
from tests.harness import scripted, site

SCHEMA = json.loads(
    (ROOT / "docs" / "schema" / "manifest.schema.json").read_text(encoding="utf-8")
)
PATH = Path(".posse/manifest.json")


def good() -> dict[str, Any]:
    """A manifest as the test harness writes it (format 2, three articles)."""
    scripted.write_manifest(
        [scripted.entry(1), scripted.entry(2, held="draft"), scripted.entry(3)]
    )
    return json.loads(PATH.read_text(encoding="utf-8"))


def put(data: Any) -> Path:
    PATH.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    PATH.write_text(text, encoding="utf-8")
    return PATH


def refused(data: Any) -> str:
    with pytest.raises(ValueError) as caught:
        manifest.read(put(data))
    message = str(caught.value)
    assert str(PATH) in message
    return message


def test_a_good_manifest_is_read_as_it_is():
    data = good()
    assert manifest.read(PATH) == data
    jsonschema.validate(data, SCHEMA)


def test_a_real_build_s_manifest_follows_the_written_schema(monkeypatch):
    site.write_settings(Path("."), {"DEFAULT_DATE": "fs"})
    site.article(".", "a", "記事", "2026-03-01 09:00", tags="経営, 補助金")
    site.article(".", "d", "下書き", "2026-03-02 09:00", status="draft")
    site.article(".", "s", "スキップ", "2026-03-03 09:00", status="skip")
    Path("content/nodate.md").write_text("Title: 日付なし\n\n本文\n", encoding="utf-8")
    built = site.build(Path("."), monkeypatch)
    jsonschema.validate(built, SCHEMA)
    assert manifest.read(PATH) == built
    assert built["format"] == manifest.FORMAT == 2


def test_the_schema_knows_every_hold_back_reason_and_entry_field():
    article = SCHEMA["$defs"]["article"]
    assert set(article["properties"]["held"]["enum"]) == {None, *manifest.HOLD_REASONS}
    fields = ("id", *(key for key, _, _ in manifest._ENTRY_FIELDS))
    assert tuple(article["required"]) == fields


@pytest.mark.parametrize(
    ("change", "words"),
    [
        # The damaged manifests of issue 12, and their kin.
        (lambda d: d["articles"][1].pop("id"), ["article 1:", "'id'", "missing"]),
        (
            lambda d: d["articles"].__setitem__(1, "posts/0002.md"),
            ["article 1 is a string, not an object"],
        ),
        (
            lambda d: d["articles"][2].__setitem__("texts", "x"),
            ["article 2 (id 'posts/0003.md')", "'texts'", "an object"],
        ),
        (
            lambda d: d["articles"][0]["texts"].__setitem__("x", ["text"]),
            ["article 0 (id 'posts/0001.md')", "'texts.x'", "an array"],
        ),
        (
            lambda d: d["articles"][0]["texts"]["x"].__setitem__("text", 3),
            ["'texts.x'", "'text'", "a string, not 3"],
        ),
        (
            lambda d: d["articles"][0].__setitem__("date", "yesterday"),
            ["'date'", "ISO 8601", "'yesterday'"],
        ),
        (
            lambda d: d["articles"][0].__setitem__("date_from_fs", "yes"),
            ["'date_from_fs'", "true or false"],
        ),
        (lambda d: d["articles"][0].__setitem__("tags", [1]), ["'tags'"]),
        (lambda d: d["articles"][0].__setitem__("held", "{0}"), ["'held'"]),
        (lambda d: d["articles"][0].__setitem__("status", None), ["'status'"]),
        (lambda d: d.pop("sources"), ["'sources'", "missing"]),
        (lambda d: d["content"].pop("path"), ["'content.path'"]),
        (lambda d: d.__setitem__("articles", {}), ["'articles'", "an array"]),
        (lambda d: d.__setitem__("since", 5), ["'since'"]),
    ],
)
def test_a_damaged_field_is_named_with_its_article(change, words):
    data = good()
    change(data)
    message = refused(data)
    for word in words:
        assert word in message, message
    assert "rebuild the site (pelican content -s publishconf.py)" in message


def test_a_date_may_be_null():
    data = good()
    data["articles"][0]["date"] = None
    assert manifest.read(put(data))["articles"][0]["date"] is None


@pytest.mark.parametrize("number", [1, 3, 7, "2", 2.0, True, None])
def test_another_format_says_which_and_to_rebuild(number):
    data = good()
    data["format"] = number
    message = refused(data)
    assert f"manifest format {json.dumps(number)}" in message.replace("'", '"')
    assert "another pelican-posse version" in message
    assert "(this one reads format 2)" in message and "rebuild" in message


def test_no_format_is_not_a_manifest():
    data = good()
    del data["format"]
    assert "no format number" in refused(data)


@pytest.mark.parametrize(
    "text",
    [
        "[" * 200_000 + "]" * 200_000,
        '{"a": ' * 200_000 + "1" + "}" * 200_000,
        '{"format": 2, "articles": [' + "[" * 200_000,
    ],
)
def test_deep_nesting_is_a_value_error(text):
    assert "manifest" in refused(text)


def test_broken_and_truncated_files_name_the_file():
    data = good()
    assert "line 1" in refused("{oops")
    text = json.dumps(data, indent=1)
    for cut in range(0, len(text), max(1, len(text) // 40)):
        refused(text[:cut])
    assert "not a manifest" in refused([1, 2])
    with pytest.raises(ValueError, match="cannot read"):
        PATH.write_bytes(b"\xff\xfe{")
        manifest.read(PATH)
    with pytest.raises(ValueError, match="no manifest"):
        manifest.read(Path("nowhere/manifest.json"))


# --- fuzz: random JSON, and manifests with random leaves -------------------------
FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", "2026-03-01T09:00:00+09:00", "published", "skip", "x"]),
)
json_values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.text(max_size=8), inner, max_size=4),
    ),
    max_leaves=20,
)


def only_value_error(text: str) -> dict[str, Any] | None:
    """read() of ``text``: the manifest, or None for a ValueError; anything
    else fails the test."""
    PATH.write_text(text, encoding="utf-8")
    try:
        return manifest.read(PATH)
    except ValueError as err:
        assert str(PATH) in str(err)
        return None


@FUZZ
@given(json_values)
def test_random_json_is_only_ever_a_value_error(value):
    PATH.parent.mkdir(parents=True, exist_ok=True)
    assert only_value_error(json.dumps(value)) is None


def paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in ``value`` a leaf or a container could be replaced."""
    out = [at]
    if isinstance(value, dict):
        for key, inner in value.items():
            out += paths(inner, (*at, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            out += paths(inner, (*at, index))
    return out


BASE: dict[str, Any] = {}


@FUZZ
@given(st.data())
def test_a_manifest_with_random_leaves_is_read_or_refused(data):
    if not BASE:
        BASE.update(good())
    damaged = damage(data, BASE)
    read = only_value_error(json.dumps(damaged))
    if read is not None:  # what read() accepts, the written schema accepts
        jsonschema.validate(read, SCHEMA)


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_are_only_ever_a_value_error(raw):
    PATH.parent.mkdir(parents=True, exist_ok=True)
    PATH.write_bytes(raw)
    with contextlib.suppress(ValueError):
        manifest.read(PATH)


def damage(data: Any, value: Any) -> Any:
    """``value`` with 1 to 3 of its parts replaced by random JSON or dropped."""
    damaged = copy.deepcopy(value)
    for _ in range(data.draw(st.integers(1, 3))):
        where = data.draw(st.sampled_from(paths(damaged)[1:] or [()]))
        if not where:
            return data.draw(json_values)
        parent = damaged
        for step in where[:-1]:
            parent = parent[step]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[where[-1]]
        else:
            parent[where[-1]] = data.draw(json_values)
    return damaged


def test_the_settings_file_named_is_the_one_given():
    data = good()
    del data["articles"][0]["url"]
    put(data)
    with pytest.raises(ValueError, match=r"pelican content -s conf/prod\.py\)"):
        manifest.read(PATH, "conf/prod.py")
    with pytest.raises(ValueError, match=r"pelican content -s conf/prod\.py\)"):
        manifest.read(Path("nowhere.json"), settings_file="conf/prod.py")
