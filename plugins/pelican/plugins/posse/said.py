"""What pelican-posse keeps to say later: a message key and its values (Said),
put in words in the reader's language only when shown.

The ledger keeps a record's remedy, and our framing of a network's error, as
``{"key": ..., "values": {...}}`` so that a Japanese reader sees Japanese for a
record an English run wrote. A value is text, a number, None or another Said
(a sentence inside a sentence). The templates live in tables registered here:
the core's own (a damaged ledger, the settings' problems) and, in
``pelican-posse``, ``publish/messages.py``'s; ``words()`` renders text (kept as
it is: it is already words, e.g. a network's own or an older ledger's) and a
Said alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# key -> English template (a gettext msgid); filled by register().
TEMPLATES: dict[str, str] = {}


def register(table: Mapping[str, str]) -> Mapping[str, str]:
    """Make ``table``'s keys renderable by ``words()``; returns the table."""
    TEMPLATES.update(table)
    return table


class Said:
    """A sentence to say later: its template's key and the values to fill in.

    (A plain class, not a dataclass: the ledger imports it in every Pelican
    build, where making a dataclass costs more than all of this module.)
    """

    __slots__ = ("key", "values")

    def __init__(self, key: str, values: Mapping[str, Any] | None = None) -> None:
        self.key = key
        self.values: Mapping[str, Any] = dict(values or {})

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Said):
            return NotImplemented
        return (self.key, self.values) == (other.key, other.values)

    __hash__ = None  # type: ignore[assignment]  # its values are a dict

    def __repr__(self) -> str:
        return f"Said(key={self.key!r}, values={self.values!r})"

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "values": {
                k: v.to_json() if isinstance(v, Said) else v
                for k, v in self.values.items()
            },
        }

    def __str__(self) -> str:
        return words(self)


def said(key: str, /, **values: Any) -> Said:
    """``Said(key, values)``: what ``say(key, **values)`` would say, kept for later."""
    return Said(key, values)


def from_json(data: Any) -> Any:
    """A kept value as read from JSON: a {"key", "values"} object is a Said
    (its values too), anything else is itself."""
    if isinstance(data, dict) and is_said(data):
        values = data.get("values") or {}
        return Said(data["key"], {k: from_json(v) for k, v in values.items()})
    return data


def is_said(data: Any, depth: int = 0) -> bool:
    """``data`` is a well-formed {"key": text, "values": {name: value}} object,
    its values text, numbers, null or such objects (at most 4 deep)."""
    if type(data) is not dict or depth > 4 or not data.keys() <= {"key", "values"}:
        return False
    values = data.get("values", {})
    if type(data.get("key")) is not str or type(values) is not dict:
        return False
    return all(
        type(k) is str
        and (
            v is None
            or type(v) in (str, int, float)
            or (type(v) is dict and is_said(v, depth + 1))
        )
        for k, v in values.items()
    )


def words(value: Any) -> str:
    """``value`` in words in the language spoken now: a Said rendered (its
    Said values first), text as it is, None as ''."""
    if value is None:
        return ""
    if not isinstance(value, Said):
        return str(value)
    from .i18n import tr  # noqa: PLC0415 - gettext only where words are shown

    # (Numbers stay numbers: a template may format one, "{hours:g}".)
    filled = {
        k: words(v) if isinstance(v, Said) else v for k, v in value.values.items()
    }
    template = TEMPLATES.get(value.key)
    if template is None:  # written by a newer pelican-posse: show what we can
        return " ".join([value.key, *map(str, filled.values())])
    try:
        return tr(template).format(**filled)
    except (KeyError, IndexError, ValueError):  # a hand-edited value: still shown
        return " ".join([tr(template), *map(str, filled.values())])
