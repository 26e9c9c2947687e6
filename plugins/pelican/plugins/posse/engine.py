"""What is due, and delivering it exactly once: plan, publish, baseline, retry.

The same policy for every network:

* ``Transient``  -> jittered exponential backoff, 3 tries in all, then the record
  stays ``pending`` (attempts and last error kept) for the next run.
* ``RetryLater`` -> wait if the network allows us within ``POSSE_MAX_WAIT`` and try
  once more; else ``pending`` with ``not_before``, and this network stops for the run.
* ``Permanent``  -> ``failed`` with the network's words and the remedy; this network
  stops for the run, the others go on.
* ``AlreadyPosted`` -> ``posted`` when an earlier attempt of ours may have gone
  through; ``duplicate`` when we never tried (someone posted the same text).

Write-ahead: the record becomes ``posting`` (attempt number, text hash) and is on
disk before the network is called; the result is written right after. A record
found ``posting`` at the start of a run was interrupted: it is sent again only to a
network that refuses duplicates (``Network.detects_duplicates``) and only with the
same text; otherwise it becomes ``uncertain`` for a person to resolve.
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

from . import manifest as manifest_mod
from .ledger import STATES, Ledger, Record, iso, locked, now, paused_gc, text_hash
from .networks import NAMES, NETWORKS, display_name
from .networks.base import (
    AlreadyPosted,
    DeliveryError,
    Network,
    Permanent,
    Post,
    RetryLater,
    Transient,
    scrub,
)
from .pricing import x_cost
from .settings import PosseSettings

log = logging.getLogger(__name__)

TRIES = 3
BASE_DELAY = 2.0  # seconds before the 2nd try; doubled, with jitter, after that

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
    article: Mapping[str, Any] = field(default_factory=dict, repr=False)

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
    detects_duplicates: bool = False
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
            bool(getattr(cls, "detects_duplicates", False)),
            cls,
        )
    return infos


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


# Networks refuse a copy of a *recent* post only (X and Facebook do not say for
# how long): an interrupted post older than this is not re-sent, a person checks.
RECHECK_WITHIN = dt.timedelta(hours=24)


def _recent(when: str | None, at: dt.datetime) -> bool:
    moment = _parse_time(when)
    return moment is not None and at - moment <= RECHECK_WITHIN


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
) -> Plan:
    """Decide, without side effects, what ``publish`` would do now."""
    at = at or now()
    networks = list(posse.syndicate)
    infos = network_info(networks, env)
    items: list[Item] = []
    for article in manifest.get("articles", []):
        aid = article["id"]
        date = _parse_time(article.get("date"))
        texts = article.get("texts") or {}
        held = article.get("held")
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
                article=article,
            )
            items.append(item)
            record = ledger.record(aid, network)
            if record is not None and record.done:
                # Most items of a blog with history: decided, and described, here.
                item.action = "done"
                item.reason = record.state
                item.remote_url = record.url
                item.detail = STATES.get(record.state, record.state)
                continue
            if held:
                item.reason = held
            elif only is not None and aid not in only:
                item.reason = "not_selected"
            elif date is not None and date > at:
                item.reason = "future"
            elif record is not None and record.state == "failed":
                item.reason = "failed"
            elif record is not None and record.state == "uncertain":
                item.reason = "uncertain"
            elif (
                record is not None
                and record.state == "posting"
                and not (
                    infos[network].configured
                    and infos[network].detects_duplicates
                    and item.text is not None
                    and text_hash(item.text) == record.text_sha256
                    and _recent(record.at, at)
                )
            ):
                item.reason = "interrupted"
            elif (
                record is not None
                and (nb := _parse_time(record.not_before))
                and nb > at
                and infos[network].configured
            ):
                item.reason = "rate_limited"
            elif "error" in composed:
                item.reason = "compose_error"
            elif item.text is None:
                item.reason = "not_composed"
            else:
                item.action = "post" if infos[network].configured else "outbox"
            item.detail = describe(item, record, posse)
    # Oldest first; the cap protects followers (and money) from a backlog.
    for network in networks:
        due = [i for i in items if i.network == network and i.action == "post"]
        due.sort(key=_oldest_first)
        for late in due[posse.max_posts_per_run :]:
            late.action, late.reason = "held", "cap"
            late.detail = describe(late, None, posse)
    plan = Plan(items, infos, manifest=manifest)
    plan.refusal = _refusal(plan, ledger, posse)
    return plan


def describe(item: Item, record: Record | None, posse: PosseSettings) -> str:
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
    return template.format(
        date=item.date,
        cap=posse.max_posts_per_run,
        id=item.article_id,
        network=display_name(item.network),
        key=item.network,  # in a command the user types
        error=error,
        not_before=(record.not_before if record else "") or "",
    )


def _refusal(plan: Plan, ledger: Ledger, posse: PosseSettings) -> str | None:
    """Fail closed: a real network with no history and no POSSE_SINCE."""
    if posse.since is not None:
        return None
    seen = ledger.networks_seen()
    fresh = [
        name
        for name, info in plan.networks.items()
        if info.configured
        and (not ledger.existed or name not in seen)
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
        else f"the ledger {ledger.path} has no record for {names}"
    )
    return (
        f"posse: refusing to publish: {where}, and credentials for "
        f"{names} are set, so {len(due)} existing article(s) would be "
        "announced. If this is a CI run that lost its state, restore "
        "posse-ledger.json from git. Otherwise choose one:\n"
        "  pelican-posse baseline   records every current article as already "
        "announced (posts nothing); only articles added later are announced\n"
        "  POSSE_SINCE = '2026-01-31'   in your settings: only articles dated on or "
        "after that day are announced"
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
        try:
            return manifest_mod.read(self.manifest_path)
        except ValueError as err:
            raise UsageError(str(err)) from None

    def plan(self, only: set[str] | None = None, ledger: Ledger | None = None) -> Plan:
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
            )

    # The lock is held from reading the ledger to the last write, so two runs
    # can never both decide to post the same article.
    def publish(
        self,
        wait_live: float | None = None,
        only: set[str] | None = None,
        before: Callable[[Ledger], None] | None = None,
    ) -> Report:
        data = self.manifest()
        with locked(self.lock_path):
            ledger = Ledger.load(self.posse.ledger_path, tmp_dir=self.tmp_dir)
            if before is not None:
                before(ledger)
            plan = make_plan(
                data, ledger, self.posse, self.env, at=self.clock(), only=only
            )
            report = Report(plan)
            if plan.refusal:
                # Whatever `before` changed (retry's reopened records) is not
                # saved: a refused run leaves the ledger as it found it.
                report.exit_code = 2
                return report
            if before is not None:
                ledger.save()
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
            if any(
                i.outcome in ("pending", "failed", "uncertain")
                for i in report.delivered
            ):
                report.exit_code = 1
            return report

    def _recover(self, plan: Plan, ledger: Ledger, report: Report) -> None:
        """Interrupted posts that cannot be checked become `uncertain`."""
        for item in plan.items:
            record = ledger.record(item.article_id, item.network)
            if record is None or record.state != "posting":
                continue
            # Still re-sent this run or a later one (same text, duplicates refused).
            if item.action == "post" or item.reason in ("cap", "not_selected"):
                continue
            info = plan.networks[item.network]
            if not info.configured:
                continue  # checked when its credentials are back
            if not info.detects_duplicates:
                why = f"{display_name(item.network)} cannot tell us about duplicates"
            elif not _recent(record.at, self.clock()):
                why = "too long ago for the network's duplicate check to be trusted"
            else:
                why = "the text changed since"
            record.state = "uncertain"
            record.at = iso(self.clock())
            record.error = f"the run stopped while posting, and {why}"
            record.remedy = (
                f"look for the post on {display_name(item.network)}, then "
                f"`pelican-posse resolve {item.article_id} "
                f"{item.network} --posted URL` or `--not-posted`"
            )
            ledger.set(item.article_id, item.network, record)
            ledger.save()
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
        ledger.save()
        report.notes.append(
            f"outbox preview ({len(items)} new): open {path.resolve().as_uri()}"
        )

    def _deliver(
        self, item: Item, info: NetworkInfo, ledger: Ledger, stopped: dict[str, str]
    ) -> None:
        assert info.cls is not None and item.text is not None
        network = self._instances.get(item.network)
        if network is None:
            try:
                network = self._instances[item.network] = info.cls(self.env, self.posse)
            except Exception as err:  # nothing was sent: say why, try next run
                remedy = getattr(err, "remedy", None)
                secrets = [v for k, v in self.env.items() if k in info.cls.env_vars]
                message = scrub(getattr(err, "message", None) or str(err), secrets)
                record = ledger.record(item.article_id, item.network) or Record(
                    state="pending"
                )
                self._finish(
                    item,
                    ledger,
                    record,
                    "failed" if remedy else "pending",
                    error=f"{display_name(item.network)} could not start: {message}",
                    remedy=scrub(remedy, secrets) if remedy else None,
                )
                stopped[item.network] = (
                    f"{display_name(item.network)} could not start: {message}"
                )
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
        previous = ledger.record(item.article_id, item.network)
        record = previous or Record(state="pending")
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
            ledger.save()  # the intent is on disk before the network hears of it
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
            except Transient as err:
                message = scrub(err.message, secrets)
                if tries < TRIES:
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
                    continue
                self._finish(
                    item,
                    ledger,
                    record,
                    "pending",
                    error=f"{message} (tried {tries} times; tried again "
                    "on the next run)",
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
                when = iso(err.not_before) if err.not_before else None
                self._finish(
                    item,
                    ledger,
                    record,
                    "pending",
                    error=f"{message} (rate limited; "
                    + (
                        f"next try after {when})"
                        if when
                        else "tried again on the next run)"
                    ),
                    not_before=when,
                )
                stopped[item.network] = (
                    f"{display_name(item.network)} is rate limited"
                    + (f" until {when}" if when else "")
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
                    item, ledger, record, "pending", error=scrub(err.message, secrets)
                )
                return
            except Exception as err:  # a bug in a network module
                # Whether it was sent is unknown: say so rather than guess.
                state = "pending" if info.detects_duplicates else "uncertain"
                self._finish(
                    item,
                    ledger,
                    record,
                    state,
                    error=scrub(f"unexpected {type(err).__name__}: {err}", secrets),
                    remedy=None
                    if state == "pending"
                    else f"look for the post on {display_name(item.network)}, then "
                    f"`pelican-posse resolve {item.article_id} {item.network} "
                    "--posted URL` or `--not-posted`",
                )
                stopped[item.network] = (
                    f"{display_name(item.network)} stopped after an error"
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
    ) -> None:
        record.state = state
        record.at = iso(self.clock())
        record.remote_id = remote_id or record.remote_id
        record.url = url or record.url
        record.error = error
        record.remedy = remedy
        record.not_before = not_before
        ledger.set(item.article_id, item.network, record)
        ledger.save()
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
                for network in self.posse.syndicate:
                    if ledger.record(article["id"], network) is None:
                        ledger.set(
                            article["id"], network, Record(state="baseline", at=iso(at))
                        )
                        added = True
                count += added
            ledger.networks.update(self.posse.syndicate)
            ledger.save()
        return count, future

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
    ) -> Record:
        """Settle an ``uncertain`` post; any other state only with ``force``."""
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
            if record.state != "uncertain" and not force:
                raise UsageError(_not_uncertain(article, network, record))
            record.at = iso(self.clock())
            record.error = record.remedy = record.not_before = None
            if posted_url is not None:
                if posted_url != record.url:
                    record.remote_id = None  # it was the id of another post, if any
                record.state, record.url = "posted", posted_url
            else:
                # Not posted: no post to link back to; the next publish sends it.
                record.state = "pending"
                record.url = record.remote_id = None
            ledger.save()
            return record


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
