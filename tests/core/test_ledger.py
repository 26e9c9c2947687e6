"""The ledger: readable, atomic, locked, and never silently reset."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import signal
import subprocess
import sys
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
from pelican.plugins.posse.ledger import fileio as ledger_fileio
from pelican.plugins.posse.ledger import parse as ledger_parse
from tests.conftest import ROOT

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
    assert '\n        "x": {\n' in text  # indented, one record per network
    assert json.loads(text)["format"] == 3
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
    lost = next(n for n, row in enumerate(lines) if '"attempts": 3,' in row)
    lines[lost] = lines[lost].rstrip(",")  # a hand edit that lost a comma
    PATH.write_text("\n".join(lines))
    before = PATH.read_text()
    with pytest.raises(LedgerError) as err:
        Ledger.load(PATH)
    message = str(err.value)
    assert f"posse-ledger.json, line {lost + 2}" in message
    assert "not valid JSON" in message
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
        (
            lambda d: d["articles"]["a.md"]["posts"]["x"].update(attempts="3"),
            "attempts",
        ),
        (lambda d: d["articles"]["a.md"]["posts"]["x"].update(oops=1), "unknown field"),
        (lambda d: d.pop("articles"), 'no "articles"'),
        (lambda d: d["articles"].update({"c.md": []}), "'c.md': must be an object"),
        (lambda d: d["articles"].update({"c.md": {"x": {}}}), "unknown field.*'x'"),
        (lambda d: d["articles"]["a.md"].update(posts=[]), "posts must map"),
        (lambda d: d["articles"]["a.md"].pop("posts"), "posts must map"),
        (lambda d: d["articles"]["a.md"]["posts"].update(x=[]), "must be an object"),
        (lambda d: d["articles"]["a.md"].update(url=3), "url must be text or null"),
        (lambda d: d["articles"]["a.md"].update(date="soon"), "not an ISO 8601"),
        (lambda d: d["articles"]["a.md"].update(date=20261201), "date must be text"),
        (lambda d: d.update(newest=[]), "newest must map"),
        (lambda d: d.update(newest={"x": "yesterday"}), "newest on 'x'"),
        (lambda d: d.update(networks="x"), "networks must be a list"),
        (lambda d: d.update(extra=1), "unknown field.*'extra'"),
        (lambda d: d.pop("format"), 'no "format"'),
        (lambda d: d.update(format=7), "format 7 is newer than .* knows \\(3\\)"),
        (lambda d: d.update(format=True), "format True is not one"),
        (lambda d: d.update(format="2"), "format '2' is not one"),
        (lambda d: d.update(format=0), "format 0 is not one"),
        (
            lambda d: d["articles"]["a.md"]["posts"]["x"].update(state=["posted"]),
            "has state",
        ),
        # attempts (valid) comes first in the record: the wrong field is named.
        (
            lambda d: d["articles"]["a.md"]["posts"]["x"].update(url=5),
            "url must be text",
        ),
        (
            lambda d: d["articles"]["b.md"]["posts"]["x"].update(attempts=True),
            "attempts",
        ),
        (lambda d: d["articles"]["b.md"]["posts"]["x"].update(attempts=-1), "attempts"),
        (lambda d: d["articles"]["a.md"]["posts"].update(x="posted"), "an object"),
        (
            lambda d: d["articles"]["b.md"]["posts"]["x"].update(oops=None),
            "unknown field",
        ),
        (
            lambda d: d["articles"]["b.md"]["posts"]["x"].update(error=1.5),
            "error must be text",
        ),
        (
            lambda d: d["articles"]["b.md"]["posts"]["x"].update(at=False),
            "at must be text",
        ),
        (
            lambda d: d["articles"]["b.md"]["posts"]["x"].update(state="sent"),
            "has state",
        ),
    ],
)
def test_other_hand_edits_are_explained(edit, words):
    data = json.loads(sample().to_json())
    edit(data)
    PATH.write_text(json.dumps(data, indent=2))
    with pytest.raises(LedgerError, match=words) as err:
        Ledger.load(PATH)
    assert str(err.value).startswith("posse-ledger.json")
    assert "restore the file from git" in str(err.value) or "upgrade" in str(err.value)


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
    st.sampled_from([1, 2]),
)
def test_a_hand_edited_record_is_accepted_exactly_when_it_is_valid(
    record, edits, number
):
    """Any record in a ledger of many good ones (format 1 or 2): loaded as
    written, or an error that names the article (never a crash, never a silently
    accepted record)."""
    record.update(edits)
    good = {"state": "posted", "attempts": 1, "url": "https://x.com/a/status/1"}
    articles = {f"{n}.md": {"x": good, "facebook": good} for n in range(20)}
    articles["7.md"] = {"x": good, "facebook": record}
    if number == 2:
        articles = {aid: {"posts": recs} for aid, recs in articles.items()}
    PATH.write_text(json.dumps({"format": number, "articles": articles}, indent=2))
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


# --- format 2 -------------------------------------------------------------------
FORMAT_1 = """{
  "about": "pelican-posse ledger: what was announced where.",
  "articles": {
    "posts/a.md": {
      "facebook": {"state": "baseline", "at": "2025-01-01T00:00:00+00:00"},
      "x": {"attempts": 1, "remote_id": "7", "state": "posted",
            "url": "https://x.com/h/status/7"}
    },
    "posts/b.md": {
      "mastodon": {"state": "outbox"},
      "x": {"attempts": 3, "error": "401", "state": "failed"}
    }
  },
  "format": 1,
  "networks": ["facebook", "mastodon", "x"]
}
"""


def test_a_format_1_ledger_is_read_and_saved_as_format_3_with_the_same_records():
    PATH.write_text(FORMAT_1, encoding="utf-8")
    ledger = Ledger.load(PATH)
    assert ledger.upgraded and ledger.existed
    before = {aid: ledger.records_of(aid) for aid in ledger.ids()}
    assert before["posts/a.md"]["x"].url == "https://x.com/h/status/7"
    assert ledger.article_info("posts/a.md") == (None, None)
    # Format 1 listed outbox-only networks too: a preview is no history.
    assert ledger.has_history("x") and ledger.has_history("facebook")
    assert not ledger.has_history("mastodon")
    ledger.save()
    assert not ledger.upgraded
    data = json.loads(PATH.read_text(encoding="utf-8"))
    assert data["format"] == 3
    assert data["networks"] == ["facebook", "x"]
    assert set(data["articles"]["posts/a.md"]) == {"posts"}
    again = Ledger.load(PATH)
    assert not again.upgraded
    assert {aid: again.records_of(aid) for aid in again.ids()} == before


def test_article_info_url_index_newest_and_history():
    ledger = Ledger(PATH)
    assert ledger.newest_for("x") is None and not ledger.has_history("x")
    ledger.note_article("a.md", "https://blog/a/", "2026-12-01T09:00:00+09:00")
    ledger.set("a.md", "x", Record(state="posted"))
    ledger.set("a.md", "mastodon", Record(state="outbox"))
    assert ledger.has_history("x") and not ledger.has_history("mastodon")
    assert ledger.newest_for("x") == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    # An outbox preview is done (never re-sent) but announced nothing: newest
    # still counts it (the spec: every done state), history does not.
    assert ledger.newest["mastodon"] == "2026-12-01T09:00:00+09:00"
    assert ledger.id_for_url("https://blog/a/") == "a.md"
    # An older article never lowers newest; a later one raises it.
    ledger.set("old.md", "x", Record(state="posted"))
    ledger.note_article("old.md", "https://blog/old/", dt.datetime(2020, 1, 1))
    ledger.set("b.md", "x", Record(state="pending"))
    ledger.note_article("b.md", "https://blog/b/", "2027-01-01T00:00:00+00:00")
    assert ledger.newest["x"] == "2026-12-01T09:00:00+09:00"
    assert ledger.id_for_url("https://blog/b/") == "b.md"
    assert ledger.article_info("old.md") == ("https://blog/old/", "2020-01-01T00:00:00")
    ledger.note_article("a.md", None, None)  # None leaves what is known
    assert ledger.article_info("a.md")[0] == "https://blog/a/"
    ledger.save()
    again = Ledger.load(PATH)
    assert again.article_info("a.md") == (
        "https://blog/a/",
        "2026-12-01T09:00:00+09:00",
    )
    assert again.newest == ledger.newest
    assert again.id_for_url("https://blog/old/") == "old.md"
    assert again.id_for_url("https://blog/none/") is None
    assert again.has_history("x") and not again.has_history("mastodon")
    with pytest.raises(ValueError, match="ISO 8601"):
        again.note_article("a.md", date="soon")


def test_newest_never_decreases_on_save():
    ledger = Ledger(PATH, newest={"x": "2030-01-01T00:00:00+00:00"})
    ledger.note_article("a.md", "https://blog/a/", "2026-01-01T00:00:00+00:00")
    ledger.set("a.md", "x", Record(state="posted"))
    ledger.save()
    assert Ledger.load(PATH).newest == {"x": "2030-01-01T00:00:00+00:00"}


def test_newest_is_computed_from_records_changed_in_place():
    ledger = Ledger(PATH)
    ledger.note_article("a.md", "https://blog/a/", "2026-01-01T00:00:00+00:00")
    ledger.set("a.md", "x", Record(state="posting"))
    assert "x" not in ledger.newest
    ledger.record("a.md", "x").state = "posted"  # as the engine does
    ledger.save()
    assert Ledger.load(PATH).newest == {"x": "2026-01-01T00:00:00+00:00"}


def test_move_re_keys_records_url_and_date():
    ledger = Ledger(PATH)
    ledger.note_article("a.md", "https://blog/a/", "2026-01-01T00:00:00+00:00")
    ledger.set("a.md", "x", Record(state="posted", url="https://x.com/1"))
    ledger.set("a.md", "facebook", Record(state="pending"))
    ledger.save()
    ledger = Ledger.load(PATH)
    assert ledger.id_for_url("https://blog/a/") == "a.md"  # index built first
    ledger.set("2026/a.md", "facebook", Record(state="posted", url="https://fb/2"))
    ledger.move("a.md", "2026/a.md")
    assert ledger.records_of("a.md") == {}
    assert "a.md" not in ledger.ids()
    assert ledger.article_info("2026/a.md") == (
        "https://blog/a/",
        "2026-01-01T00:00:00+00:00",
    )
    assert ledger.id_for_url("https://blog/a/") == "2026/a.md"
    moved = ledger.records_of("2026/a.md")
    assert moved["x"].url == "https://x.com/1"
    assert moved["facebook"].state == "posted"  # posted beats pending
    ledger.move("nothing.md", "else.md")  # unknown: nothing happens
    ledger.save()
    data = json.loads(PATH.read_text(encoding="utf-8"))
    assert list(data["articles"]) == ["2026/a.md"]


def test_abandoned_is_a_done_state():
    assert "abandoned" in ledger_module.STATES
    assert Record(state="abandoned").done


@pytest.mark.parametrize(
    "markers",
    [
        ("<<<<<<< HEAD", "=======", ">>>>>>> 1234abc (posse: ledger)"),
        ("<<<<<<< ours", "||||||| base", "=======", ">>>>>>> theirs"),
    ],
)
def test_git_conflict_markers_are_named_with_the_fix(markers):
    sample().save()
    lines = PATH.read_text().splitlines()
    at = next(n for n, row in enumerate(lines) if '"b.md"' in row)
    PATH.write_text("\n".join([*lines[:at], *markers, *lines[at:]]) + "\n")
    with pytest.raises(LedgerError) as err:
        Ledger.load(PATH)
    message = str(err.value)
    assert message.startswith(f"posse-ledger.json, line {at + 1}:")
    assert "conflict markers" in message and "git merge" in message
    assert "merge-ledger" in message and "git checkout --theirs" in message


def test_deep_nesting_is_a_ledger_error():
    PATH.write_text("[" * 200_000 + "]" * 200_000)
    with pytest.raises(LedgerError, match="nested too deeply"):
        Ledger.load(PATH)


def test_a_lone_surrogate_escape_is_refused_not_crashed_on_save():
    data = json.loads(sample().to_json())
    data["articles"]["a.md"]["posts"]["x"]["error"] = "\ud800"
    PATH.write_text(json.dumps(data, indent=2))  # ensure_ascii: "\\ud800"
    with pytest.raises(LedgerError, match="surrogate") as err:
        Ledger.load(PATH)
    assert str(err.value).startswith("posse-ledger.json, line ")
    # A pair (an escaped emoji) is fine.
    data["articles"]["a.md"]["posts"]["x"]["error"] = "\U0001f600"
    PATH.write_text(json.dumps(data, indent=2))
    assert Ledger.load(PATH).record("a.md", "x").error == "\U0001f600"


# --- saving -----------------------------------------------------------------------
def test_save_writes_its_temporary_file_in_tmp_dir(monkeypatch):
    made = []
    real_replace = ledger_fileio.os.replace

    def replace(src, dst):
        made.append(Path(os.path.relpath(Path(src).parent)))
        real_replace(src, dst)

    monkeypatch.setattr(ledger_fileio.os, "replace", replace)
    ledger = sample()
    ledger.tmp_dir = Path(".posse/tmp")
    ledger.save()
    assert made == [Path(".posse/tmp")]
    Ledger.load(PATH, tmp_dir=Path("elsewhere")).save()
    assert made[-1] == Path("elsewhere")
    sample().save(tmp_dir=Path(".posse/tmp2"))
    assert made[-1] == Path(".posse/tmp2")
    assert sorted(p.name for p in Path(".").iterdir()) == [
        ".posse",
        "elsewhere",
        "posse-ledger.json",
    ]
    assert list(Path(".posse/tmp").iterdir()) == []


def test_a_save_interrupted_leaves_nothing_in_the_site_root(monkeypatch):
    sample().save()
    before = PATH.read_text()

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(ledger_fileio.os, "replace", interrupted)
    ledger = Ledger.load(PATH, tmp_dir=Path(".posse/tmp"))
    ledger.set("c.md", "x", Record(state="posted"))
    with pytest.raises(KeyboardInterrupt):
        ledger.save()
    assert sorted(p.name for p in Path(".").iterdir()) == [".posse", PATH.name]
    assert PATH.read_text() == before
    assert list(Path(".posse/tmp").iterdir()) == []


def test_a_run_killed_while_saving_leaves_its_leftover_in_the_state_folder():
    """SIGKILL between writing the temporary file and the rename: no clean-up
    runs, and what is left is in the state folder (which git ignores)."""
    sample().save()
    before = PATH.read_text()
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from pelican.plugins.posse import ledger\n"
        "from pelican.plugins.posse.ledger import fileio\n"
        "fileio.os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)\n"
        "book = ledger.Ledger.load(Path('posse-ledger.json'),\n"
        "                          tmp_dir=Path('.posse/tmp'))\n"
        "book.set('c.md', 'x', ledger.Record(state='posted'))\n"
        "book.save()\n"
    )
    plugins = str(Path(ledger_module.__file__).parents[4])
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": plugins},
        check=False,
    )
    assert done.returncode == -signal.SIGKILL
    assert sorted(p.name for p in Path(".").iterdir()) == [".posse", PATH.name]
    assert PATH.read_text() == before
    assert len(list(Path(".posse/tmp").iterdir())) == 1  # the leftover


def test_a_tmp_dir_on_another_file_system_falls_back_beside_the_file(monkeypatch):
    real_replace = ledger_fileio.os.replace
    sources = []

    def replace(src, dst):
        sources.append(Path(os.path.relpath(Path(src).parent)))
        if sources[-1] == Path(".posse/tmp"):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        real_replace(src, dst)

    monkeypatch.setattr(ledger_fileio.os, "replace", replace)
    sample().save(tmp_dir=Path(".posse/tmp"))
    assert sources == [Path(".posse/tmp"), Path(".")]
    assert Ledger.load(PATH).record("b.md", "x") == sample().record("b.md", "x")
    assert list(Path(".posse/tmp").iterdir()) == []
    assert sorted(p.name for p in Path(".").iterdir()) == [".posse", PATH.name]


def test_the_engine_saves_through_its_state_folder(tmp_path):
    from pelican.plugins.posse.publish.engine import Engine
    from pelican.plugins.posse.settings import PosseSettings

    engine = Engine(PosseSettings(state_dir=tmp_path / "state"), {})
    assert engine.tmp_dir == tmp_path / "state" / "tmp"


def test_the_lock_is_portable_and_imported_only_when_locking():
    plugins = str(Path(ledger_module.__file__).parents[4])
    script = (
        "import sys\n"
        "from pelican.plugins.posse import ledger\n"
        "from pelican.plugins.posse.ledger import fileio\n"
        "assert 'fcntl' not in vars(ledger), 'fcntl at module top'\n"
        "assert 'filelock' not in sys.modules, 'filelock imported early'\n"
        "with ledger.locked('.posse/ledger.lock'):\n"
        "    pass\n"
        "assert 'filelock' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "PYTHONPATH": plugins},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_a_waiting_run_says_so(caplog, fresh_log_dedup):
    lock = Path(".posse/ledger.lock")
    entered = threading.Event()

    def second():
        with locked(lock):
            entered.set()

    with locked(lock):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.2)
        assert not entered.is_set()
    thread.join(5)
    assert entered.is_set()
    assert "another pelican-posse run holds" in caplog.text
    assert "waiting for it" in caplog.text


# --- the written schema -----------------------------------------------------------
SCHEMA = ROOT / "docs/schema/ledger.schema.json"


def realistic() -> Ledger:
    ledger = Ledger(PATH)
    for n, state in enumerate(ledger_module.STATES):
        aid = f"posts/2026/{n:02d}-記事.md"
        ledger.note_article(
            aid, f"https://blog.example.jp/{n}/", f"2026-12-{n + 1:02d}T09:00:00+09:00"
        )
        ledger.set(
            aid,
            "x",
            Record(
                state=state,
                attempts=n % 3,
                at="2026-12-01T00:00:00+00:00",
                remote_id=str(10**18 + n) if state == "posted" else None,
                url=f"https://x.com/h/status/{n}" if state == "posted" else None,
                error="429 Too Many Requests" if state == "pending" else None,
                remedy="wait" if state == "pending" else None,
                text_sha256="0123456789abcdef",
                not_before="2026-12-01T01:00:00+00:00" if state == "pending" else None,
            ),
        )
        ledger.set(aid, "facebook", Record(state="baseline"))
    ledger.set("posts/old.md", "mastodon", Record(state="outbox"))  # no url, no date
    ledger.networks.add("bluesky")  # baselined, no article yet
    return ledger


def test_a_saved_ledger_follows_the_written_schema():
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    realistic().save()
    saved = json.loads(PATH.read_text(encoding="utf-8"))
    jsonschema.validate(saved, schema, cls=jsonschema.Draft202012Validator)
    assert set(saved["newest"]) == {"x", "facebook"}
    # The schema's states are the code's; what the code refuses, it refuses.
    record_schema = schema["$defs"]["record"]
    assert record_schema["properties"]["state"]["enum"] == list(ledger_module.STATES)
    assert set(record_schema["properties"]) == set(ledger_parse._FIELD_ORDER)
    for broken in (
        {**saved, "format": 1},
        {**saved, "extra": 1},
        {**saved, "articles": {"a.md": {"x": {"state": "posted"}}}},
        {**saved, "articles": {"a.md": {"posts": {"x": {"state": "sent"}}}}},
        {**saved, "articles": {"a.md": {"posts": {"x": {"state": "posted", "o": 1}}}}},
    ):
        PATH.write_text(json.dumps(broken), encoding="utf-8")
        with pytest.raises(LedgerError):
            Ledger.load(PATH)
        assert not jsonschema.Draft202012Validator(schema).is_valid(broken)
