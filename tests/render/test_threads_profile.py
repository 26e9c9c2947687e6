"""A Threads account on the blog: in the author card with rel="me", in the
JSON-LD ``sameAs`` of the article's author, with its icon and its Japanese label."""

from __future__ import annotations

import json
import re

from tests.render.test_rendering import JA_ARTICLE, build, card_links, read


def test_a_threads_account_is_linked_with_rel_me_and_listed_in_same_as(tmp_path):
    out = build(
        tmp_path,
        {"a.md": JA_ARTICLE},
        SITEURL="https://blog.example.jp",
        POSSE_AUTHORS={"山田 花子": {"x": "hanako_y", "threads": "@hanako.blog"}},
    )
    html = read(out, "jigyo-shokei.html")
    threads = [a for a in card_links(html) if a["class"] == "posse-threads"]
    assert [(a["aria-label"], a["href"], a["rel"]) for a in threads] == [
        ("Threads の 山田 花子", "https://www.threads.com/@hanako.blog", "me noopener")
    ]
    (ld,) = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    (author,) = json.loads(ld)["author"]
    assert author["sameAs"] == [
        "https://x.com/hanako_y",
        "https://www.threads.com/@hanako.blog",
    ]
    assert read(out, "posse/icons/threads.svg").startswith("<svg ")
