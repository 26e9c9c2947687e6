"""Syndication networks: one module each, behind ``base.Network``.

Adding a network is one new module plus one line here. Modules are imported
only when a network is used, so a Pelican build never imports tweepy.
"""

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
)

# How people write each network's name (CLI, outbox, links back).
NAMES = {"x": "X", "facebook": "Facebook", "mastodon": "Mastodon", "bluesky": "Bluesky"}

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
]
