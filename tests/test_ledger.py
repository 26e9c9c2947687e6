"""The ledger: readable, atomic, locked, and never silently reset."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from pelican.plugins.posse.ledger import Ledger, LedgerError, Record, locked

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
    ],
)
def test_other_hand_edits_are_explained(edit, words):
    data = json.loads(sample().to_json())
    edit(data)
    PATH.write_text(json.dumps(data, indent=2))
    with pytest.raises(LedgerError, match=words):
        Ledger.load(PATH)


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
