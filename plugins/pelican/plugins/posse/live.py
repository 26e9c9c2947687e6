"""``publish --wait-live``: is the deployed page there yet?

A post that links to a page not yet live gets a broken card that X and Facebook
then cache, so each article URL must answer HTTP 200 before it is announced.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable

log = logging.getLogger(__name__)

POLL_EVERY = 5.0


def is_live(url: str, timeout: float = 10.0) -> bool:
    request = urllib.request.Request(
        url, headers={"User-Agent": "pelican-posse (checking the page is live)"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError) as err:
        log.debug("posse: %s is not live yet: %s", url, err)
        return False


def wait_live(
    urls: Iterable[str],
    seconds: float,
    *,
    check: Callable[[str], bool] = is_live,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    every: float = POLL_EVERY,
) -> set[str]:
    """The URLs that answered 200 within ``seconds`` (polled every few seconds)."""
    waiting = list(dict.fromkeys(urls))
    alive: set[str] = set()
    deadline = clock() + max(seconds, 0.0)
    while True:
        for url in list(waiting):
            if check(url):
                alive.add(url)
                waiting.remove(url)
        left = deadline - clock()
        if not waiting or left <= 0:
            return alive
        log.info(
            "posse: waiting for %d page(s) to go live (%.0f s left)", len(waiting), left
        )
        sleep(min(every, left))
