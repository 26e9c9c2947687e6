"""Run the real ``pelican-posse`` CLI with the recording network as "x".

``python -m tests.harness.run_cli [--trusting] ARGS...`` (cwd: the site). Retries
back off for milliseconds instead of seconds, so a crash test stays short.
"""

from __future__ import annotations

import sys

from pelican.plugins.posse import cli, engine
from pelican.plugins.posse.networks import NETWORKS


def main(argv: list[str]) -> int:
    kind = "RecordingNetwork"
    if argv and argv[0] == "--trusting":
        kind, argv = "TrustingNetwork", argv[1:]
    NETWORKS.entries["x"] = f"tests.harness.recording:{kind}"
    engine.BASE_DELAY = 0.01
    engine.Engine.base_delay = 0.01
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
