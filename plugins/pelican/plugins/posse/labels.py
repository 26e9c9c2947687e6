"""The words readers see, in English and Japanese, overridable per language.

Labels are chosen by the article's ``lang``, then ``DEFAULT_LANG``, then English;
``POSSE_LABELS = {"ja": {"follow_x": "…"}}`` replaces any of them. An article
in a language with no labels at all gets the ``DEFAULT_LANG`` labels; a language
that has some ``POSSE_LABELS`` but no built-in table starts from English, so a
French site only has to give the labels it wants to translate.

Keys (``{network}`` is one of profiles.PROFILE_KEYS):

- ``follow_heading``: heading of the follow bar
- ``follow_{network}``: a follow button, e.g. ``follow_x``
- ``author_heading`` / ``authors_heading``: heading of the author card (one / several)
- ``profile``: accessible name of an author's profile link; ``{name}`` and
  ``{network}`` are filled in
- ``network_{network}``: a network's name as shown on the card, e.g. ``network_x``
- ``share_heading``, ``share_{network}``: the share row (share.py), e.g. ``share_line``
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from .profiles import PROFILE_KEYS, network_name

_EN = {
    "follow_heading": "Follow me",
    "author_heading": "About the author",
    "authors_heading": "About the authors",
    "profile": "{name} on {network}",
    "follow_youtube": "Subscribe on YouTube",
    "follow_rss": "Subscribe via RSS",
    # links back (syndication.py): {networks} is the linked names
    "syndication": "Also on {networks}",
    "syndication_separator": " / ",
    # share row (share.py)
    "share_heading": "Share this article",
    "share_x": "Post on X",
    "share_facebook": "Share on Facebook",
    "share_line": "Send with LINE",
    "share_hatena": "Add to Hatena Bookmark",
    "share_bluesky": "Share on Bluesky",
    "share_threads": "Share on Threads",
    "share_misskey": "Share on Misskey",
    "share_linkedin": "Share on LinkedIn",
    "share_email": "Send by email",
}
# Network names stay in Latin letters; one half-width space before a particle.
_JA = {
    "follow_heading": "フォローはこちら",
    "author_heading": "この記事を書いた人",
    "authors_heading": "この記事を書いた人",
    "profile": "{network} の {name}",
    "follow_youtube": "YouTube でチャンネル登録",
    "follow_linkedin": "LinkedIn でつながる",
    "follow_rss": "RSS で購読",
    "syndication": "この記事は {networks} でも紹介しています",
    "syndication_separator": "・",
    "share_heading": "この記事をシェアする",
    "share_x": "X でポスト",
    "share_facebook": "Facebook でシェア",
    "share_line": "LINE で送る",
    "share_hatena": "はてなブックマークに追加",
    "share_bluesky": "Bluesky でシェア",
    "share_threads": "Threads でシェア",
    "share_misskey": "Misskey でシェア",
    "share_linkedin": "LinkedIn でシェア",
    "share_email": "メールで送る",
}
for _key in PROFILE_KEYS:
    _EN.setdefault(f"follow_{_key}", f"Follow on {network_name(_key)}")
    _JA.setdefault(f"follow_{_key}", f"{network_name(_key)} でフォロー")
    _EN[f"network_{_key}"] = _JA[f"network_{_key}"] = network_name(_key)

BUILTIN: dict[str, dict[str, str]] = {"en": _EN, "ja": _JA}
KEYS = frozenset(_EN)
_FIELDS = {"profile": {"name", "network"}, "syndication": {"networks"}}


def base_lang(lang: str | None) -> str:
    """'ja-JP' and 'ja_JP' are Japanese; labels are per language, not per region."""
    return (lang or "").replace("_", "-").split("-")[0].strip().lower()


def check(overrides: Mapping[str, Mapping[str, object]]) -> list[str]:
    """Problems in POSSE_LABELS: unknown keys, non-text values, bad placeholders."""
    problems: list[str] = []
    for lang, table in overrides.items():
        for key, value in table.items():
            where = f"POSSE_LABELS[{lang!r}][{key!r}]"
            if key not in KEYS:
                import difflib  # noqa: PLC0415 - only for a misspelt label

                # Twitter is X now: follow_twitter means follow_x.
                renamed = str(key).replace("twitter", "x")
                close = [renamed] if renamed in KEYS else []
                close = close or difflib.get_close_matches(str(key), sorted(KEYS), n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                problems.append(
                    f"{where}: unknown label; {hint}"
                    f"known labels: {', '.join(sorted(KEYS))}"
                )
            elif not isinstance(value, str) or not value.strip():
                problems.append(f"{where}: {value!r} is not valid; expected some text")
            else:
                allowed = _FIELDS.get(key, set())
                try:
                    used = {f for _, f, _, _ in string.Formatter().parse(value) if f}
                except ValueError:
                    used = {"?"}
                if used - allowed:
                    hint = ", ".join("{" + f + "}" for f in sorted(allowed)) or "none"
                    problems.append(
                        f"{where}: {value!r} has placeholders that cannot be filled; "
                        f"allowed: {hint}"
                    )
    return problems


class Labels:
    """Label tables per language, merged once per build."""

    def __init__(
        self, overrides: Mapping[str, Mapping[str, object]], default_lang: str
    ) -> None:
        self._overrides = {
            base_lang(lang): {
                k: v
                for k, v in table.items()
                if k in KEYS
                and isinstance(v, str)
                and v.strip()
                and not check({lang: {k: v}})
            }
            for lang, table in overrides.items()
        }
        self._default = base_lang(default_lang) or "en"
        self._cache: dict[str, dict[str, str]] = {}

    def for_lang(self, lang: str | None) -> dict[str, str]:
        key = base_lang(lang) or self._default
        table = self._cache.get(key)
        if table is None:
            if key not in BUILTIN and key not in self._overrides:
                # Unknown language with no labels of its own: the site's language.
                key = self._default
            base = BUILTIN.get(key) or BUILTIN["en"]
            table = {**base, **self._overrides.get(key, {})}
            self._cache[base_lang(lang) or self._default] = table
        return table
