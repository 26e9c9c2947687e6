"""The ``auth`` command's arguments: argparse only, so building the parser
imports nothing heavy (tests/core/test_lazy_imports.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def add_parser(sub: Any) -> None:
    """The ``auth`` command's arguments (called by ``cli._parser``)."""
    auth = sub.add_parser(
        "auth",
        help="get a network's credentials and store them in .env.posse",
        description="Walk through the network's own way of getting credentials, "
        "check them, and store them in a local file readable by you only "
        "(default .env.posse here, added to .gitignore), which every "
        "pelican-posse command reads. Secrets are not shown as you type, nor "
        "printed. Exit codes: 0 stored, 2 refused, 130 interrupted (Ctrl-C), "
        "1 end of input; nothing is written unless it is 0.",
    )
    auth.add_argument(
        "network",
        choices=("x", "facebook", "mastodon", "bluesky", "threads", "misskey"),
    )
    auth.add_argument(
        "--env-file",
        metavar="FILE",
        type=Path,
        help="the file to store them in (default: .env.posse in this folder)",
    )
    auth.add_argument(
        "--keep-app-secret",
        action="store_true",
        help="facebook: also store the App ID and App secret, so that `check` can "
        "read the Page token's permissions and expiry online (posting never "
        "needs them; without this option they are not stored)",
    )
    auth.add_argument(
        "--refresh",
        action="store_true",
        help="threads: replace the stored token with a new one that lasts 60 days "
        "(once it is a day old, before it expires); asks nothing",
    )
