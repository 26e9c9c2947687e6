"""What is wrong with a damaged ledger file, as named English templates said
in the language spoken (``i18n``: Japanese for ``pelican-posse`` under a
Japanese locale; a Pelican build speaks English). File names, field names and
values stay as written, inside the sentence.
"""

from __future__ import annotations

from typing import Any

LEDGER_PROBLEMS = {
    "ledger.problem": "{where}: {what}. {fix}",
    "ledger.where_line": "{path}, line {line}",
    "ledger.fix": "Fix it by hand or restore the file from git; pelican-posse "
    "never resets a ledger by itself.",
    "ledger.conflict": "{path}, line {line}: the ledger holds git conflict markers "
    "({marker}): a git merge or rebase was not finished. To keep every record of "
    "both sides: register pelican-posse's merge driver once (git config "
    'merge.posse-ledger.driver "pelican-posse merge-ledger %O %A %B", and the '
    "line `{name} merge=posse-ledger` in .gitattributes) and redo the merge, or "
    "join this one by hand: git show :2:{name} > ours.json; git show :3:{name} > "
    "theirs.json; pelican-posse merge-ledger /dev/null ours.json theirs.json; mv "
    "ours.json {name}; git add {name}. Or take their side (git checkout --theirs "
    "-- {name}), finish the merge and run `pelican-posse publish` again: this "
    "side's records are then lost, so check `pelican-posse status`. See "
    "docs/publishing.md, *The ledger in git*.",
    "ledger.not_object": "not a pelican-posse ledger (the file is not a JSON object)",
    "ledger.no_format": 'not a pelican-posse ledger: it has no "format" (the '
    'ledgers pelican-posse writes say "format": {format})',
    "ledger.format_newer": "ledger format {number} is newer than this "
    "pelican-posse knows ({format}): upgrade pelican-posse (pip install -U "
    "pelican-posse)",
    "ledger.format_unknown": "ledger format {value} is not one this pelican-posse "
    "knows ({known})",
    "ledger.unknown_fields": "unknown field(s) {names}; a ledger holds {fields}",
    "ledger.no_articles": 'not a pelican-posse ledger (no "articles" object)',
    "ledger.networks": "networks must be a list of network names such as "
    '["x", "facebook"]',
    "ledger.newest": 'newest must map network names to dates, such as {{"x": '
    '"2026-12-01T09:00:00+09:00"}}',
    "ledger.newest_date": "newest on {network} must be an ISO 8601 date such as "
    '"2026-12-01T09:00:00+09:00", not {value}',
    "ledger.surrogate": "{where}: {escape} is half of a UTF-16 surrogate pair, "
    "which no UTF-8 file can hold. {fix}",
    "ledger.article": "article {id}: {problem}",
    "ledger.article_map": "article {id} must map network names to records",
    "ledger.entry_object": 'must be an object such as {{"url": ..., "date": ..., '
    '"posts": {{network: record}}}}',
    "ledger.entry_unknown": "unknown field(s) {names}; an article holds url, date "
    "and posts (records by network)",
    "ledger.entry_posts": "posts must map network names to records",
    "ledger.entry_text": "{name} must be text or null, not {value}",
    "ledger.entry_date": "date {value} is not an ISO 8601 date such as "
    '"2026-12-01T09:00:00+09:00"',
    "ledger.on": "{id} on {network}",
    "ledger.record_object": "{what} must be an object",
    "ledger.record_state": "{what} has state {state}; valid states: {states}",
    "ledger.record_unknown": "{what} has unknown field(s) {names}",
    "ledger.record_attempts": "{what}: attempts must be a whole number >= 0, not "
    "{value}",
    "ledger.record_said": "{what}: {name} must be text or a message such as "
    '{{"key": "...", "values": {{...}}}}, not {value}',
    "ledger.record_text": "{what}: {name} must be text, not {value}",
    "ledger.unreadable": "{path}: cannot read the ledger ({error})",
    "ledger.surrogate_char": "{path}, line {line}: holds {char}, half of a UTF-16 "
    "surrogate pair, which no UTF-8 file can hold. {fix}",
    "ledger.empty": "{path}: the ledger is empty. Restore it from git (git "
    "checkout -- {name}) or delete it and run `pelican-posse baseline`.",
    "ledger.json": "{path}, line {line}, column {column}: not valid JSON "
    "({error}). Fix that line or restore the file from git; pelican-posse never "
    "resets a ledger by itself.",
    "ledger.json_value": "{path}: not valid JSON ({error}). Fix it or restore the "
    "file from git; pelican-posse never resets a ledger by itself.",
    "ledger.too_deep": "{path}: nested too deeply to be a pelican-posse ledger (a "
    "ledger is four levels deep). Restore the file from git; pelican-posse never "
    "resets a ledger by itself.",
}


def said(key: str, /, **values: Any) -> str:
    """The problem ``key`` in the language spoken, ``values`` filled in."""
    # gettext only for a damaged file: a build reads the ledger each time.
    from ..i18n import tr  # noqa: PLC0415

    return tr(LEDGER_PROBLEMS[key]).format(**values)
