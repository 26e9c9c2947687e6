"""The local outbox: where posts go for a network with no credentials.

Two files in ``POSSE_OUTBOX_DIR`` (default ``.posse/outbox/``):

* ``outbox.jsonl`` - one JSON object per previewed post, appended, for scripts;
* ``index.html``   - one self-contained page (inline CSS, no script, no remote
  resource: card images from the built site are embedded) showing each post as a
  reader would see it, newest first.

A post delivered here is recorded ``outbox`` in the ledger: it is not previewed
again on the next run, and adding credentials later does not send the backlog.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import mimetypes
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup, escape

from ..ledger import atomic_write, iso
from ..said import said
from .messages import passed_over_line
from .networks import NAMES
from .pricing import x_cost

log = logging.getLogger(__name__)

JSONL = "outbox.jsonl"
PAGE = "index.html"
SHARER = "https://www.facebook.com/sharer/sharer.php?u={url}"
MAX_EMBED = 1_500_000  # bytes; a larger card image is shown by name only

UI = {
    "en": {
        "title": "pelican-posse outbox",
        # True to what happens (docs, "The outbox"): with credentials set, the
        # first run fails closed until `baseline` (previews are no history);
        # then new articles are sent; a preview is sent by `retry ARTICLE` alone.
        "intro": "Nothing here was sent: these are previews of what pelican-posse "
        "would announce. When you set the credentials, run pelican-posse "
        "baseline once (previews are no history, so the first run with keys "
        "waits for it); the articles you publish after that are posted for real.",
        "send": " To send one of these too, run {command} (its id is under the post).",
        "id_word": "ARTICLE-ID",
        "article_id": "article id",
        "missing": "Missing credentials",
        "profile": "Personal Facebook profile? No API can post there; "
        "share it with one click:",
        "share": "Share on Facebook",
        "count": "characters (X weighted count)",
        "threads_count": "characters (Threads' count: an emoji counts its UTF-8 bytes)",
        "count_misskey": "characters (as Misskey counts)",
        "billed": "X bills this as",
        "empty": "The outbox is empty.",
        "previewed": "previewed",
        "kinds": {"post with URL": "post with URL", "post": "post"},
    },
    "ja": {
        "title": "pelican-posse 送信トレイ（プレビュー）",
        "intro": "ここにある投稿は送信されていません。"
        "pelican-posse が告知する内容のプレビューです。"
        "認証情報を設定したら、最初に一度 pelican-posse baseline を実行してください"
        "（プレビューは告知の履歴に数えないため、キーを設定した最初の実行はこれを待ちます）。"
        "そのあとに公開する新しい記事から、実際に投稿されます。",
        "send": "ここにある記事も送るには {command} を実行してください"
        "（記事ID は各投稿の下にあります）。",
        "id_word": "記事ID",
        "article_id": "記事ID",
        "missing": "未設定の認証情報",
        "profile": "個人の Facebook プロフィールには API で投稿できません。"
        "ワンクリックでシェアできます：",
        "share": "Facebook でシェア",
        "count": "文字（X の重み付きカウント）",
        "threads_count": "文字（Threads の数え方：絵文字は UTF-8 のバイト数）",
        "count_misskey": "文字（Misskey の数え方）",
        "billed": "X の課金区分",
        "empty": "送信トレイは空です。",
        "previewed": "プレビュー作成",
        "kinds": {"post with URL": "URL 付きの投稿", "post": "URL なしの投稿"},
    },
}
_URL = re.compile(r"https?://[^\s<>\"'）」]+")


def write_previews(
    items: Iterable[Any],
    posse: Any,
    manifest: Mapping[str, Any],
    at: dt.datetime,
    *,
    missing: Mapping[str, list[str]] | None = None,
    local_root: Path | None = None,
    timezone: dt.tzinfo | None = None,
    sent: Callable[[str, str], bool] | None = None,
) -> Path:
    """Append ``items`` (engine Items) and rebuild the page; returns its path."""
    folder = Path(posse.outbox)
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for item in items:
        article = item.article
        entry = {
            "at": iso(at),
            "article_id": item.article_id,
            "network": item.network,
            "text": item.text,
            "link": item.link,
            "url": item.url,
            "title": article.get("title", ""),
            "date": article.get("date", ""),
            "description": article.get("description", ""),
            "passed_over": article.get("passed_over") or [],
            "image": article.get("image"),
            "lang": item.lang,
            "length": item.length,
            "limit": item.limit,
            "site_name": manifest.get("sitename", ""),
        }
        if item.network == "x":
            entry["x_billed_as"], entry["x_cost_usd"] = x_cost(
                item.text or "", item.link
            )
        lines.append(json.dumps(entry, ensure_ascii=False, sort_keys=True))
    with open(folder / JSONL, "a", encoding="utf-8") as handle:
        handle.write("".join(line + "\n" for line in lines))
    return render(
        folder, manifest, missing or {}, local_root, timezone=timezone, sent=sent
    )


def read_entries(folder: Path) -> list[dict[str, Any]]:
    entries: dict[tuple[str, str, str], dict[str, Any]] = {}
    path = Path(folder) / JSONL
    if not path.exists():
        return []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            log.warning(
                "posse: %s", said("log.outbox_line", path=str(path), number=number)
            )
            continue
        if isinstance(entry, dict):
            key = (entry.get("article_id"), entry.get("network"), entry.get("text"))
            entries[key] = entry  # the latest preview of the same post wins
    # The latest run first; within a run, the newest article first.
    return sorted(
        entries.values(),
        key=lambda e: (e.get("at") or "", e.get("date") or "", e.get("network") == "x"),
        reverse=True,
    )


def _embed(image: str | None, siteurl: str, local_root: Path | None) -> str | None:
    """A data: URI for a card image of the built site, so the page stays offline."""
    if not image or not local_root or not siteurl or not image.startswith(siteurl):
        return None
    relative = urlsplit(image).path[len(urlsplit(siteurl).path) :].lstrip("/")
    path = (Path(local_root) / relative).resolve()
    try:
        if (
            not path.is_relative_to(Path(local_root).resolve())
            or path.stat().st_size > MAX_EMBED
        ):
            return None
        data = path.read_bytes()
    except OSError:
        return None
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if not kind.startswith("image/") or kind == "image/svg+xml":
        return None
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _linkify(text: str) -> Any:
    out, last = [], 0
    for match in _URL.finditer(text):
        out.append(escape(text[last : match.start()]))
        url = match.group(0)
        out.append(Markup('<a href="{0}">{0}</a>').format(url))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def when(at: str | None, timezone: dt.tzinfo | None) -> str:
    """A preview's time as the blogger reads it: the site's TIMEZONE, with its
    offset ("2026-11-20 21:00 +09:00"); UTC when the site sets none."""
    try:
        moment = dt.datetime.fromisoformat(at or "")
    except ValueError:
        return at or ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    if timezone is None:
        return f"{moment.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"
    local = moment.astimezone(timezone)
    offset = f"{local:%z}"  # "+0900", written as people read it: "+09:00"
    return f"{local:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:5]}"


def render(
    folder: Path,
    manifest: Mapping[str, Any],
    missing: Mapping[str, list[str]],
    local_root: Path | None = None,
    *,
    timezone: dt.tzinfo | None = None,
    sent: Callable[[str, str], bool] | None = None,
) -> Path:
    """Rebuild the page; ``sent(article_id, network)``: True for a preview that
    `retry` has since sent for real, left off so the page's "not sent" stays true."""
    lang = str(manifest.get("default_lang", "en")).split("-")[0]
    siteurl = str(manifest.get("siteurl", ""))
    entries = [
        e
        for e in read_entries(folder)
        if sent is None or not sent(str(e.get("article_id")), str(e.get("network")))
    ]
    for entry in entries:
        entry["image_data"] = _embed(entry.get("image"), siteurl, local_root)
        entry["domain"] = urlsplit(entry.get("url") or "").hostname or ""
        entry["share_url"] = SHARER.format(url=quote(entry.get("url") or "", safe=""))
        entry["html"] = _linkify(entry.get("text") or "")
        entry["when"] = when(entry.get("at"), timezone)
        passed = entry.get("passed_over")
        entry["passed_line"] = (
            passed_over_line(passed, lang if lang in UI else "en")
            if isinstance(passed, list)
            else None
        )
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent.parent / "templates")),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    ui = UI.get(lang, UI["en"])
    command = Markup("<code>pelican-posse retry {}</code>").format(ui["id_word"])
    page = env.get_template("posse/outbox.html").render(
        entries=entries,
        ui=ui,
        intro=escape(ui["intro"]) + escape(ui["send"]).replace("{command}", command),
        lang=lang if lang in UI else "en",
        missing={k: v for k, v in missing.items() if v},
        sitename=manifest.get("sitename", ""),
        network_names=NAMES,
    )
    path = Path(folder) / PAGE
    atomic_write(path, page)
    return path
