"""``python -m tests.fakes`` (``make fakes``): start both fakes until Ctrl-C.

Prints the environment to export in another shell, then serves. Try a whole
``pelican-posse publish`` locally without touching X or Facebook.
"""

from __future__ import annotations

import argparse
import shlex
import signal
import sys
import threading

from .credentials import FB_PAGE_ID, FB_PAGE_TOKEN, X_CREDENTIALS
from .fake_bluesky import FakeBluesky
from .fake_graph import FakeGraph
from .fake_mastodon import FakeMastodon
from .fake_misskey import FakeMisskey
from .fake_x import FakeX


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fakes",
        description="Local fake X API and Facebook Graph API on 127.0.0.1.",
    )
    parser.add_argument("--x-port", type=int, default=0, help="default: any free port")
    parser.add_argument(
        "--graph-port", type=int, default=0, help="default: any free port"
    )
    args = parser.parse_args(argv)
    x = FakeX(**X_CREDENTIALS).start(args.x_port)
    graph = FakeGraph(FB_PAGE_ID, FB_PAGE_TOKEN).start(args.graph_port)
    mastodon, bluesky = FakeMastodon().start(), FakeBluesky().start()
    misskey = FakeMisskey().start()
    print("# Fake X, Facebook, Mastodon, Bluesky and Misskey run. In another shell:")
    fakes_env = {
        **x.env(),
        **graph.env(),
        **mastodon.env(),
        **bluesky.env(),
        **misskey.env(),
    }
    for name, value in fakes_env.items():
        print(f"export {name}={shlex.quote(value)}")
    print("# then: pelican-posse publish   (Ctrl-C here stops the fakes)", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    for fake in (x, graph, mastodon, bluesky, misskey):
        fake.stop()
    labels = (
        (x, "X"),
        (graph, "Facebook"),
        (mastodon, "Mastodon"),
        (bluesky, "Bluesky"),
        (misskey, "Misskey"),
    )
    for fake, label in labels:
        print(f"# {label}: {len(fake.posts)} post(s) accepted", file=sys.stderr)
        for post in fake.posts:
            text = post.get("text") or post.get("message")
            print(f"#   {post.get('id', '-')}: {text!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
