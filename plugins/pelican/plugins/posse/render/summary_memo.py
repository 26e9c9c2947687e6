"""Each article's summary choice and link-card description kept from one
build to the next, in ``POSSE_STATE_DIR/summaries.json``, so that a rebuild
works them out again only for articles whose text, title or language changed.

Why: og:description asks summary.py's choice, then cuts the description from
the opening, on every article page of every build: choosing reads each
opening's sentences against its title and headings (about 300,000
instructions an article, 2 % of a build), and cutting converts the opening's
HTML to text again (another 1 %). Looking both up costs two checksums of
the article's HTML. The file is keyed by what they depend on (the language, the
title, the whole HTML) and tagged with a hash of the code that makes them
(summary*.py, text/ and render/description.py): a new rule or a new
pelican-posse works them out afresh. It is a cache: a missing or damaged file
only means working them out again (said once at debug level), never a wrong
summary.
"""

from __future__ import annotations

import hashlib
import json
import logging
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import summary_choice
from ..facts import plain
from ..ledger.fileio import atomic_write
from .context import current

log = logging.getLogger(__name__)

FILE = "summaries.json"


def description(
    article: Any,
    html: str,
    lang: str,
    site_mode: str,
    facts: Any,
    *,
    describe: Callable[[summary_choice.Choice | None], str],
) -> str:
    """``describe(summary.for_article(…))``: the article's description from
    its chosen sentences, looked up in the last build's first."""
    if facts is not None and facts.summary_choice is not None:
        return describe(facts.summary_choice[0])
    meta = getattr(article, "metadata", None) or {}
    source = str(getattr(article, "source_path", "") or "")
    if summary_choice.mode_of(meta, site_mode, source) != "auto":
        from .. import summary  # noqa: PLC0415 - a rebuild chooses for new text only

        return describe(summary.for_article(article, html, lang, site_mode, facts))
    title = facts.title if facts is not None else plain(getattr(article, "title", ""))
    memo = _memo()
    key = _key(html, lang, title)
    kept = memo["choices"].get(key)
    if kept is None:
        from .. import summary  # noqa: PLC0415 - a rebuild chooses for new text only

        found = summary.for_article(article, html, lang, site_mode, facts)
        chosen = (
            None if found is None else [found.text, [list(p) for p in found.passed]]
        )
        kept = [chosen, describe(found)]
        memo["changed"] = True
    elif facts is not None:
        # compose() asks the same choice (for_facts) of an article it announces.
        facts.summary_choice = (_choice(kept[0]),)
    memo["used"][key] = kept
    return kept[1]


def _key(html: str, lang: str, title: str) -> str:
    """What an entry is kept under: the length, CRC-32 and Adler-32 of the
    article's HTML, language and title.

    Not a cryptographic hash: nothing here is secret or chosen by an attacker.
    Over 5,000 characters of Japanese HTML, SHA-256 cost ~190,000 instructions
    (OpenSSL's software code: callgrind has no SHA instructions, as many CPUs),
    zlib's two checksums ~50,000, the UTF-8 encoding both need ~70,000. Two
    different texts of one length share both checksums only by a 1-in-2^64
    chance, and CRC-32 never misses a change of a few neighbouring bytes."""
    data = html.encode()
    extra = f"\0{lang}\0{title}".encode()
    crc = zlib.crc32(extra, zlib.crc32(data))
    adler = zlib.adler32(extra, zlib.adler32(data))
    return f"{len(data) + len(extra):x}-{crc:08x}{adler:08x}"


def save() -> None:
    """Write this build's choices (only those it used) if any was new or
    dropped; at ``finalized``."""
    build = current()
    memo = build.summary_memo
    if memo is None or not memo["path"]:
        return
    if not memo["changed"] and len(memo["used"]) == len(memo["choices"]):
        return
    data = {
        "about": "pelican-posse: summary choices (a cache)",
        "version": memo["version"],
        "choices": memo["used"],
    }
    try:
        memo["path"].parent.mkdir(parents=True, exist_ok=True)
        atomic_write(memo["path"], json.dumps(data, ensure_ascii=False) + "\n")
    except OSError as error:
        log.debug("posse: %s not written: %s", memo["path"], error)


def _choice(kept: Any) -> summary_choice.Choice | None:
    if kept is None:
        return None
    text, passed = kept
    passed_over = tuple(summary_choice.Passed(t, k) for t, k in passed)
    return summary_choice.Choice(text, passed_over)


def _memo() -> dict[str, Any]:
    build = current()
    if build.summary_memo is None:
        build.summary_memo = _load(build)
    return build.summary_memo


# What a kept entry depends on besides the article: the code that chooses and
# describes (read as files: importing description.py here would be a cycle).
_CODE = ("summary*.py", "text/*.py", "render/description.py")
_FORMAT = b"2"  # [choice, description]; 1 was the choice alone


def _version() -> str:
    package = Path(summary_choice.__file__).parent
    digest = hashlib.blake2b(_FORMAT, digest_size=16)
    for pattern in _CODE:
        for file in sorted(package.glob(pattern)):
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _load(build: Any) -> dict[str, Any]:
    state = build.settings[1].state_dir if build.settings else None
    path = Path(state) / FILE if state else None
    version = _version()
    memo: dict[str, Any] = {
        "path": path, "version": version, "choices": {}, "used": {}, "changed": False
    }  # fmt: skip
    if path is None:
        return memo
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return memo
    except (OSError, ValueError) as error:
        log.debug("posse: %s unreadable, summaries chosen afresh: %s", path, error)
        return memo
    choices = data.get("choices") if isinstance(data, dict) else None
    if isinstance(choices, dict) and data.get("version") == version:
        memo["choices"] = {k: v for k, v in choices.items() if _well_formed(v)}
    return memo


def _well_formed(kept: Any) -> bool:
    """[choice, description]: choice None or [text, [[sentence, why], …]]."""
    if not (isinstance(kept, list) and len(kept) == 2 and isinstance(kept[1], str)):
        return False
    chosen = kept[0]
    if chosen is None:
        return True
    return (
        isinstance(chosen, list)
        and len(chosen) == 2
        and isinstance(chosen[0], str)
        and isinstance(chosen[1], list)
        and all(
            isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p)
            for p in chosen[1]
        )
    )
