"""A network on a server the user names (Mastodon, Misskey): its address is
the environment's variable, else the setting of the same name, and is
checked offline before anything is sent."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .base import PROBLEM, Problem, value_problems


def address_problems(
    env: Mapping[str, str],
    setting: object,
    variable: str,
    parse: Callable[[str], str],
    keys: tuple[str, str],
) -> list[Problem]:
    """What is wrong with the server's address (``variable`` in ``env``, else
    ``setting``), found without a request. ``keys``: the messages for no
    address at all and for one ``parse`` refuses (its words as ``error``)."""
    if env.get(variable, "").strip():
        problems = value_problems(env, variable)
        if problems:
            return problems
        value = env[variable].strip()
    else:
        value = str(setting or "").strip()
    if not value:
        return [Problem(PROBLEM, variable, keys[0])]
    try:
        parse(value)
    except ValueError as error:
        return [Problem(PROBLEM, variable, keys[1], {"error": str(error)})]
    return []
