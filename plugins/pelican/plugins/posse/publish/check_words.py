"""What ``pelican-posse check`` says: the lines around its findings and each
finding, as named English templates; part of ``messages.MESSAGES``, so
translated like the rest (``locale/ja``)."""

from __future__ import annotations

CHECK_MESSAGES = {
    # --- check: the lines around the findings --------------------------------
    "check.settings": "warning: {problem} (a build logs this as an ERROR and "
    "leaves the link out)",
    "check.none": "POSSE_SYNDICATE names no network: there is nothing to check.",
    "check.reached": "{network}: ok, reached as {account}",
    "check.valid": "{network}: the credentials are valid",
    "check.well_formed": "{network}: the values are well-formed",
    "check.network": "{network}:",
    "check.finding": "  {severity}: {variable}: {text}",
    "check.finding_plain": "  {severity}: {text}",
    "check.severity.problem": "problem",
    "check.severity.warning": "warning",
    "check.severity.note": "note",
    "check.all_good": "All good ({count} network(s) checked).",
    "check.summary": "{problems} problem(s), {warnings} warning(s) (exit {code}: "
    "2 = publish would fail, 1 = warnings only).",
    "check.offline": "--offline: no request was made; `pelican-posse check` also "
    "asks each network whether the credentials can post.",
    "check.publish_expiry": "{network}: {variable}: {said}",
    "check.publish_refused": "{network}: nothing was sent to it in this run, and "
    "nothing is recorded as failed: the check before its first post found a "
    "problem with {variable}. Fix it, then run publish again (`pelican-posse "
    "check` tells when it is right): {text}",
    "check.publish_refused_plain": "{network}: nothing was sent to it in this run, "
    "and nothing is recorded as failed: the check before its first post found a "
    "problem. Fix it, then run publish again (`pelican-posse check` tells when it "
    "is right): {text}",
    "stop.checked": "{network} was not posted to: its credentials were refused "
    "before the first post (see below)",
    # --- check: any network ---------------------------------------------------
    "check.empty": "unset or empty: set it (see docs/networks/{name}.md)",
    "check.quoted": "has quotes around it: remove them (a GitHub secret or a .env "
    "line holds the value alone, without quotes)",
    "check.inner_space": "has a space or a line break inside it: copy the value "
    "again, in one piece",
    "check.stray_space": "has spaces or a line break around it: pelican-posse "
    "ignores them, but remove them so that every tool reads the same value",
    "check.expired": "the token expired on {when}: make a new one "
    "(see docs/networks/{name}.md)",
    "check.expires_soon": "the token expires on {when}, in {days} day(s): make a "
    "new one before then (see docs/networks/{name}.md)",
    "check.bad_expiry": "is not a date such as 2026-09-30 (or 'never'), so the "
    "token's expiry cannot be watched: write the date the token expires",
    "check.refused": "{message}. Fix: {remedy}",
    "check.unreachable": "{network} could not be asked ({message}): the "
    "credentials were not checked online; run `pelican-posse check` again later",
    "check.not_installed": "this network's library is not installed here "
    "({error}): its posts go to the outbox; install pelican-posse with it",
    "check.not_configured": "no credentials ({names} unset): its posts only go to "
    "the local outbox preview. Set them (see docs/networks/{name}.md), or take "
    "{name} out of POSSE_SYNDICATE",
    "check.url": "{error}: unset it to use the network itself",
    "check.billed": "X's check is a billed read (GET /2/users/me, billed by X "
    "per call); `pelican-posse check --offline` skips it",
    "check.billed_skipped": "not asked online (--offline): the read that checks "
    "X is billed by X",
    # --- check: each network --------------------------------------------------
    "check.x.access_token": "does not look like an access token (one begins with "
    "your account's numeric id and a dash): copy the Access Token from the app's "
    '"Keys and tokens" page, not the Bearer Token or the Client ID',
    "check.x.read_only": "this token may only read: set the app's permissions to "
    '"Read and write" in the X developer portal, then regenerate the access '
    "token and secret and update POSSE_X_ACCESS_TOKEN and "
    "POSSE_X_ACCESS_TOKEN_SECRET",
    "check.facebook.page_id": "{value!r} is the Page's user name, not its id: set "
    "it to the Page's numeric id (Page settings > About > Page transparency, "
    "or GET /me/accounts; see docs/networks/facebook.md)",
    "check.facebook.page_url": "{value!r} is an address, not a Page id: set it to "
    "the Page's numeric id (Page settings > About > Page transparency, or "
    "GET /me/accounts; see docs/networks/facebook.md)",
    "check.facebook.app_pair": "unset while the other of POSSE_FACEBOOK_APP_ID "
    "and POSSE_FACEBOOK_APP_SECRET is set: set both (Meta for Developers > your "
    "app > App settings > Basic), or neither",
    "check.facebook.app_id": "is not a number: set it to the App ID shown in "
    "Meta for Developers > your app > App settings > Basic",
    "check.facebook.other_page": "Graph answered with another object than this "
    "Page: set it to the Page's numeric id",
    "check.facebook.no_app": "unset, as `pelican-posse auth facebook` leaves it: "
    "the token's type, permissions and expiry were checked when auth made it, "
    "and are not read again online (only that the token reads the Page). To "
    "have check read them, run `pelican-posse auth facebook --keep-app-secret`",
    "check.facebook.debug_failed": "debug_token was refused ({message}): check "
    "POSSE_FACEBOOK_APP_ID and POSSE_FACEBOOK_APP_SECRET (App settings > "
    "Basic); the token's type, permissions and expiry were not checked",
    "check.facebook.invalid": "Facebook says the token is not valid ({message}): "
    "make a new Page token (see docs/networks/facebook.md)",
    "check.facebook.not_page": "is a {type} token, not a Page token: posting as "
    "the Page needs the Page's own token (from GET /me/accounts with a "
    "long-lived user token; see docs/networks/facebook.md)",
    "check.facebook.token_of_other_page": "is the token of another Page than "
    "POSSE_FACEBOOK_PAGE_ID: use this Page's token, or set the id of the Page "
    "it belongs to",
    "check.facebook.scopes": "lacks the permission(s) {scopes}: grant them to the "
    "app for this Page, then make a new Page token (see "
    "docs/networks/facebook.md)",
    "check.mastodon.no_instance": "unset: set it to your Mastodon server, e.g. "
    "'mastodon.social' (in pelicanconf.py or the environment)",
    "check.mastodon.instance": "{error}: set it to your server, e.g. "
    "'mastodon.social' or 'https://mastodon.social'",
    "check.mastodon.cannot_post": "the token's app has the scopes {scopes}, "
    "without write:statuses, so it cannot post: make a new token with "
    "write:statuses and profile at {where}",
    "check.mastodon.unverified": "the token is valid, but its account cannot be "
    "shown (a token made with write:statuses alone), so posting itself was not "
    "verified; publish still posts with it. To let check verify it, make a "
    "token with write:statuses and profile at {where}",
    "check.bluesky.handle": "{value!r} is not a Bluesky handle: set it to your "
    "full handle, e.g. 'hanako.bsky.social' (no @, no URL)",
    "check.bluesky.password": "does not look like an app password "
    "(xxxx-xxxx-xxxx-xxxx): if it is your account password, make an app "
    "password instead (Settings > Privacy and security > App passwords)",
    "check.bluesky.account_password": "Bluesky asked for a sign-in code: this is "
    "your account password, not an app password. Make an app password "
    "(Settings > Privacy and security > App passwords) and put it here",
}
