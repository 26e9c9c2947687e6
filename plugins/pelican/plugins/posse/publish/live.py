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

from .messages import say

log = logging.getLogger(__name__)

POLL_EVERY = 5.0


def page_problem(url: str, timeout: float = 10.0) -> str | None:
    """None when the page answers HTTP 200, else what went wrong, in words."""
    request = urllib.request.Request(
        url, headers={"User-Agent": "pelican-posse (checking the page is live)"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return None if response.status == 200 else f"HTTP {response.status}"
    except urllib.error.HTTPError as err:  # before URLError: it is one
        return f"HTTP {err.code}"
    except urllib.error.URLError as err:
        return say("live.cannot_connect", reason=err.reason)
    except (OSError, ValueError) as err:
        return say("live.cannot_connect", reason=err)


def wait_live(
    urls: Iterable[str],
    seconds: float,
    *,
    check: Callable[[str], str | None] = page_problem,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    every: float = POLL_EVERY,
    problems: dict[str, str] | None = None,
) -> set[str]:
    """The URLs that answered 200 within ``seconds`` (polled every few seconds).

    ``problems`` receives, for each URL still not live, its last answer (so a
    wrong SITEURL reads "cannot connect", not just "not live yet").
    """
    waiting = list(dict.fromkeys(urls))
    alive: set[str] = set()
    deadline = clock() + max(seconds, 0.0)
    while True:
        for url in list(waiting):
            problem = check(url)
            if problem is None:
                alive.add(url)
                waiting.remove(url)
                if problems is not None:
                    problems.pop(url, None)
            elif problems is not None:
                problems[url] = problem
        left = deadline - clock()
        if not waiting or left <= 0:
            return alive
        log.info(
            "posse: waiting for %d page(s) to go live (%.0f s left)", len(waiting), left
        )
        sleep(min(every, left))
