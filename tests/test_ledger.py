"""The ledger: readable, atomic, locked, and never silently reset."""

from __future__ import annotations

import json
import re
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pelican.plugins.posse import ledger as ledger_module
from pelican.plugins.posse.ledger import (
    STATES,
    Ledger,
    LedgerError,
    Record,
    locked,
)

PATH = Path("posse-ledger.json")


def sample() -> Ledger:
    ledger = Ledger(PATH)
    ledger.set(
        "b.md",
        "x",
        Record(
            state="posted",
            attempts=1,
            remote_id="2",
            url="https://x.com/a/status/2",
            at="2026-01-02",
        ),
    )
    ledger.set("a.md", "facebook", Record(state="baseline"))
    ledger.set(
        "a.md",
        "x",
        Record(state="failed", attempts=3, error="401", remedy="regenerate the token"),
    )
    return ledger


def test_round_trip_is_sorted_indented_and_one_entry_per_article():
    sample().save()
    text = PATH.read_text(encoding="utf-8")
    assert text.index('"a.md"') < text.index('"b.md"')  # sorted: diffs stay small
    assert '\n      "x": {\n' in text  # indented, one record per network
    loaded = Ledger.load(PATH)
    assert loaded.existed
    assert loaded.record("b.md", "x") == sample().record("b.md", "x")
    assert loaded.record("a.md", "x").remedy == "regenerate the token"
    assert text == loaded.to_json()  # rewriting changes nothing


def test_missing_ledger_is_empty_and_marked_as_new():
    ledger = Ledger.load(PATH)
    assert not ledger.existed and ledger.articles == {}


def test_save_leaves_no_temporary_files(tmp_path):
    sample().save()
    sample().save()
    assert sorted(p.name for p in Path(".").iterdir()) == ["posse-ledger.json"]


def test_corrupt_json_names_file_and_line():
    sample().save()
    lines = PATH.read_text().splitlines()
    lines[5] = lines[5].rstrip(",")  # a hand edit that lost a comma
    PATH.write_text("\n".join(lines))
    before = PATH.read_text()
    with pytest.raises(LedgerError) as err:
        Ledger.load(PATH)
    message = str(err.value)
    assert "posse-ledger.json, line 7" in message and "not valid JSON" in message
    assert "never resets" in message
    assert PATH.read_text() == before  # nothing was rewritten


def test_hand_edited_wrong_state_names_the_line():
    sample().save()
    text = PATH.read_text().replace('"state": "posted"', '"state": "done"')
    PATH.write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"done"' in row)
    with pytest.raises(LedgerError) as err:
        Ledger.load(PATH)
    message = str(err.value)
    assert f"line {line}:" in message
    assert "'b.md' on 'x' has state 'done'" in message and "posted" in message


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda d: d["articles"]["a.md"]["x"].update(attempts="3"), "attempts"),
        (lambda d: d["articles"]["a.md"]["x"].update(oops=1), "unknown field"),
        (lambda d: d.pop("articles"), 'no "articles"'),
        (lambda d: d["articles"].update({"c.md": []}), "must map network names"),
        (lambda d: d["articles"]["a.md"]["x"].update(state=["posted"]), "has state"),
        # attempts (valid) comes first in the record: the wrong field is named.
        (lambda d: d["articles"]["a.md"]["x"].update(url=5), "url must be text"),
        (lambda d: d["articles"]["b.md"]["x"].update(attempts=True), "attempts"),
        (lambda d: d["articles"]["b.md"]["x"].update(attempts=-1), "attempts"),
        (lambda d: d["articles"]["a.md"].update(x="posted"), "must be an object"),
        (lambda d: d["articles"]["b.md"]["x"].update(oops=None), "unknown field"),
        (lambda d: d["articles"]["b.md"]["x"].update(error=1.5), "error must be text"),
        (lambda d: d["articles"]["b.md"]["x"].update(at=False), "at must be text"),
        (lambda d: d["articles"]["b.md"]["x"].update(state="sent"), "has state"),
    ],
)
def test_other_hand_edits_are_explained(edit, words):
    data = json.loads(sample().to_json())
    edit(data)
    PATH.write_text(json.dumps(data, indent=2))
    with pytest.raises(LedgerError, match=words):
        Ledger.load(PATH)


FIELDS = ("state", "attempts", "at", "remote_id", "url", "error", "remedy")
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-2, 3),
    st.integers(-2, -1),
    st.floats(allow_nan=False),
    st.sampled_from([*STATES, "sent", ""]),
    st.lists(st.just("posted"), max_size=1),
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    st.fixed_dictionaries(
        {"state": st.sampled_from(list(STATES))},
        optional={
            "attempts": st.integers(0, 5),
            **dict.fromkeys(FIELDS[2:], st.none() | st.text(max_size=2)),
        },
    ),
    st.lists(st.tuples(st.sampled_from([*FIELDS, "oops"]), VALUES), max_size=2),
)
def test_a_hand_edited_record_is_accepted_exactly_when_it_is_valid(record, edits):
    """Any record in a ledger of many good ones: loaded as written, or an error
    that names the article (never a crash, never a silently accepted record)."""
    record.update(edits)
    good = {"state": "posted", "attempts": 1, "url": "https://x.com/a/status/1"}
    articles = {f"{n}.md": {"x": good, "facebook": good} for n in range(20)}
    articles["7.md"] = {"x": good, "facebook": record}
    PATH.write_text(json.dumps({"format": 1, "articles": articles}, indent=2))
    attempts = record.get("attempts", 0)
    valid = (
        type(record.get("state")) is str
        and record["state"] in STATES
        and "oops" not in record
        and type(attempts) is int
        and attempts >= 0
        and all(
            type(v) in (str, type(None)) for k, v in record.items() if k != "attempts"
        )
    )
    if valid:
        ledger = Ledger.load(PATH)
        assert ledger.record("7.md", "facebook") == Record(**record)
        assert ledger.record("19.md", "x") == Record(**good)
    else:
        with pytest.raises(LedgerError, match=re.escape("'7.md' on 'facebook'")):
            Ledger.load(PATH)


VALID_RECORDS = st.fixed_dictionaries(
    {"state": st.sampled_from(list(STATES))},
    optional={
        "attempts": st.integers(0, 5),
        **dict.fromkeys([*FIELDS[2:], "not_before"], st.none() | st.text(max_size=2)),
    },
)


@settings(max_examples=500, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["a.md", "b.md", "c.md"]),
        st.dictionaries(st.sampled_from(["x", "facebook"]), VALID_RECORDS, max_size=2),
        max_size=3,
    ),
    # At most one edit: an article, a record or one field set to any value.
    st.none()
    | st.tuples(
        st.sampled_from(["a.md", "b.md"]),
        st.sampled_from([None, "x"]),
        st.sampled_from([None, *FIELDS, "not_before", "oops"]),
        VALUES,
    ),
)
def test_the_whole_file_check_is_the_record_by_record_check(articles, edit):
    """_all_valid (a few passes in C over every record) says what _valid, asked
    of each record, says."""
    if edit is not None:
        aid, network, field, value = edit
        if network is None:
            articles[aid] = value
        elif field is None:
            articles.setdefault(aid, {})[network] = value
        else:
            record = articles.setdefault(aid, {}).setdefault(
                network, {"state": "posted"}
            )
            record[field] = value
    one_by_one = all(
        type(recs) is dict
        and all(
            type(rec) is dict and ledger_module._valid(rec) for rec in recs.values()
        )
        for recs in articles.values()
    )
    assert ledger_module._all_valid(articles) == one_by_one


def test_records_looked_at_before_the_whole_ledger_are_the_ones_saved():
    sample().save()
    ledger = Ledger.load(PATH)
    looked_at = ledger.record("a.md", "x")
    looked_at.state = "pending"  # as the engine changes a record in place
    ledger.set("a.md", "mastodon", Record(state="outbox"))
    ledger.set("c.md", "x", Record(state="baseline"))
    assert ledger.articles["a.md"]["x"] is looked_at
    assert list(ledger.articles) == ["a.md", "b.md", "c.md"]  # the file's order
    assert ledger.networks_seen() == {"x", "facebook", "mastodon"}
    ledger.save()
    again = Ledger.load(PATH)
    assert again.record("a.md", "x").state == "pending"
    assert again.record("a.md", "facebook") == Record(state="baseline")
    assert again.record("a.md", "mastodon") == Record(state="outbox")
    assert again.record("b.md", "x") == sample().record("b.md", "x")
    assert again.record("c.md", "x") == Record(state="baseline")


def test_empty_file_is_an_error_not_a_fresh_start():
    PATH.write_text("")
    with pytest.raises(LedgerError, match="empty"):
        Ledger.load(PATH)


def test_lock_makes_a_second_run_wait():
    order = []
    lock = Path(".posse/ledger.lock")

    def second():
        with locked(lock):
            order.append("second")

    with locked(lock):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.3)
        order.append("first done")
    thread.join(5)
    assert order == ["first done", "second"]


def test_urls_in_states_reads_records_as_read_and_as_set(tmp_path):
    path = tmp_path / "ledger.json"
    written = Ledger(path)
    written.set("a.md", "x", Record(state="posted", url="https://x.com/a/1"))
    written.set("a.md", "facebook", Record(state="baseline"))
    written.set("b.md", "x", Record(state="posted"))  # no URL: nothing to link
    written.set("c.md", "x", Record(state="duplicate", url="https://x.com/c/3"))
    written.save()
    assert Ledger.load(path).urls_in_states(["posted", "duplicate"]) == {
        "a.md": {"x": "https://x.com/a/1"},
        "c.md": {"x": "https://x.com/c/3"},
    }
    # Records set since the file was read win over the file's.
    ledger = Ledger.load(path)
    ledger.set("d.md", "x", Record(state="posted", url="https://x.com/d/4"))
    ledger.set("c.md", "x", Record(state="failed", url="https://x.com/c/3"))
    assert ledger.urls_in_states(["posted", "duplicate"]) == {
        "a.md": {"x": "https://x.com/a/1"},
        "d.md": {"x": "https://x.com/d/4"},
    }


def test_state_of_is_the_record_s_state(tmp_path):
    path = tmp_path / "ledger.json"
    written = Ledger(path)
    written.set("a.md", "x", Record(state="posted", url="https://x.com/a/1"))
    written.set("a.md", "facebook", Record(state="outbox"))
    written.save()
    ledger = Ledger.load(path)
    ledger.set("b.md", "x", Record(state="failed"))
    for aid in ("a.md", "b.md", "c.md"):
        for net in ("x", "facebook", "mastodon"):
            record = ledger.record(aid, net)
            expected = record.state if record else None
            assert Ledger.load(path).state_of(aid, net) == (
                expected if aid != "b.md" else None
            )
            assert ledger.state_of(aid, net) == expected
