"""The one interface every syndication network implements.

A network module declares its name, the environment variables it needs and one
way to post. It raises one of the errors below so that the engine can decide,
the same way for every network, whether to retry now, retry on the next run,
stop this network for the run, or record the post as already made.
Secrets come only from the environment and never appear in an error message.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import socket
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

from ...said import Said, said
from .words import bare, code_words  # noqa: F401 - the networks' words, for said()

MIN_SECRET = 6
_Words = TypeVar("_Words", str, Said)


def _worth_hiding(secrets: Iterable[str]) -> set[str]:
    return {s for s in secrets if s and len(s) >= MIN_SECRET}


def scrub(text: _Words, secrets: Iterable[str]) -> _Words:
    """``text`` with every secret value replaced by ``***``.

    Libraries put request details in their exception texts and debug logs; this is
    the last line of defence before such a text reaches a person or a file. Values
    shorter than ``MIN_SECRET`` are left alone: no real key is that short, and
    replacing every "t" would make the text unreadable.
    """
    if isinstance(text, Said):  # its values: a network's words may be among them
        return Said(
            text.key,
            {
                k: scrub(v, secrets) if isinstance(v, str | Said) else v
                for k, v in text.values.items()
            },
        )
    for secret in sorted(_worth_hiding(secrets), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


class _ScrubFilter(logging.Filter):
    """Scrubs known secrets from records of third-party loggers (oauthlib logs the
    OAuth parameters, token included, at DEBUG)."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            message = record.getMessage()
            clean = scrub(message, self.secrets)
            if clean != message:
                record.msg, record.args = clean, ()
        return True


_SCRUB_FILTER = _ScrubFilter()


def guard_logs(secrets: Iterable[str], *logger_names: str) -> None:
    """Keep ``secrets`` out of what the named loggers emit, from now on."""
    _SCRUB_FILTER.secrets.update(_worth_hiding(secrets))
    for name in logger_names:
        logger = logging.getLogger(name)
        if _SCRUB_FILTER not in logger.filters:
            logger.addFilter(_SCRUB_FILTER)


# --- `pelican-posse check` ------------------------------------------------------
# How bad a finding of `check` is: "problem" would make publish fail (exit 2),
# "warning" will soon or may (exit 1), "note" says what could not be checked.
PROBLEM, WARNING, NOTE = "problem", "warning", "note"
EXPIRY_WARNING = dt.timedelta(days=14)


@dataclass(frozen=True)
class Problem:
    """One finding of ``check``: the variable it is about, and a sentence key of
    ``messages.py`` with its values (never a secret: names, formats, the
    network's own words scrubbed)."""

    severity: str
    variable: str
    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Verified:
    """What one read-only call proved: the account it reached, the token's
    expiry when the network told it, and what it found wrong."""

    account: str = ""
    expires: dt.datetime | None = None
    problems: list[Problem] = field(default_factory=list)


def refused(variable: str, error: Permanent) -> Problem:
    """The network refused the check's read: its words and remedy (already
    scrubbed of secrets), about ``variable`` unless the error names its own
    (an API URL that is not one is refused before any credential is sent)."""
    return Problem(
        PROBLEM,
        error.variable or variable,
        "check.refused",
        {"message": bare(error.message), "remedy": error.remedy},
    )


def value_problems(env: Mapping[str, str], name: str) -> list[Problem]:
    """The format problems every credential can have: unset or empty, spaces or
    a line break around it, quotes around it, a space inside it."""
    raw = env.get(name)
    if raw is None or not raw.strip():
        return [Problem(PROBLEM, name, "check.empty")]
    value = raw.strip()
    if value[0] in "'\"" or value[-1] in "'\"":
        return [Problem(PROBLEM, name, "check.quoted")]
    if any(c.isspace() for c in value):
        return [Problem(PROBLEM, name, "check.inner_space")]
    if raw != value:
        return [Problem(WARNING, name, "check.stray_space")]
    return []


def expiry_problems(
    variable: str, expires: dt.datetime | None, now: dt.datetime
) -> list[Problem]:
    """An expired token is a problem; one that expires within 14 days, a warning."""
    if expires is None:
        return []
    when = expires.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    if expires <= now:
        return [Problem(PROBLEM, variable, "check.expired", {"when": when})]
    if expires - now <= EXPIRY_WARNING:
        days = max((expires - now).days, 0)
        return [
            Problem(
                WARNING, variable, "check.expires_soon", {"when": when, "days": days}
            )
        ]
    return []


def stored_expiry(raw: str) -> dt.datetime | None:
    """A stored expiry (``2026-09-30`` or an ISO 8601 time; ``never`` or ``0``:
    none). Raises ValueError on anything else."""
    value = raw.strip().strip("'\"")
    if value.lower() in ("", "0", "never"):
        return None
    when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


# --- what every network reads in an answer ---------------------------------------
_LANGUAGE = re.compile(r"[a-z]{2,3}")


def language_code(lang: str) -> str | None:
    """The ISO 639 code networks want ("ja") of Pelican's ``lang`` ("ja_JP",
    "en-US"); None when it is not one."""
    primary = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0] if lang else ""
    return primary if _LANGUAGE.fullmatch(primary) else None


def timestamp(value: Any) -> dt.datetime | None:
    """An ISO 8601 time a network sent ("...Z" too) as an instant; None when it
    is not one (a time without an offset is taken as UTC)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def json_object(response: Any) -> dict[str, Any] | None:
    """A ``requests`` answer's JSON object, or None (a proxy's error page, a
    garbled body, a JSON value that is not an object)."""
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


@dataclass(frozen=True)
class Post:
    """One announcement of one article on one network, as composed by the build."""

    article_id: str
    network: str
    text: str
    url: str  # the article's absolute URL
    link: str | None = None  # sent as a separate link parameter (Facebook)
    title: str = ""
    description: str = ""  # plain text for link cards (Bluesky embed)
    image: str | None = None  # absolute URL of the card image
    lang: str = "en"
    # Stable for this article and network: networks that accept an idempotency
    # key (Mastodon) get this, so a retry can never double-post.
    idempotency_key: str = ""


@dataclass(frozen=True)
class Delivered:
    remote_id: str
    url: str


class DeliveryError(Exception):
    """A post did not go through. ``message`` is the network's own words (text),
    or our sentence around them (a Said: the ledger keeps its key and values,
    and it is put in words in the reader's language when shown)."""

    def __init__(
        self,
        network: str,
        message: str | Said,
        *,
        status: int | None = None,
        code: str | int | None = None,
        variable: str | None = None,
    ) -> None:
        super().__init__(f"{network}: {message}")
        self.network = network
        self.message = message
        self.status = status
        self.code = code
        self.variable = variable  # the variable at fault, when one is known


class Transient(DeliveryError):
    """Try again soon: nothing was created (connection refused, connect timeout,
    DNS, a throttle-like refusal before the request was processed, or a failed
    read). The engine backs off and sends again."""


class Unconfirmed(DeliveryError):
    """The request may have reached the network and its answer was lost.

    A read timeout after sending, a connection reset or aborted after sending, a
    5xx after the request was sent, a 2xx without a post id, a garbled body: the
    post may exist. Sending again is safe only while the network refuses a copy
    (``Network.copy_refusal``); otherwise look first (``Network.look``).
    A failure that certainly happened before anything was sent (connect timeout,
    connection refused, DNS) is ``Transient``, never this.
    """


class RetryLater(DeliveryError):
    """Throttled: not before ``not_before`` (None when the network did not say)."""

    def __init__(
        self,
        network: str,
        message: str | Said,
        *,
        not_before: dt.datetime | None = None,
        **kw,
    ) -> None:
        super().__init__(network, message, **kw)
        self.not_before = not_before


class Permanent(DeliveryError):
    """Will fail again until a person acts: ``remedy`` says what to do.

    The engine stops this network for the rest of the run.
    """

    def __init__(
        self, network: str, message: str | Said, *, remedy: str | Said, **kw
    ) -> None:
        super().__init__(network, message, **kw)
        self.remedy = remedy  # a Said (messages.py), or text already in words


class AlreadyPosted(DeliveryError):
    """The network says this exact post exists (X's duplicate 403, Graph API 506)."""

    def __init__(
        self,
        network: str,
        message: str | Said,
        *,
        remote_id: str | None = None,
        url: str | None = None,
        **kw,
    ) -> None:
        super().__init__(network, message, **kw)
        self.remote_id = remote_id
        self.url = url


class Network(ABC):
    """One syndication target. Subclasses live in one module each."""

    name: ClassVar[str]  # "x", "facebook", ...
    label: ClassVar[str]  # "X", "Facebook", ... for people
    env_vars: ClassVar[tuple[str, ...]]  # every secret it needs, all required
    # The subset of env_vars whose values must never be shown (a Page id is public).
    secret_vars: ClassVar[tuple[str, ...] | None] = None
    # How long after a first attempt the network refuses to create the SAME post
    # again (by its contract or a stated observation), so that sending it again
    # can at worst answer AlreadyPosted. None: no such promise; never re-send an
    # Unconfirmed post without looking first.
    copy_refusal: ClassVar[dt.timedelta | None] = None
    # True when ``look()`` works and is not billed.
    free_reads: ClassVar[bool] = False
    # True when ``verify()`` is billed (X): check announces it, --offline skips it.
    billed_verify: ClassVar[bool] = False
    # Where the token's expiry is stored (not secret: ``auth`` writes it beside
    # the token), so that publish can warn without a call; None: never expires.
    expiry_var: ClassVar[str | None] = None

    def __init__(self, env: Mapping[str, str], settings: object) -> None:
        self.env = env
        self.settings = settings

    @classmethod
    def missing_env(cls, env: Mapping[str, str]) -> list[str]:
        """The required variables that are unset or empty (names, never values)."""
        return [name for name in cls.env_vars if not env.get(name, "").strip()]

    def secrets(self) -> list[str]:
        """The values to scrub from any text this network produces."""
        names = self.env_vars if self.secret_vars is None else self.secret_vars
        return [value for name in names if (value := self.env.get(name, "").strip())]

    def fail(
        self, cls: type[DeliveryError], message: str | Said, **kw: Any
    ) -> DeliveryError:
        """An error of kind ``cls`` whose texts carry none of this network's secrets."""
        secrets = self.secrets()
        clean = {
            k: scrub(v, secrets) if isinstance(v, str | Said) else v
            for k, v in kw.items()
        }
        return cls(self.name, scrub(message, secrets), **clean)

    def require_configured(self) -> None:
        """Refuse to post with a credential unset (names only, never values)."""
        missing = self.missing_env(self.env)
        if missing:
            raise self.fail(
                Permanent,
                said("network.error.not_configured", names=", ".join(missing)),
                remedy=said("network.remedy.not_configured", names=", ".join(missing)),
            )

    def base_url(self, variable: str, default: str, remedy: Said) -> str:
        """The API's base URL: ``variable`` from the environment (fakes, proxies)."""
        base = self.env.get(variable, "").strip() or default
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            message = said("network.error.not_url", variable=variable, value=base)
            raise self.fail(Permanent, message, remedy=remedy, variable=variable)
        return base

    def request_failed(
        self, exc: BaseException, *, sent: bool, remedy: Said
    ) -> DeliveryError:
        """A ``requests`` call that got no answer (X, Facebook). ``sent``: it was a
        request that creates a post, which may have arrived."""
        requests = sys.modules["requests"]  # loaded: exc is one of its errors
        if not isinstance(exc, requests.ConnectionError | requests.Timeout):
            message = said(
                "network.error.request_failed", network=self.label, error=str(exc)
            )
            return self.fail(Permanent, message, remedy=remedy)
        values = {"network": self.label, "kind": type(exc).__name__}
        if never_sent(exc) or not sent:
            timeout = isinstance(exc, requests.Timeout)
            key = "network.error.timeout" if timeout else "network.error.unreachable"
            return self.fail(Transient, said(key, **values))
        if isinstance(exc, requests.Timeout):
            return self.fail(
                Unconfirmed, said("network.error.read_timeout", network=self.label)
            )
        return self.fail(Unconfirmed, said("network.error.broke", **values))

    @classmethod
    def configured(cls, env: Mapping[str, str]) -> bool:
        return not cls.missing_env(env)

    # --- check --------------------------------------------------------------------
    @classmethod
    def problems_offline(
        cls, env: Mapping[str, str], settings: object, now: dt.datetime
    ) -> list[Problem]:
        """What is wrong with the credentials' format, without any request.
        Subclasses add their own formats after these."""
        found = [p for name in cls.env_vars for p in value_problems(env, name)]
        return found + cls.stored_expiry_problems(env, now)

    @classmethod
    def stored_expiry_problems(
        cls, env: Mapping[str, str], now: dt.datetime
    ) -> list[Problem]:
        """The stored expiry (``expiry_var``): expired, or within 14 days."""
        if cls.expiry_var is None or not env.get(cls.expiry_var, "").strip():
            return []
        try:
            expires = stored_expiry(env[cls.expiry_var])
        except ValueError:
            return [Problem(WARNING, cls.expiry_var, "check.bad_expiry")]
        return expiry_problems(cls.expiry_var, expires, now)

    def verify(self) -> Verified:
        """One read-only request that proves the credentials can post (or says
        why not). Raises Transient / RetryLater when the network cannot be asked."""
        raise NotImplementedError(f"{self.label} cannot be checked online")

    @abstractmethod
    def post(self, post: Post) -> Delivered:
        """Publish ``post`` with exactly one API call on success, or raise."""

    def look(self, post: Post, since: dt.datetime) -> Delivered | None:
        """The account's own post, created at or after ``since``, that announces
        ``post.url``; None when there is none (yet: a listing may lag a little).

        Raises Transient / RetryLater / Permanent when the read itself fails.
        Networks whose reads are billed (X) do not look.
        """
        raise NotImplementedError(f"{self.label} cannot look for its own posts")


def never_sent(error: BaseException) -> bool:
    """True when ``error`` certainly happened before the request left: the
    connection was refused or timed out while connecting, the name did not
    resolve, TLS failed, the pool had no connection. Any other transport failure
    (a read timeout, a reset or a dropped connection) may come after the network
    got the request. Looks through the chain of causes and ``args`` (requests
    wraps urllib3's error in a MaxRetryError); only libraries already imported
    are asked, so this never imports one.
    """
    pending: list[object] = [error]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ConnectionRefusedError | socket.gaierror):
            return True
        if isinstance(current, _before_sending()):
            return True
        pending.extend(
            [current.__cause__, current.__context__, getattr(current, "reason", None)]
        )
        pending.extend(current.args)
    return False


def _before_sending() -> tuple[type[BaseException], ...]:
    kinds: list[type[BaseException]] = []
    requests = sys.modules.get("requests.exceptions")
    if requests is not None:
        kinds += [requests.ConnectTimeout, requests.SSLError, requests.ProxyError]
    urllib3 = sys.modules.get("urllib3.exceptions")
    if urllib3 is not None:
        # NewConnectionError and NameResolutionError are ConnectTimeoutErrors.
        kinds += [urllib3.ConnectTimeoutError, urllib3.SSLError, urllib3.ProxyError]
    httpx = sys.modules.get("httpx")
    if httpx is not None:
        kinds += [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout]
    return tuple(kinds)


@dataclass
class Registry:
    """Maps a network name to ``module:Class``; imported only when used."""

    entries: dict[str, str] = field(default_factory=dict)

    def load(self, name: str) -> type[Network]:
        module_name, _, class_name = self.entries[name].partition(":")
        return getattr(import_module(module_name), class_name)
