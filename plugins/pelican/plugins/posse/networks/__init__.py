"""Syndication networks: one module each, behind ``base.Network``.

Adding a network is one new module plus one line here (and its name in
``profiles.NAMES``). Modules are imported only when a network is used, so a
Pelican build never imports tweepy; a build never imports this package at all.
"""

from ..profiles import NAMES, display_name
from .base import (
    AlreadyPosted,
    Delivered,
    DeliveryError,
    Network,
    Permanent,
    Post,
    Registry,
    RetryLater,
    Transient,
    Unconfirmed,
)

NETWORKS = Registry(
    {
        "x": "pelican.plugins.posse.networks.x:XNetwork",
        "facebook": "pelican.plugins.posse.networks.facebook:FacebookPageNetwork",
        "mastodon": "pelican.plugins.posse.networks.mastodon:MastodonNetwork",
        "bluesky": "pelican.plugins.posse.networks.bluesky:BlueskyNetwork",
    }
)

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
    "Unconfirmed",
    "display_name",
]
