"""The profile networks: what a valid handle is, and where it links.

Each network is one small ``ProfileNetwork`` entry: a pattern for the handle people
write in ``pelicanconf.py``, the canonical profile URL and the follow URL built
from it, and the example a settings error shows. A full ``http(s)://`` URL is
accepted wherever a handle is (a custom domain, a company page); for X, Mastodon
and friends the handle is read back out of a URL on the network's own host so
that ``twitter:site`` and the follow intent still work.

``parse()`` never raises: an invalid value becomes a problem message naming the
setting, the value and what a valid one looks like (settings_words.py's words,
in the language spoken), and the link is left out. ``problems()`` is every one
a build reports in POSSE_PROFILES, POSSE_AUTHORS and POSSE_FOLLOW, for
``pelican-posse check`` to say before a build.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple
from urllib.parse import quote, urlsplit

from .settings_words import problem

_DOMAIN = (
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
)


# The networks posse posts to, as people write their names (CLI, outbox, links
# back), in the order people expect them. Here rather than in networks/: a build
# needs the names, and importing that package loads its base classes.
NAMES = {
    "x": "X",
    "facebook": "Facebook",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "threads": "Threads",
    "misskey": "Misskey",
}


def display_name(network: str) -> str:
    """A network as people write it (X, Facebook); an unknown one as given."""
    return NAMES.get(network, network)


# NamedTuples rather than frozen dataclasses: cheaper to create at import (see
# render/pieces.Link).
class ProfileNetwork(NamedTuple):
    key: str
    name: str  # how the network spells itself, shown to readers
    handle_regex: str  # a bare handle, after stripping one leading "@"
    profile: Callable[[re.Match[str]], str]
    example: str  # shown in settings errors (an English msgid: see example())
    hosts: tuple[str, ...] = ()  # a URL on these hosts is read back as a handle
    follow: Callable[[re.Match[str]], str] | None = None  # default: the profile

    @property
    def pattern(self) -> re.Pattern[str]:
        """``handle_regex`` compiled (re keeps it) when a site names the network,
        not all of them whenever a build imports this module."""
        return re.compile(self.handle_regex)


class Profile(NamedTuple):
    """One account, resolved: where the link goes and how to name it."""

    network: str
    url: str  # canonical profile URL (absolute http(s))
    follow_url: str
    handle: str = ""  # e.g. "posse_demo" for X; empty when given as a foreign URL


def _q(value: str) -> str:
    return quote(value, safe="@._-")


def _x_profile(m: re.Match[str]) -> str:
    return f"https://x.com/{m['h']}"


def _facebook_profile(m: re.Match[str]) -> str:
    if m["id"]:
        return f"https://www.facebook.com/profile.php?id={m['id']}"
    return f"https://www.facebook.com/{m['h']}"


def _youtube_profile(m: re.Match[str]) -> str:
    if m["ch"]:
        return f"https://www.youtube.com/channel/{m['ch']}"
    return f"https://www.youtube.com/@{_q(m['h'])}"


PROFILE_NETWORKS: dict[str, ProfileNetwork] = {
    n.key: n
    for n in (
        ProfileNetwork(
            "x",
            "X",
            r"(?P<h>[A-Za-z0-9_]{1,15})",
            _x_profile,
            "'posse_demo' (1-15 letters, digits or _) or 'https://x.com/posse_demo'",
            hosts=("x.com", "twitter.com", "mobile.twitter.com"),
            follow=lambda m: f"https://x.com/intent/follow?screen_name={m['h']}",
        ),
        ProfileNetwork(
            "facebook",
            "Facebook",
            r"(?:profile\.php\?id=(?P<id>[0-9]+)|(?P<h>[A-Za-z0-9.]{5,50}))",
            _facebook_profile,
            "'posse.demo' (5 or more letters, digits or dots), "
            "'profile.php?id=100012345678901' or 'https://www.facebook.com/posse.demo'",
            hosts=("facebook.com", "www.facebook.com", "m.facebook.com", "fb.com"),
        ),
        ProfileNetwork(
            "note",
            "note",
            r"(?P<h>[A-Za-z0-9_]{3,16})",
            lambda m: f"https://note.com/{m['h']}",
            "'posse_demo' (3-16 letters, digits or _) or 'https://note.com/posse_demo'",
            hosts=("note.com", "note.mu"),
        ),
        ProfileNetwork(
            "linkedin",
            "LinkedIn",
            r"(?P<h>[A-Za-z0-9][A-Za-z0-9-]{2,99})",
            lambda m: f"https://www.linkedin.com/in/{m['h']}/",
            "'posse-demo' (the part after linkedin.com/in/) "
            "or 'https://www.linkedin.com/company/posse-demo/'",
        ),
        ProfileNetwork(
            "mastodon",
            "Mastodon",
            rf"(?P<h>[A-Za-z0-9_]{{1,30}})@(?P<host>{_DOMAIN})",
            lambda m: f"https://{m['host'].lower()}/@{m['h']}",
            "'@posse_demo@mastodon.social' or 'https://mastodon.social/@posse_demo'",
        ),
        ProfileNetwork(
            # Misskey's local user names are 1-20 letters, digits or _; the
            # server is part of the handle, as on Mastodon.
            "misskey",
            "Misskey",
            rf"(?P<h>[A-Za-z0-9_]{{1,20}})@(?P<host>{_DOMAIN})",
            lambda m: f"https://{m['host'].lower()}/@{m['h']}",
            "'@posse_demo@misskey.io' or 'https://misskey.io/@posse_demo'",
        ),
        ProfileNetwork(
            "bluesky",
            "Bluesky",
            rf"(?P<h>{_DOMAIN}|did:plc:[a-z2-7]{{24}})",
            lambda m: f"https://bsky.app/profile/{m['h'].lower()}",
            "'posse-demo.bsky.social' (a domain) or "
            "'https://bsky.app/profile/posse-demo.bsky.social'",
        ),
        ProfileNetwork(
            "youtube",
            "YouTube",
            r"(?:channel/)?(?P<ch>UC[A-Za-z0-9_-]{22})|(?P<h>[A-Za-z0-9_.-]{3,30})",
            _youtube_profile,
            "'@posse_demo', a channel id 'UC…' (24 characters) "
            "or 'https://www.youtube.com/@posse_demo'",
        ),
        ProfileNetwork(
            "github",
            "GitHub",
            r"(?P<h>[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})",
            lambda m: f"https://github.com/{m['h']}",
            "'posse-demo' (letters, digits, single hyphens) "
            "or 'https://github.com/posse-demo'",
        ),
        ProfileNetwork(
            "instagram",
            "Instagram",
            r"(?P<h>[A-Za-z0-9._]{1,30})",
            lambda m: f"https://www.instagram.com/{m['h']}/",
            "'posse_demo' (1-30 letters, digits, . or _) "
            "or 'https://www.instagram.com/posse_demo/'",
        ),
        ProfileNetwork(
            "threads",
            "Threads",
            r"(?P<h>[A-Za-z0-9._]{1,30})",
            lambda m: f"https://www.threads.com/@{m['h']}",
            "'posse_demo' (1-30 letters, digits, . or _) "
            "or 'https://www.threads.com/@posse_demo'",
        ),
    )
}
# The site's own feed: no handle, the value is True or a feed path/URL.
RSS = "rss"
PROFILE_KEYS = (*PROFILE_NETWORKS, RSS)


def network_name(key: str) -> str:
    return "RSS" if key == RSS else PROFILE_NETWORKS[key].name


def safe_url(value: str) -> str | None:
    """The URL if it is an absolute http(s) URL a browser can follow, else None."""
    value = value.strip()
    if any(c.isspace() or ord(c) < 32 for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def _from_url(net: ProfileNetwork, url: str) -> Profile:
    """A URL on the network's own host gives the handle back (x.com/NAME)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if net.hosts and host in net.hosts:
        segment = parts.path.strip("/").split("/")[0]
        candidate = segment + (f"?{parts.query}" if segment == "profile.php" else "")
        m = net.pattern.fullmatch(candidate.removeprefix("@"))
        if m and segment not in ("intent", "home", "share", "i"):
            follow = net.follow(m) if net.follow else net.profile(m)
            return Profile(net.key, net.profile(m), follow, m["h"] or "")
    return Profile(net.key, url, url)


def parse_one(network: str, value: Any) -> Profile | str:
    """A ``Profile``, or why the value is not valid (what a valid one looks like)."""
    net = PROFILE_NETWORKS.get(network)
    if net is None:
        # Twitter is X now; posse names it "x" everywhere.
        key = "setting.twitter" if str(network).lower() == "twitter" else None
        known = ", ".join(PROFILE_KEYS)
        names = repr(network)
        return problem(key or "setting.unknown_network", names=names, known=known)
    if not isinstance(value, str) or not value.strip():
        return problem("profile.not_valid", value=repr(value), example=example(net))
    text = value.strip()
    if "://" in text or text.lower().startswith(("javascript:", "data:", "vbscript:")):
        url = safe_url(text)
        if url is None:
            return problem("profile.not_url", value=repr(value), example=example(net))
        return _from_url(net, url)
    m = net.pattern.fullmatch(text.removeprefix("@"))
    if m is None:
        return problem(
            "profile.bad_handle",
            value=repr(value),
            network=net.name,
            example=example(net),
        )
    follow = net.follow(m) if net.follow else net.profile(m)
    return Profile(network, net.profile(m), follow, m.groupdict().get("h") or "")


def site_feed(settings: Mapping[str, Any]) -> str | None:
    """The site's main feed, as a path from the site root or an absolute URL."""
    for name in ("FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS"):
        path = settings.get(name)
        if path:
            return str(settings.get(f"{name}_URL") or path)
    return None


def parse_rss(value: Any, settings: Mapping[str, Any]) -> Profile | str:
    """``rss``: True (or empty) means the site's own feed; a path or URL also works."""
    if value is True or value is None or (isinstance(value, str) and not value.strip()):
        feed = site_feed(settings)
        if feed is None:
            return problem("rss.no_feed")
        value = feed
    if not isinstance(value, str):
        return problem("rss.not_valid", value=repr(value))
    text = value.strip()
    if "://" in text or ":" in text.split("/")[0]:
        url = safe_url(text)
        if url is None:
            return problem("rss.not_url", value=repr(value))
        return Profile(RSS, url, url)
    # A path in the site: made absolute (or relative to the page) when rendered.
    path = text.lstrip("/")
    return Profile(RSS, path, path)


def parse(
    setting: str,
    accounts: Mapping[str, Any],
    site_settings: Mapping[str, Any],
) -> tuple[list[Profile], list[str]]:
    """Every valid account of one mapping, in the user's order, and the problems."""
    found: list[Profile] = []
    problems: list[str] = []
    for raw_key, value in accounts.items():
        key = str(raw_key).strip().lower()
        result = (
            parse_rss(value, site_settings) if key == RSS else parse_one(key, value)
        )
        if isinstance(result, str):
            problems.append(f"{setting}[{raw_key!r}]: {result}")
        else:
            found.append(result)
    return found, problems


def follow_profiles(
    follow: Iterable[str],
    site_profiles: Iterable[Profile],
    given: Iterable[Any],
    site_settings: Mapping[str, Any],
    *,
    chosen: bool,
) -> tuple[list[Profile], list[str]]:
    """The follow bar's accounts, in ``follow``'s order, and POSSE_FOLLOW's
    problems. ``given``: POSSE_PROFILES's keys as written; ``chosen``: the user
    wrote POSSE_FOLLOW (the default skips a network with no account)."""
    by_network: dict[str, Profile] = {}
    for p in site_profiles:
        by_network.setdefault(p.network, p)
    keys = {str(k).strip().lower() for k in given}
    found: list[Profile] = []
    problems: list[str] = []
    for key in follow:
        if key not in PROFILE_KEYS:
            known = ", ".join(PROFILE_KEYS)
            said = problem("setting.unknown_network", names=repr(key), known=known)
            problems.append(f"POSSE_FOLLOW: {said}")
        elif key in by_network:
            found.append(by_network[key])
        elif key == RSS and key not in keys:
            feed = parse_rss(True, site_settings)
            if isinstance(feed, str):
                problems.append(f"POSSE_FOLLOW: 'rss': {feed}")
            else:
                found.append(feed)
        elif key not in keys and chosen:
            # An invalid account was reported already (by parse).
            said = problem("follow.no_account", key=repr(key))
            problems.append(f"POSSE_FOLLOW: {said}")
    return found, problems


def problems(posse: Any, site_settings: Mapping[str, Any]) -> list[str]:
    """What a build logs about POSSE_PROFILES, POSSE_AUTHORS and POSSE_FOLLOW
    (``posse``: the settings read), one line each, naming the setting."""
    from .settings import is_str_list  # noqa: PLC0415 - settings imports the words

    site, found = parse("POSSE_PROFILES", posse.profiles, site_settings)
    for name, accounts in posse.authors.items():
        found += parse(f"POSSE_AUTHORS[{name!r}]", accounts, site_settings)[1]
    chosen = is_str_list(site_settings.get("POSSE_FOLLOW"))
    return (
        found
        + follow_profiles(
            posse.follow, site, posse.profiles, site_settings, chosen=chosen
        )[1]
    )


def example(net: ProfileNetwork) -> str:
    """What a valid account of ``net`` looks like, in the language spoken."""
    from .i18n import tr  # noqa: PLC0415 - gettext only when there is a problem

    return tr(net.example)


def account_on_server(value: str) -> tuple[str, str]:
    """(user, host) of a Mastodon or Misskey account as a person writes it:
    ``@user@host``, ``user@host`` or ``https://host/@user`` (not checked)."""
    value = value.strip()
    if value.startswith(("https://", "http://")):
        parts = urlsplit(value)
        return parts.path.strip("/").split("/")[0].removeprefix(
            "@"
        ), parts.hostname or ""
    user, _, host = value.removeprefix("@").partition("@")
    return user, host


def x_handle(profiles: Iterable[Profile]) -> str | None:
    """'@name' of the first X account, for twitter:site / twitter:creator."""
    for p in profiles:
        if p.network == "x" and p.handle:
            return "@" + p.handle
    return None
