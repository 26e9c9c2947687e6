"""Every ``POSSE_*`` setting: read, checked and defaulted in this one place.

``load()`` never raises for a user's mistake: each bad value is reported as a
``SettingProblem`` naming the setting, the value and what a valid one looks like,
and the default is used instead, so a build goes on.

Relative paths (``POSSE_STATE_DIR``, ``POSSE_LEDGER_PATH``, ``POSSE_OUTBOX_DIR``)
are resolved against the directory you run ``pelican`` and ``pelican-posse`` from,
i.e. the site root where ``pelicanconf.py`` lives. Pelican does not tell plugins
where the settings file is, and both commands must agree on one place.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from .settings_servers import mastodon_instance_url, misskey_server_url
from .settings_templates import read_templates
from .settings_words import SettingProblem, problem

log = logging.getLogger(__name__)

# Networks an article can be announced on, in the order they are tried.
SYNDICATION_NETWORKS = ("x", "facebook", "mastodon", "bluesky", "threads", "misskey")
TRANSLATION_MODES = ("default", "each")
MASTODON_VISIBILITIES = ("public", "unlisted", "private", "direct")
# Misskey's "specified" needs recipients: not for an announcement.
MISSKEY_VISIBILITIES = ("public", "home", "followers")


class CardSettings(NamedTuple):
    """POSSE_CARD: the card picture drawn for an article without ``Image:``."""

    on: bool = True
    background: str = "#ffffff"
    text: str = "#1f2328"
    accent: str = "#0b6e4f"
    logo: Path | None = None  # a picture shown at the card's bottom right
    font: Path | None = None  # a .ttf/.otf/.ttc with Japanese glyphs


CARD_COLOURS = ("background", "text", "accent")
_COLOUR = r"#(?:[0-9a-fA-F]{3}){1,2}"


_NONE: Mapping[str, Any] = MappingProxyType({})  # a default every one can share


# A NamedTuple, not a frozen dataclass: as immutable, ~1.4 ms less of every import.
class PosseSettings(NamedTuple):
    # --- on the blog (issue 2) ---
    profiles: Mapping[str, str] = _NONE
    authors: Mapping[str, Mapping[str, str]] = _NONE
    follow: tuple[str, ...] = ("x", "facebook")
    auto_insert: bool = True
    labels: Mapping[str, Mapping[str, str]] = _NONE
    default_image: str | None = None
    share: tuple[str, ...] = ()
    card: CardSettings = CardSettings()
    # --- post text (issue 3) ---
    templates: Mapping[str, Any] = _NONE
    hashtags_max: int = 3
    # "auto": the summary passes over greetings and asides (summary.py);
    # "lead": the plain opening, as before (issue 17).
    summary: str = "auto"
    # --- announcing (issue 4) ---
    syndicate: tuple[str, ...] = ("x", "facebook")
    state_dir: Path = Path(".posse")
    ledger_path: Path = Path("posse-ledger.json")
    outbox_dir: Path | None = None  # default: <state_dir>/outbox
    since: dt.datetime | None = None
    translations: str = "default"
    max_posts_per_run: int = 3
    # An article older than this is never announced by itself (None: no limit):
    # a lost or damaged ledger must not turn a blog's history into a flood.
    max_age: dt.timedelta | None = dt.timedelta(days=14)
    # --- delivery (issues 5 and 6) ---
    facebook_api_version: str = "v26.0"
    max_wait: float = 60.0
    mastodon_instance: str | None = None
    mastodon_visibility: str = "public"
    # Mastodon's default; many instances allow more (see /api/v2/instance).
    mastodon_max_characters: int = 500
    misskey_server: str | None = None
    misskey_visibility: str = "public"
    # Misskey's own default (MAX_NOTE_TEXT_LENGTH; misskey.io's too); a server may
    # set less, which posting reads from api/meta and cuts to.
    misskey_max_characters: int = 3000
    # --- the command (issue 14) ---
    cli_lang: str | None = None  # "ja" or "en"; None: the environment's language

    @property
    def outbox(self) -> Path:
        return self.outbox_dir or self.state_dir / "outbox"


def is_str_list(value: Any) -> bool:
    return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)


def _parse_since(value: Any, tz: dt.tzinfo | None) -> dt.datetime:
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime.combine(value, dt.time())
    elif isinstance(value, str):
        parsed = dt.datetime.fromisoformat(_iso_date(value.strip()))
    else:
        raise ValueError(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz or dt.UTC)
    return parsed


def parse_max_age(value: Any) -> dt.timedelta | None:
    """POSSE_MAX_AGE: days (a whole or decimal number), a timedelta, or None."""
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        days = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        days = dt.timedelta(days=value)
    else:
        raise ValueError(value)
    if days <= dt.timedelta(0):
        raise ValueError(value)
    return days


def _iso_date(text: str) -> str:
    """``2026/12/1`` (as dates are often written in Japan) -> ``2026-12-01``."""
    import re  # noqa: PLC0415 - only for a POSSE_SINCE written as a string

    m = re.fullmatch(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})(.*)", text)
    if m is None:
        return text
    year, month, day, rest = m.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}{rest}"


def _timezone(settings: Mapping[str, Any]) -> dt.tzinfo | None:
    name = settings.get("TIMEZONE")
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ValueError, LookupError, OSError):
        return None


# Credentials are read from the environment only; one written into a settings
# file would end up in git. Its value is never echoed back.
_CREDENTIAL_WORDS = ("TOKEN", "SECRET", "PASSWORD", "KEY")


def _unknown_setting(name: str, known: set[str]) -> str:
    """Why a POSSE_* name is not a setting, with the likely fix."""
    import difflib  # noqa: PLC0415 - only needed for a misspelt setting

    if any(word in name.split("_") for word in _CREDENTIAL_WORDS):
        return problem("setting.credential")
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
    if close:
        return problem("setting.did_you_mean", name=close[0])
    return problem("setting.unknown")


class _Reader:
    """Reads POSSE_* values by kind into ``values``; each bad one becomes a
    problem naming the setting and what it expects."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.settings = settings
        self.values: dict[str, Any] = {}
        self.problems: list[SettingProblem] = []

    def bad(self, name: str, expected: str, **values: Any) -> None:
        """``name``'s value is not valid: ``expected`` (a key of
        settings_words, filled with ``values``) says what it should be."""
        said = problem(expected, **values)
        value = repr(self.settings[name])
        self.problems.append(
            SettingProblem(
                name, problem("setting.not_valid", value=value, expected=said)
            )
        )

    def parsed(
        self,
        name: str,
        key: str,
        parse: Any,
        expected: str,
        *,
        none_is_unset: bool = False,
        **values: Any,
    ) -> None:
        """``values[key] = parse(value)``; ValueError from ``parse`` is a problem."""
        if name not in self.settings:
            return
        value = self.settings[name]
        if none_is_unset and value is None:
            return
        try:
            self.values[key] = parse(value)
        except ValueError:
            self.bad(name, expected, **values)

    def mapping(self, name: str, key: str, nested: bool = False) -> None:
        def parse(value: Any) -> dict[str, Any]:
            ok = isinstance(value, Mapping) and all(isinstance(k, str) for k in value)
            if ok and nested:
                ok = all(isinstance(v, Mapping) for v in value.values())
            if not ok:
                raise ValueError(value)
            return dict(value)

        expected = "expected.nested" if nested else "expected.profiles"
        self.parsed(name, key, parse, expected)

    def str_list(
        self, name: str, key: str, allowed: tuple[str, ...] | None = None
    ) -> None:
        if name not in self.settings:
            return
        value = self.settings[name]
        if not is_str_list(value):
            self.bad(name, "expected.networks")
            return
        wanted = [v.strip().lower() for v in value]
        unknown = [v for v in wanted if allowed is not None and v not in allowed]
        if unknown:
            self.problems.append(
                SettingProblem(
                    name,
                    problem(
                        "setting.twitter"
                        if "twitter" in unknown
                        else "setting.unknown_network",
                        names=", ".join(map(repr, unknown)),
                        known=", ".join(allowed or ()),
                    ),
                )
            )
            wanted = [v for v in wanted if v not in unknown]
        self.values[key] = tuple(dict.fromkeys(wanted))

    def integer(self, name: str, key: str, minimum: int) -> None:
        def parse(value: Any) -> int:
            if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
                raise ValueError(value)
            return value

        self.parsed(name, key, parse, "expected.whole", minimum=minimum)

    def path(self, name: str, key: str) -> None:
        def parse(value: Any) -> Path:
            if not (isinstance(value, str | Path) and str(value).strip()):
                raise ValueError(value)
            return Path(value).expanduser()

        self.parsed(name, key, parse, "expected.path", none_is_unset=True)

    def choice(self, name: str, key: str, allowed: tuple[str, ...]) -> None:
        def parse(value: Any) -> str:
            if not (isinstance(value, str) and value.strip().lower() in allowed):
                raise ValueError(value)
            return value.strip().lower()

        choices = ", ".join(map(repr, allowed))
        self.parsed(name, key, parse, "expected.one_of", choices=choices)


def load(settings: Mapping[str, Any]) -> tuple[PosseSettings, list[SettingProblem]]:
    """Read every POSSE_* setting; return the settings and the problems found."""
    read = _Reader(settings)
    _read_blog_settings(read)
    _read_announcing_settings(read, settings)
    _read_delivery_settings(read)
    known = {f"POSSE_{name.upper()}" for name in PosseSettings._fields}
    known |= {"POSSE_OUTBOX_DIR"}
    for name in settings:
        if name.startswith("POSSE_") and name not in known:
            read.problems.append(SettingProblem(name, _unknown_setting(name, known)))
    merged = {**PosseSettings()._asdict(), **read.values}
    return PosseSettings(**merged), read.problems


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(value)
    return value


def _image(value: Any) -> str | None:
    if not isinstance(value, str):
        raise ValueError(value)
    return value.strip() or None


def _card(value: Any) -> tuple[CardSettings, list[SettingProblem]]:
    """POSSE_CARD: False (no card pictures), True, or a dict of colours
    ('#rrggbb'), 'logo' and 'font' (file paths); each bad entry is left out."""
    import re  # noqa: PLC0415 - only when POSSE_CARD is set

    if isinstance(value, bool):
        return CardSettings(on=value), []
    if not isinstance(value, Mapping):
        return CardSettings(), [
            SettingProblem(
                "POSSE_CARD",
                f"{value!r} is not valid; expected False, or a dict such as "
                "{'background': '#ffffff', 'text': '#1f2328', 'accent': '#0b6e4f', "
                "'logo': 'content/images/logo.png', 'font': '/path/to/font.ttc'}",
            )
        ]
    found: dict[str, Any] = {}
    problems = []
    for key, given in value.items():
        colour = isinstance(given, str) and re.fullmatch(_COLOUR, given.strip())
        path = isinstance(given, str | Path) and str(given).strip()
        if key in CARD_COLOURS and colour:
            found[key] = given.strip()
            continue
        if key in ("logo", "font") and path:
            found[key] = Path(given).expanduser()
            continue
        if key in CARD_COLOURS or key in ("logo", "font"):
            expected = (
                "a file path" if key in ("logo", "font") else "a colour '#rrggbb'"
            )
            message = f"{key!r}: {given!r} is not valid; expected {expected}"
        else:
            known = ", ".join(map(repr, (*CARD_COLOURS, "logo", "font")))
            message = f"unknown key {key!r}; known: {known}"
        problems.append(SettingProblem("POSSE_CARD", message))
    return CardSettings(**found), problems


def _read_blog_settings(read: _Reader) -> None:
    """On the blog (follow bar, author cards, link cards, share row) and the
    post text."""
    read.mapping("POSSE_PROFILES", "profiles")
    read.mapping("POSSE_AUTHORS", "authors", nested=True)
    read.str_list("POSSE_FOLLOW", "follow")
    read.parsed("POSSE_AUTO_INSERT", "auto_insert", _boolean, "expected.bool")
    read.mapping("POSSE_LABELS", "labels", nested=True)
    read.parsed(
        "POSSE_DEFAULT_IMAGE",
        "default_image",
        _image,
        "expected.image",
        none_is_unset=True,
    )
    read.str_list("POSSE_SHARE", "share")
    if "POSSE_CARD" in read.settings:
        card, problems = _card(read.settings["POSSE_CARD"])
        read.values["card"] = card
        read.problems += problems
    if "POSSE_TEMPLATES" in read.settings:
        templates, problems = read_templates(
            read.settings["POSSE_TEMPLATES"], SYNDICATION_NETWORKS
        )
        read.values["templates"] = templates
        read.problems += problems
    read.integer("POSSE_HASHTAGS_MAX", "hashtags_max", 0)
    read.choice("POSSE_SUMMARY", "summary", ("auto", "lead"))


def _read_announcing_settings(read: _Reader, settings: Mapping[str, Any]) -> None:
    """What is announced, where the state is kept."""
    read.str_list("POSSE_SYNDICATE", "syndicate", SYNDICATION_NETWORKS)
    read.path("POSSE_STATE_DIR", "state_dir")
    read.path("POSSE_LEDGER_PATH", "ledger_path")
    read.path("POSSE_OUTBOX_DIR", "outbox_dir")
    read.parsed(
        "POSSE_SINCE",
        "since",
        lambda value: _parse_since(value, _timezone(settings)),
        "expected.since",
        none_is_unset=True,
    )
    read.choice("POSSE_TRANSLATIONS", "translations", TRANSLATION_MODES)
    read.integer("POSSE_MAX_POSTS_PER_RUN", "max_posts_per_run", 0)
    read.parsed(
        "POSSE_MAX_AGE",
        "max_age",
        parse_max_age,
        "expected.max_age",
    )


def _graph_version(value: Any) -> str:
    if not (
        isinstance(value, str)
        and value.startswith("v")
        and value[1:].replace(".", "").isdigit()
    ):
        raise ValueError(value)
    return value


def _seconds(value: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
        raise ValueError(value)
    return float(value)


def _read_delivery_settings(read: _Reader) -> None:
    """How each network is posted to."""
    read.parsed(
        "POSSE_FACEBOOK_API_VERSION",
        "facebook_api_version",
        _graph_version,
        "expected.graph_version",
    )
    read.parsed("POSSE_MAX_WAIT", "max_wait", _seconds, "expected.seconds")
    instance = read.settings.get("POSSE_MASTODON_INSTANCE")
    if instance is not None:
        if isinstance(instance, str) and instance.strip():
            try:
                mastodon_instance_url(instance)
                read.values["mastodon_instance"] = instance.strip()
            except ValueError as error:
                read.problems.append(
                    SettingProblem("POSSE_MASTODON_INSTANCE", f"{instance!r}: {error}")
                )
        else:
            read.bad("POSSE_MASTODON_INSTANCE", "expected.instance")
    read.choice(
        "POSSE_MASTODON_VISIBILITY", "mastodon_visibility", MASTODON_VISIBILITIES
    )
    read.integer("POSSE_MASTODON_MAX_CHARACTERS", "mastodon_max_characters", 100)
    _read_misskey_settings(read)
    read.choice("POSSE_CLI_LANG", "cli_lang", ("ja", "en"))


def _read_misskey_settings(read: _Reader) -> None:
    def server(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(value)
        misskey_server_url(value)  # refuses http (off loopback), a handle, a path
        return value.strip()

    def characters(value: Any) -> int:
        # Misskey keeps at most 8,192 characters of a note (DB_MAX_NOTE_TEXT_LENGTH).
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(value)
        if not 100 <= value <= 8192:
            raise ValueError(value)
        return value

    read.parsed(
        "POSSE_MISSKEY_SERVER",
        "misskey_server",
        server,
        "expected.misskey_server",
        none_is_unset=True,
    )
    read.choice("POSSE_MISSKEY_VISIBILITY", "misskey_visibility", MISSKEY_VISIBILITIES)
    read.parsed(
        "POSSE_MISSKEY_MAX_CHARACTERS",
        "misskey_max_characters",
        characters,
        "expected.misskey_characters",
    )
