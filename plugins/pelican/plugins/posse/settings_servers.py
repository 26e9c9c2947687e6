"""A server's address the user names (``POSSE_MASTODON_INSTANCE``,
``POSSE_MISSKEY_SERVER``): one check for the setting, the environment variable
of the same name and ``auth``'s prompt, and which wins when both are given.

Apart from settings.py, which reads every other ``POSSE_*`` setting, because
``auth`` and the networks check an address that no settings file holds.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Mapping

from .settings_words import SettingProblem, problem

_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def mastodon_instance_url(value: str, example: str = "mastodon.social") -> str:
    """``mastodon.social`` or ``https://mastodon.social/`` -> ``https://mastodon.social``.

    Raises ValueError saying what is wrong. Plain http is accepted only for a
    loopback address (local fakes and trials): a token must not travel in clear.
    """
    raw = value.strip()
    if raw.startswith("@") or ("@" in raw and "://" not in raw):
        raise ValueError(problem("instance.handle", example=example))
    parts = urllib.parse.urlsplit(raw if "://" in raw else "https://" + raw)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(problem("instance.not_url", example=example))
    # urlsplit keeps a space or a comma in the host ("misskey .io"): refused
    # here, not later as a connection that cannot be made.
    if not all(c.isalnum() or c in ".-:" for c in parts.hostname):
        raise ValueError(problem("instance.host", example=example))
    if parts.scheme == "http" and parts.hostname not in _LOOPBACK:
        raise ValueError(problem("instance.http"))
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise ValueError(problem("instance.path"))
    return f"{parts.scheme}://{parts.netloc}"


def misskey_server_url(value: str) -> str:
    """``misskey.io`` or ``https://misskey.io/`` -> ``https://misskey.io`` (the
    same rules as a Mastodon instance: https, or http on loopback only)."""
    return mastodon_instance_url(value, "misskey.io")


# Settings a variable of the same name in the environment wins over (the
# network reads the environment first), with the check that variable must pass.
ENVIRONMENT_WINS = {
    "POSSE_MASTODON_INSTANCE": mastodon_instance_url,
    "POSSE_MISSKEY_SERVER": misskey_server_url,
}


def outweighed(
    problems: list[SettingProblem], env: Mapping[str, str]
) -> tuple[list[SettingProblem], list[SettingProblem]]:
    """``problems`` split in two: those that stop a run, and those about a
    setting that a valid environment variable of the same name replaces (the
    file's value is never used, so it is only worth a warning)."""
    kept, ignored = [], []
    for found in problems:
        check = ENVIRONMENT_WINS.get(found.setting)
        value = env.get(found.setting, "").strip()
        wins = check is not None and bool(value) and _passes(check, value)
        (ignored if wins else kept).append(found)
    return kept, ignored


def _passes(check: Callable[[str], str], value: str) -> bool:
    try:
        check(value)
    except ValueError:
        return False
    return True
