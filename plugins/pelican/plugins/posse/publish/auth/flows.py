"""One function per network: its documented way of getting credentials
(``shared/contracts/README.md``, "Getting credentials"), through ``Prompts``.

Each returns a ``Got``: the values to store and which of them are secret. A
refusal is ``Refused`` (one sentence, no secret in it). Nothing here writes a
file or prints a value typed with ``Prompts.secret``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests

from ...settings_servers import mastodon_instance_url
from ..messages import say
from ..networks.base import scrub

TIMEOUT = 30
X_API_URL = "https://api.x.com"
GRAPH_URL = "https://graph.facebook.com"
GRAPH_VERSION = "v26.0"
BLUESKY_URL = "https://bsky.social"
THREADS_URL = "https://graph.threads.net"
OOB = "urn:ietf:wg:oauth:2.0:oob"
MASTODON_SCOPES = "write:statuses profile"
FACEBOOK_SCOPES = ("pages_manage_posts", "pages_read_engagement")
APP_PASSWORD = re.compile(r"[A-Za-z0-9]{4}(-[A-Za-z0-9]{4}){3}")
HANDLE = re.compile(r"([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,}")


class Refused(Exception):
    """The network (or a value typed) said no: one sentence, no secret."""


@dataclass
class Prompts:
    """How a flow talks: ``ask`` (echoed), ``secret`` (never echoed), ``say``."""

    ask: Callable[[str], str]
    secret: Callable[[str], str]
    say: Callable[[str], None]
    typed: list[str] = field(default_factory=list)  # secrets, to scrub errors

    def value(self, key: str, *, hidden: bool = False) -> str:
        """The answer to ``key``'s prompt, asked again while empty."""
        while True:
            answer = (self.secret if hidden else self.ask)(say(key)).strip()
            if answer:
                if hidden:
                    self.typed.append(answer)
                return answer

    def refuse(self, key: str, **values: Any) -> Refused:
        return Refused(scrub(say(key, **values), self.typed))


@dataclass
class Got:
    values: dict[str, str]
    secret: tuple[str, ...]
    # Names an earlier ``auth`` may have stored that this one leaves out on
    # purpose: removed from the file (a secret no command needs is not kept).
    drop: tuple[str, ...] = ()


def _base(environ: Mapping[str, str], name: str, default: str) -> str:
    return (environ.get(name, "").strip() or default).rstrip("/")


def _http(p: Prompts, method: str, url: str, **kw: Any) -> requests.Response:
    try:
        return requests.request(method, url, timeout=TIMEOUT, **kw)
    except requests.RequestException as error:
        where = urlsplit(url)
        raise p.refuse(
            "auth.unreachable",
            url=f"{where.scheme}://{where.netloc}",
            error=type(error).__name__,
        ) from None


# --- X -----------------------------------------------------------------------------
def x(p: Prompts, environ: Mapping[str, str]) -> Got:
    """The PIN-based OAuth 1.0a flow, through tweepy's ``OAuth1UserHandler``."""
    import tweepy  # noqa: PLC0415 - only for auth x

    base = _base(environ, "POSSE_X_API_URL", X_API_URL)

    class Handler(tweepy.OAuth1UserHandler):
        def _get_oauth_url(self, endpoint: str) -> str:
            return f"{base}/oauth/{endpoint}"

    p.say(say("auth.x.intro"))
    key = p.value("auth.x.api_key", hidden=True)
    secret = p.value("auth.x.api_secret", hidden=True)
    handler = Handler(key, secret, callback="oob")
    try:
        url = handler.get_authorization_url()
    except tweepy.TweepyException as error:
        raise p.refuse("auth.x.request_failed", error=_first_line(error)) from None
    p.say(say("auth.x.open", url=url))
    pin = p.value("auth.x.pin")
    try:
        token, token_secret = handler.get_access_token(pin)
    except tweepy.TweepyException as error:
        raise p.refuse("auth.x.pin_refused", error=_first_line(error)) from None
    return Got(
        {
            "POSSE_X_API_KEY": key,
            "POSSE_X_API_SECRET": secret,
            "POSSE_X_ACCESS_TOKEN": token,
            "POSSE_X_ACCESS_TOKEN_SECRET": token_secret,
        },
        (
            "POSSE_X_API_KEY",
            "POSSE_X_API_SECRET",
            "POSSE_X_ACCESS_TOKEN",
            "POSSE_X_ACCESS_TOKEN_SECRET",
        ),
    )


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else ""


# --- Facebook ------------------------------------------------------------------------
def _graph(p: Prompts, url: str, path: str, token: str, **query: str) -> Any:
    """A Graph GET (the token in the Authorization header, never in the URL's
    log); a Graph error becomes one sentence."""
    reply = _http(
        p,
        "GET",
        f"{url}/{path}" + (f"?{urlencode(query)}" if query else ""),
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )
    try:
        body = reply.json()
    except ValueError:
        body = {}
    error = body.get("error") if isinstance(body, dict) else None
    if reply.ok and not error:
        return body
    error = error or {"message": f"HTTP {reply.status_code}"}
    code, subcode = error.get("code"), error.get("error_subcode")
    message = str(error.get("message", ""))
    if code == 190 and subcode == 463:
        raise p.refuse("auth.facebook.expired")
    if code in (1, 101) or "client secret" in message.lower():
        raise p.refuse("auth.facebook.bad_app", error=message)
    if code == 100 and "node type (Page)" in message:
        raise p.refuse("auth.facebook.page_token_given")
    raise p.refuse("auth.facebook.error", error=message)


def facebook(
    p: Prompts, environ: Mapping[str, str], *, keep_app_secret: bool = False
) -> Got:
    """Short-lived user token → long-lived one → the chosen Page's token.

    The App secret serves the exchange and ``debug_token`` here, then is
    forgotten: posting needs only the Page token, and Graph documents
    ``debug_token`` for an app token or an app developer's user token, never
    for a Page token inspecting itself. ``keep_app_secret``: store the App ID
    and secret too, so that ``check`` can read the token's type, permissions
    and expiry online (the expiry is stored either way)."""
    version = environ.get("POSSE_FACEBOOK_API_VERSION", "").strip() or GRAPH_VERSION
    url = _base(environ, "POSSE_FACEBOOK_API_URL", GRAPH_URL) + "/" + version
    p.say(say("auth.facebook.intro"))
    app_id = p.value("auth.facebook.app_id")
    if not app_id.isdigit():
        raise p.refuse("auth.facebook.bad_app_id")
    app_secret = p.value("auth.facebook.app_secret", hidden=True)
    short = p.value("auth.facebook.user_token", hidden=True)
    exchanged = _graph(
        p,
        url,
        "oauth/access_token",
        "",
        grant_type="fb_exchange_token",
        client_id=app_id,
        client_secret=app_secret,
        fb_exchange_token=short,
    )
    long_lived = str(exchanged.get("access_token", ""))
    p.typed.append(long_lived)
    fields = "id,name,access_token,tasks"
    pages = _graph(p, url, "me/accounts", long_lived, fields=fields).get("data") or []
    page = _pick_page(p, pages)
    token = str(page.get("access_token", ""))
    p.typed.append(token)
    data = _graph(
        p, url, "debug_token", f"{app_id}|{app_secret}", input_token=token
    ).get("data", {})
    if not data.get("is_valid"):
        raise p.refuse("auth.facebook.invalid")
    if data.get("type") != "PAGE":
        raise p.refuse("auth.facebook.not_page", type=data.get("type", "?"))
    lacking = [s for s in FACEBOOK_SCOPES if s not in (data.get("scopes") or [])]
    if lacking:
        p.say(say("auth.facebook.lacks", scopes=", ".join(lacking)))
    if "pages_manage_posts" in lacking:
        raise p.refuse("auth.facebook.cannot_publish")
    expires_at = int(data.get("expires_at") or 0)
    name = page.get("name", "")
    if expires_at:
        date = dt.datetime.fromtimestamp(expires_at, dt.UTC).date().isoformat()
        p.say(say("auth.facebook.expires", name=name, date=date))
    else:
        date = "never"
        p.say(say("auth.facebook.never", name=name))
    values = {
        "POSSE_FACEBOOK_PAGE_ID": str(page.get("id", "")),
        "POSSE_FACEBOOK_PAGE_TOKEN": token,
        "POSSE_FACEBOOK_PAGE_TOKEN_EXPIRES": date,
    }
    app = {"POSSE_FACEBOOK_APP_ID": app_id, "POSSE_FACEBOOK_APP_SECRET": app_secret}
    if keep_app_secret:
        return Got(
            values | app, ("POSSE_FACEBOOK_PAGE_TOKEN", "POSSE_FACEBOOK_APP_SECRET")
        )
    return Got(values, ("POSSE_FACEBOOK_PAGE_TOKEN",), drop=tuple(app))


def _pick_page(p: Prompts, pages: list[dict[str, Any]]) -> dict[str, Any]:
    if not pages:
        raise p.refuse("auth.facebook.no_pages")
    if len(pages) == 1:
        page = pages[0]
        p.say(say("auth.facebook.one_page", name=page.get("name"), id=page.get("id")))
    else:
        p.say(say("auth.facebook.pages"))
        for number, one in enumerate(pages, 1):
            key = (
                "auth.facebook.page"
                if "CREATE_CONTENT" in (one.get("tasks") or [])
                else "auth.facebook.page_cannot_post"
            )
            p.say(say(key, number=number, name=one.get("name"), id=one.get("id")))
        while True:
            answer = p.value("auth.facebook.pick")
            if answer.isdigit() and 1 <= int(answer) <= len(pages):
                page = pages[int(answer) - 1]
                break
            p.say(say("auth.choice_again", count=len(pages)))
    if "CREATE_CONTENT" not in (page.get("tasks") or []):
        raise p.refuse("auth.facebook.cannot_post", name=page.get("name"))
    return page


# --- Mastodon ------------------------------------------------------------------------
def _server(p: Prompts, network: str, check: Callable[[str], str]) -> str:
    """The server typed at ``auth.{network}.server``, checked as its setting is
    (``check``), or the server of a handle typed. A wrong one is said at once,
    with why, and asked again; refused after three tries, so that answers piped
    in cannot loop for ever."""
    for _ in range(3):
        typed = p.value(f"auth.{network}.server")
        value = typed.strip()
        if "://" not in value:
            value = value.lstrip("@").split("@")[-1]
        try:
            return check(value)
        except ValueError as why:
            p.say(say("auth.server_again", server=typed, why=str(why)))
    raise p.refuse(f"auth.{network}.bad_server", server=typed)


def mastodon(p: Prompts, environ: Mapping[str, str]) -> Got:
    """Register an app (``write:statuses profile``), authorize, exchange the code."""
    server = _server(p, "mastodon", mastodon_instance_url)
    reply = _http(
        p,
        "POST",
        f"{server}/api/v1/apps",
        data={
            "client_name": "pelican-posse",
            "redirect_uris": OOB,
            "scopes": MASTODON_SCOPES,
        },
    )
    if not reply.ok:
        raise p.refuse("auth.mastodon.app_refused", error=_said(reply))
    app = reply.json()
    client_id, client_secret = app["client_id"], app["client_secret"]
    p.typed.append(client_secret)
    query = urlencode(
        {
            "client_id": client_id,
            "scope": MASTODON_SCOPES,
            "redirect_uri": OOB,
            "response_type": "code",
        }
    )
    p.say(say("auth.mastodon.open", url=f"{server}/oauth/authorize?{query}"))
    code = p.value("auth.mastodon.code")
    reply = _http(
        p,
        "POST",
        f"{server}/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uri": OOB,
            "scope": MASTODON_SCOPES,
        },
    )
    if not reply.ok:
        raise p.refuse("auth.mastodon.bad_code")
    token = reply.json()["access_token"]
    p.typed.append(token)
    me = _http(
        p,
        "GET",
        f"{server}/api/v1/accounts/verify_credentials",
        headers={"Authorization": f"Bearer {token}"},
    )
    if me.ok:
        name = me.json().get("acct", "")
        p.say(say("auth.mastodon.done", name=name, server=urlsplit(server).netloc))
    return Got(
        {"POSSE_MASTODON_INSTANCE": server, "POSSE_MASTODON_TOKEN": token},
        ("POSSE_MASTODON_TOKEN",),
    )


def _said(reply: requests.Response) -> str:
    try:
        body = reply.json()
    except ValueError:
        return f"HTTP {reply.status_code}"
    if isinstance(body, dict) and body.get("error"):
        return str(body.get("error_description") or body["error"])[:200]
    return f"HTTP {reply.status_code}"


# --- Bluesky -------------------------------------------------------------------------
def bluesky(p: Prompts, environ: Mapping[str, str]) -> Got:
    """A handle and an app password, checked with one ``createSession``."""
    base = _base(environ, "POSSE_BLUESKY_API_URL", BLUESKY_URL)
    p.say(say("auth.bluesky.intro"))
    handle = p.value("auth.bluesky.handle").lstrip("@")
    if not HANDLE.fullmatch(handle):
        raise p.refuse("auth.bluesky.bad_handle", handle=handle)
    password = p.value("auth.bluesky.password", hidden=True)
    if not APP_PASSWORD.fullmatch(password):
        raise p.refuse("auth.bluesky.not_app_password")  # never sent
    reply = _http(
        p,
        "POST",
        f"{base}/xrpc/com.atproto.server.createSession",
        json={"identifier": handle, "password": password},
    )
    if not reply.ok:
        try:
            error = reply.json().get("error", "")
        except ValueError:
            error = ""
        if error == "AuthFactorTokenRequired":
            raise p.refuse("auth.bluesky.account_password")
        if reply.status_code == 401:
            raise p.refuse("auth.bluesky.wrong")
        raise p.refuse("auth.bluesky.error", error=error or reply.status_code)
    p.say(say("auth.bluesky.done", name=reply.json().get("handle", handle)))
    return Got(
        {"POSSE_BLUESKY_HANDLE": handle, "POSSE_BLUESKY_APP_PASSWORD": password},
        ("POSSE_BLUESKY_APP_PASSWORD",),
    )
