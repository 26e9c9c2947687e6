"""``threads_length()``: a post's length the way Threads counts it (500 at most).

Threads' posting docs count "characters", with "emojis counted as the number of
UTF-8 bytes". What we count, erring long so that a post we think fits does fit:

- text is NFC-normalised first (as every composer here does);
- a user-perceived character (grapheme cluster) holding an emoji (an
  Extended_Pictographic code point, a regional indicator of a flag, a keycap or
  an emoji presentation selector) counts the UTF-8 bytes of the whole cluster:
  👍 4, 👍🏽 8 (the skin tone is a second emoji code point), 🇯🇵 8, 1️⃣ 7,
  👨‍👩‍👧 18 (three emoji and two zero-width joiners of 3 bytes);
- any other cluster counts its code points: a kana or kanji 1, a Latin letter 1,
  a letter with a combining accent 2 (longer than a grapheme count: safe).
"""

from __future__ import annotations

import unicodedata

from .patterns import re_on_first_use, regex_on_first_use

MAX_THREADS_LENGTH = 500

_CLUSTER = regex_on_first_use(r"\X")
_EMOJI = regex_on_first_use(
    r"[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3\ufe0f]"
)
# Characters that are neither emoji nor joined to a neighbour: text made only of
# them (most Japanese and English prose) is counted by len() alone. (U+00A9 ©,
# U+00AE ®, U+203C ‼, U+2049 ⁉, U+3030 〰 and U+303D 〽 are emoji: left out.)
_PLAIN = re_on_first_use(
    "[\t\n\x20-\x7e\u00a0-\u00a8\u00aa-\u00ad\u00af-\u02ff\u0370-\u0482"
    "\u048a-\u052f\u2010-\u2027\u2030-\u203b\u203d-\u2048\u204a-\u205e"
    "\u3000-\u3029\u3031-\u303c\u303e-\u3098\u309b-\u30ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uff01-\uff9d\uffa0-\uffef]*"
)


def threads_length(text: str) -> int:
    """``text``'s length by Threads' rule (see the module's docstring)."""
    text = unicodedata.normalize("NFC", text)
    if _PLAIN().fullmatch(text):
        return len(text)
    emoji = _EMOJI()
    return sum(
        len(cluster.encode("utf-8")) if emoji.search(cluster) else len(cluster)
        for cluster in _CLUSTER().findall(text)
    )
