"""A card's name (its cache key) and how a cached card reaches the output."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

from hypothesis import example, given
from hypothesis import strategies as st

from pelican.plugins.posse.render import card_cache

STYLE = card_cache.Style("#ffffff", "#1f2328", "#0b6e4f", None)
BOLD, REGULAR = "/fonts/b.ttc#0:10:20", "/fonts/r.ttc#0:30:40"
# Any text a title, a site name or a setting may hold: quotes, "%" (the
# namer formats with it), NUL (it marks the text in the namer's format), lone
# surrogates (a file name read with surrogateescape).
TEXT = st.text(
    st.one_of(st.characters(), st.sampled_from("%'\"\\\0\udcff、年")), max_size=40
)
FIELDS = st.tuples(TEXT, TEXT, TEXT, TEXT, TEXT)
SHARED = st.tuples(
    st.builds(card_cache.Style, TEXT, TEXT, TEXT, st.none() | TEXT), TEXT, TEXT, TEXT
)


@given(FIELDS, FIELDS, SHARED)
@example(("a\0b", "c", "", "", "ja"), ("a", "b\0c", "", "", "ja"), (STYLE, "", "", ""))
@example(("a", "b", "", "", "ja"), ("a\0b", "", "", "", "ja"), (STYLE, "", "", ""))
def test_two_different_cards_never_share_a_name(one, other, shared):
    """What is hashed tells every card apart, a NUL in a field included."""
    name = card_cache.Namer(*shared)
    assert (name(one) == name(other)) == (one == other)
    assert card_cache.key(card_cache.CardText(*one), *shared) == name(one)


@given(FIELDS, SHARED)
def test_a_name_is_the_plain_hash_of_what_the_card_shows(fields, shared):
    prefix = repr((card_cache.VERSION, *shared))
    if any("\0" in f for f in fields):
        written = prefix + "\x01" + repr(tuple(fields))
    else:
        written = prefix + "".join("\0" + f for f in fields)
    plain = hashlib.sha256(written.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    assert card_cache.Namer(*shared)(fields) == plain


def test_the_names_of_cards_drawn_before_do_not_change():
    """A new posse finds the cards an older one drew (no redrawing, and the
    networks keep the picture they fetched)."""
    authors, date = ["山田 花子", "Ann"], dt.datetime(2026, 12, 7)
    text = card_cache.card_text("事業承継の進め方", "Demo", authors, date, "ja")
    assert text.byline == "山田 花子、Ann" and text.date == "2026年12月7日"
    assert card_cache.Namer(STYLE, "", BOLD, REGULAR)(text) == "673f6c4e65b948ba"
    text = card_cache.card_text(
        "Planning a succession", "Demo", ["Ann"], dt.datetime(2026, 1, 2), "en"
    )
    assert text.date == "January 2, 2026"
    style = card_cache.Style("#fff", "#000", "#0b6e4f", "/logo.png")
    shared = (style, "/logo.png:5:6", "/f.ttf#0:1:2", "/f.ttf#0:1:2")
    assert card_cache.Namer(*shared)(text) == "af85e46ac3e7a41c"


def test_a_card_is_renamed_when_what_it_shows_or_is_drawn_with_changes():
    date = dt.datetime(2026, 1, 2)
    text = card_cache.card_fields("補助金", "Demo", ["Ann"], date, "ja")
    shared = (STYLE, "", BOLD, REGULAR)
    names = {card_cache.Namer(*shared)(text)}
    for i in range(5):  # the title, site, byline, date, language
        names.add(card_cache.Namer(*shared)((*text[:i], "x", *text[i + 1 :])))
    for i, other in enumerate(
        (STYLE._replace(accent="#000000"), "/logo.png:1:2", "/b.ttc#0:10:21", "x")
    ):  # the colours, the logo file, either font file
        changed = (*shared[:i], other, *shared[i + 1 :])
        names.add(card_cache.Namer(*changed)(text))
    assert len(names) == 10


def test_a_card_already_in_the_output_is_left_alone(tmp_path):
    state, output = tmp_path / "state", tmp_path / "output"
    (state / "cards").mkdir(parents=True)
    for name in ("kept", "new", "stale"):
        (state / "cards" / f"{name}.png").write_bytes(name.encode())
    placed = output / "posse" / "cards"
    placed.mkdir(parents=True)
    (placed / "kept.png").write_bytes(b"kept")
    (placed / "gone.png").write_bytes(b"gone")
    before = (placed / "kept.png").stat()
    card_cache.place(state, output, ["kept", "new"])
    assert sorted(os.listdir(placed)) == ["kept.png", "new.png"]
    assert (placed / "new.png").read_bytes() == b"new"
    after = (placed / "kept.png").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert sorted(os.listdir(state / "cards")) == ["kept.png", "new.png"]
