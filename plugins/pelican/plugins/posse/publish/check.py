"""``pelican-posse check``: can each network be posted to, before anything is sent?

First the accounts a build shows (POSSE_PROFILES, POSSE_AUTHORS, POSSE_FOLLOW:
the build's own problems, as warnings: publish does not need them). Then for
each network in ``POSSE_SYNDICATE``: first what can be seen without a request
(each network's ``problems_offline``: empty values, quotes, spaces, a Page's user
name where its id belongs, ...), then, unless ``--offline`` or a value is already
wrong, one read-only call that proves the credentials can post there
(``Network.verify``). X bills that read: it is announced before it is made.

Exit codes: 0 all good (notes only); 1 warnings only (a token that expires within
14 days, a network that could not be asked); 2 a problem that would make publish
fail. No value of a secret is ever shown: findings name the variable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import profiles
from ..profiles import display_name
from .messages import say
from .networks import NETWORKS
from .networks.base import (
    NOTE,
    PROBLEM,
    WARNING,
    Network,
    Permanent,
    Problem,
    Registry,
    RetryLater,
    Transient,
    expiry_problems,
    refused,
    scrub,
)

EXIT_OK, EXIT_WARNINGS, EXIT_PROBLEMS = 0, 1, 2


@dataclass
class NetworkCheck:
    """What ``check`` found about one network."""

    network: str
    problems: list[Problem] = field(default_factory=list)
    online: bool = False  # the read-only call was made
    account: str = ""
    expires: dt.datetime | None = None

    @property
    def label(self) -> str:
        return display_name(self.network)


@dataclass
class CheckReport:
    networks: list[NetworkCheck]
    offline: bool
    secrets: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)  # warnings, in words

    def count(self, severity: str) -> int:
        found = sum(p.severity == severity for n in self.networks for p in n.problems)
        return found + (len(self.settings) if severity == WARNING else 0)

    @property
    def exit_code(self) -> int:
        if self.count(PROBLEM):
            return EXIT_PROBLEMS
        return EXIT_WARNINGS if self.count(WARNING) else EXIT_OK

    def text(self, check: NetworkCheck, problem: Problem) -> str:
        """The finding's sentence, scrubbed of every secret of the run."""
        said = say(
            problem.key,
            network=check.label,
            name=check.network,
            variable=problem.variable,
            **problem.values,
        )
        return scrub(said, self.secrets)


def check(
    posse: Any,
    env: Mapping[str, str],
    *,
    offline: bool = False,
    now: dt.datetime | None = None,
    registry: Registry = NETWORKS,
    announce: Any = None,
    site_settings: Mapping[str, Any] | None = None,
) -> CheckReport:
    """Check the accounts a build shows (with ``site_settings``, Pelican's),
    then every network of ``posse.syndicate``. ``announce(text)`` is called
    before a billed call is made (the CLI prints it at once)."""
    now = now or dt.datetime.now(dt.UTC)
    report = CheckReport([], offline)
    if site_settings is not None:
        report.settings = profiles.problems(posse, site_settings)
    for name in posse.syndicate:
        found = NetworkCheck(name)
        report.networks.append(found)
        try:
            cls = registry.load(name)
        except ImportError as error:
            found.problems.append(
                Problem(WARNING, "", "check.not_installed", {"error": error.name or ""})
            )
            continue
        network = cls(env, posse)
        report.secrets += network.secrets()
        if all(not env.get(v, "").strip() for v in cls.env_vars):
            names = ", ".join(cls.env_vars)
            found.problems.append(
                Problem(WARNING, "", "check.not_configured", {"names": names})
            )
            continue
        found.problems += cls.problems_offline(env, posse, now)
        if any(p.severity == PROBLEM for p in found.problems):
            continue  # asking the network would only say the same, or worse
        if offline:
            if cls.billed_verify:
                found.problems.append(Problem(NOTE, "", "check.billed_skipped"))
            continue
        if cls.billed_verify:
            billed = Problem(NOTE, "", "check.billed")
            found.problems.append(billed)
            if announce is not None:
                announce(report.text(found, billed))
        _online(network, found, now)
    return report


def _online(network: Network, found: NetworkCheck, now: dt.datetime) -> None:
    """The network's one read-only call, its findings added to ``found``."""
    try:
        verified = network.verify()
    except Permanent as error:  # a value the network module refused to send
        found.problems.append(refused(network.env_vars[0], error))
        return
    except (Transient, RetryLater) as error:
        found.problems.append(
            Problem(WARNING, "", "check.unreachable", {"message": error.message})
        )
        return
    except ImportError as error:  # the network's library is missing
        found.problems.append(
            Problem(WARNING, "", "check.not_installed", {"error": error.name or ""})
        )
        return
    found.online = True
    found.account = verified.account
    found.expires = verified.expires
    found.problems += verified.problems
    if verified.expires is not None:
        # The network's own word wins over a stored date (checked offline).
        found.problems = [p for p in found.problems if p.variable != network.expiry_var]
        token = (network.secret_vars or network.env_vars)[-1]
        found.problems += expiry_problems(token, verified.expires, now)


def proof(network: Network, now: dt.datetime) -> str | None:
    """publish's online check of one network, before its first post of a run,
    on the instance that then posts: ``verify()``'s first problem, worded as
    ``check`` words it (the variable and the fix, no secret); None when the
    network may be posted to, or could not be asked (its post will say)."""
    found = NetworkCheck(network.name)
    _online(network, found, now)
    problem = next((p for p in found.problems if p.severity == PROBLEM), None)
    if problem is None:
        return None
    report = CheckReport([found], offline=False, secrets=network.secrets())
    text = report.text(found, problem)
    if problem.variable:
        return say(
            "check.publish_refused",
            network=found.label,
            variable=problem.variable,
            text=text,
        )
    return say("check.publish_refused_plain", network=found.label, text=text)


def stored_expiry_notes(
    networks: Mapping[str, Any], env: Mapping[str, str], now: dt.datetime
) -> list[str]:
    """publish's warnings about tokens that expire within 14 days, from their
    stored expiry: no request (a network whose expiry is not stored says
    nothing). ``networks``: the plan's ``NetworkInfo`` by name."""
    notes = []
    for name, info in networks.items():
        if not info.configured or info.cls is None:
            continue
        for problem in info.cls.stored_expiry_problems(env, now):
            if problem.key in ("check.expired", "check.expires_soon"):
                network = display_name(name)
                said = say(problem.key, network=network, name=name, **problem.values)
                notes.append(
                    say(
                        "check.publish_expiry",
                        network=network,
                        variable=problem.variable,
                        said=said,
                    )
                )
    return notes


# --- output ---------------------------------------------------------------------
def as_json(report: CheckReport) -> dict[str, Any]:
    return {
        "offline": report.offline,
        "exit_code": report.exit_code,
        "problems": report.count(PROBLEM),
        "warnings": report.count(WARNING),
        "settings": report.settings,
        "networks": [
            {
                "network": n.network,
                "label": n.label,
                "checked_online": n.online,
                "account": n.account or None,
                "expires": n.expires.isoformat() if n.expires else None,
                "findings": [
                    {
                        "severity": p.severity,
                        "variable": p.variable or None,
                        "key": p.key,
                        "message": report.text(n, p),
                    }
                    for p in n.problems
                ],
            }
            for n in report.networks
        ],
    }


def lines(report: CheckReport) -> list[str]:
    """What ``check`` prints: a line per network, a line per finding, a summary."""
    out = [say("check.settings", problem=p) for p in report.settings]
    if not report.networks:
        return [*out, say("check.none")]
    for n in report.networks:
        if n.online and n.account:
            out.append(say("check.reached", network=n.label, account=n.account))
        elif n.online and not any(p.severity == PROBLEM for p in n.problems):
            out.append(say("check.valid", network=n.label))
        elif not any(p.severity in (PROBLEM, WARNING) for p in n.problems):
            out.append(say("check.well_formed", network=n.label))
        else:
            out.append(say("check.network", network=n.label))
        for p in n.problems:
            if p.key == "check.billed":
                continue  # said before the call was made (``announce``)
            severity = say(f"check.severity.{p.severity}")
            text = report.text(n, p)
            if p.variable:
                out.append(
                    say(
                        "check.finding",
                        severity=severity,
                        variable=p.variable,
                        text=text,
                    )
                )
            else:
                out.append(say("check.finding_plain", severity=severity, text=text))
    problems, warnings = report.count(PROBLEM), report.count(WARNING)
    if report.exit_code == EXIT_OK:
        out.append(say("check.all_good", count=len(report.networks)))
    else:
        out.append(
            say(
                "check.summary",
                problems=problems,
                warnings=warnings,
                code=report.exit_code,
            )
        )
    if report.offline:
        out.append(say("check.offline"))
    return out
