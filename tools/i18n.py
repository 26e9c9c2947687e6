"""The CLI's catalogue of translations: update the .po files, compile the .mo files.

    python tools/i18n.py extract   # every msgid of the sources into each .po
    python tools/i18n.py compile   # each .po into its .mo (what is read at run time)

A translator edits ``plugins/pelican/plugins/posse/locale/LANG/LC_MESSAGES/
pelican-posse.po`` (msgid: the English template; msgstr: its translation; keep
the ``{placeholders}`` as they are), then runs ``compile``. ``extract`` adds the
msgids new in the sources (with an empty msgstr) and drops the ones gone,
keeping every translation; tests/core/test_i18n.py fails while a msgstr is
missing or the .mo is older than its .po.

Only the standard library (the .mo format is GNU gettext's, as Python's
Tools/i18n/msgfmt.py writes it), so it runs anywhere the tests run.
"""

from __future__ import annotations

import ast
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "plugins" / "pelican" / "plugins" / "posse" / "locale"
DOMAIN = "pelican-posse"
HEADER = (
    "Project-Id-Version: pelican-posse\n"
    "Language: {language}\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
)


@dataclass
class Entry:
    msgid: str
    msgstr: str = ""
    where: list[str] = field(default_factory=list)  # "#: MESSAGES:key" lines
    flags: list[str] = field(default_factory=list)  # "#, fuzzy" ...


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())


# --- reading and writing a .po ------------------------------------------------
def read_po(text: str) -> list[Entry]:
    """The entries of a .po file (the header too, with msgid "")."""
    entries: list[Entry] = []
    current = Entry("")
    part: str | None = None
    values: dict[str, str] = {}

    def finish() -> None:
        nonlocal current, values, part
        if "msgid" in values:
            current.msgid, current.msgstr = values["msgid"], values.get("msgstr", "")
            entries.append(current)
        current, values, part = Entry(""), {}, None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
        elif line.startswith("#:"):
            if "msgid" in values:
                finish()
            current.where += line[2:].split()
        elif line.startswith("#,"):
            if "msgid" in values:
                finish()
            current.flags += [f.strip() for f in line[2:].split(",") if f.strip()]
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgid ", "msgstr ")):
            part, _, rest = line.partition(" ")
            if part == "msgid" and "msgid" in values:
                finish()
                part = "msgid"
            values[part] = _string(rest, number)
        elif line.startswith('"') and part:
            values[part] += _string(line, number)
        else:
            raise ValueError(f"line {number}: cannot read {line!r}")
    finish()
    return entries


def _string(quoted: str, number: int) -> str:
    if not (quoted.startswith('"') and quoted.endswith('"')):
        raise ValueError(f"line {number}: expected a quoted string, got {quoted!r}")
    return ast.literal_eval(quoted)


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{p}"' for p in parts)


def write_po(entries: list[Entry]) -> str:
    out = []
    for entry in entries:
        lines = [f"#: {w}" for w in entry.where]
        if entry.flags:
            lines.append("#, " + ", ".join(entry.flags))
        lines.append("msgid " + _quote(entry.msgid))
        lines.append("msgstr " + _quote(entry.msgstr))
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


# --- compiling a .mo ------------------------------------------------------------
def compile_mo(entries: list[Entry]) -> bytes:
    """The .mo of ``entries``: the translated ones that are not fuzzy, and the
    header (as msgfmt writes it: little-endian, msgids sorted)."""
    messages = {
        e.msgid.encode("utf-8"): e.msgstr.encode("utf-8")
        for e in entries
        if e.msgstr and "fuzzy" not in e.flags
    }
    keys = sorted(messages)
    ids = strs = b""
    offsets = []
    for key in keys:
        offsets.append((len(ids), len(key), len(strs), len(messages[key])))
        ids += key + b"\0"
        strs += messages[key] + b"\0"
    keystart = 7 * 4 + 16 * len(keys)
    valuestart = keystart + len(ids)
    table: list[int] = []
    for o1, l1, _, _ in offsets:
        table += [l1, o1 + keystart]
    for _, _, o2, l2 in offsets:
        table += [l2, o2 + valuestart]
    head = struct.pack(
        "<7I", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0
    )
    return head + struct.pack(f"<{len(table)}I", *table) + ids + strs


# --- the sources' msgids --------------------------------------------------------
def source_msgids() -> dict[str, str]:
    """Where -> English template, for every message the command may show."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from pelican.plugins.posse import cli, clihelp  # noqa: PLC0415
    from pelican.plugins.posse.publish.messages import msgids  # noqa: PLC0415

    return {**msgids(), **clihelp.texts(cli._parser())}


def _format(where: str, msgid: str) -> str:
    """The placeholders' style: argparse's own msgids are %-style."""
    argparse = where.startswith("argparse:") and "%" in msgid
    return "python-format" if argparse else "python-brace-format"


def extract(language: str) -> list[Entry]:
    """The .po entries of ``language`` for the sources as they are now."""
    path = po_path(language)
    old = read_po(path.read_text(encoding="utf-8")) if path.exists() else []
    known = {e.msgid: e for e in old if e.msgid}
    entries: dict[str, Entry] = {}
    for where, msgid in source_msgids().items():
        entry = entries.get(msgid)
        if entry is None:
            before = known.get(msgid)
            entry = entries[msgid] = Entry(
                msgid,
                before.msgstr if before else "",
                flags=[_format(where, msgid)]
                + [f for f in (before.flags if before else []) if f == "fuzzy"],
            )
        entry.where.append(where)
    header = Entry("", HEADER.format(language=language))
    return [header, *entries.values()]


def main(argv: list[str]) -> int:
    if argv not in (["extract"], ["compile"]):
        print(__doc__, file=sys.stderr)
        return 2
    for language in languages():
        path = po_path(language)
        if argv == ["extract"]:
            path.write_text(write_po(extract(language)), encoding="utf-8")
        else:
            entries = read_po(path.read_text(encoding="utf-8"))
            path.with_suffix(".mo").write_bytes(compile_mo(entries))
        print(path if argv == ["extract"] else path.with_suffix(".mo"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
