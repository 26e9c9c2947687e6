"""Syndication networks: one module each, behind ``base.Network``.

Adding a network is one new module plus one line here (and its name in
``profiles.NAMES``). Modules are imported only when a network is used, so a
Pelican build never imports tweepy; a build never imports this package at all.
"""

from ...profiles import NAMES, display_name
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
        "x": f"{__name__}.x:XNetwork",
        "facebook": f"{__name__}.facebook:FacebookPageNetwork",
        "mastodon": f"{__name__}.mastodon:MastodonNetwork",
        "bluesky": f"{__name__}.bluesky:BlueskyNetwork",
        "threads": f"{__name__}.threads:ThreadsNetwork",
        "misskey": f"{__name__}.misskey:MisskeyNetwork",
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
