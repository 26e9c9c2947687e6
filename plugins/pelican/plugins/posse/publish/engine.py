"""The commands on the ledger (publish, baseline, send, retry, resolve), and exit codes.

One run of ``publish``, under the ledger's lock from the first read to the last
write (so two runs can never both decide to post the same article): read the
manifest (refused when stale) and the ledger; plan (``plan.py``: what is due,
why the rest waits, fail closed); settle interrupted posts nothing can settle
(``uncertain``); wait for the pages to be live if asked; preview in the outbox
what has no credentials; deliver the rest oldest first, each exactly once
(``deliver.py``), each outcome written as one row of a table (``outcomes.py``).
Every sentence shown comes from ``messages.py``.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import manifest as manifest_mod
from ..ledger import Ledger, Record, iso, locked, now, paused_gc, text_hash
from ..settings import PosseSettings
from . import retry as retry_mod
from . import stale
from .check import stored_expiry_notes as expiring
from .deliver import Courier
from .messages import did_you_mean, say, state_word
from .networks import NAMES, NETWORKS, display_name
from .outcomes import mark_uncertain
from .plan import (
    Item,
    Plan,
    Report,
    describe,
    make_plan,
    oldest_first,
    parse_time,
    why_not_sent,
)
from .refusals import no_record, not_uncertain

# NETWORKS: the registry the engine plans with (tests replace it, or a class
# in it); now: the clock's default.
__all__ = ["NETWORKS", "Engine", "Report", "UsageError", "now"]

log = logging.getLogger(__name__)

# Exit codes of publish, retry and send (docs: "Exit codes").
EXIT_OK, EXIT_LATER, EXIT_USAGE, EXIT_PERSON = 0, 1, 2, 3


class UsageError(Exception):
    """A configuration or usage mistake: exit code 2, the message says what to do."""


@dataclass
class Engine:
    """The commands, with what they share: settings, environment, clock."""

    posse: PosseSettings
    env: Mapping[str, str]
    sleep: Callable[[float], None] = time.sleep
    base_delay: float | None = None  # None: deliver.BASE_DELAY (tests shorten it)
    clock: Callable[[], dt.datetime] = now
    live_check: Callable[[list[str], float], set[str]] | None = None
    output_path: Path | None = None  # the built site, for outbox card images
    timezone: dt.tzinfo | None = None  # the site's TIMEZONE, for the outbox page
    settings_file: str = "publishconf.py"  # named in "rebuild the site with ..."

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

    def load_ledger(self) -> Ledger:
        return Ledger.load(self.posse.ledger_path, tmp_dir=self.tmp_dir)

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
            return self._plan(
                self.manifest(), ledger or self.load_ledger(), only, force
            )

    def _plan(
        self,
        data: Mapping[str, Any],
        ledger: Ledger,
        only: set[str] | None,
        force: set[str] | None,
    ) -> Plan:
        return make_plan(
            data,
            ledger,
            self.posse,
            self.env,
            at=self.clock(),
            only=only,
            force=force,
            registry=NETWORKS,
        )

    def save(self, ledger: Ledger) -> None:
        # The temporary file goes in the state folder: a run killed while saving
        # leaves nothing in the site's root (`.posse/` is git-ignored).
        ledger.save(tmp_dir=self.tmp_dir)

    def publish(
        self,
        wait_live: float | None = None,
        only: set[str] | None = None,
        before: Callable[[Ledger], None] | None = None,
        force: set[str] | None = None,
    ) -> Report:
        """Announce what is due. ``before``: changes to the ledger made under
        the lock before planning (retry reopens records); ``only``/``force``:
        as make_plan's."""
        data = self.manifest()
        with locked(self.lock_path):
            ledger = self.load_ledger()
            if before is not None:
                before(ledger)
            plan = self._plan(data, ledger, only, force)
            report = Report(plan)
            if plan.refusal:
                # Whatever `before` changed (retry's reopened records) is not
                # saved: a refused run leaves the ledger as it found it.
                report.exit_code = EXIT_USAGE
                return report
            self._prepare(plan, ledger, changed=before is not None)
            report.notes += expiring(plan.networks, self.env, self.clock())
            self._recover(plan, ledger, report)
            to_post = plan.for_action("post")
            if wait_live is not None and to_post:
                self._wait_live(to_post, wait_live, report)
            self._outbox(plan, ledger, report)
            self._deliver(plan, ledger, report)
            report.exit_code = self._exit_code(report, ledger)
            return report

    def _prepare(self, plan: Plan, ledger: Ledger, *, changed: bool) -> None:
        """Moved articles' records follow them; the networks this run may
        announce on have a history from now on (the fail-closed check looks
        for one). Saved when anything changed."""
        changed |= self._follow_moves(plan, ledger)
        live = {n for n, i in plan.networks.items() if i.configured}
        if not live <= ledger.networks:
            ledger.networks |= live
            changed = True
        if changed:
            self.save(ledger)

    def _deliver(self, plan: Plan, ledger: Ledger, report: Report) -> None:
        """Every due post, oldest first; a stopped network's wait."""
        courier = Courier(
            self.posse,
            self.env,
            ledger,
            save=self.save,
            clock=self.clock,
            sleep=self.sleep,
            base_delay=self.base_delay,
        )
        due = sorted(plan.for_action("post"), key=oldest_first)
        refused = courier.prove(due, plan.networks)  # before anything is sent
        report.notes += refused.values()
        report.refused = list(refused)
        for item in due:
            if item.network in courier.stopped:
                item.action, item.reason = "held", "network_stopped"
                item.detail = courier.stopped[item.network]
                continue
            courier.deliver(item, plan.networks[item.network])
            report.delivered.append(item)

    def _exit_code(self, report: Report, ledger: Ledger) -> int:
        """3 while any post failed for good or is uncertain (this run's or an
        earlier one's: CI stays red until a person acts); 1 when something is
        left for the next run; else 0."""
        waiting = self.needs_person(ledger)
        if waiting:
            posts = ", ".join(
                say(
                    "needs_person.post",
                    id=aid,
                    network=display_name(net),
                    state=state_word(rec.state),
                )
                for aid, net, rec in waiting
            )
            report.notes.append(say("needs_person", count=len(waiting), posts=posts))
            return EXIT_PERSON
        if report.refused:  # credentials refused before sending: a person acts
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
            mark_uncertain(
                item, info, ledger, record, at=at, save=self.save, posse=self.posse
            )
            report.delivered.append(item)

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
            urls_said = ", ".join(
                say("not_live.url", url=url, problem=problems[url])
                if url in problems
                else url
                for url in waiting
            )
            report.notes.append(say("not_live", seconds=seconds, urls=urls_said))
        if any(p.startswith("cannot connect") for p in problems.values()):
            report.notes.append(say("unreachable"))

    def _outbox(self, plan: Plan, ledger: Ledger, report: Report) -> None:
        from . import outbox  # noqa: PLC0415 - Jinja2: `plan` never renders the page

        items = plan.for_action("outbox")
        if not items:
            page = Path(self.posse.outbox) / outbox.PAGE
            if page.exists() and any(not i.configured for i in plan.networks.values()):
                report.notes.append(
                    say("outbox.nothing_new", uri=page.resolve().as_uri())
                )
            return
        missing = {n: i.missing for n, i in plan.networks.items() if not i.configured}
        path = outbox.write_previews(
            items,
            self.posse,
            plan.manifest,
            self.clock(),
            missing=missing,
            local_root=self.output_path,
            timezone=self.timezone,
            sent=retry_mod.sent_since(ledger),
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
                say("outbox.no_credentials")
                if plan.networks[item.network].available
                else say("outbox.not_installed")
            )
            item.detail = say("outbox.not_sent", why=why)
            item.preview = str(path)
        self.save(ledger)
        report.notes.append(
            say("outbox.new", count=len(items), uri=path.resolve().as_uri())
        )

    # --- other commands ---------------------------------------------------------
    def baseline(self) -> tuple[int, list[str]]:
        """Record every current article as announced; returns (count, future ids).

        The count is of the articles publish would announce, as its refusal
        counts them: a translation announced with its original (the build
        holds it back, POSSE_TRANSLATIONS) or one held by ``Posse: off`` is
        recorded too, so that a later change of setting floods nothing, but not
        counted again."""
        data = self.manifest()
        at = self.clock()
        count = 0
        future: list[str] = []
        with locked(self.lock_path):
            ledger = self.load_ledger()
            for article in data["articles"]:
                if article.get("status") != "published":
                    continue  # a draft published later must still be announced
                date = parse_time(article.get("date"))
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
                count += int(added and not article.get("held"))
            ledger.networks.update(self.posse.syndicate)
            self.save(ledger)
        return count, future

    def send(self, article: str) -> Report:
        """Announce one article now, whatever its age (not a draft, not held by
        its metadata, not one dated in the future)."""
        data = self.manifest()
        if not any(a["id"] == article for a in data["articles"]):
            raise UsageError(self.unknown_article(article, data))
        report = self.publish(only={article}, force={article})
        # `send` is what people reach for when an article will not go out: it
        # must never answer with silence.
        report.notes += why_not_sent(report.plan, article)
        return report

    def retry(self, article: str | None = None) -> Report:
        """Send again what failed or was rate limited (``retry.py``)."""
        data = self.manifest()
        entry = None
        if article is not None:
            entry = next((a for a in data["articles"] if a["id"] == article), None)
            if entry is None:
                raise UsageError(self.unknown_article(article, data))
        return retry_mod.reopen_and_send(self, article, entry)

    def order(self, network: str) -> tuple[int, str]:
        """Sort key: the order of POSSE_SYNDICATE, then any other network."""
        syndicate = self.posse.syndicate
        return (
            syndicate.index(network) if network in syndicate else len(syndicate),
            network,
        )

    def unknown_article(self, article: str, data: Mapping[str, Any]) -> str:
        """Why ``article`` is not an id the manifest knows, and what to do."""
        ledger = self.load_ledger()
        if ledger.records_of(article):
            return say(
                "unknown.in_ledger",
                id=article,
                ledger=ledger.path,
                manifest=self.manifest_path,
                settings=self.settings_file,
            )
        known = [a["id"] for a in data["articles"]] + ledger.ids()
        return say(
            "unknown.article",
            id=article,
            manifest=self.manifest_path,
            did_you_mean=did_you_mean(article, known),
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
        network = self._network_named(network)
        if posted_url is not None and not posted_url.startswith(
            ("https://", "http://")
        ):
            raise UsageError(say("resolve.needs_url", url=posted_url))
        with locked(self.lock_path):
            ledger = self.load_ledger()
            record = ledger.record(article, network)
            if record is None:
                raise UsageError(no_record(ledger, article, network))
            settles = not record.done if give_up else record.state == "uncertain"
            if not settles and not force:
                raise UsageError(not_uncertain(article, network, record))
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
            self.save(ledger)
            return record

    def _network_named(self, network: str) -> str:
        known = list(dict.fromkeys([*NAMES, *self.posse.syndicate]))
        if network not in known and network.lower() in known:
            network = network.lower()  # "X" is how people write it
        if network not in known:
            raise UsageError(
                say("unknown.network", network=network, known=", ".join(known))
            )
        return network
