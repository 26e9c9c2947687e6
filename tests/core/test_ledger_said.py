"""Ledger format 3: what pelican-posse says about a record (a remedy, its
sentence around a network's error) is kept as a message key and its values,
and put in words in the language of whoever reads it; formats 1 and 2 are read
and upgraded, their English text kept as text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pelican.plugins.posse import i18n
from pelican.plugins.posse.ledger import Ledger, LedgerError, Record, merge
from pelican.plugins.posse.publish import messages  # noqa: F401 - its templates
from pelican.plugins.posse.said import Said, said, words

PATH = Path("posse-ledger.json")
FORMAT_2 = {
    "format": 2,
    "networks": ["x"],
    "newest": {},
    "articles": {
        "a.md": {
            "url": "https://blog.example.jp/a/",
            "posts": {
                "x": {
                    "state": "failed",
                    "attempts": 1,
                    "error": "HTTP 401: Unauthorized",
                    "remedy": "Check POSSE_X_API_KEY (old English text)",
                }
            },
        }
    },
}


@pytest.fixture(autouse=True)
def english():
    i18n.use("en")
    yield
    i18n.use("en")


def failed() -> Record:
    lost = said("error.lost", message="HTTP 500", next_step=said("lost.person"))
    return Record(
        state="failed", attempts=2, error=lost, remedy=said("x.remedy.credits")
    )


def test_a_said_remedy_is_kept_as_key_and_values_and_read_back_the_same():
    ledger = Ledger(PATH)
    ledger.set("a.md", "x", failed())
    ledger.save()
    kept = json.loads(PATH.read_text(encoding="utf-8"))
    assert kept["format"] == 3
    record = kept["articles"]["a.md"]["posts"]["x"]
    assert record["remedy"] == {"key": "x.remedy.credits", "values": {}}
    assert record["error"]["values"]["next_step"] == {
        "key": "lost.person",
        "values": {},
    }
    again = Ledger.load(PATH).record("a.md", "x")
    assert again == failed()
    assert isinstance(again.remedy, Said)
    assert "$0.200" in words(again.remedy)
    assert words(again.error).startswith("HTTP 500; it may have been posted: look")


def test_format_2_is_upgraded_in_memory_and_its_english_remedy_kept_as_text():
    PATH.write_text(json.dumps(FORMAT_2), encoding="utf-8")
    ledger = Ledger.load(PATH)
    assert ledger.upgraded
    record = ledger.record("a.md", "x")
    assert record.remedy == "Check POSSE_X_API_KEY (old English text)"
    assert words(record.remedy) == record.remedy  # text is already words
    ledger.save()
    data = json.loads(PATH.read_text(encoding="utf-8"))
    assert data["format"] == 3
    assert data["articles"]["a.md"]["posts"]["x"]["remedy"] == record.remedy
    assert data["articles"]["a.md"]["url"] == "https://blog.example.jp/a/"


def test_merging_a_format_2_side_with_a_format_3_side_keeps_both():
    ours = Ledger(PATH)
    ours.set("b.md", "x", failed())
    joined = json.loads(merge(None, ours.to_json(), json.dumps(FORMAT_2)))
    assert joined["format"] == 3
    posts = {aid: e["posts"]["x"] for aid, e in joined["articles"].items()}
    assert posts["a.md"]["remedy"] == "Check POSSE_X_API_KEY (old English text)"
    assert posts["b.md"]["remedy"] == {"key": "x.remedy.credits", "values": {}}


def test_a_japanese_reader_reads_japanese_for_a_record_an_english_run_wrote():
    ledger = Ledger(PATH)
    ledger.set("a.md", "x", failed())
    ledger.save()  # written in English
    i18n.use("ja")
    record = Ledger.load(PATH).record("a.md", "x")
    assert "クレジット" in words(record.remedy)
    assert words(record.error).startswith("HTTP 500")  # the network's own words
    assert "投稿された可能性" in words(record.error)


@pytest.mark.parametrize(
    "remedy",
    [
        {"values": {}},  # no key
        {"key": 3},
        {"key": "x.remedy.keys", "values": [1]},
        {"key": "x.remedy.keys", "values": {"a": [1]}},
        {"key": "x.remedy.keys", "extra": 1},
    ],
)
def test_a_hand_edited_message_that_is_not_one_is_explained(remedy):
    data = json.loads(json.dumps(FORMAT_2))
    data["format"] = 3
    data["articles"]["a.md"]["posts"]["x"]["remedy"] = remedy
    PATH.write_text(json.dumps(data, indent=2), encoding="utf-8")
    with pytest.raises(LedgerError, match=r"remedy must be text or a message"):
        Ledger.load(PATH)


def test_a_key_this_version_does_not_know_is_still_shown():
    assert words(said("x.remedy.from_the_future", n=3)) == "x.remedy.from_the_future 3"
