"""The share row: plain links a reader follows to share an article (POSSE_SHARE).

No script, no third-party resource: each link is a network's documented share
address with the article's title and absolute URL in it. Characters that would
change the address's meaning (``&``, ``#``, ``%``, spaces…) are percent-encoded;
Japanese and other non-ASCII letters are written as they are, since the page is
UTF-8 and a browser sends them percent-encoded as UTF-8 when the link is
followed (a kana costs 3 bytes instead of 9). One small function per network,
collected by a decorator (the share_post plugin's idea); ``POSSE_SHARE`` picks
and orders them. Each link's class names its network; posse.css draws its icon.

Templates call ``posse_share(article)``, a function in every page's template
context (see ``templates/posse/share.html``). Share addresses must be absolute,
so a build without an absolute ``SITEURL`` (the local preview) has no share row.
"""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from .. import profiles
from .. import settings as posse_settings
from ..facts import absolute, plain
from ..labels import BUILTIN, Labels, base_lang
from ..text import regex_on_first_use
from .context import current

log = logging.getLogger(__name__)

Builder = Callable[[str, str, "str | None"], str]
BUILDERS: dict[str, Builder] = {}


# ASCII kept in a query value besides RFC 3986's unreserved (A-Z a-z 0-9 -._~):
# "/:@" are allowed there, so an article's URL reads as itself (url=https://…).
_QUERY = "/:@"
# In a mailto: header value (RFC 6068 some-delims) "/" is not allowed.
_MAILTO = ":@"


# A run of non-ASCII letters, marks, numbers, punctuation and symbols: written as
# it is (not \p{C} controls, format, private use, unassigned, nor \p{Z} spaces).
# Compiled on first use: importing ``regex`` costs ~50M instructions, which a
# build without POSSE_SHARE never needs.
_AS_IS = regex_on_first_use(r"([^\x00-\x7f\p{C}\p{Z}]+)")


def _encode(value: str, keep: str) -> str:
    """Percent-encode (UTF-8) what could change the URL's meaning or break it.

    ASCII outside RFC 3986's unreserved characters and ``keep`` is encoded, and
    so are non-ASCII spaces, controls and invisible formatting characters (which
    no reader should get unseen); other non-ASCII characters (letters, kana,
    punctuation such as 「」, emoji) stay: the page is UTF-8, and a browser
    encodes them as UTF-8 when it follows the link.
    """
    # split() alternates: text to quote, a run kept as it is, text to quote, …
    parts = _AS_IS().split(value)
    parts[::2] = [urllib.parse.quote(p, safe=keep) for p in parts[::2]]
    return "".join(parts)


def _q(value: str) -> str:
    return _encode(value, _QUERY)


def network(name: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        BUILDERS[name] = builder
        return builder

    return register


@network("x")
def _x(title: str, url: str, via: str | None) -> str:
    # X's web intent; `via` credits the site's own X account when there is one.
    link = f"https://x.com/intent/post?text={_q(title)}&url={_q(url)}"
    return f"{link}&via={_q(via)}" if via else link


@network("facebook")
def _facebook(title: str, url: str, via: str | None) -> str:
    return f"https://www.facebook.com/sharer/sharer.php?u={_q(url)}"


@network("line")
def _line(title: str, url: str, via: str | None) -> str:
    return f"https://social-plugins.line.me/lineit/share?url={_q(url)}"


@network("hatena")
def _hatena(title: str, url: str, via: str | None) -> str:
    # Hatena's entry page takes the URL in its path: /entry/s/HOST/PATH for
    # https, /entry/HOST/PATH for http. Non-ASCII path characters are encoded;
    # '#' would end Hatena's own URL, so a fragment is dropped.
    parts = urllib.parse.urlsplit(url)
    secure = "s/" if parts.scheme == "https" else ""
    path = _encode(parts.path or "/", "/%:@!$&'()*+,;=")
    query = "%3F" + _encode(parts.query, "") if parts.query else ""
    return f"https://b.hatena.ne.jp/entry/{secure}{parts.netloc}{path}{query}"


@network("bluesky")
def _bluesky(title: str, url: str, via: str | None) -> str:
    # Bluesky's compose intent takes one text; it links the URL itself.
    return f"https://bsky.app/intent/compose?text={_q(f'{title} {url}')}"


@network("threads")
def _threads(title: str, url: str, via: str | None) -> str:
    # Meta's documented post intent (threads-web-intents): the text, and the
    # article as the post's link attachment (its card).
    return f"https://www.threads.com/intent/post?text={_q(title)}&url={_q(url)}"


@network("misskey")
def _misskey(title: str, url: str, via: str | None) -> str:
    # Misskey Hub's share page (the form its own share-link generator makes):
    # the reader picks their server there, and it forwards text and url to that
    # server's /share form. A plain link: no script on the blog's page.
    return f"https://misskey-hub.net/share/?text={_q(title)}&url={_q(url)}"


@network("linkedin")
def _linkedin(title: str, url: str, via: str | None) -> str:
    return f"https://www.linkedin.com/sharing/share-offsite/?url={_q(url)}"


@network("email")
def _email(title: str, url: str, via: str | None) -> str:
    # RFC 6068: UTF-8; the body is the address to open. The browser encodes the
    # subject's non-ASCII characters before it hands the link to the mail program.
    return f"mailto:?subject={_encode(title, _MAILTO)}&body={_encode(url, _MAILTO)}"


SHARE_NETWORKS = tuple(BUILDERS)


# NamedTuples rather than frozen dataclasses: cheaper to create at import (see
# render/pieces.Link).
class ShareLink(NamedTuple):
    network: str
    url: str
    label: str  # visible text and accessible name, in the article's language


class ShareRow(NamedTuple):
    heading: str
    lang: str
    links: tuple[ShareLink, ...]


class Share:
    """What ``posse_share(article)`` returns, for one build."""

    def __init__(self, site_settings: Mapping[str, Any]) -> None:
        ps, _ = posse_settings.load(site_settings)  # problems are logged elsewhere
        unknown = [n for n in ps.share if n not in BUILDERS]
        if unknown:
            log.error(
                "posse: POSSE_SHARE: unknown network %s; known: %s",
                ", ".join(map(repr, unknown)),
                ", ".join(SHARE_NETWORKS),
            )
        self.networks = tuple(n for n in ps.share if n in BUILDERS)
        siteurl = str(site_settings.get("SITEURL") or "")
        self.siteurl = siteurl if siteurl.startswith(("https://", "http://")) else ""
        if self.networks and not self.siteurl:
            log.info(
                "posse: POSSE_SHARE is set but SITEURL is not an absolute URL (a "
                "local build), so no share row is rendered: share links need the "
                "article's full address; set SITEURL in publishconf.py"
            )
        found, _ = profiles.parse("POSSE_PROFILES", ps.profiles, site_settings)
        handle = profiles.x_handle(found)
        self.via = handle[1:] if handle else None
        self.labels = Labels(ps.labels, str(site_settings.get("DEFAULT_LANG") or "en"))
        self.default_lang = str(site_settings.get("DEFAULT_LANG") or "en")
        # Languages that have labels: the row's lang="" says which one it is in.
        self.label_langs = set(BUILTIN) | {base_lang(k) for k in ps.labels}

    def row(self, article: Any) -> ShareRow | None:
        if not self.networks or not self.siteurl or article is None:
            return None
        url = absolute(str(getattr(article, "url", "") or ""), self.siteurl)
        if not url:
            return None
        title = plain(getattr(article, "title", "")) or plain(
            getattr(article, "slug", "")
        )
        lang = base_lang(getattr(article, "lang", None) or self.default_lang) or "en"
        words = self.labels.for_lang(lang)
        if lang not in self.label_langs:  # labels of the site's language, or English
            lang = base_lang(self.default_lang)
            lang = lang if lang in self.label_langs else "en"
        links = tuple(
            ShareLink(
                name,
                BUILDERS[name](title, url, self.via),
                words[f"share_{name}"],
            )
            for name in self.networks
        )
        return ShareRow(words["share_heading"], lang, links)


def add_template_function(generator: Any) -> None:
    # One Share per build: generators of one build share their context.
    build = current()
    cached = build.share
    if cached is None or build.share_of is not generator.context:
        cached = build.share = Share(generator.settings)
        build.share_of = generator.context
    # In the context every page template gets, not env.globals (see render/pieces.py).
    generator.context["posse_share"] = cached.row
