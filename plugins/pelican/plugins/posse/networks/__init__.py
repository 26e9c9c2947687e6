"""Syndication networks: one module each, behind ``base.Network``.

Adding a network is one new module plus one line here. Modules are imported
only when a network is used, so a Pelican build never imports tweepy. A build
needs only NAMES (the links back), so even ``base`` is imported when one of its
names is first asked for (defining its dataclasses cost a build ~12M instructions).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import (
        AlreadyPosted,
        Delivered,
        DeliveryError,
        Network,
        Permanent,
        Post,
        RetryLater,
        Transient,
    )

# How people write each network's name (CLI, outbox, links back).
NAMES = {"x": "X", "facebook": "Facebook", "mastodon": "Mastodon", "bluesky": "Bluesky"}

# name -> module:Class, for NETWORKS (a base.Registry).
_CLASSES = {
    "x": "pelican.plugins.posse.networks.x:XNetwork",
    "facebook": "pelican.plugins.posse.networks.facebook:FacebookPageNetwork",
    "mastodon": "pelican.plugins.posse.networks.mastodon:MastodonNetwork",
    "bluesky": "pelican.plugins.posse.networks.bluesky:BlueskyNetwork",
}

__all__ = [
    "NAMES",
    "NETWORKS",
    "AlreadyPosted",
    "Delivered",
    "DeliveryError",
    "Network",
    "Permanent",
    "Post",
    "RetryLater",
    "Transient",
]
_FROM_BASE = (frozenset(__all__) - {"NAMES", "NETWORKS"}) | {"Registry"}


def __getattr__(name: str) -> Any:
    """``NETWORKS`` and base's names, made on first use and kept (PEP 562)."""
    if name != "NETWORKS" and name not in _FROM_BASE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    base = import_module(".base", __name__)
    value = base.Registry(dict(_CLASSES)) if name == "NETWORKS" else getattr(base, name)
    globals()[name] = value
    return value
