"""Japanese terminal lines break between phrases, never inside a word or a name."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console as RichConsole

from pelican.plugins.posse.publish.console import Console
from pelican.plugins.posse.text.fold import break_points, fold

MESSAGE = (
    "posse: pelicanconf.py：POSSE_MASTODON_INSTANCE: '@hanako@mastodon.social': "
    "アカウントのハンドルのようです。サーバーのホスト名を指定してください"
    "（例：'mastodon.social'）"
)


def pieces(line: str, width: int) -> list[str]:
    cuts = [0, *fold(line, width), len(line)]
    return [line[a:b] for a, b in itertools.pairwise(cuts)]


def shown(console_class, text: str, width: int) -> list[str]:
    console = console_class(width=width, record=True, color_system=None)
    with console.capture() as captured:
        console.print(text)
    return captured.get().rstrip("\n").split("\n")


def test_rich_alone_cuts_a_name_in_two():
    """Why the CLI folds Japanese itself: rich breaks only at spaces."""
    lines = shown(RichConsole, MESSAGE, 40)
    assert lines[-2].endswith("'masto") and lines[-1].startswith("don.social'")


def test_the_cli_breaks_between_phrases_and_keeps_names_whole():
    for width in (30, 40, 52, 60, 80):
        lines = shown(Console, MESSAGE, width)
        text = "\n".join(lines)
        assert "".join(text.split()) == "".join(MESSAGE.split()), (width, lines)
        assert "'mastodon.social'" in text, (width, lines)
        assert "'@hanako@mastodon.social'" in text, (width, lines)
        assert "pelicanconf.py" in text, (width, lines)
        for line in lines:
            assert cell_len(line) <= width, (width, line)
            # Each line ends where a phrase does, never inside one.
            assert not line.endswith(("指定して", "ホス", "アカウン", "サーバ")), lines


def test_the_breaks_are_after_spaces_or_between_phrases():
    line = (
        "キーを設定する（docs/networks/x.md を参照）か、"
        "POSSE_SYNDICATE から x を外してください"
    )
    points = break_points(line)
    assert line.index("設定する") in points  # between two phrases
    assert line.index("参照") in points  # after the space
    inside = line.index("networks") + 3
    assert inside not in points
    # BudouX itself would break "pelicanconf." / "py" here: a Latin word is kept.
    assert MESSAGE.index("py：") not in break_points(MESSAGE)


def test_english_and_short_lines_are_left_alone():
    assert fold("a short line", 80) == []
    assert fold("短い行です。", 80) == []


japanese = st.sampled_from(
    [
        "アカウントの",
        "ハンドルのようです。",
        "サーバーの",
        "ホスト名を",
        "指定して",
        "ください",
        "、",
        "（例：",
        "）",
    ]
)
latin = st.from_regex(r"[a-z][a-z0-9.]{0,14}", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(japanese, latin, st.just(" ")), min_size=1, max_size=30),
    st.integers(12, 60),
)
def test_folding_keeps_every_character_fits_and_never_splits_a_latin_word(parts, width):
    line = "".join(parts).strip()
    got = pieces(line, width)
    assert "".join(got) == line  # nothing lost, nothing added
    for piece in got:
        if cell_len(piece.rstrip()) > width:
            # Only a word longer than the line itself is cut where the line ends.
            assert " " not in piece.strip()
    for cut in fold(line, width):
        before, after = line[cut - 1], line[cut]
        if before.isascii() and after.isascii() and " " not in before + after:
            # Inside a Latin word: only when that word is wider than a line.
            start, end = cut, cut
            while start > 0 and line[start - 1].isascii() and line[start - 1] != " ":
                start -= 1
            while end < len(line) and line[end].isascii() and line[end] != " ":
                end += 1
            assert cell_len(line[start:end]) > width - 2, (line, width, cut)
