"""Run the real ``pelican-posse`` CLI with the recording network as "x".

``python -m tests.harness.run_cli [--trusting | --listing] [--later SECONDS]
ARGS...`` (cwd: the site). ``--trusting``: a network that refuses no copy and
cannot be read; ``--listing``: one that refuses no copy and is read for free
(Graph-shaped); ``--later``: the engine's clock runs that many seconds ahead (a
run some minutes after the killed ones). Retries back off for milliseconds
instead of seconds, so a crash test stays short.
"""

from __future__ import annotations

import datetime as dt
import sys

from pelican.plugins.posse import cli
from pelican.plugins.posse.ledger import now
from pelican.plugins.posse.publish import engine
from pelican.plugins.posse.publish.networks import NETWORKS

KINDS = {"--trusting": "TrustingNetwork", "--listing": "ListingNetwork"}


def main(argv: list[str]) -> int:
    kind = "RecordingNetwork"
    if argv and argv[0] in KINDS:
        kind, argv = KINDS[argv[0]], argv[1:]
    if argv and argv[0] == "--later":
        ahead = dt.timedelta(seconds=float(argv[1]))
        argv = argv[2:]

        class Later(engine.Engine):
            def __init__(self, *args: object, **kwargs: object) -> None:
                super().__init__(*args, **kwargs)
                self.clock = lambda: now() + ahead

        engine.Engine = Later  # the CLI makes its engine through this name
    NETWORKS.entries["x"] = f"tests.harness.recording:{kind}"
    engine.BASE_DELAY = 0.01
    engine.Engine.base_delay = 0.01
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
