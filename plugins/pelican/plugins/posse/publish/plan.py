"""Planning: what is due on each network now, and why the rest waits.

An article is announced only when nothing in the ledger says it was, and only
when it is new: dated within ``POSSE_MAX_AGE`` (14 days by default), not older
than the newest article the ledger already knows on that network, and dated by
its author (not by its file's time). So a lost, emptied or half-merged ledger
never turns a blog's history into a flood. An older article is held with a
one-line reason; ``posse: send`` in its metadata, or ``pelican-posse send ID``,
sends it. A real network with no history and no ``POSSE_SINCE`` is refused
(fail closed). ``make_plan`` has no side effects: ``plan`` shows it, ``publish``
carries it out.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import age
from ..i18n import tr
from ..ledger import STATES, Ledger, Record, instant, now, text_hash
from ..said import words
from ..settings import PosseSettings
from .messages import WAIT_REASONS, say
from .networks import NETWORKS, display_name
from .networks.base import Network, Registry
from .pricing import x_cost

log = logging.getLogger(__name__)

# A post may take a moment to show in an account's listing (Graph says so): a read
# judges only an intent at least this old. Scheduled CI runs come later anyway.
LOOK_AFTER = dt.timedelta(minutes=5)

AGE_REASONS = frozenset(age.REASONS)

# An ISO 8601 text as an aware instant (no offset: UTC), or None.
parse_time = instant


@dataclass
class Item:
    """One article on one network, and what happens to it."""

    article_id: str
    network: str
    title: str
    url: str
    date: str
    lang: str = "en"
    text: str | None = None
    link: str | None = None
    length: int | None = None
    limit: int | None = None
    action: str = "held"  # post / outbox / held / done
    reason: str | None = None  # key of WAIT_REASONS, or a done state
    detail: str = ""
    # The outcome's error as kept (a message key and its values) when it is one:
    # --json gives it beside ``detail``, the same in every language.
    detail_said: Any = field(default=None, repr=False)
    outcome: str | None = None  # after publish: posted, pending, failed, ...
    remote_url: str | None = None
    preview: str | None = None  # the outbox page that shows it, when previewed
    # The ledger knows this article under another id (its file was moved or
    # renamed; the URL is the same): its records are that id's, and follow it.
    moved_from: str | None = None
    unknown: bool = False  # held for its age, and the ledger has never seen it
    article: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def key(self) -> str:
        """The id the ledger holds this article's records under, now."""
        return self.moved_from or self.article_id

    def to_json(self) -> dict[str, Any]:
        out = {
            k: v
            for k, v in self.__dict__.items()
            if k not in ("article", "detail_said")
        }
        if self.detail_said is not None:
            out["detail_said"] = self.detail_said.to_json()
        # The opening sentences the summary left out (summary.py).
        if self.article.get("passed_over"):
            out["passed_over"] = self.article["passed_over"]
        if self.network == "x" and self.text is not None and self.action == "post":
            out["x_billed_as"], out["x_cost_usd"] = x_cost(self.text, self.link)
        return out


@dataclass
class NetworkInfo:
    """What a run knows of one network before calling it: installed, keys set,
    and its promises against copies."""

    name: str
    available: bool  # a module exists for it
    configured: bool  # all its environment variables are set
    missing: list[str]
    # How long the network refuses the same post again (None: it never promised).
    copy_refusal: dt.timedelta | None = None
    free_reads: bool = False  # its recent posts can be read at no cost
    cls: type[Network] | None = None

    @property
    def destination(self) -> str:
        return "network" if self.configured else "outbox"


@dataclass
class Plan:
    """Every (article, network) item, the networks, and a refusal if any."""

    items: list[Item]
    networks: dict[str, NetworkInfo]
    refusal: str | None = None
    manifest: Mapping[str, Any] = field(default_factory=dict, repr=False)

    def for_action(self, action: str) -> list[Item]:
        return [i for i in self.items if i.action == action]

    def new_but_held(self) -> list[Item]:
        """One item per article the ledger has never seen that the age rules
        hold back (the first network's), newest first."""
        seen: dict[str, Item] = {}
        for i in self.items:
            if i.unknown and i.reason in AGE_REASONS and i.action == "held":
                seen.setdefault(i.article_id, i)
        return sorted(seen.values(), key=lambda i: i.date, reverse=True)

    def x_total(self) -> float:
        return sum(
            x_cost(i.text or "", i.link)[1]
            for i in self.items
            if i.network == "x" and i.action == "post"
        )


@dataclass
class Report:
    """What a run did: the plan it carried out, the items it delivered (or
    settled), its exit code, and notes for the person reading."""

    plan: Plan
    delivered: list[Item] = field(default_factory=list)
    exit_code: int = 0
    notes: list[str] = field(default_factory=list)
    # Networks whose credentials publish's check refused before their first post.
    refused: list[str] = field(default_factory=list)


def network_info(
    names: Iterable[str], env: Mapping[str, str], registry: Registry = NETWORKS
) -> dict[str, NetworkInfo]:
    """What each network is here: installed, its keys set, its promises."""
    infos = {}
    for name in names:
        try:
            cls = registry.load(name)
        except (ImportError, KeyError, AttributeError) as err:
            log.debug("posse: network %s is not available: %s", name, err)
            infos[name] = NetworkInfo(name, False, False, [], cls=None)
            continue
        missing = cls.missing_env(env)
        infos[name] = NetworkInfo(
            name,
            True,
            not missing,
            missing,
            copy_refusal=getattr(cls, "copy_refusal", None),
            free_reads=bool(getattr(cls, "free_reads", False)),
            cls=cls,
        )
    return infos


def _age(when: str | None, at: dt.datetime) -> dt.timedelta | None:
    moment = parse_time(when)
    return None if moment is None else at - moment


def can_resend(info: NetworkInfo, record: Record, text: str, at: dt.datetime) -> bool:
    """Sending this text again cannot make a copy: the network refuses the same
    post for longer than the interrupted attempt is old."""
    age = _age(record.at, at)
    return (
        info.copy_refusal is not None
        and age is not None
        and age <= info.copy_refusal
        and record.text_sha256 == text_hash(text)
    )


def settle_by(info: NetworkInfo, record: Record, text: str, at: dt.datetime) -> str:
    """How an interrupted post (``posting``) is settled now: ``resend``, ``look``
    (read the account, then send if absent), ``wait`` (too recent to judge by a
    read) or ``person`` (``uncertain``)."""
    if can_resend(info, record, text, at):
        return "resend"
    if info.free_reads:
        age = _age(record.at, at)
        return "look" if age is None or age >= LOOK_AFTER else "wait"
    return "person"


def oldest_first(item: Item) -> tuple[dt.datetime, str]:
    """Sort key: by the instant, not the text (dates may carry different UTC
    offsets: DST)."""
    return (
        parse_time(item.date) or dt.datetime.min.replace(tzinfo=dt.UTC),
        item.article_id,
    )


@dataclass(frozen=True)
class _Rules:
    """What make_plan decides every item by."""

    ledger: Ledger
    posse: PosseSettings
    infos: dict[str, NetworkInfo]
    at: dt.datetime
    only: set[str] | None
    force: set[str] | None


def make_plan(
    manifest: Mapping[str, Any],
    ledger: Ledger,
    posse: PosseSettings,
    env: Mapping[str, str],
    *,
    at: dt.datetime | None = None,
    only: set[str] | None = None,
    force: set[str] | None = None,
    registry: Registry = NETWORKS,
) -> Plan:
    """Decide, without side effects, what ``publish`` would do now.

    ``force``: ids sent even when the age rules hold them (`pelican-posse send`);
    ``registry``: where the networks' classes are found.
    """
    networks = list(posse.syndicate)
    infos = network_info(networks, env, registry)
    rules = _Rules(ledger, posse, infos, at or now(), only, force)
    items: list[Item] = []
    moved = _moves(manifest, ledger)
    for article in manifest.get("articles", []):
        shown = (
            article.get("title", ""),
            article.get("url", ""),
            article.get("date", ""),
            article.get("lang", "en"),
        )
        texts = article.get("texts") or {}
        for network in networks:
            composed = texts.get(network) or {}
            item = Item(
                article["id"],
                network,
                *shown,
                text=composed.get("text"),
                link=composed.get("link"),
                length=composed.get("length"),
                limit=composed.get("limit"),
                moved_from=moved.get(article["id"]),
                article=article,
            )
            items.append(item)
            _decide(item, composed, rules)
    # Oldest first; the cap protects followers (and money) from a backlog.
    for network in networks:
        due = [i for i in items if i.network == network and i.action == "post"]
        due.sort(key=oldest_first)
        for late in due[posse.max_posts_per_run :]:
            late.action, late.reason = "held", "cap"
            late.detail = describe(late, None, posse, ledger)
    plan = Plan(items, rules.infos, manifest=manifest)
    plan.refusal = _refusal(plan, ledger, posse, rules.at)
    return plan


def _decide(item: Item, composed: Mapping[str, Any], rules: _Rules) -> None:
    """The item's action and reason, and the words for them."""
    record = rules.ledger.record(item.key, item.network)
    if record is not None and record.done:
        # Most items of a blog with history: decided, and described, here.
        item.action = "done"
        item.reason = record.state
        item.remote_url = record.url
        item.detail = tr(STATES.get(record.state, record.state))
        return
    info = rules.infos[item.network]
    item.reason = _wait_reason(item, record, composed, rules)
    if item.reason is None:
        item.action = "post" if info.configured else "outbox"
    item.detail = describe(item, record, rules.posse, rules.ledger)


def _wait_reason(
    item: Item, record: Record | None, composed: Mapping[str, Any], rules: _Rules
) -> str | None:
    """Why the item is not sent now (a key of WAIT_REASONS), or None: it is due."""
    article, at = item.article, rules.at
    date = parse_time(article.get("date"))
    if article.get("held"):
        return article["held"]
    if rules.only is not None and item.article_id not in rules.only:
        return "not_selected"
    if date is not None and date > at:
        return "future"
    on_purpose = bool(article.get("send")) or (
        rules.force is not None and item.article_id in rules.force
    )
    if record is None and not on_purpose:
        reason = age.not_new(
            date,
            date_from_fs=bool(article.get("date_from_fs")),
            at=at,
            max_age=rules.posse.max_age,
            newest=rules.ledger.newest_for(item.network),
        )
        if reason:
            item.unknown = not rules.ledger.records_of(item.key)
            return reason
    if record is not None:
        info = rules.infos[item.network]
        if record.state in ("failed", "uncertain"):
            return record.state
        if record.state == "posting":
            how = (
                settle_by(info, record, item.text, at)
                if info.configured and item.text is not None
                else None
            )
            if how not in ("resend", "look"):
                return "look_later" if how == "wait" else "interrupted"
        not_before = parse_time(record.not_before)
        if not_before and not_before > at and info.configured:
            return "rate_limited"
    if "error" in composed:
        return "compose_error"
    if item.text is None:
        return "not_composed"
    return None


def _moves(manifest: Mapping[str, Any], ledger: Ledger) -> dict[str, str]:
    """New id -> the id the ledger knows the same article (the same URL) under,
    for articles whose file was moved or renamed since they were recorded."""
    moved: dict[str, str] = {}
    ids = {a["id"] for a in manifest.get("articles", [])}
    for article in manifest.get("articles", []):
        aid, url = article["id"], article.get("url")
        if not url or ledger.records_of(aid):
            continue
        old = ledger.id_for_url(url)
        # The old id must be free: an article still at the old path keeps it.
        if old is not None and old != aid and old not in ids:
            moved[aid] = old
    return moved


def describe(
    item: Item,
    record: Record | None,
    posse: PosseSettings,
    ledger: Ledger | None = None,
) -> str:
    """The words for an item's reason (``plan``'s column), or ''."""
    if item.action == "done":
        return tr(STATES.get(item.reason or "", item.reason or ""))
    if item.action in ("post", "outbox") or not item.reason:
        return ""
    template = tr(WAIT_REASONS.get(item.reason, item.reason))
    error = (
        (words(record.error) if record else None)
        or ((item.article.get("texts") or {}).get(item.network) or {}).get("error")
        or ""
    )
    tried = parse_time(record.at) if record else None
    newest = ledger.newest_for(item.network) if ledger is not None else None
    return template.format(
        date=item.date,
        cap=posse.max_posts_per_run,
        id=item.article_id,
        network=display_name(item.network),
        key=item.network,  # in a command the user types
        error=error,
        not_before=(record.not_before if record else "") or "",
        at=short_time(tried),
        after=short_time(tried + LOOK_AFTER if tried else None),
        max_age=_days(posse.max_age),
        newest=newest.date().isoformat() if newest else "",
    )


def short_time(moment: dt.datetime | None) -> str:
    """``14:05 UTC``, or ``?``."""
    return moment.astimezone(dt.UTC).strftime("%H:%M UTC") if moment else "?"


def _days(span: dt.timedelta | None) -> str:
    if span is None:
        return say("days.none")
    days = span.total_seconds() / 86400
    return say("days.many", days=days) if days != 1 else say("days.one")


def _refusal(
    plan: Plan, ledger: Ledger, posse: PosseSettings, at: dt.datetime
) -> str | None:
    """Fail closed: a real network with no history and no POSSE_SINCE.

    History is what ``baseline`` or a real announcement wrote: records a preview
    run left in the outbox are not, so a run without keys never turns a lost
    ledger into permission.
    """
    if posse.since is not None:
        return None
    fresh = [
        name
        for name, info in plan.networks.items()
        if info.configured
        and not ledger.has_history(name)
        and any(
            i.network == name
            and i.action in ("post", "held")
            and i.reason in (None, "cap")
            for i in plan.items
        )
    ]
    if not fresh:
        return None
    due = {
        i.article_id
        for i in plan.items
        if i.network in fresh and (i.action == "post" or i.reason == "cap")
    }
    names = say("list.comma").join(display_name(n) for n in fresh)
    where = (
        say("refusal.no_ledger", path=ledger.path)
        if not ledger.existed
        else say("refusal.no_history", path=ledger.path, names=names)
    )
    today = at.astimezone(posse.since.tzinfo if posse.since else dt.UTC).date()
    return say(
        "refusal", where=where, names=names, count=len(due), today=today.isoformat()
    )


def why_not_sent(plan: Plan, article: str) -> list[str]:
    """One sentence per network the article was not sent to in this run."""
    notes = []
    for item in plan.items:
        if item.article_id != article or item.outcome is not None:
            continue
        why = item.detail or item.reason or ""
        if item.action == "done" and item.reason == "outbox":
            why = say("send.only_previewed", id=article)
        notes.append(say("send.not_sent", network=display_name(item.network), why=why))
    return notes
