"""The ``auth`` flows of Threads (a long-lived token from Meta, and its
refresh) and Misskey (MiAuth), through ``Prompts`` as in flows.py, which holds
the other networks' flows and what they all share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from ...settings_servers import misskey_server_url
from ..messages import say
from ..networks.base import stored_expiry
from .flows import THREADS_URL, Got, Prompts, _base, _http, _server


# --- Threads -------------------------------------------------------------------------
def _threads_get(p: Prompts, base: str, path: str, **query: str) -> dict[str, Any]:
    """A Threads GET (the token in the query, as Threads documents it, over
    https); an error becomes one sentence, scrubbed of what was typed."""
    reply = _http(p, "GET", f"{base}/{path}?{urlencode(query)}")
    try:
        body = reply.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    error = body.get("error")
    if reply.ok and not error:
        return body
    error = (
        error if isinstance(error, dict) else {"message": f"HTTP {reply.status_code}"}
    )
    message = str(error.get("message", ""))
    if error.get("code") == 101 or "client secret" in message.lower():
        raise p.refuse("auth.threads.bad_secret")
    if error.get("code") == 190 and error.get("error_subcode") == 463:
        raise p.refuse("auth.threads.short_expired")
    raise p.refuse("auth.threads.error", error=message[:200])


def _threads_token(
    p: Prompts, base: str, body: dict[str, Any]
) -> tuple[str, str, str, str]:
    """The new token, its expiry date, and the account (id, username) it is of."""
    token = str(body.get("access_token", ""))
    if not token:
        raise p.refuse("auth.threads.error", error="no access_token")
    p.typed.append(token)
    seconds = body.get("expires_in")
    seconds = seconds if isinstance(seconds, int) and seconds > 0 else 60 * 86400
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)
    me = _threads_get(p, base, "v1.0/me", fields="id,username", access_token=token)
    return (
        token,
        expires.date().isoformat(),
        str(me.get("id", "")),
        me.get("username", ""),
    )


def threads(p: Prompts, environ: Mapping[str, str]) -> Got:
    """A short-lived token of the user's own → a 60-day token; the user id. The
    app secret serves the exchange only: it is not stored."""
    base = _base(environ, "POSSE_THREADS_API_URL", THREADS_URL)
    p.say(say("auth.threads.intro"))
    secret = p.value("auth.threads.app_secret", hidden=True)
    short = p.value("auth.threads.short_token", hidden=True)
    body = _threads_get(
        p,
        base,
        "access_token",
        grant_type="th_exchange_token",
        client_secret=secret,
        access_token=short,
    )
    token, date, user, name = _threads_token(p, base, body)
    p.say(say("auth.threads.done", name=name, date=date))
    return Got(
        {
            "POSSE_THREADS_USER_ID": user,
            "POSSE_THREADS_TOKEN": token,
            "POSSE_THREADS_TOKEN_EXPIRES": date,
        },
        ("POSSE_THREADS_TOKEN",),
    )


def threads_refresh(p: Prompts, environ: Mapping[str, str]) -> Got:
    """``--refresh``: a new 60-day token for the stored one, which Threads
    refreshes only once it is 24 hours old and before it expires."""
    base = _base(environ, "POSSE_THREADS_API_URL", THREADS_URL)
    token = environ.get("POSSE_THREADS_TOKEN", "").strip()
    if not token:
        raise p.refuse("auth.threads.no_token")
    p.typed.append(token)
    raw = environ.get("POSSE_THREADS_TOKEN_EXPIRES", "").strip()
    try:
        expires = stored_expiry(raw) if raw else None
    except ValueError:
        expires = None
    now = dt.datetime.now(dt.UTC)
    if expires is not None and expires <= now:
        raise p.refuse("auth.threads.expired", date=expires.date().isoformat())
    # A token lasts 60 days: one that ends more than 59 days from now is less
    # than a day old, and Threads would refuse it.
    if expires is not None and expires - now > dt.timedelta(days=59):
        after = (expires - dt.timedelta(days=59)).strftime("%Y-%m-%d %H:%M UTC")
        raise p.refuse("auth.threads.too_new", after=after)
    body = _threads_get(
        p,
        base,
        "refresh_access_token",
        grant_type="th_refresh_token",
        access_token=token,
    )
    new, date, user, name = _threads_token(p, base, body)
    p.say(say("auth.threads.refreshed", name=name, date=date))
    values = {"POSSE_THREADS_TOKEN": new, "POSSE_THREADS_TOKEN_EXPIRES": date}
    if user:
        values = {"POSSE_THREADS_USER_ID": user, **values}
    return Got(values, ("POSSE_THREADS_TOKEN",))


# --- Misskey -------------------------------------------------------------------------
MISSKEY_PERMISSION = "write:notes"


def misskey(p: Prompts, environ: Mapping[str, str]) -> Got:
    """MiAuth: a fresh session id, the person allows it in the browser, then
    ``POST /api/miauth/{session}/check`` answers the token and the user."""
    import uuid  # noqa: PLC0415 - only for auth misskey

    # Servers whose rules ask automatic posters for the bot flag (with their
    # sources): auth mentions it, check warns.
    from ..networks.misskey import BOT_RULES  # noqa: PLC0415

    server = _server(p, "misskey", misskey_server_url)
    session = str(uuid.uuid4())
    query = urlencode({"name": "pelican-posse", "permission": MISSKEY_PERMISSION})
    p.say(say("auth.misskey.open", url=f"{server}/miauth/{session}?{query}"))
    p.ask(say("auth.misskey.wait"))  # Enter, once Allow was pressed
    reply = _http(p, "POST", f"{server}/api/miauth/{session}/check", json={})
    try:
        body = reply.json()
    except ValueError:
        body = None
    if not reply.ok or not isinstance(body, dict):
        error = body.get("error") if isinstance(body, dict) else None
        words = error.get("message") if isinstance(error, dict) else None
        raise p.refuse("auth.misskey.error", error=words or f"HTTP {reply.status_code}")
    token = str(body.get("token") or "")
    if not body.get("ok") or not token:
        raise p.refuse("auth.misskey.not_allowed")
    p.typed.append(token)
    user = body.get("user") if isinstance(body.get("user"), dict) else {}
    host = urlsplit(server).hostname or ""
    p.say(say("auth.misskey.done", name=user.get("username", "?"), server=host))
    if host in BOT_RULES and not user.get("isBot"):
        p.say(say("auth.misskey.bot", server=host))
    values = {"POSSE_MISSKEY_SERVER": server, "POSSE_MISSKEY_TOKEN": token}
    if user.get("id"):
        values["POSSE_MISSKEY_USER_ID"] = str(user["id"])
    return Got(values, ("POSSE_MISSKEY_TOKEN",))
