"""The CLI's catalogue: every message has its Japanese, with the same
placeholders, and the compiled .mo is the .po as it is now."""

from __future__ import annotations

import string
from collections import Counter

import pytest

from pelican.plugins.posse import i18n
from pelican.plugins.posse.publish import messages
from tools import i18n as tool

LANGUAGES = tool.languages()


def _fields(template: str) -> Counter:
    """The {placeholders} of a template: name, conversion and format spec."""
    return Counter(
        (name, conversion, spec)
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    )


def test_japanese_is_there():
    assert "ja" in LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_has_a_translation_with_the_same_placeholders(language):
    entries = {
        e.msgid: e
        for e in tool.read_po(tool.po_path(language).read_text(encoding="utf-8"))
    }
    missing, fuzzy, different = [], [], []
    for where, msgid in messages.msgids().items():
        entry = entries.get(msgid)
        if entry is None or not entry.msgstr:
            missing.append(where)
        elif "fuzzy" in entry.flags:
            fuzzy.append(where)
        elif _fields(entry.msgstr) != _fields(msgid):
            different.append(f"{where}: {entry.msgstr!r}")
    assert not missing, f"no {language} for {missing}: run tools/i18n.py extract"
    assert not fuzzy, f"fuzzy {language} for {fuzzy}"
    assert not different, "placeholders differ from the English:\n" + "\n".join(
        different
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_po_lists_the_sources_as_they_are(language):
    """No msgid the sources lost, none they gained without an entry."""
    text = tool.po_path(language).read_text(encoding="utf-8")
    assert text == tool.write_po(tool.extract(language)), (
        "run: python tools/i18n.py extract"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_mo_is_compiled_from_the_po(language):
    po = tool.po_path(language)
    entries = tool.read_po(po.read_text(encoding="utf-8"))
    assert po.with_suffix(".mo").read_bytes() == tool.compile_mo(entries), (
        "run: python tools/i18n.py compile"
    )


def test_the_po_reads_back_as_written():
    entries = [
        tool.Entry("", "Language: ja\n"),
        tool.Entry('a "b"\\c\nd\n', "x\ty\n", ["MESSAGES:k"], ["python-brace-format"]),
    ]
    assert tool.read_po(tool.write_po(entries)) == entries


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({}, "en"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "ja_JP.UTF-8", "LC_MESSAGES": "C"}, "en"),
        ({"LANG": "ja_JP.UTF-8", "LANGUAGE": "en:ja"}, "en"),
        ({"LANG": "C", "LANGUAGE": "ja"}, "ja"),
        ({"LANG": "ja_JP.eucJP"}, "ja"),
    ],
)
def test_the_language_is_the_environments_as_gettext_reads_it(environ, language):
    assert i18n.from_environment(environ) == language


def test_the_setting_wins_over_the_environment(monkeypatch):
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert i18n.use(None) == "ja"
    assert messages.say("plan.heading") == "予定"
    assert i18n.use("en") == "en"
    assert messages.say("plan.heading") == "Plan"
    monkeypatch.setenv("LANG", "C")
    assert i18n.use("ja") == "ja"
    assert messages.say("days.many", days=3) == "3 日"
