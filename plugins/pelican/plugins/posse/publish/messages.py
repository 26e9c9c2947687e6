"""Every sentence ``pelican-posse`` shows a person, as named English templates.

Code asks for a sentence by its key, ``say("outbox.new", count=3, uri=...)``,
and never writes one itself. Each template is a gettext msgid: ``say`` gives it
in the language spoken (``i18n.py``; the Japanese is in
``locale/ja/LC_MESSAGES/pelican-posse.po``). Placeholders are ``str.format``
fields; a key's prefix names the part that says it. The other tables of words
shown (``WAIT_REASONS``, ``INSTEAD``, ``WHAT_TO_DO``, and in core
``manifest.HOLD_REASONS`` and ``ledger.STATES``) go through ``tr`` where they
are shown; msgids() lists them all, for the catalogue and its test.

The networks' remedies are keys too (``networks/words.py``, merged below): a
network raises ``Permanent(..., remedy=said("x.remedy.keys"))``, and what is
kept for later (the ledger's remedies, our sentence around a network's error)
is a ``said.Said`` (key and values), put in words when shown (``say`` fills a
Said value in the language spoken). ``register(MESSAGES)`` lets ``said.words``
render them.

The core's own problems are tables too, listed by msgids() and said through
``tr`` where they are made: the settings' (``settings_words.py``), a damaged
ledger's (``ledger/words.py``), an unusable manifest's
(``manifest.MANIFEST_PROBLEMS``); ``--help`` is translated once the parser is
built (``clihelp.py``, whose texts ``tools/i18n.py`` adds to the catalogue).

Our framing of a network's error ("could not reach X (...)", "(the post may
exist)") is a Said of ``networks/words.py`` too, the network's own words a
value in it; argparse's own sentences go through the catalogue as well
(``clihelp.parse``). Still English only: the networks' own words (kept as
they gave them), a manifest field of the wrong type (the fix is the same:
rebuild), and log lines (``-v``, for a developer).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..i18n import tr, tr_in
from ..ledger import STATES
from ..ledger.words import LEDGER_PROBLEMS
from ..manifest import HOLD_REASONS, MANIFEST_PROBLEMS
from ..profiles import PROFILE_NETWORKS
from ..said import Said, register, words
from ..settings_words import SETTING_PROBLEMS
from .auth.words import AUTH_MESSAGES
from .check_words import CHECK_MESSAGES
from .networks.words import NETWORK_MESSAGES

# Why an (article, network) is not sent now; `plan` shows the words.
WAIT_REASONS = {
    **HOLD_REASONS,
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

# What `status` says to do about a record that needs attention, by its state
# (a record's own remedy, when it has one, comes first).
WHAT_TO_DO = {
    "pending": "tried again by the next `pelican-posse publish`",
    "posting": "checked by the next `pelican-posse publish`",
    "duplicate": "the network already had this exact post; nothing to do",
    "failed": "fix the cause, then `pelican-posse retry {id}`",
    "uncertain": "`pelican-posse resolve {id} {key} --posted URL` or `--not-posted`",
}

MESSAGES = {
    # --- spans of time -------------------------------------------------------
    "span.forever": "as long as the post exists",
    "span.hours": "{hours:g} hours",
    "span.minutes": "{minutes:g} minutes",
    "days.none": "no limit",
    "days.one": "1 day",
    "days.many": "{days:g} days",
    # --- plan: the refusal to publish into a void ----------------------------
    "refusal.no_ledger": "no ledger at {path}",
    "refusal.no_history": "the ledger {path} has no history for {names}",
    "refusal": "posse: refusing to publish: {where}, and credentials for "
    "{names} are set, so {count} existing article(s) would be "
    "announced. If this is a CI run that lost its state, restore "
    "posse-ledger.json from git. Otherwise choose one:\n"
    "  pelican-posse baseline   records every current article as already "
    "announced (posts nothing); only articles added later are announced\n"
    "  POSSE_SINCE = '{today}'   in your settings: only articles "
    "dated from today on are announced",
    # --- publish: before delivering ------------------------------------------
    "not_live": "not live after {seconds:g} s, waiting for the next run: {urls}",
    "not_live.url": "{url} ({problem})",
    "unreachable": "the site could not be reached at all: check SITEURL in your "
    "settings file and that the deploy has finished",
    "outbox.nothing_new": "outbox preview (nothing new): open {uri}",
    "outbox.new": "outbox preview ({count} new): open {uri}",
    "outbox.not_sent": "not sent ({why})",
    "outbox.no_credentials": "no credentials",
    "outbox.not_installed": "this network is not installed",
    # --- one delivery: its outcome -------------------------------------------
    "start.failed": "{network} could not start: {message}",
    "error.transient": "{message} (tried {tries} times; tried again on the next run)",
    "error.rate_limited_until": "{message} (rate limited; next try after {when})",
    "error.rate_limited": "{message} (rate limited; tried again on the next run)",
    "error.unexpected": "unexpected {kind}: {error}",
    "error.lost": "{message}; it may have been posted: {next_step}",
    "error.lost_said": "{message}; {next_step}",  # ours says it may exist
    "lost.look": "the next run reads {network} after {after} and sends it only "
    "if it is not there",
    "lost.resend": "the next run sends it again, which the network refuses if it "
    "arrived (within {span})",
    "lost.person": "look for it, then `pelican-posse resolve`",
    "look.cannot_read": "could not read {network} to check for a copy",
    "look.refused": "the answer to an earlier attempt was lost, and {why}: {message}",
    "look.refused_remedy": "{remedy} Meanwhile: {resolve}",
    "look.failed": "{why}: {message} (tried again on the next run)",
    "look.found": "already on the network (found by reading it): not sent again",
    "stop.stopped": "{network} stopped for this run: {message}",
    "stop.rate_limited_until": "{network} is rate limited until {when}",
    "stop.rate_limited": "{network} is rate limited",
    "stop.look_failed": "{network}: {message}",
    "remedy.resolve": "look for the post on {network}, then `pelican-posse "
    "resolve {id} {key} --posted URL` or `--not-posted` (or "
    "`--give-up` to stop announcing it)",
    # --- an interrupted post nothing can settle ------------------------------
    "unsettled": "the run stopped while posting, and {why}",
    "unsettled.no_refusal": "{network} does not refuse a copy, and its posts "
    "cannot be read for free",
    "unsettled.text_changed": "the text changed since",
    "unsettled.too_long_ago": "too long ago for the network's duplicate check to "
    "be trusted ({network} refuses a copy for {span})",
    # --- the end of a run ----------------------------------------------------
    "needs_person": "{count} post(s) need you (`pelican-posse status` says "
    "what to do; `retry` after fixing the cause, or `resolve ... "
    "--give-up` to stop announcing it): {posts}",
    "needs_person.post": "{id} on {network} ({state})",
    # --- retry ---------------------------------------------------------------
    "retry.unsendable": "{id} on {network} was only previewed in the outbox, and "
    "it was not sent now",
    "retry.rebuild": "rebuild the site with `pelican content -s {settings}`, then "
    "run `pelican-posse retry {id}` again",
    "retry.compose_error": "{said}: its text could not be composed ({error}). "
    "Fix that, {rebuild}.",
    "retry.no_text": "{said}: the manifest {manifest} has no text for it. "
    "To send it, {rebuild}.",
    "retry.no_record": "{id} has no record in the ledger {ledger} yet, so there is "
    "nothing to retry; `pelican-posse plan` shows what the next publish does "
    "with it.",
    "retry.nothing": "{id}: nothing to retry ({states}).",
    "retry.state": "{network} {state}",
    "preview.said": "{id} on {network} had only been previewed in the outbox; it "
    "was not a failed delivery",
    "preview.again": "{said}. {network} {why}: previewed again, not sent.",
    "preview.no_credentials": "still has no credentials",
    "preview.not_installed": "is not installed here",
    "preview.sent": "{said}. Sent to {network} now, as asked.",
    "preview.failed": "{said}. Sending it to {network} now did not work{detail}. "
    "It is recorded as {outcome}: {meaning}.",
    "preview.not_sent": "{said}. It was not sent in this run{why}; it is recorded "
    "as pending: {meaning}.",
    # --- an article id or a network the user typed ---------------------------
    "unknown.in_ledger": "{id!r} is in the ledger {ledger} but not in the manifest "
    "{manifest}: its file was removed or renamed (a renamed article "
    "keeps its id with `posse_id: {id}` in its metadata), or the "
    "site was not rebuilt since; rebuild it with "
    "`pelican content -s {settings}`.",
    "unknown.article": "no article {id!r} in the manifest {manifest}.{did_you_mean} "
    "`pelican-posse status --articles` lists the ids of the articles "
    "in the ledger; `pelican-posse plan`, those of the articles due.",
    "did_you_mean": " Did you mean {ids}?",
    "unknown.network": "unknown network {network!r}; known: {known}",
    # --- resolve -------------------------------------------------------------
    "resolve.needs_url": "--posted needs the post's URL (https://...), not {url!r}",
    "resolve.no_record": "the ledger {ledger} has no record of {id!r} on "
    "{network}, so there is nothing to resolve{rest}",
    "resolve.records_on": " (it has records on {networks}).",
    "resolve.no_records": ".{did_you_mean}",
    "resolve.not_uncertain": "{id} on {network} is recorded as {state}{where}, "
    "not uncertain: `resolve` only settles a post whose outcome is unknown. "
    "{instead} If you are sure the record is wrong, add --force to change "
    "it anyway.",
    "resolve.where": " at {url}",
    "resolved.abandoned": "{id} on {network}: given up; it will never be sent, "
    "and no longer counts as a failure.",
    "resolved.posted": "{id} on {network}: recorded as posted at {url}; it will "
    "not be sent again.",
    "resolved.pending": "{id} on {network}: recorded as not posted; the "
    "next `pelican-posse publish` sends it.",
    # --- the command: settings, errors ---------------------------------------
    "cli_lang.environment": "posse: POSSE_CLI_LANG in the environment is "
    "{value!r}: set it to ja or en (or unset it to follow the locale).",
    "settings.none": "no settings file: run pelican-posse in your site's folder "
    "(beside publishconf.py) or pass -s FILE",
    "settings.directory": "{path} is a directory; -s expects your Pelican "
    "settings file (e.g. -s publishconf.py)",
    "settings.not_found": "settings file {path} not found",
    "settings.syntax": "{file}, line {line}: {error}",
    "settings.unreadable": "{path} could not be read: {kind}: {error}",
    "settings.problem": "{path}: {problem}",
    "settings.problems": "{path}: {count} problems:\n{problems}",
    "settings.problems.item": "  - {problem}",
    "settings.env_wins": "{path}: {problem} (not used: the environment's variable "
    "of the same name is)",
    "wait_live.negative": "--wait-live needs a number of seconds >= 0",
    "interrupted": "posse: interrupted; the ledger holds everything done so far",
    "merge.cannot": "posse: cannot merge the ledgers:",
    "merge.conflict": "git reports the conflict; {ours} is left as it was.",
    "merge.cannot_write": "posse: cannot write the merged ledger {ours}:",
    "merge.no_file": "{path}: no such file",
    "merge.unreadable": "{path}: cannot read the ledger ({problem})",
    "version": "pelican-posse {number}",
    "version.unknown": "unknown (not installed as a package)",
    # --- the command's views -------------------------------------------------
    "networks.title": "Networks",
    "networks.network": "network",
    "networks.credentials": "credentials",
    "networks.goes_to": "goes to",
    "networks.not_installed": "outbox (this network is not installed)",
    "networks.set": "set",
    "networks.real": "{network} (real posts)",
    "networks.missing": "missing: {names}",
    "networks.outbox": "local outbox (preview, nothing is sent)",
    "plan.heading": "Plan",
    "plan.dry_run": "Dry run (nothing is sent)",
    "plan.posts": "{heading}: {count} post(s)",
    "plan.nothing": "{heading}: nothing to post.",
    "plan.post_facts": "{network} ({facts})",
    "list.comma": ", ",
    "plan.local_outbox": "local outbox",
    "plan.real_post": "real post",
    "plan.length": "length {length}/{limit}",
    "plan.x_bills": "X bills: {kind} ${price:.3f}",
    "plan.x_total": "X: {calls} billed call(s), total ${total:.3f} "
    "(a post with a URL is $0.200, without one $0.015)",
    "plan.already_done": "Already done: {states}",
    "plan.done_count": "{count} {state}",
    # X's kinds of post, as pricing.x_cost names them (the JSON keeps its words).
    "plan.x_kind.url": "post with URL",
    "plan.x_kind.post": "post",
    "plan.passed_over": "({line})",
    # When publish would refuse: nothing in the list is sent, and baseline
    # records its articles as announced; the texts still show how posts look.
    "plan.refused_posts": "Not sent, since publish refuses (above): {count} "
    "post(s) of {articles} article(s). After `pelican-posse baseline` these "
    "articles count as already announced and are never sent; their posts are "
    "shown so you can see how a post will look:",
    "plan.not_sent": "not sent",
    # --- the summary: opening sentences left out (summary.py) ----------------
    "summary.passed_over": "Summary leaves out {sentences}. To keep the opening as "
    "it is: `posse_summary: lead`, or write `Summary:`",
    "summary.sentence": "“{text}” ({kind})",
    "summary.kind.greeting": "greeting",
    "summary.kind.sign_off": "sign-off",
    "summary.kind.self_intro": "self-introduction",
    "summary.kind.thanks": "thanks",
    "summary.kind.weather": "weather or season",
    "summary.kind.recap": "recap of an earlier post",
    "summary.kind.aside": "says less of the title than a later sentence",
    "send.not_sent": "not sent to {network}: {why}",
    "send.only_previewed": "it was previewed in the outbox; to send that "
    "preview, run `pelican-posse retry {id}`",
    "held.title": "Held back: {count}",
    "held.date": "date",
    "held.article": "article",
    "held.network": "network",
    "held.reason": "reason",
    "held.more": "… and {count} more on {network} ({first} … {last}): {detail}",
    "held.new": "held: {id}: {detail}",
    "held.new_more": "… and {count} more held for their age",
    "report.published": "Published",
    "report.previewed": "Previewed in the outbox (nothing was sent)",
    "report.nothing_published": "Nothing was published",
    "report.article": "article",
    "report.network": "network",
    "report.result": "result",
    "report.where": "where / why",
    "report.nothing_due": "Nothing was due.",
    "report.nothing_sent": "Nothing was sent.",
    "report.waits": "waits: {id} on {network}: {detail}",
    "retry.none": "Nothing to retry.",
    "baseline.done": "Baseline: {count} article(s) recorded as already announced "
    "in {ledger}; nothing was posted.",
    "baseline.future": "{count} future-dated article(s) were left out: they are "
    "announced when their date comes: {ids}",
    "baseline.commit": "Commit the ledger so the next run (and CI) remembers it.",
    "status.no_ledger": "No ledger yet at {path}.",
    "status.title": "Ledger {path}",
    "status.network": "network",
    "status.waiting": "waiting",
    "status.waiting_unknown": "waiting: unknown. {why}",
    "status.post": "{id} on {network}: {state} (attempts {attempts}, {at})",
    "status.error": "  error: {error}",
    "status.what_to_do": "  what to do: {remedy}",
    "articles.title": "Articles: {count}",
    "articles.id": "article id",
    # --- a state, in a table or a sentence (`--json` keeps the state itself) ---
    "state.posting": "posting",
    "state.posted": "posted",
    "state.pending": "pending",
    "state.failed": "failed",
    "state.uncertain": "uncertain",
    "state.baseline": "baseline",
    "state.duplicate": "duplicate",
    "state.outbox": "outbox",
    "state.abandoned": "given up",
    # --- stale state: the manifest is older than the site (stale.py) ---------
    "stale.rebuild": "run `pelican content -s {settings}`, then this command again",
    "stale.unlisted": "{name}: this article is not in the manifest {manifest}, "
    "which is older than it; {rebuild}.",
    "stale.more": "{count} more article sources under {path} are not in the "
    "manifest {manifest}; {rebuild}.",
    "stale.local_build": "{last_build}: the last build ({when}) had no absolute "
    "SITEURL, so it wrote no manifest and {manifest} is from an earlier build, "
    "which may not be the site you deployed; {rebuild} (its SITEURL must start "
    "with https://).",
    # --- is the page live? (live.py) -----------------------------------------
    "live.cannot_connect": "cannot connect: {reason}",
    # --- warnings on stderr (log lines at WARNING, shown without -v; the
    # said() objects are put in words when the line is written) -------------
    "log.outcome": "{article} on {network}: {state}: {error}",
    "log.unsettled": "{article} on {network} may have been posted: {remedy}",
    "log.look_refused": "{article} on {network}: {cannot_read} ({message}); sent "
    "without that check. {remedy}",
    "log.check_failed": "{network} could not be checked before posting: {error}",
    "log.outbox_line": "{path}, line {number} is not JSON; left out of the preview",
    **CHECK_MESSAGES,  # pelican-posse check (publish/check_words.py)
    **AUTH_MESSAGES,  # pelican-posse auth (publish/auth/words.py)
    **NETWORK_MESSAGES,  # the networks' remedies (publish/networks/words.py)
}


register(MESSAGES)


def say(key: str, /, **values: Any) -> str:
    """The sentence ``key`` in the language spoken, its placeholders filled
    with ``values`` (a Said value is put in words first)."""
    for name, value in values.items():
        if isinstance(value, Said):
            values[name] = words(value)
    return tr(MESSAGES[key]).format(**values)


# A sentence quoted in the passed-over line: its first characters.
_QUOTED = 24


def passed_over_line(passed: Iterable[Any], language: str | None = None) -> str | None:
    """The one line `plan` and the outbox page show of the opening sentences
    the summary left out (the manifest's "passed_over"), in ``language`` (None:
    the one spoken); None when none was."""
    said = []
    for p in passed:
        if not isinstance(p, dict):
            continue
        text, kind = str(p.get("text", "")), str(p.get("kind", ""))
        if len(text) > _QUOTED:
            text = text[: _QUOTED - 1] + "…"
        key = f"summary.kind.{kind}"
        word = say_in(language, key) if key in MESSAGES else kind
        said.append(say_in(language, "summary.sentence", text=text, kind=word))
    if not said:
        return None
    comma = say_in(language, "list.comma")
    return say_in(language, "summary.passed_over", sentences=comma.join(said))


def say_in(language: str | None, key: str, /, **values: Any) -> str:
    """``say(key, ...)`` in ``language`` ("ja", "en"; None: the one spoken):
    the outbox page speaks the site's language, not the command's."""
    if language is None:
        return say(key, **values)
    return tr_in(language, MESSAGES[key]).format(**values)


def state_word(state: str) -> str:
    """A record's state as a person reads it (the state itself if unknown)."""
    key = f"state.{state}"
    return say(key) if key in MESSAGES else state


def msgids() -> dict[str, str]:
    """Every template the command may show, by where it comes from
    ("MESSAGES:key", "WAIT_REASONS:key", ...): the catalogue's msgids."""
    tables = {
        "MESSAGES": MESSAGES,
        "WAIT_REASONS": WAIT_REASONS,
        "INSTEAD": INSTEAD,
        "WHAT_TO_DO": WHAT_TO_DO,
        "STATES": STATES,
        "SETTING_PROBLEMS": SETTING_PROBLEMS,
        "LEDGER_PROBLEMS": LEDGER_PROBLEMS,
        "MANIFEST_PROBLEMS": MANIFEST_PROBLEMS,
        # What a valid account looks like, in a settings problem (profiles.py).
        "PROFILE_EXAMPLES": {k: n.example for k, n in PROFILE_NETWORKS.items()},
    }
    return {
        f"{name}:{key}": template
        for name, table in tables.items()
        for key, template in table.items()
    }


def did_you_mean(word: str, ids: Iterable[str]) -> str:
    """' Did you mean a, b?' with up to 3 close ids, or ''."""
    ids = list(dict.fromkeys(ids))
    # An id the typed word is part of (the file name without its folder) is
    # surely the one meant; otherwise the most similar ones.
    close = [i for i in ids if word and word in i]
    if not close:
        import difflib  # noqa: PLC0415 - only for a mistyped id

        close = difflib.get_close_matches(word, ids, n=3, cutoff=0.6)
    return say("did_you_mean", ids=", ".join(close[:3])) if close else ""
