"""``python -m tests.fakes`` (``make fakes``): start every fake until Ctrl-C.

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
from .fake_threads import FakeThreads
from .fake_x import FakeX
from .graph_auth import USER_TOKEN


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fakes",
        description="Local fake X, Facebook Graph, Mastodon, Bluesky and Threads "
        "APIs on 127.0.0.1.",
    )
    parser.add_argument("--x-port", type=int, default=0, help="default: any free port")
    parser.add_argument(
        "--graph-port", type=int, default=0, help="default: any free port"
    )
    parser.add_argument(
        "--auth",
        action="store_true",
        help="print only where the fakes are, and what to type at each question "
        "of `pelican-posse auth x` and `auth facebook` (the ten-minute walk)",
    )
    args = parser.parse_args(argv)
    x = FakeX(**X_CREDENTIALS).start(args.x_port)
    graph = FakeGraph(FB_PAGE_ID, FB_PAGE_TOKEN).start(args.graph_port)
    mastodon, bluesky = FakeMastodon().start(), FakeBluesky().start()
    threads, misskey = FakeThreads().start(), FakeMisskey().start()
    print(
        "# Fake X, Facebook, Mastodon, Bluesky, Threads and Misskey are running. "
        "In another shell:"
    )
    fakes_env = {
        **x.env(),
        **graph.env(),
        **mastodon.env(),
        **bluesky.env(),
        **threads.env(),
        **misskey.env(),
    }
    if args.auth:  # the walk types the credentials into `auth`: only the URLs
        fakes_env = {k: v for k, v in fakes_env.items() if k.endswith("_URL")}
    for name, value in fakes_env.items():
        print(f"export {name}={shlex.quote(value)}")
    if args.auth:
        _auth_answers(graph)
    print("# then: pelican-posse publish   (Ctrl-C here stops the fakes)", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    for fake in (x, graph, mastodon, bluesky, threads, misskey):
        fake.stop()
    labels = (
        (x, "X"),
        (graph, "Facebook"),
        (mastodon, "Mastodon"),
        (bluesky, "Bluesky"),
        (threads, "Threads"),
        (misskey, "Misskey"),
    )
    for fake, label in labels:
        print(f"# {label}: {len(fake.posts)} post(s) accepted", file=sys.stderr)
        for post in fake.posts:
            text = post.get("text") or post.get("message")
            print(f"#   {post.get('id', '-')}: {text!r}", file=sys.stderr)
    return 0


def _auth_answers(graph: FakeGraph) -> None:
    """What the portals would give you, for the fakes' `auth` questions."""
    answers = {
        "auth x: API Key": X_CREDENTIALS["consumer_key"],
        "auth x: API Key Secret": X_CREDENTIALS["consumer_secret"],
        "auth x: PIN": f"{FakeX.pin} (also shown at the address auth x prints)",
        "auth facebook: App ID": graph.app_id,
        "auth facebook: App secret": graph.app_secret,
        "auth facebook: User token": USER_TOKEN,
        # The fake user manages two Pages; the first is the one the fakes post to.
        "auth facebook: Number of the Page to post to": "1",
    }
    print("# Answer the questions of `pelican-posse auth` with these:")
    for question, answer in answers.items():
        print(f"#   {question}: {answer}")


if __name__ == "__main__":
    sys.exit(main())
