"""``pelican-posse auth NETWORK [--env-file FILE] [--refresh]``: the prompts, the
file, the exit codes.

Exit codes: 0 stored; 2 refused (by the network, or a value or file that would
not do); 130 Ctrl-C; 1 end of input. Whatever stops the flow before its end
leaves the file as it was: it is written once, atomically, at the very end.
What is printed names variables, never their values.
"""

from __future__ import annotations

import functools
import getpass
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from ...profiles import display_name
from ..messages import say
from . import envfile, flows, flows_threads_misskey
from .flows import Prompts, Refused

EXIT_OK, EXIT_EOF, EXIT_REFUSED, EXIT_INTERRUPTED = 0, 1, 2, 130

FLOWS = {
    "x": flows.x,
    "facebook": flows.facebook,
    "mastodon": flows.mastodon,
    "bluesky": flows.bluesky,
    "threads": flows_threads_misskey.threads,
    "misskey": flows_threads_misskey.misskey,
}
# `auth NETWORK --refresh`: a new token for the stored one, no questions asked.
REFRESH = {"threads": flows_threads_misskey.threads_refresh}


def _refuse_target(path: Path) -> str | None:
    """Why ``path`` must not hold secrets (a committed file), or None."""
    if path.suffix in (".py", ".toml", ".cfg", ".ini", ".yml", ".yaml", ".json"):
        return say("auth.settings_file", path=path)
    if path.exists() and envfile.tracked(path):
        return say("auth.tracked", path=path)
    return None


def run(
    network: str,
    *,
    env_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    ask: Callable[[str], str] | None = None,
    secret: Callable[[str], str] | None = None,
    out: Callable[[str], None] = print,
    keep_app_secret: bool = False,
    refresh: bool = False,
) -> int:
    """Get ``network``'s credentials and store them in ``env_file``
    (default ``.env.posse`` in the current folder). ``keep_app_secret``:
    Facebook's App ID and secret are stored too (for ``check``)."""
    path = env_file or Path(envfile.DEFAULT_NAME)
    environ = os.environ if environ is None else environ
    why = _refuse_target(path)
    if why:
        out(why)
        return EXIT_REFUSED
    prompts = Prompts(ask or input, secret or getpass.getpass, out)
    flow = FLOWS[network]
    if refresh:
        if network not in REFRESH:
            out(say("auth.no_refresh", network=display_name(network)))
            return EXIT_REFUSED
        # The token to refresh: the environment's, else the file's.
        environ, flow = envfile.overlay(environ, path), REFRESH[network]
    try:
        if keep_app_secret and network == "facebook":
            flow = functools.partial(flow, keep_app_secret=True)
        got = flow(prompts, environ)
        for name, value in got.values.items():
            if any(c.isspace() for c in value):
                raise prompts.refuse("auth.unsafe_value", variable=name)
        dropped = [n for n in got.drop if n in envfile.read(path)]
        envfile.write(path, got.values, dropped)
    except KeyboardInterrupt:
        out("\n" + say("auth.interrupted"))
        return EXIT_INTERRUPTED
    except EOFError:
        out("\n" + say("auth.eof"))
        return EXIT_EOF
    except Refused as refusal:
        out(say("auth.refused", network=display_name(network), reason=refusal))
        return EXIT_REFUSED
    _after(path, list(got.values), out)
    if dropped:
        out(say("auth.dropped", path=path, names=say("list.comma").join(dropped)))
    return EXIT_OK


def _after(path: Path, names: list[str], out: Callable[[str], None]) -> None:
    """What was saved, whether git will keep it out, how to load it into CI."""
    out(say("auth.saved", path=path, names=say("list.comma").join(names)))
    gitignore, entry = envfile.ignore(path)
    if entry:
        out(say("auth.gitignore_added", entry=entry, gitignore=gitignore))
    ignored = envfile.check_ignored(path)
    if ignored is None:
        folder = path.parent.resolve()
        out(say("auth.no_repo", folder=folder, gitignore=gitignore))
    elif ignored:
        out(say("auth.ignored", path=path))
    else:
        out(say("auth.not_ignored", path=path))
    out(say("auth.github", path=path))
    out(say("auth.next"))
