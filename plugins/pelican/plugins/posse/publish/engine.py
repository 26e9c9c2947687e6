"""What is due, and delivering it exactly once: plan, publish, baseline, retry.

What is due. An article is announced only when nothing in the ledger says it was,
and only when it is new: dated within ``POSSE_MAX_AGE`` (14 days by default), not
older than the newest article the ledger already knows on that network, and dated
by its author (not by its file's time). So a lost, emptied or half-merged ledger
never turns a blog's history into a flood. An older article is held with a one-line
reason; ``posse: send`` in its metadata, or ``pelican-posse send ID``, sends it.

Delivering. Write-ahead: the record becomes ``posting`` (attempt number, text
hash) and is on disk before the network is called; the result is written right
after. When the outcome is unknown (the run was killed, the answer was lost), the
post is sent again only where that cannot make a copy:

* the network refuses the same post for a while (``Network.copy_refusal``: X's
  duplicate 403, Mastodon's Idempotency-Key, Bluesky's record key) and the intent
  is that recent, with the same text; or
* the network's own recent posts were read for free (``Network.free_reads``:
  Facebook, Mastodon, Bluesky) and the post is not there. A post can take a moment
  to be listed, so only an intent at least ``LOOK_AFTER`` old is judged by a read.

Otherwise it is ``uncertain``, for a person (``status`` says how). Where reads are
free, the account is also read before the *first* send of each article, so that a
ledger that was lost, or a ledger push that failed in CI, never makes a copy.

The policy for errors is the same for every network:

* ``Transient`` (nothing was sent) -> jittered exponential backoff, 3 tries in
  all, then ``pending`` for the next run.
* ``Unconfirmed`` (sent, answer lost) -> as above: re-sent now only where the
  network refuses copies; else ``posting`` stays, and the next run looks.
* ``RetryLater`` -> wait if allowed within ``POSSE_MAX_WAIT``, else ``pending``
  with ``not_before``; this network stops for the run.
* ``Permanent`` -> ``failed`` with the network's words and the remedy; this network
  stops for the run, and every run exits 3 until it is retried or given up.
* ``AlreadyPosted`` -> ``posted`` when an attempt of ours may have gone through;
  ``duplicate`` when we never tried.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import age
from .. import manifest as manifest_mod
from ..ledger import (
    STATES,
    Ledger,
    Record,
    instant,
    iso,
    locked,
    now,
    paused_gc,
    text_hash,
)
from ..settings import PosseSettings
from . import stale
from .networks import NAMES, NETWORKS, display_name
from .networks.base import (
    AlreadyPosted,
    Delivered,
    DeliveryError,
    Network,
    Permanent,
    Post,
    RetryLater,
    Transient,
    Unconfirmed,
    scrub,
)
from .pricing import x_cost

log = logging.getLogger(__name__)

TRIES = 3
BASE_DELAY = 2.0  # seconds before the 2nd try; doubled, with jitter, after that
# A post may take a moment to show in an account's listing (Graph says so): a read
# judges only an intent at least this old. Scheduled CI runs come later anyway.
LOOK_AFTER = dt.timedelta(minutes=5)
# Where to start reading an account's posts before a first send: the article's
# date, less a day for clocks and zones.
LOOK_BACK = dt.timedelta(days=1)

# Exit codes of publish, retry and send (docs: "Exit codes").
EXIT_OK, EXIT_LATER, EXIT_USAGE, EXIT_PERSON = 0, 1, 2, 3

# Why an (article, network) is not sent now; `plan` shows the words.
WAIT_REASONS = {
    **manifest_mod.HOLD_REASONS,
    "future": "dated in the future: waits until {date}",
    "cap": "over POSSE_MAX_POSTS_PER_RUN ({cap}): waits for the next run",
    "rate_limited": "rate limited: not before {not_before}",
    "failed": "failed: {error} — fix it, then `pelican-posse retry {id}`",
    "uncertain": "may have been posted: `pelican-posse resolve {id} {key} "
    "--posted URL` or `--not-posted`",
    "interrupted": "interrupted while posting; re-checked by the next publish",
    "look_later": "the answer was lost at {at}; {network} is read after {after} "
    "to see whether it arrived, before anything is sent again",
    "too_old": "older than POSSE_MAX_AGE ({max_age}): not announced by itself; to "
    "send it, add `posse: send` to its metadata or run `pelican-posse send {id}`",
    "older_than_ledger": "not newer than the newest article already announced "
    "on {network} ({newest}): not announced by itself; to send it, add `posse: send` "
    "to its metadata or run `pelican-posse send {id}`",
    "fs_date": "has no Date: (its date is its file's time, which a fresh checkout "
    "sets to now): add `Date:` to its metadata to announce it",
    "compose_error": "the text could not be composed: {error}",
    "not_composed": "no text in the manifest: rebuild the site",
    "network_stopped": "{network} stopped for this run after an error",
    "not_live": "the page is not live yet: waits for the next run",
    "not_selected": "not selected",
}


class UsageError(Exception):
    """A configuration or usage mistake: exit code 2, the message says what to do."""


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
        out = {k: v for k, v in self.__dict__.items() if k != "article"}
        if self.network == "x" and self.text is not None and self.action == "post":
            out["x_billed_as"], out["x_cost_usd"] = x_cost(self.text, self.link)
        return out


@dataclass
class NetworkInfo:
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


def network_info(
    names: Iterable[str], env: Mapping[str, str]
) -> dict[str, NetworkInfo]:
    infos = {}
    for name in names:
        try:
            cls = NETWORKS.load(name)
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


# An ISO 8601 text as an aware instant (no offset: UTC), or None.
_parse_time = instant


def _age(when: str | None, at: dt.datetime) -> dt.timedelta | None:
    moment = _parse_time(when)
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


def _oldest_first(item: Item) -> tuple[dt.datetime, str]:
    # By the instant, not the text: dates may carry different UTC offsets (DST).
    return (
        _parse_time(item.date) or dt.datetime.min.replace(tzinfo=dt.UTC),
        item.article_id,
    )


def make_plan(
    manifest: Mapping[str, Any],
    ledger: Ledger,
    posse: PosseSettings,
    env: Mapping[str, str],
    *,
    at: dt.datetime | None = None,
    only: set[str] | None = None,
    force: set[str] | None = None,
) -> Plan:
    """Decide, without side effects, what ``publish`` would do now.

    ``force``: ids sent even when the age rules hold them (`pelican-posse send`).
    """
    at = at or now()
    networks = list(posse.syndicate)
    infos = network_info(networks, env)
    items: list[Item] = []
    moved = _moves(manifest, ledger)
    for article in manifest.get("articles", []):
        aid = article["id"]
        date = _parse_time(article.get("date"))
        texts = article.get("texts") or {}
        held = article.get("held")
        sent_on_purpose = bool(article.get("send")) or (
            force is not None and aid in force
        )
        shown = (
            article.get("title", ""),
            article.get("url", ""),
            article.get("date", ""),
            article.get("lang", "en"),
        )
        for network in networks:
            composed = texts.get(network) or {}
            item = Item(
                aid,
                network,
                *shown,
                text=composed.get("text"),
                link=composed.get("link"),
                length=composed.get("length"),
                limit=composed.get("limit"),
                moved_from=moved.get(aid),
                article=article,
            )
            items.append(item)
            record = ledger.record(item.key, network)
            if record is not None and record.done:
                # Most items of a blog with history: decided, and described, here.
                item.action = "done"
                item.reason = record.state
                item.remote_url = record.url
                item.detail = STATES.get(record.state, record.state)
                continue
            info = infos[network]
            if held:
                item.reason = held
            elif only is not None and aid not in only:
                item.reason = "not_selected"
            elif date is not None and date > at:
                item.reason = "future"
            elif (
                record is None
                and not sent_on_purpose
                and (
                    reason := age.not_new(
                        date,
                        date_from_fs=bool(article.get("date_from_fs")),
                        at=at,
                        max_age=posse.max_age,
                        newest=ledger.newest_for(network),
                    )
                )
            ):
                item.reason = reason
                item.unknown = not ledger.records_of(item.key)
            elif record is not None and record.state == "failed":
                item.reason = "failed"
            elif record is not None and record.state == "uncertain":
                item.reason = "uncertain"
            elif (
                record is not None
                and record.state == "posting"
                and (
                    not info.configured
                    or item.text is None
                    or settle_by(info, record, item.text, at) in ("wait", "person")
                )
            ):
                item.reason = (
                    "look_later"
                    if info.configured
                    and item.text is not None
                    and settle_by(info, record, item.text, at) == "wait"
                    else "interrupted"
                )
            elif (
                record is not None
                and (nb := _parse_time(record.not_before))
                and nb > at
                and info.configured
            ):
                item.reason = "rate_limited"
            elif "error" in composed:
                item.reason = "compose_error"
            elif item.text is None:
                item.reason = "not_composed"
            else:
                item.action = "post" if info.configured else "outbox"
            item.detail = describe(item, record, posse, ledger)
    # Oldest first; the cap protects followers (and money) from a backlog.
    for network in networks:
        due = [i for i in items if i.network == network and i.action == "post"]
        due.sort(key=_oldest_first)
        for late in due[posse.max_posts_per_run :]:
            late.action, late.reason = "held", "cap"
            late.detail = describe(late, None, posse, ledger)
    plan = Plan(items, infos, manifest=manifest)
    plan.refusal = _refusal(plan, ledger, posse, at)
    return plan


AGE_REASONS = frozenset(age.REASONS)


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
    if item.action == "done":
        return STATES.get(item.reason or "", item.reason or "")
    if item.action in ("post", "outbox") or not item.reason:
        return ""
    template = WAIT_REASONS.get(item.reason, item.reason)
    error = (
        (record.error if record else None)
        or ((item.article.get("texts") or {}).get(item.network) or {}).get("error")
        or ""
    )
    tried = _parse_time(record.at) if record else None
    newest = ledger.newest_for(item.network) if ledger is not None else None
    return template.format(
        date=item.date,
        cap=posse.max_posts_per_run,
        id=item.article_id,
        network=display_name(item.network),
        key=item.network,  # in a command the user types
        error=error,
        not_before=(record.not_before if record else "") or "",
        at=_short_time(tried),
        after=_short_time(tried + LOOK_AFTER if tried else None),
        max_age=_days(posse.max_age),
        newest=newest.date().isoformat() if newest else "",
    )


def _short_time(moment: dt.datetime | None) -> str:
    return moment.astimezone(dt.UTC).strftime("%H:%M UTC") if moment else "?"


def _days(span: dt.timedelta | None) -> str:
    if span is None:
        return "no limit"
    days = span.total_seconds() / 86400
    return f"{days:g} days" if days != 1 else "1 day"


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
    names = ", ".join(display_name(n) for n in fresh)
    where = (
        "no ledger at " + str(ledger.path)
        if not ledger.existed
        else f"the ledger {ledger.path} has no history for {names}"
    )
    today = at.astimezone(posse.since.tzinfo if posse.since else dt.UTC).date()
    return (
        f"posse: refusing to publish: {where}, and credentials for "
        f"{names} are set, so {len(due)} existing article(s) would be "
        "announced. If this is a CI run that lost its state, restore "
        "posse-ledger.json from git. Otherwise choose one:\n"
        "  pelican-posse baseline   records every current article as already "
        "announced (posts nothing); only articles added later are announced\n"
        f"  POSSE_SINCE = '{today.isoformat()}'   in your settings: only articles "
        "dated from today on are announced"
    )


# --- publishing -----------------------------------------------------------------
@dataclass
class Report:
    plan: Plan
    delivered: list[Item] = field(default_factory=list)
    exit_code: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class Engine:
    posse: PosseSettings
    env: Mapping[str, str]
    sleep: Callable[[float], None] = time.sleep
    base_delay: float | None = None  # None: BASE_DELAY (tests shorten it)
    clock: Callable[[], dt.datetime] = now
    live_check: Callable[[list[str], float], set[str]] | None = None
    output_path: Path | None = None  # the built site, for outbox card images
    timezone: dt.tzinfo | None = None  # the site's TIMEZONE, for the outbox page
    settings_file: str = "publishconf.py"  # named in "rebuild the site with ..."
    _instances: dict[str, Network] = field(default_factory=dict, repr=False)

    @property
    def lock_path(self) -> Path:
        return Path(self.posse.state_dir) / "ledger.lock"

    @property
    def tmp_dir(self) -> Path:
        """Where the ledger's temporary file is written (git ignores the state
        folder): a run killed while saving leaves nothing beside the ledger."""
        return Path(self.posse.state_dir) / "tmp"

    @property
    def manifest_path(self) -> Path:
        return Path(self.posse.state_dir) / manifest_mod.MANIFEST_NAME

    def manifest(self) -> dict[str, Any]:
        """The manifest, checked; UsageError when it is damaged or stale (an
        article on disk that it lacks, a later build without an absolute
        SITEURL): announcing from it would miss or misstate what was deployed."""
        try:
            data = manifest_mod.read(self.manifest_path, self.settings_file)
        except ValueError as err:
            raise UsageError(str(err)) from None
        problems = stale.problems(
            data, Path(self.posse.state_dir), self.manifest_path, self.settings_file
        )
        if problems:
            raise UsageError("\n".join(problems))
        return data

    def plan(
        self,
        only: set[str] | None = None,
        ledger: Ledger | None = None,
        force: set[str] | None = None,
    ) -> Plan:
        """What publish would do now; ``ledger``: one already read (else it is)."""
        # Thousands of items from thousands of articles: see paused_gc.
        with paused_gc():
            return make_plan(
                self.manifest(),
                ledger or Ledger.load(self.posse.ledger_path, tmp_dir=self.tmp_dir),
                self.posse,
                self.env,
                at=self.clock(),
                only=only,
                force=force,
            )

    def _save(self, ledger: Ledger) -> None:
        # The temporary file goes in the state folder: a run killed while saving
        # leaves nothing in the site's root (`.posse/` is git-ignored).
        ledger.save(tmp_dir=Path(self.posse.state_dir) / "tmp")

    # The lock is held from reading the ledger to the last write, so two runs
    # can never both decide to post the same article.
    def publish(
        self,
        wait_live: float | None = None,
        only: set[str] | None = None,
        before: Callable[[Ledger], None] | None = None,
        force: set[str] | None = None,
    ) -> Report:
        data = self.manifest()
        with locked(self.lock_path):
            ledger = Ledger.load(self.posse.ledger_path, tmp_dir=self.tmp_dir)
            if before is not None:
                before(ledger)
            plan = make_plan(
                data,
                ledger,
                self.posse,
                self.env,
                at=self.clock(),
                only=only,
                force=force,
            )
            report = Report(plan)
            if plan.refusal:
                # Whatever `before` changed (retry's reopened records) is not
                # saved: a refused run leaves the ledger as it found it.
                report.exit_code = EXIT_USAGE
                return report
            changed = before is not None
            changed |= self._follow_moves(plan, ledger)
            # This run may announce on these networks: from now on they have a
            # history (the fail-closed check looks for one).
            live = {n for n, i in plan.networks.items() if i.configured}
            if not live <= ledger.networks:
                ledger.networks |= live
                changed = True
            if changed:
                self._save(ledger)
            self._recover(plan, ledger, report)
            to_post = plan.for_action("post")
            if wait_live is not None and to_post:
                self._wait_live(to_post, wait_live, report)
            self._outbox(plan, ledger, report)
            stopped: dict[str, str] = {}
            self._instances = {}
            for item in sorted(plan.for_action("post"), key=_oldest_first):
                if item.network in stopped:
                    item.action, item.reason = "held", "network_stopped"
                    item.detail = stopped[item.network]
                    continue
                self._deliver(item, plan.networks[item.network], ledger, stopped)
                report.delivered.append(item)
            report.exit_code = self._exit_code(report, ledger)
            return report

    def _exit_code(self, report: Report, ledger: Ledger) -> int:
        """3 while any post failed for good or is uncertain (this run's or an
        earlier one's: CI stays red until a person acts); 1 when something is
        left for the next run; else 0."""
        waiting = self.needs_person(ledger)
        if waiting:
            report.notes.append(
                f"{len(waiting)} post(s) need you (`pelican-posse status` says "
                "what to do; `retry` after fixing the cause, or `resolve ... "
                "--give-up` to stop announcing it): "
                + ", ".join(
                    f"{aid} on {display_name(net)} ({rec.state})"
                    for aid, net, rec in waiting
                )
            )
            return EXIT_PERSON
        if any(i.outcome in ("pending", "posting") for i in report.delivered):
            return EXIT_LATER
        return EXIT_OK

    def needs_person(self, ledger: Ledger) -> list[tuple[str, str, Record]]:
        """(article, network, record) of every post that failed for good or is
        uncertain, on the networks this site announces on."""
        networks = set(self.posse.syndicate)
        return [
            (aid, net, rec)
            for aid, net, rec in ledger.records_in_states(("failed", "uncertain"))
            if net in networks
        ]

    def _follow_moves(self, plan: Plan, ledger: Ledger) -> bool:
        """Re-key moved articles (same URL, new id): the ledger follows the file."""
        moved = {i.article_id: i.moved_from for i in plan.items if i.moved_from}
        for new, old in moved.items():
            log.info("posse: %s was moved to %s; its records follow it", old, new)
            ledger.move(old, new)
        for item in plan.items:
            item.moved_from = None
        return bool(moved)

    def _recover(self, plan: Plan, ledger: Ledger, report: Report) -> None:
        """Interrupted posts that nothing can settle become `uncertain`."""
        at = self.clock()
        for item in plan.items:
            record = ledger.record(item.article_id, item.network)
            if record is None or record.state != "posting":
                continue
            # Still settled this run or a later one (re-sent, or looked for).
            if item.action == "post" or item.reason in (
                "cap",
                "not_selected",
                "look_later",
            ):
                continue
            info = plan.networks[item.network]
            if not info.configured or item.text is None:
                continue  # checked when its credentials (or its text) are back
            if info.copy_refusal is None:
                why = (
                    f"{display_name(item.network)} does not refuse a copy, and its "
                    "posts cannot be read for free"
                )
            elif record.text_sha256 != text_hash(item.text):
                why = "the text changed since"
            else:
                why = (
                    "too long ago for the network's duplicate check to be trusted "
                    f"({display_name(item.network)} refuses a copy for "
                    f"{_span(info.copy_refusal)})"
                )
            record.state = "uncertain"
            record.at = iso(at)
            record.error = f"the run stopped while posting, and {why}"
            record.remedy = _resolve_remedy(item.article_id, item.network)
            ledger.set(item.article_id, item.network, record)
            self._save(ledger)
            item.reason = "uncertain"
            item.detail = describe(item, record, self.posse)
            item.outcome = "uncertain"
            report.delivered.append(item)
            log.warning(
                "posse: %s on %s may have been posted: %s",
                item.article_id,
                display_name(item.network),
                record.remedy,
            )

    def _wait_live(self, items: list[Item], seconds: float, report: Report) -> None:
        check = self.live_check
        problems: dict[str, str] = {}
        if check is None:
            from . import live  # noqa: PLC0415 - urllib.request: `publish` only

            def check(urls: list[str], seconds: float) -> set[str]:
                return live.wait_live(urls, seconds, problems=problems)

        urls = sorted({i.url for i in items})
        alive = check(urls, seconds)
        for item in items:
            if item.url not in alive:
                item.action, item.reason = "held", "not_live"
                item.detail = describe(item, None, self.posse)
        waiting = sorted({i.url for i in items if i.reason == "not_live"})
        if waiting:
            report.notes.append(
                f"not live after {seconds:g} s, waiting for the next run: "
                + ", ".join(
                    f"{url} ({problems[url]})" if url in problems else url
                    for url in waiting
                )
            )
        if any(p.startswith("cannot connect") for p in problems.values()):
            report.notes.append(
                "the site could not be reached at all: check SITEURL in your "
                "settings file and that the deploy has finished"
            )

    def _outbox(self, plan: Plan, ledger: Ledger, report: Report) -> None:
        from . import outbox  # noqa: PLC0415 - Jinja2: `plan` never renders the page

        items = plan.for_action("outbox")
        if not items:
            page = Path(self.posse.outbox) / outbox.PAGE
            if page.exists() and any(not i.configured for i in plan.networks.values()):
                report.notes.append(
                    f"outbox preview (nothing new): open {page.resolve().as_uri()}"
                )
            return
        missing = {n: i.missing for n, i in plan.networks.items() if not i.configured}
        path = outbox.deliver(
            items,
            self.posse,
            plan.manifest,
            self.clock(),
            missing=missing,
            local_root=self.output_path,
            timezone=self.timezone,
            sent=_sent(ledger),
        )
        for item in items:
            ledger.note_article(item.article_id, item.url, item.date)
            ledger.set(
                item.article_id,
                item.network,
                Record(
                    state="outbox",
                    at=iso(self.clock()),
                    text_sha256=text_hash(item.text or ""),
                ),
            )
            item.outcome = "outbox"
            # Where it went and why (the report's "where / why" column).
            why = (
                "no credentials"
                if plan.networks[item.network].available
                else "this network is not installed"
            )
            item.detail = f"not sent ({why})"
            item.preview = str(path)
        self._save(ledger)
        report.notes.append(
            f"outbox preview ({len(items)} new): open {path.resolve().as_uri()}"
        )

    def _network(
        self, item: Item, info: NetworkInfo, ledger: Ledger, stopped: dict[str, str]
    ) -> Network | None:
        """This run's instance of the item's network; None (and the item
        recorded, the network stopped) when it cannot start."""
        network = self._instances.get(item.network)
        if network is not None:
            return network
        assert info.cls is not None
        try:
            network = self._instances[item.network] = info.cls(self.env, self.posse)
        except Exception as err:  # nothing was sent: say why, try next run
            remedy = getattr(err, "remedy", None)
            secrets = [v for k, v in self.env.items() if k in info.cls.env_vars]
            message = scrub(getattr(err, "message", None) or str(err), secrets)
            record = ledger.record(item.article_id, item.network) or Record(
                state="pending"
            )
            if record.state != "posting":  # an interrupted post stays to be settled
                record.state = "failed" if remedy else "pending"
            self._finish(
                item,
                ledger,
                record,
                record.state,
                error=f"{display_name(item.network)} could not start: {message}",
                remedy=scrub(remedy, secrets) if remedy else None,
            )
            stopped[item.network] = (
                f"{display_name(item.network)} could not start: {message}"
            )
            return None
        return network

    def _deliver(
        self, item: Item, info: NetworkInfo, ledger: Ledger, stopped: dict[str, str]
    ) -> None:
        assert item.text is not None
        network = self._network(item, info, ledger, stopped)
        if network is None:
            return
        secrets = network.secrets()
        article = item.article
        post = Post(
            article_id=item.article_id,
            network=item.network,
            text=item.text,
            url=item.url,
            link=item.link,
            title=article.get("title", ""),
            description=article.get("description", ""),
            image=article.get("image"),
            lang=item.lang,
            idempotency_key=idempotency_key(item.article_id, item.network),
        )
        record = ledger.record(item.article_id, item.network) or Record(state="pending")
        ledger.note_article(item.article_id, item.url, item.date)
        at = self.clock()
        # An attempt of ours may have reached the network: settle it first.
        interrupted = record.state == "posting"
        look_since = None
        if interrupted:
            how = settle_by(info, record, item.text, at)
            if how == "look":
                look_since = (_parse_time(record.at) or at) - LOOK_BACK
            elif how != "resend":  # plan() held the others; a clock may have moved
                item.action, item.reason = "held", "look_later"
                item.detail = describe(item, record, self.posse)
                return
        elif info.free_reads and record.attempts == 0:
            # Before the first send: a lost ledger, or a ledger push that failed in
            # CI, must not make a copy of a post that is already there.
            look_since = (_parse_time(item.date) or at) - LOOK_BACK
        if look_since is not None and self._look(
            item,
            network,
            post=post,
            since=look_since,
            ledger=ledger,
            record=record,
            stopped=stopped,
        ):
            return
        # A post whose earlier attempt may have arrived stays `posting`, with that
        # attempt's time, when this run's attempt was certainly not sent.
        unsent = "posting" if interrupted else "pending"
        first_at = record.at if interrupted else None
        ours_before = record.attempts > 0 and record.state in (
            "posting",
            "pending",
            "uncertain",
            "failed",
        )
        tries = 0
        waited = False
        while True:
            tries += 1
            record.state = "posting"
            record.attempts += 1
            record.at = iso(self.clock())
            record.text_sha256 = text_hash(item.text)
            ledger.set(item.article_id, item.network, record)
            self._save(ledger)  # the intent is on disk before the network hears of it
            try:
                delivered = network.post(post)
            except AlreadyPosted as err:
                ours = ours_before or tries > 1
                self._finish(
                    item,
                    ledger,
                    record,
                    "posted" if ours else "duplicate",
                    remote_id=err.remote_id,
                    url=err.url,
                    error=None if ours else scrub(err.message, secrets),
                )
                return
            except Unconfirmed as err:
                message = scrub(err.message, secrets)
                if info.copy_refusal is not None and tries < TRIES:
                    # Sending it again is safe: a copy would be refused.
                    self._back_off(item, message, tries)
                    continue
                self._lost(
                    item,
                    info,
                    ledger=ledger,
                    record=record,
                    message=message,
                    stopped=stopped,
                )
                return
            except Transient as err:
                message = scrub(err.message, secrets)
                if tries < TRIES:
                    self._back_off(item, message, tries)
                    continue
                self._finish(
                    item,
                    ledger,
                    record,
                    unsent,
                    error=f"{message} (tried {tries} times; tried again "
                    "on the next run)",
                    at=first_at,
                )
                return
            except RetryLater as err:
                message = scrub(err.message, secrets)
                wait = (
                    (err.not_before - self.clock()).total_seconds()
                    if err.not_before
                    else None
                )
                if wait is not None and wait <= self.posse.max_wait and not waited:
                    waited = True
                    log.info(
                        "posse: %s rate limited; waiting %.0f s",
                        display_name(item.network),
                        max(wait, 0),
                    )
                    self.sleep(max(wait, 0.0))
                    continue
                self._throttled(
                    item,
                    ledger=ledger,
                    record=record,
                    message=message,
                    err=err,
                    stopped=stopped,
                    state=unsent,
                    at=first_at,
                )
                return
            except Permanent as err:
                self._finish(
                    item,
                    ledger,
                    record,
                    "failed",
                    error=scrub(err.message, secrets),
                    remedy=scrub(err.remedy, secrets),
                )
                stopped[item.network] = (
                    f"{display_name(item.network)} stopped for this run: "
                    f"{scrub(err.message, secrets)}"
                )
                return
            except DeliveryError as err:
                self._finish(
                    item,
                    ledger,
                    record,
                    unsent,
                    error=scrub(err.message, secrets),
                    at=first_at,
                )
                return
            except Exception as err:  # a bug in a network module
                # Whether it was sent is unknown: the next run settles it as it
                # settles any interrupted post.
                message = scrub(f"unexpected {type(err).__name__}: {err}", secrets)
                self._lost(
                    item,
                    info,
                    ledger=ledger,
                    record=record,
                    message=message,
                    stopped=stopped,
                )
                return
            self._finish(
                item,
                ledger,
                record,
                "posted",
                remote_id=delivered.remote_id,
                url=delivered.url,
            )
            return

    def _back_off(self, item: Item, message: str, tries: int) -> None:
        jitter = random.uniform(0.5, 1.5)  # runs must not retry in step
        delay = (self.base_delay or BASE_DELAY) * 2 ** (tries - 1) * jitter
        log.info(
            "posse: %s on %s: %s; trying again in %.1f s",
            item.article_id,
            display_name(item.network),
            message,
            delay,
        )
        self.sleep(delay)

    def _look(
        self,
        item: Item,
        network: Network,
        *,
        post: Post,
        since: dt.datetime,
        ledger: Ledger,
        record: Record,
        stopped: dict[str, str],
    ) -> bool:
        """Read the account's recent posts for this article's. True when that
        settled the item (found it, or the read failed); False: not there, send."""
        secrets = network.secrets()
        # A failed read leaves the record as it was (`posting` keeps its time).
        interrupted = record.state == "posting"
        state = "posting" if interrupted else "pending"
        kept_at = record.at if interrupted else None
        why = f"could not read {display_name(item.network)} to check for a copy"
        try:
            found: Delivered | None = network.look(post, since)
        except RetryLater as err:
            message = scrub(err.message, secrets)
            self._throttled(
                item,
                ledger=ledger,
                record=record,
                message=message,
                err=err,
                stopped=stopped,
                state=state,
                at=kept_at,
            )
            return True
        except Permanent as err:
            message = scrub(err.message, secrets)
            if not interrupted:
                # The read before a first send is a safeguard, not a condition:
                # a token that may post but not read (a Mastodon token with
                # write:statuses alone) still posts; the warning says how to
                # give it the look. The send itself reports a bad token.
                log.warning(
                    "posse: %s on %s: %s (%s); sent without that check. %s",
                    item.article_id,
                    display_name(item.network),
                    why,
                    message,
                    scrub(err.remedy, secrets),
                )
                return False
            # An earlier attempt may have arrived and nothing can tell: a person.
            self._finish(
                item,
                ledger,
                record,
                "uncertain",
                error=f"the answer to an earlier attempt was lost, and {why}: "
                f"{message}",
                remedy=f"{scrub(err.remedy, secrets)} Meanwhile: "
                + _resolve_remedy(item.article_id, item.network),
                at=kept_at,
            )
            return True
        except DeliveryError as err:  # Transient, Unconfirmed: try the read later
            message = scrub(err.message, secrets)
            self._finish(
                item,
                ledger,
                record,
                state,
                error=f"{why}: {message} (tried again on the next run)",
                at=kept_at,
            )
            stopped[item.network] = f"{display_name(item.network)}: {message}"
            return True
        if found is None:
            return False
        log.info(
            "posse: %s on %s: already there, not sent again: %s",
            item.article_id,
            display_name(item.network),
            found.url,
        )
        self._finish(
            item, ledger, record, "posted", remote_id=found.remote_id, url=found.url
        )
        item.detail = "already on the network (found by reading it): not sent again"
        return True

    def _lost(
        self,
        item: Item,
        info: NetworkInfo,
        *,
        ledger: Ledger,
        record: Record,
        message: str,
        stopped: dict[str, str],
    ) -> None:
        """The post may have arrived and nothing here can tell: the record stays
        `posting`, which the next run settles (re-send, look, or a person)."""
        if info.free_reads:
            then = _parse_time(record.at) or self.clock()
            after = _short_time(then + LOOK_AFTER)
            next_step = (
                f"the next run reads {display_name(item.network)} after {after} "
                "and sends it only if it is not there"
            )
        elif info.copy_refusal is not None:
            next_step = (
                "the next run sends it again, which the network refuses if it "
                f"arrived (within {_span(info.copy_refusal)})"
            )
        else:
            next_step = "look for it, then `pelican-posse resolve`"
        self._finish(
            item,
            ledger,
            record,
            "posting",
            error=f"{message}; it may have been posted: {next_step}",
            at=record.at,  # the intent's time: what the next run ages
        )
        stopped[item.network] = (
            f"{display_name(item.network)} stopped for this run: {message}"
        )

    def _throttled(
        self,
        item: Item,
        *,
        ledger: Ledger,
        record: Record,
        message: str,
        err: RetryLater,
        stopped: dict[str, str],
        state: str = "pending",
        at: str | None = None,
    ) -> None:
        when = iso(err.not_before) if err.not_before else None
        self._finish(
            item,
            ledger,
            record,
            state,
            error=f"{message} (rate limited; "
            + (f"next try after {when})" if when else "tried again on the next run)"),
            not_before=when,
            at=at,
        )
        stopped[item.network] = f"{display_name(item.network)} is rate limited" + (
            f" until {when}" if when else ""
        )

    def _finish(
        self,
        item: Item,
        ledger: Ledger,
        record: Record,
        state: str,
        *,
        remote_id: str | None = None,
        url: str | None = None,
        error: str | None = None,
        remedy: str | None = None,
        not_before: str | None = None,
        at: str | None = None,
    ) -> None:
        record.state = state
        record.at = at or iso(self.clock())
        record.remote_id = remote_id or record.remote_id
        record.url = url or record.url
        record.error = error
        record.remedy = remedy
        record.not_before = not_before
        ledger.set(item.article_id, item.network, record)
        self._save(ledger)
        item.outcome = state
        item.remote_url = record.url
        item.detail = error or ""
        if state in ("posted", "duplicate"):
            log.info(
                "posse: %s on %s: %s %s",
                item.article_id,
                display_name(item.network),
                state,
                record.url or "",
            )
        else:
            log.warning(
                "posse: %s on %s: %s: %s",
                item.article_id,
                display_name(item.network),
                state,
                error,
            )

    # --- other commands ---------------------------------------------------------
    def baseline(self) -> tuple[int, list[str]]:
        """Record every current article as announced; returns (count, future ids)."""
        data = self.manifest()
        at = self.clock()
        count = 0
        future: list[str] = []
        with locked(self.lock_path):
            ledger = Ledger.load(self.posse.ledger_path, tmp_dir=self.tmp_dir)
            for article in data["articles"]:
                if article.get("status") != "published":
                    continue  # a draft published later must still be announced
                date = _parse_time(article.get("date"))
                if date is not None and date > at:
                    future.append(article["id"])  # scheduled, not announced yet
                    continue
                added = False
                ledger.note_article(
                    article["id"], article.get("url"), article.get("date")
                )
                for network in self.posse.syndicate:
                    if ledger.record(article["id"], network) is None:
                        ledger.set(
                            article["id"], network, Record(state="baseline", at=iso(at))
                        )
                        added = True
                count += added
            ledger.networks.update(self.posse.syndicate)
            self._save(ledger)
        return count, future

    def send(self, article: str) -> Report:
        """Announce one article now, whatever its age (not a draft, not held by
        its metadata, not one dated in the future)."""
        data = self.manifest()
        if not any(a["id"] == article for a in data["articles"]):
            raise UsageError(self._unknown_article(article, data))
        return self.publish(only={article}, force={article})

    def retry(self, article: str | None = None) -> Report:
        data = self.manifest()
        entry = None
        if article is not None:
            entry = next((a for a in data["articles"] if a["id"] == article), None)
            if entry is None:
                raise UsageError(self._unknown_article(article, data))
        texts = (entry or {}).get("texts") or {}

        def retryable(aid: str, network: str, record: Record) -> bool:
            if record.state == "failed" or (
                record.state == "pending" and record.not_before
            ):
                return True
            # Naming an article also sends what only went to the outbox, when
            # the manifest carries its text: without it, reopening the record
            # would only leave it pending with nothing to send.
            return (
                aid == article
                and record.state == "outbox"
                and network in self.posse.syndicate
                and _sendable(texts.get(network))
            )

        previews: list[str] = []  # networks whose outbox preview a named retry sends

        def reopen(ledger: Ledger) -> None:
            previews.clear()  # (publish calls this once, under the lock)
            for aid, records in ledger.articles.items():
                if article is not None and aid != article:
                    continue
                for network, record in records.items():
                    if not retryable(aid, network, record):
                        continue
                    if record.state == "outbox":
                        previews.append(network)
                    record.state = "pending"
                    record.not_before = None
                    record.remedy = None

        with locked(self.lock_path):
            ledger = Ledger.load(self.posse.ledger_path, tmp_dir=self.tmp_dir)
            ids = {
                aid
                for aid, recs in ledger.articles.items()
                if (article is None or aid == article)
                and any(retryable(aid, n, r) for n, r in recs.items())
            }
        mine = ledger.records_of(article) if article is not None else {}
        order = self._order
        # Previews that cannot be sent: said plainly, and the record is left as it was.
        notes = [
            self._unsendable_note(article, network, texts.get(network))
            for network, record in sorted(mine.items(), key=lambda nr: order(nr[0]))
            if article is not None
            and record.state == "outbox"
            and network in self.posse.syndicate
            and not _sendable(texts.get(network))
        ]
        if not ids:
            report = Report(Plan([], {}), notes=notes, exit_code=1 if notes else 0)
            if article is not None and not notes:
                report.notes.append(self._nothing_to_retry(article, mine))
            return report
        report = self.publish(only=ids, before=reopen)
        previews.sort(key=order)
        if any(
            i.outcome in ("posted", "duplicate") and i.network in previews
            for i in report.plan.items
        ):
            self._rerender_outbox(report.plan)
        report.notes[:0] = [
            *(_preview_note(report.plan, article or "", p) for p in previews),
            *notes,
        ]
        if notes:
            report.exit_code = max(report.exit_code, 1)
        return report

    def _rerender_outbox(self, plan: Plan) -> None:
        """The page without the previews `retry` has just sent: it says that
        nothing on it was sent."""
        from . import outbox  # noqa: PLC0415 - Jinja2: only when a preview was sent

        folder = Path(self.posse.outbox)
        if not (folder / outbox.PAGE).exists():
            return
        with locked(self.lock_path):
            ledger = Ledger.load(self.posse.ledger_path, tmp_dir=self.tmp_dir)
            outbox.render(
                folder,
                plan.manifest,
                {n: i.missing for n, i in plan.networks.items() if not i.configured},
                self.output_path,
                timezone=self.timezone,
                sent=_sent(ledger),
            )

    def _order(self, network: str) -> tuple[int, str]:
        """Sort key: the order of POSSE_SYNDICATE, then any other network."""
        syndicate = self.posse.syndicate
        return (
            syndicate.index(network) if network in syndicate else len(syndicate),
            network,
        )

    def _unsendable_note(
        self, article: str, network: str, composed: Mapping[str, Any] | None
    ) -> str:
        said = (
            f"{article} on {display_name(network)} was only previewed in the "
            "outbox, and it was not sent now"
        )
        rebuild = (
            f"rebuild the site with `pelican content -s {self.settings_file}`, then "
            f"run `pelican-posse retry {article}` again"
        )
        error = (composed or {}).get("error")
        if error:
            return (
                f"{said}: its text could not be composed ({error}). "
                f"Fix that, {rebuild}."
            )
        manifest = self.manifest_path
        return (
            f"{said}: the manifest {manifest} has no text for it. "
            f"To send it, {rebuild}."
        )

    def _nothing_to_retry(self, article: str, records: Mapping[str, Record]) -> str:
        if not records:
            return (
                f"{article} has no record in the ledger {self.posse.ledger_path} "
                "yet, so there is nothing to retry; `pelican-posse plan` shows what "
                "the next publish does with it."
            )
        states = ", ".join(
            f"{display_name(n)} {records[n].state}"
            for n in sorted(records, key=self._order)
        )
        return f"{article}: nothing to retry ({states})."

    def _unknown_article(self, article: str, data: Mapping[str, Any]) -> str:
        manifest = self.manifest_path
        ledger = Ledger.load(self.posse.ledger_path, tmp_dir=self.tmp_dir)
        if ledger.records_of(article):
            return (
                f"{article!r} is in the ledger {ledger.path} but not in the manifest "
                f"{manifest}: its file was removed or renamed (a renamed article "
                f"keeps its id with `posse_id: {article}` in its metadata), or the "
                f"site was not rebuilt since; rebuild it with "
                f"`pelican content -s {self.settings_file}`."
            )
        known = [a["id"] for a in data["articles"]] + ledger.ids()
        return (
            f"no article {article!r} in the manifest {manifest}."
            + _did_you_mean(article, known)
            + " `pelican-posse status --articles` lists the ids of the articles "
            "in the ledger; `pelican-posse plan`, those of the articles due."
        )

    def resolve(
        self,
        article: str,
        network: str,
        posted_url: str | None,
        *,
        force: bool = False,
        give_up: bool = False,
    ) -> Record:
        """Settle an ``uncertain`` post; any other state only with ``force``.

        ``give_up``: stop announcing it (``abandoned``) — allowed for any post not
        done yet (failed, uncertain, pending, interrupted), so that it stops
        counting as a failure.
        """
        known = list(dict.fromkeys([*NAMES, *self.posse.syndicate]))
        if network not in known and network.lower() in known:
            network = network.lower()  # "X" is how people write it
        if network not in known:
            raise UsageError(f"unknown network {network!r}; known: {', '.join(known)}")
        if posted_url is not None and not posted_url.startswith(
            ("https://", "http://")
        ):
            raise UsageError(
                f"--posted needs the post's URL (https://...), not {posted_url!r}"
            )
        with locked(self.lock_path):
            ledger = Ledger.load(self.posse.ledger_path, tmp_dir=self.tmp_dir)
            record = ledger.record(article, network)
            if record is None:
                on = ledger.records_of(article)
                raise UsageError(
                    f"the ledger {ledger.path} has no record of {article!r} on "
                    f"{display_name(network)}, so there is nothing to resolve"
                    + (
                        f" (it has records on {', '.join(map(display_name, on))})."
                        if on
                        else "." + _did_you_mean(article, ledger.ids())
                    )
                )
            settles = not record.done if give_up else record.state == "uncertain"
            if not settles and not force:
                raise UsageError(_not_uncertain(article, network, record))
            record.at = iso(self.clock())
            record.error = record.remedy = record.not_before = None
            if give_up:
                # Kept, so that the ledger remembers the article was not announced
                # on purpose; never sent, never counted as a failure.
                record.state = "abandoned"
                record.url = record.remote_id = None
            elif posted_url is not None:
                if posted_url != record.url:
                    record.remote_id = None  # it was the id of another post, if any
                record.state, record.url = "posted", posted_url
            else:
                # Not posted: no post to link back to; the next publish sends it.
                record.state = "pending"
                record.url = record.remote_id = None
            self._save(ledger)
            return record


def _span(span: dt.timedelta) -> str:
    if span == dt.timedelta.max:
        return "as long as the post exists"
    hours = span.total_seconds() / 3600
    if hours >= 1:
        return f"{hours:g} hours"
    return f"{span.total_seconds() / 60:g} minutes"


def _resolve_remedy(article_id: str, network: str) -> str:
    return (
        f"look for the post on {display_name(network)}, then `pelican-posse "
        f"resolve {article_id} {network} --posted URL` or `--not-posted` (or "
        "`--give-up` to stop announcing it)"
    )


def _sent(ledger: Ledger) -> Callable[[str, str], bool]:
    """For the outbox page: was this preview sent for real since?"""

    def sent(article_id: str, network: str) -> bool:
        record = ledger.record(article_id, network)
        return record is not None and record.state in ("posted", "duplicate")

    return sent


def _sendable(composed: Mapping[str, Any] | None) -> bool:
    """The manifest carries a text to send (not a compose error)."""
    return (
        bool(composed) and composed.get("text") is not None and "error" not in composed
    )


def _did_you_mean(word: str, ids: Iterable[str]) -> str:
    """' Did you mean a, b?' with up to 3 close ids, or ''."""
    ids = list(dict.fromkeys(ids))
    # An id the typed word is part of (the file name without its folder) is
    # surely the one meant; otherwise the most similar ones.
    close = [i for i in ids if word and word in i]
    if not close:
        import difflib  # noqa: PLC0415 - only for a mistyped id

        close = difflib.get_close_matches(word, ids, n=3, cutoff=0.6)
    return f" Did you mean {', '.join(close[:3])}?" if close else ""


# What to do instead of `resolve`, by the record's state.
INSTEAD = {
    "posted": "It was announced; nothing to do.",
    "baseline": "It counts as announced before pelican-posse; nothing to do.",
    "duplicate": "The network already had this exact post; nothing to do.",
    "outbox": "It was only previewed in the outbox; to send it now: "
    "`pelican-posse retry {id}`.",
    "failed": "The network refused it: fix the cause (`pelican-posse status` says "
    "how), then `pelican-posse retry {id}`.",
    "pending": "The next `pelican-posse publish` tries it again.",
    "posting": "A run stopped while sending it; the next `pelican-posse publish` "
    "checks it.",
}


def _not_uncertain(article: str, network: str, record: Record) -> str:
    where = f" at {record.url}" if record.state == "posted" and record.url else ""
    instead = INSTEAD.get(record.state, "").format(id=article)
    return (
        f"{article} on {display_name(network)} is recorded as {record.state}{where}, "
        "not uncertain: `resolve` only settles a post whose outcome is unknown. "
        f"{instead} If you are sure the record is wrong, add --force to change "
        "it anyway."
    ).replace("  ", " ")


def idempotency_key(article_id: str, network: str) -> str:
    """Stable for one article on one network (Mastodon's Idempotency-Key)."""
    import hashlib  # noqa: PLC0415 - OpenSSL, loaded when posting only

    return hashlib.sha256(f"{article_id}\n{network}".encode()).hexdigest()[:32]


def _preview_note(plan: Plan, article_id: str, network: str) -> str:
    """What `retry ARTICLE` did with a post that had only gone to the outbox."""
    name = display_name(network)
    item = next(
        (i for i in plan.items if (i.article_id, i.network) == (article_id, network)),
        None,
    )
    said = (
        f"{article_id} on {name} had only been previewed in the outbox; it was "
        "not a failed delivery"
    )
    outcome = item.outcome if item else None
    if outcome == "outbox":
        info = plan.networks.get(network)
        why = (
            "still has no credentials"
            if info is None or info.available
            else "is not installed here"
        )
        return f"{said}. {name} {why}: previewed again, not sent."
    if outcome in ("posted", "duplicate"):
        return f"{said}. Sent to {name} now, as asked."
    if outcome:  # tried, and the network did not take it
        detail = f": {item.detail}" if item and item.detail else ""
        return (
            f"{said}. Sending it to {name} now did not work{detail}. It is "
            f"recorded as {outcome}: {STATES.get(outcome, outcome)}."
        )
    why = (
        f" ({item.detail or item.reason})"
        if item and (item.detail or item.reason)
        else ""
    )
    return (
        f"{said}. It was not sent in this run{why}; it is recorded as pending: "
        f"{STATES['pending']}."
    )


def status(ledger: Ledger) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for records in ledger.articles.values():
        for network, record in records.items():
            per = counts.setdefault(network, {})
            per[record.state] = per.get(record.state, 0) + 1
    return counts
