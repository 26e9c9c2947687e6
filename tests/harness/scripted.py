"""In-process networks whose answers a test scripts, and a manifest writer."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar

from pelican.plugins.posse import settings as settings_mod
from pelican.plugins.posse.publish import engine as engine_mod
from pelican.plugins.posse.publish.networks.base import (
    AlreadyPosted,
    Delivered,
    Network,
    Post,
    Unconfirmed,
)

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)
ENV = {"POSSE_X_TOKEN": "x-secret-token-123", "POSSE_FB_TOKEN": "fb-secret-456"}


class Script:
    """Answers per network, in order: an exception to raise, "ok", or "lost"
    (the post is made, then the answer is lost: Unconfirmed)."""

    def __init__(self) -> None:
        self.answers: dict[str, list[Any]] = {}
        self.calls: list[Post] = []
        # What each network really holds: (post, its Delivered), in order. A
        # network that refuses copies does so here, as its contract says.
        self.made: list[tuple[Post, Delivered]] = []
        self.looks: list[tuple[str, str]] = []  # (network, article id) read for
        self.during: Any = None  # called with the Post while "sending"

    def network(
        self,
        name: str,
        env_var: str,
        copy_refusal: dt.timedelta | None,
        free_reads: bool,
    ) -> type[Network]:
        script = self

        class Scripted(Network):
            label = name.title()
            env_vars: ClassVar[tuple[str, ...]] = (env_var,)

            def post(self, post: Post) -> Delivered:
                script.calls.append(post)
                if script.during is not None:
                    script.during(post)
                answers = script.answers.get(name) or ["ok"]
                answer = answers.pop(0) if len(answers) > 1 else answers[0]
                if isinstance(answer, BaseException):
                    raise answer
                if Scripted.copy_refusal is not None and (
                    earlier := script.find(name, post, same_text=True)
                ):
                    raise AlreadyPosted(
                        name, "duplicate content", remote_id=earlier.remote_id
                    )
                number = len(script.calls)
                delivered = Delivered(str(number), f"https://{name}.example/p/{number}")
                script.made.append((post, delivered))
                if answer == "lost":
                    raise Unconfirmed(name, "no answer in time (timeout)")
                return delivered

            def look(self, post: Post, since: dt.datetime) -> Delivered | None:
                if not Scripted.free_reads:
                    raise NotImplementedError
                script.looks.append((name, post.article_id))
                return script.find(name, post)

        Scripted.name = name
        Scripted.copy_refusal = copy_refusal
        Scripted.free_reads = free_reads
        return Scripted

    def find(
        self, network: str, post: Post, same_text: bool = False
    ) -> Delivered | None:
        for made, delivered in self.made:
            if (
                made.network == network
                and made.url == post.url
                and (not same_text or made.text == post.text)
            ):
                return delivered
        return None

    def held(self, network: str) -> list[str]:
        """Article ids the network really holds a post of, in order."""
        return [p.article_id for p, _ in self.made if p.network == network]

    def posted(self, network: str | None = None) -> list[str]:
        return [
            p.article_id for p in self.calls if network is None or p.network == network
        ]


class Registry:
    def __init__(self, classes: Mapping[str, type[Network]]) -> None:
        self.entries = dict(classes)

    def load(self, name: str) -> type[Network]:
        return self.entries[name]


X_REFUSAL = dt.timedelta(hours=6)


def install(
    monkeypatch: Any,
    x_detects: bool = True,
    fb_detects: bool = True,
    fb_reads: bool = False,
) -> Script:
    """X refuses copies (6 h) unless ``x_detects`` is False; Facebook refuses
    copies for a test that says so (``fb_detects``; the real one never promised
    it) and reads its posts for free when ``fb_reads``."""
    script = Script()
    monkeypatch.setattr(
        engine_mod,
        "NETWORKS",
        Registry(
            {
                "x": script.network(
                    "x", "POSSE_X_TOKEN", X_REFUSAL if x_detects else None, False
                ),
                "facebook": script.network(
                    "facebook",
                    "POSSE_FB_TOKEN",
                    X_REFUSAL if fb_detects else None,
                    fb_reads,
                ),
            }
        ),
    )
    return script


def entry(
    n: int,
    *,
    held: str | None = None,
    date: dt.datetime | None = None,
    networks: Iterable[str] = ("x", "facebook"),
    **extra: Any,
) -> dict[str, Any]:
    aid = extra.pop("id", f"posts/{n:04d}.md")
    when = date or (dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=n))
    url = f"https://blog.example.jp/{n}.html"
    texts = (
        {}
        if held
        else {
            net: {
                "text": f"記事 {n} {url}",
                "link": url if net == "facebook" else None,
                "length": 30,
                "limit": 280,
            }
            for net in networks
        }
    )
    return {
        "id": aid,
        "source_path": aid,
        "url": url,
        "title": f"記事 {n}",
        "lang": "ja",
        "date": when.isoformat(),
        "date_from_fs": False,
        "send": False,
        "tags": [],
        "status": "published",
        "translation_group": aid,
        "is_translation": False,
        "held": held,
        "image": None,
        "description": f"記事 {n} の要約。",
        "site_name": "テスト",
        "texts": texts,
        **extra,
    }


def write_manifest(
    articles: list[dict[str, Any]],
    state_dir: Path = Path(".posse"),
    siteurl: str = "https://blog.example.jp",
) -> Path:
    state_dir.mkdir(parents=True, exist_ok=True)
    path = state_dir / "manifest.json"
    path.write_text(
        json.dumps(
            {
                "format": 2,
                "built_at": NOW.isoformat(),
                "siteurl": siteurl,
                "sitename": "テストブログ",
                "default_lang": "ja",
                "networks": ["x", "facebook"],
                "translations": "default",
                "since": None,
                "content": {
                    "path": "content",
                    "article_paths": [""],
                    "article_excludes": ["pages"],
                    "extensions": ["htm", "html", "md", "rst"],
                    "ignore_files": ["**/.*"],
                },
                "sources": [
                    a["source_path"]
                    for a in articles
                    if isinstance(a, dict) and isinstance(a.get("source_path"), str)
                ],
                "articles": articles,
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return path


def posse(**settings: Any) -> settings_mod.PosseSettings:
    # The articles here are dated in 2026 against a fixed clock: the age rule is
    # off unless a test is about it (tests/publish/test_exactly_once.py).
    settings.setdefault("POSSE_MAX_AGE", None)
    loaded, problems = settings_mod.load(settings)
    assert not problems, problems
    return loaded


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_engine(
    env: Mapping[str, str] | None = None, **settings: Any
) -> tuple[engine_mod.Engine, Sleeps]:
    sleeps = Sleeps()
    engine = engine_mod.Engine(
        posse(**settings),
        dict(ENV if env is None else env),
        sleep=sleeps,
        base_delay=1.0,
        clock=lambda: NOW,
    )
    return engine, sleeps


def seed_ledger(path: Path = Path("posse-ledger.json")) -> None:
    """A ledger with history on both networks, as after `baseline`."""
    from pelican.plugins.posse.ledger import Ledger, Record

    ledger = Ledger(path)
    for network in ("x", "facebook"):
        ledger.set("old.md", network, Record(state="baseline", at=NOW.isoformat()))
    ledger.save()
