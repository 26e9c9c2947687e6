"""What a call to X costs (pay-per-use, from X's pricing page, 2026).

A post that contains a URL is billed at the higher rate, so `plan` shows the kind
of every call and the total before anything is sent.
"""

from __future__ import annotations

X_PRICE_URL = 0.200  # a post containing a URL
X_PRICE_PLAIN = 0.015  # a post without one


def x_cost(text: str, link: str | None) -> tuple[str, float]:
    if link or "http://" in text or "https://" in text:
        return "post with URL", X_PRICE_URL
    return "post", X_PRICE_PLAIN
