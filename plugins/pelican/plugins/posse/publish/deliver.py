"""Delivering: one post to one network, exactly once.

Write-ahead: the record becomes ``posting`` (attempt number, text hash) and is
on disk before the network is called; the result is written right after (one
row of ``outcomes.OUTCOMES``). When the outcome is unknown (the run was killed,
the answer was lost), the post is sent again only where that cannot make a copy:

* the network refuses the same post for a while (``Network.copy_refusal``: X's
  duplicate 403, Mastodon's Idempotency-Key, Bluesky's record key) and the intent
  is that recent, with the same text; or
* the network's own recent posts were read for free (``Network.free_reads``:
  Facebook, Mastodon, Bluesky) and the post is not there. A post can take a moment
  to be listed, so only an intent at least ``LOOK_AFTER`` old is judged by a read.

Otherwise it is ``uncertain``, for a person (``status`` says how). Where reads are
free, the account is also read before the *first* send of each article, so that a
ledger that was lost, or a ledger push that failed in CI, never makes a copy.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from string import Formatter
from typing import Any

from ..ledger import Ledger, Record, iso, text_hash
from ..said import Said, said, words
from ..settings import PosseSettings
from .check import proof
from .messages import MESSAGES, say
from .networks import display_name
from .networks.base import (
    AlreadyPosted,
    DeliveryError,
    Network,
    Permanent,
    Post,
    RetryLater,
    scrub,
)
from .networks.words import MAY_EXIST
from .outcomes import (
    LOOK_KINDS,
    OUTCOMES,
    Outcome,
    kind_of,
    refusal_span,
    resolve_remedy,
    write_outcome,
)
from .plan import (
    LOOK_AFTER,
    Item,
    NetworkInfo,
    describe,
    parse_time,
    settle_by,
    short_time,
)

log = logging.getLogger(__name__)

TRIES = 3
BASE_DELAY = 2.0  # seconds before the 2nd try; doubled, with jitter, after that
# Where to start reading an account's posts before a first send: the article's
# date, less a day for clocks and zones.
LOOK_BACK = dt.timedelta(days=1)


def idempotency_key(article_id: str, network: str) -> str:
    """Stable for one article on one network (Mastodon's Idempotency-Key)."""
    import hashlib  # noqa: PLC0415 - OpenSSL, loaded when posting only

    return hashlib.sha256(f"{article_id}\n{network}".encode()).hexdigest()[:32]


@dataclass
class Courier:
    """What the deliveries of one run share: the ledger, the clock, the
    networks started so far and those stopped for the run (with why)."""

    posse: PosseSettings
    env: Mapping[str, str]
    ledger: Ledger
    save: Callable[[Ledger], None]
    clock: Callable[[], dt.datetime]
    sleep: Callable[[float], None]
    base_delay: float | None = None  # None: BASE_DELAY
    stopped: dict[str, str] = field(default_factory=dict)
    started: dict[str, Network] = field(default_factory=dict)

    def deliver(self, item: Item, info: NetworkInfo) -> None:
        """Deliver one due item; its outcome is in the ledger and on the item."""
        assert item.text is not None
        network = self._start(item, info)
        if network is not None:
            Delivery(self, item, info, network.secrets()).run(network)

    def prove(
        self, due: list[Item], networks: Mapping[str, NetworkInfo]
    ) -> dict[str, str]:
        """Before anything is sent: each network with a post due, once, by its
        read-only check (``Network.verify``), on the instance that then posts
        (one Bluesky session for the run). Never a billed read: X's first post
        is its own check. A network refused stops for the run, nothing recorded
        as failed; returns what to say of each (``check``'s words) by name."""
        said: dict[str, str] = {}
        for name in dict.fromkeys(item.network for item in due):
            info = networks[name]
            if info.cls is None or info.cls.billed_verify or name in self.started:
                continue
            try:
                network = info.cls(self.env, self.posse)
            except Exception:  # _start says why, with the first post
                continue
            self.started[name] = network
            try:
                refusal = proof(network, self.clock())
            except NotImplementedError:  # a network that cannot be checked online
                continue
            except Exception as err:  # a bug in the check: the post then says more
                error = scrub(f"{type(err).__name__}: {err}", network.secrets())
                log.warning(
                    "posse: %s",
                    said("log.check_failed", network=display_name(name), error=error),
                )
                continue
            if refusal is not None:
                self.stopped[name] = say("stop.checked", network=display_name(name))
                said[name] = refusal
        return said

    def _start(self, item: Item, info: NetworkInfo) -> Network | None:
        """This run's instance of the item's network; None (and the item
        recorded, the network stopped) when it cannot start."""
        network = self.started.get(item.network)
        if network is not None:
            return network
        assert info.cls is not None
        try:
            network = self.started[item.network] = info.cls(self.env, self.posse)
        except Exception as err:  # nothing was sent: say why, try next run
            remedy = getattr(err, "remedy", None)
            secrets = [v for k, v in self.env.items() if k in info.cls.env_vars]
            Delivery(self, item, info, secrets).settle(
                "start_refused" if remedy else "start_failed",
                message=scrub(getattr(err, "message", None) or str(err), secrets),
                remedy=remedy,
            )
            return None
        return network

    def back_off(self, item: Item, message: str | Said, tries: int) -> None:
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


class Delivery:
    """One item's delivery: settle an earlier attempt, look, send, record."""

    def __init__(
        self, courier: Courier, item: Item, info: NetworkInfo, secrets: list[str]
    ) -> None:
        self.courier, self.item, self.info, self.secrets = courier, item, info, secrets
        self.record = courier.ledger.record(item.article_id, item.network) or Record(
            state="pending"
        )
        # An attempt of ours may have reached the network: it is settled first,
        # and its record keeps its time while this run's attempt is not sent.
        self.interrupted = self.record.state == "posting"
        self.earlier_at = self.record.at if self.interrupted else None
        self.waited = False  # for a rate limit, once

    def run(self, network: Network) -> None:
        item, record, info = self.item, self.record, self.info
        assert item.text is not None
        post = self._post()
        self.courier.ledger.note_article(item.article_id, item.url, item.date)
        at = self.courier.clock()
        look_since = None
        if self.interrupted:
            how = settle_by(info, record, item.text, at)
            if how == "look":
                look_since = (parse_time(record.at) or at) - LOOK_BACK
            elif how != "resend":  # plan() held the others; a clock may have moved
                item.action, item.reason = "held", "look_later"
                item.detail = describe(item, record, self.courier.posse)
                return
        elif info.free_reads and record.attempts == 0:
            # Before the first send: a lost ledger, or a ledger push that failed in
            # CI, must not make a copy of a post that is already there.
            look_since = (parse_time(item.date) or at) - LOOK_BACK
        if look_since is not None and self._look(network, post, look_since):
            return
        self._send(network, post)

    def _post(self) -> Post:
        item, article = self.item, self.item.article
        assert item.text is not None
        return Post(
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

    def _look(self, network: Network, post: Post, since: dt.datetime) -> bool:
        """Read the account's recent posts for this article's. True when that
        settled the item (found it, or the read failed); False: not there, send."""
        try:
            found = network.look(post, since)
        except DeliveryError as err:
            kind = kind_of(err, LOOK_KINDS)
            message = scrub(err.message, self.secrets)
            if kind == "look_refused" and not self.interrupted:
                # The read before a first send is a safeguard, not a condition:
                # a token that may post but not read (a Mastodon token with
                # write:statuses alone) still posts; the warning says how to
                # give it the look. The send itself reports a bad token.
                log.warning(
                    "posse: %s",
                    said(
                        "log.look_refused",
                        article=self.item.article_id,
                        network=display_name(self.item.network),
                        cannot_read=self._cannot_read(),
                        message=message,
                        remedy=scrub(getattr(err, "remedy", ""), self.secrets),
                    ),
                )
                return False
            self.settle(kind or "look_failed", message=message, error=err)
            return True
        if found is None:
            return False
        log.info(
            "posse: %s on %s: already there, not sent again: %s",
            self.item.article_id,
            display_name(self.item.network),
            found.url,
        )
        self.settle("found", remote_id=found.remote_id, url=found.url)
        return True

    def _send(self, network: Network, post: Post) -> None:
        """Write the intent, call the network, record the outcome; some
        outcomes are tried again first (the table's ``again``)."""
        record = self.record
        ours_before = record.attempts > 0 and record.state in (
            "posting",
            "pending",
            "uncertain",
            "failed",
        )
        tries = 0
        while True:
            tries += 1
            self._intend()
            try:
                delivered = network.post(post)
            except Exception as err:
                kind = kind_of(err) or "unexpected"
                if kind == "duplicate" and (ours_before or tries > 1):
                    kind = "ours_already"  # an attempt of ours may have gone through
                message = self._message(err)
                if self._again(OUTCOMES[kind], err, message, tries):
                    continue
                self.settle(
                    kind,
                    message=message,
                    error=err,
                    tries=tries,
                    **_found(err),
                )
                return
            self.settle("sent", remote_id=delivered.remote_id, url=delivered.url)
            return

    def _intend(self) -> None:
        """The intent is on disk before the network hears of it."""
        item, record = self.item, self.record
        assert item.text is not None
        record.state = "posting"
        record.attempts += 1
        record.at = iso(self.courier.clock())
        record.text_sha256 = text_hash(item.text)
        self.courier.ledger.set(item.article_id, item.network, record)
        self.courier.save(self.courier.ledger)

    def _message(self, err: BaseException) -> str | Said:
        if isinstance(err, DeliveryError):
            return scrub(err.message, self.secrets)
        # A bug in a network module: whether it was sent is unknown.
        text = said("error.unexpected", kind=type(err).__name__, error=str(err))
        return scrub(text, self.secrets)

    def _again(
        self, row: Outcome, err: BaseException, message: str | Said, tries: int
    ) -> bool:
        """Try again within the run (backing off, or waiting out a rate limit)."""
        if row.again == "backoff" or (
            row.again == "backoff_if_refused" and self.info.copy_refusal is not None
        ):
            # Sending it again is safe: nothing was sent, or a copy is refused.
            if tries < TRIES:
                self.courier.back_off(self.item, message, tries)
                return True
            return False
        if row.again == "wait" and isinstance(err, RetryLater) and not self.waited:
            if err.not_before is None:
                return False
            wait = (err.not_before - self.courier.clock()).total_seconds()
            if wait <= self.courier.posse.max_wait:
                self.waited = True
                log.info(
                    "posse: %s rate limited; waiting %.0f s",
                    display_name(self.item.network),
                    max(wait, 0),
                )
                self.courier.sleep(max(wait, 0.0))
                return True
        return False

    def settle(
        self,
        kind: str,
        *,
        message: str | Said = "",
        error: BaseException | None = None,
        tries: int = 0,
        remote_id: str | None = None,
        url: str | None = None,
        remedy: str | Said | None = None,
    ) -> None:
        """Apply the table's row ``kind``: record it, stop the network if it says so."""
        row = OUTCOMES[kind]
        item, name = self.item, display_name(self.item.network)
        limited = isinstance(error, RetryLater) and error.not_before is not None
        when = iso(error.not_before) if limited else None
        values: dict[str, Any] = {
            "message": message,
            "network": name,
            "tries": tries,
            "when": when,
        }
        sentence = row.error
        if row.error == "error.lost":
            values["next_step"] = self._next_step()
            if isinstance(message, Said) and message.key in MAY_EXIST:
                sentence = "error.lost_said"  # ours says so: not twice
        if row.error in ("look.refused", "look.failed"):
            values["why"] = self._cannot_read()
        if isinstance(error, Permanent):
            remedy = error.remedy
        write_outcome(
            item,
            self.courier.ledger,
            self.record,
            "posting" if row.keeps_posting and self.interrupted else row.state,
            save=self.courier.save,
            at=self._time(row),
            remote_id=remote_id,
            url=url,
            error=self._sentence(sentence, values),
            remedy=self._remedy(row, remedy),
            not_before=when,
        )
        if row.detail:
            item.detail = say(row.detail)
        if row.stop:
            self.courier.stopped[item.network] = words(self._sentence(row.stop, values))

    def _time(self, row: Outcome) -> str:
        if row.time == "intent":
            return self.record.at or iso(self.courier.clock())
        if row.time == "earlier" and self.earlier_at:
            return self.earlier_at
        return iso(self.courier.clock())

    @staticmethod
    def _sentence(key: str | None, values: dict[str, Any]) -> str | Said | None:
        """The sentence ``key`` (its ``_until`` form when a time is known), kept
        as a key and the values it uses; ``plain``: the network's own words."""
        if key is None:
            return None
        if key == "plain":
            return values["message"]
        if values.get("when") and f"{key}_until" in MESSAGES:
            key = f"{key}_until"
        used = {f for _, f, _, _ in Formatter().parse(MESSAGES[key]) if f}
        return said(key, **{k: v for k, v in values.items() if k in used})

    def _remedy(self, row: Outcome, remedy: str | Said | None) -> str | Said | None:
        if row.remedy is None or remedy is None:
            return None
        kept = scrub(remedy, self.secrets)
        if row.remedy == "look":
            item = self.item
            return said(
                "look.refused_remedy",
                remedy=kept,
                resolve=resolve_remedy(item.article_id, item.network),
            )
        return kept

    def _cannot_read(self) -> Said:
        return said("look.cannot_read", network=display_name(self.item.network))

    def _next_step(self) -> Said:
        """What settles a post whose answer was lost (the record stays
        ``posting``): the next run re-sends it, looks for it, or a person does."""
        name = display_name(self.item.network)
        if self.info.free_reads:
            then = parse_time(self.record.at) or self.courier.clock()
            return said("lost.look", network=name, after=short_time(then + LOOK_AFTER))
        if self.info.copy_refusal is not None:
            return said("lost.resend", span=refusal_span(self.info.copy_refusal))
        return said("lost.person")


def _found(err: BaseException) -> dict[str, str | None]:
    """The post the network says exists already (AlreadyPosted), if any."""
    if isinstance(err, AlreadyPosted):
        return {"remote_id": err.remote_id, "url": err.url}
    return {}
