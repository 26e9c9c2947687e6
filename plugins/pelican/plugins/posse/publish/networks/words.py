"""What the network modules say to a person, as named English templates: the
remedies (what to do about a refusal), our framing of a network's error
("could not reach X (...)", "(the post may exist)") and the warnings they log.
Part of ``messages.MESSAGES``, so translated like the rest; the network's own
words are a value in them, kept as it gave them, never translated.

A network raises ``self.fail(Permanent, said("network.error.code", code=190,
message=its_words), remedy=said("x.remedy.keys"))``; the ledger keeps the keys
and their values, and ``status`` says them in the reader's language.
"""

from __future__ import annotations

from typing import Any

from ...said import Said, register, said

NETWORK_MESSAGES = {
    # --- any network (base.py) ------------------------------------------------
    "network.remedy.not_configured": "Set {names} in the environment (CI secrets).",
    "network.remedy.url": "Check {variable}: leave it unset for {network} itself, "
    "or give the base URL of a proxy or fake, e.g. {example}.",
    "network.remedy.refused": "{network} refused the post; read {network}'s words "
    "above, fix the text or the settings, then run pelican-posse again.",
    # --- X ----------------------------------------------------------------------
    "x.remedy.keys": "Check POSSE_X_API_KEY, POSSE_X_API_SECRET, "
    "POSSE_X_ACCESS_TOKEN and POSSE_X_ACCESS_TOKEN_SECRET: in the X developer "
    'portal, give the app "Read and Write" permission, then regenerate the access '
    "token and secret (a token made before that change can only read) and update "
    "the secrets.",
    "x.remedy.forbidden": "In the X developer portal, set the app's User "
    'authentication settings to "Read and Write", regenerate the access token and '
    "secret for your own account, and update POSSE_X_ACCESS_TOKEN and "
    "POSSE_X_ACCESS_TOKEN_SECRET.",
    "x.remedy.too_long": "Shorten the announcement: it is over X's 280 weighted "
    "characters (a Japanese character counts 2, a URL 23). Shorten "
    "POSSE_TEMPLATES['x'] or the title, rebuild, then run pelican-posse again.",
    "x.remedy.credits": "Your X API account has no credits left for this call (a "
    "post with a link costs $0.200): add credits or change plan in the X developer "
    "portal.",
    # --- Facebook -------------------------------------------------------------------
    "facebook.remedy.token": "Make a new long-lived Page access token (Graph API "
    "Explorer or your app: a long-lived user token, then GET /{{user-id}}/accounts "
    "gives the Page's token, which does not expire) and put it in "
    "POSSE_FACEBOOK_PAGE_TOKEN.",
    "facebook.remedy.token_because": "{why}. {remedy}",
    "facebook.why.458": "The app was removed from your account",
    "facebook.why.459": "Facebook wants you to log in on facebook.com and follow "
    "its instructions",
    "facebook.why.460": "The password was changed, which invalidated the token",
    "facebook.why.463": "The token has expired (a short-lived token lasts about an "
    "hour)",
    "facebook.why.464": "The account is not confirmed",
    "facebook.why.467": "The token is invalid",
    "facebook.remedy.permission": "The token lacks pages_manage_posts (and "
    "pages_read_engagement), or you lack the CREATE_CONTENT task on the Page: "
    "grant both permissions to the app for this Page, make a new Page token and "
    "update POSSE_FACEBOOK_PAGE_TOKEN.",
    "facebook.remedy.blocked": "Facebook blocked posting for policy reasons. Open "
    "the Page in Meta Business Suite (Page quality / account status), resolve or "
    "appeal, and wait before the next try; nothing is lost, the post stays due.",
    "facebook.remedy.link": "Facebook could not use the article link. Check that "
    "the article is deployed and public at its URL (SITEURL in publishconf.py) and "
    "that its og: tags load; the Sharing Debugger shows what Facebook sees.",
    "facebook.remedy.page_id": "Set POSSE_FACEBOOK_PAGE_ID to the Page's numeric "
    "id (Page settings > About > Page transparency, or GET /me/accounts).",
    "facebook.remedy.version": "Set POSSE_FACEBOOK_API_VERSION to a Graph API "
    "version Facebook still serves (default {version}).",
    "facebook.remedy.unknown_page": "Facebook does not know this Page, or the token "
    "is not this Page's: check POSSE_FACEBOOK_PAGE_ID (the Page's numeric id) and "
    "that POSSE_FACEBOOK_PAGE_TOKEN is that Page's token.",
    "facebook.remedy.param_link": "The parameter 'link' (the article's URL) was "
    "refused: SITEURL in publishconf.py must be the absolute https:// address of "
    "the deployed site.",
    "facebook.remedy.param_message": "The parameter 'message' (the announcement "
    "text) was refused: check POSSE_TEMPLATES['facebook'] and the article's title.",
    "facebook.remedy.param": "Facebook refused a parameter (named in its words "
    "above): check POSSE_FACEBOOK_PAGE_ID, POSSE_FACEBOOK_API_VERSION and SITEURL.",
    # --- Mastodon -------------------------------------------------------------------
    "mastodon.remedy.no_instance": "Set POSSE_MASTODON_INSTANCE (in pelicanconf.py "
    "or the environment) to your server, e.g. 'mastodon.social'.",
    "mastodon.remedy.instance": "Set POSSE_MASTODON_INSTANCE to your server's host, "
    "e.g. 'mastodon.social'.",
    "mastodon.remedy.token": "Create an application at {where} with the "
    "write:statuses and profile scopes, and put its access token in "
    "POSSE_MASTODON_TOKEN.",
    "mastodon.where": "your server's Preferences > Development",
    "mastodon.remedy.not_found": "Check POSSE_MASTODON_INSTANCE: it must be the "
    "Mastodon server your account lives on.",
    "mastodon.remedy.settings": "Check the Mastodon settings.",
    "mastodon.remedy.forbidden": "The token needs the write:statuses scope and an "
    "account that may post. {token}",
    "mastodon.remedy.max_characters": "Set POSSE_MASTODON_MAX_CHARACTERS to your "
    "server's limit (shown at /api/v2/instance as max_characters).",
    "mastodon.remedy.refused": "Fix the post or the Mastodon settings named above.",
    "mastodon.remedy.profile": "Set POSSE_PROFILES['mastodon'] to your account "
    "('@you@{host}') so pelican-posse can find it without reading the token's "
    "profile, or give the token the profile scope as well as write:statuses.",
    "mastodon.remedy.read": "pelican-posse reads your public posts without the "
    "token, and a private or direct post with it: this server refused the read. "
    "If it requires signing in to read, or the posts are private, give the token "
    "read:statuses as well. {token}",
    "mastodon.remedy.account": "Check POSSE_PROFILES['mastodon'] (your account on "
    "POSSE_MASTODON_INSTANCE, e.g. '@you@mastodon.social').",
    # --- Bluesky --------------------------------------------------------------------
    "bluesky.remedy.password": "Make an app password in Bluesky (Settings > Privacy "
    "and security > App passwords), then set POSSE_BLUESKY_HANDLE to your handle "
    "(e.g. hanako.bsky.social) and POSSE_BLUESKY_APP_PASSWORD to it.",
    "bluesky.remedy.handle": "Set POSSE_BLUESKY_HANDLE to your full handle, e.g. "
    "'hanako.bsky.social' (no @, no URL).",
    "bluesky.remedy.api_url": "Unset POSSE_BLUESKY_API_URL to use https://bsky.social.",
    "bluesky.remedy.too_long": "Shorten the Bluesky template in POSSE_TEMPLATES.",
    "bluesky.remedy.record": "Check the article's title, summary and URL.",
    "bluesky.remedy.invalid": "The post was refused as invalid: check the "
    "article's title, summary and image, and the Bluesky template.",
    "bluesky.remedy.other": "See Bluesky's message above.",
    # --- Threads (publish/networks/threads.py) --------------------------------
    "check.threads.user_id": "{value!r} is not a Threads user id (a number): run "
    "`pelican-posse auth threads`, which writes it (see docs/networks/threads.md)",
    "check.threads.no_expiry": "unset, so the token's 60 days cannot be watched: "
    "run `pelican-posse auth threads`, or write the date the token expires",
    "check.threads.days_left": "the token expires on {date}, in {days} days; "
    "`pelican-posse auth threads --refresh` makes it last 60 days from today",
    "check.threads.other_user": "the token belongs to another Threads account "
    "than this id: run `pelican-posse auth threads` again",
    "check.threads.quota": "{left} posts left of the {total} that Threads allows "
    "through its API in 24 hours",
    "threads.remedy.token": "The Threads token is expired or invalid: run "
    "`pelican-posse auth threads --refresh` (or `pelican-posse auth threads` "
    "for a new one) and update POSSE_THREADS_TOKEN (and the CI secret).",
    "threads.remedy.permission": "The token lacks threads_content_publish (or "
    "threads_basic): give your app both permissions, make a new token and run "
    "`pelican-posse auth threads`.",
    "threads.remedy.links": "Threads refuses a post with more than 5 links: "
    "take links out of POSSE_TEMPLATES['threads'] or of the article's posse_threads.",
    "threads.remedy.user_id": "Set POSSE_THREADS_USER_ID to your Threads user id "
    "(a number): `pelican-posse auth threads` writes it.",
    "threads.remedy.url": "Check POSSE_THREADS_API_URL: leave it unset for Threads "
    "itself (https only; http only for a fake on this computer).",
    "threads.remedy.parameter": "Threads refused a parameter (named in its words "
    "above): the text (500 characters at most, an emoji counting 2 to 4 or more) "
    "or the article's URL (SITEURL must be the deployed site's https:// address).",
    "threads.remedy.refused": "Threads refused the post: read its words above, "
    "fix the settings or the article, then run `pelican-posse retry`.",
    # --- Misskey (networks/misskey.py) ---------------------------------------------
    "misskey.remedy.token": "make a token with the permission write:notes (on your "
    "Misskey: Settings > API > Generate access token, or run `pelican-posse auth "
    "misskey`) and put it in POSSE_MISSKEY_TOKEN",
    "misskey.remedy.server": "set POSSE_MISSKEY_SERVER (in pelicanconf.py or the "
    "environment) to the Misskey server your account lives on, e.g. 'misskey.io'",
    "misskey.remedy.length": "the note is longer than the server allows: lower "
    "POSSE_MISSKEY_MAX_CHARACTERS to the server's maxNoteTextLength (shown by "
    "`pelican-posse check`), rebuild the site, then `pelican-posse retry` the article",
    "misskey.remedy.post": "Misskey refused this note: check the article's "
    "posse_misskey or POSSE_TEMPLATES['misskey'] and POSSE_MISSKEY_VISIBILITY "
    "(public, home or followers)",
    "misskey.remedy.user": "the token may not read its own account (made with "
    "write:notes alone), so posse cannot find its notes: run `pelican-posse auth "
    "misskey` (it stores POSSE_MISSKEY_USER_ID), or set POSSE_PROFILES['misskey'] "
    "to your account, e.g. '@you@misskey.io'",
    "misskey.check.no_server": "unset: set it to your Misskey server, e.g. "
    "'misskey.io' (in pelicanconf.py or the environment)",
    "misskey.check.server": "{error}: set it to your server, e.g. 'misskey.io' or "
    "'https://misskey.io'",
    "misskey.check.unverified": "the token is valid, but its account cannot be "
    "read (a token made with write:notes alone), so the bot flag was not checked: "
    "set POSSE_PROFILES['misskey'] or run `pelican-posse auth misskey`",
    "misskey.check.not_bot": "the account is not marked as a bot. {server} asks "
    'accounts that post mostly automatically to turn on "This account is a bot" '
    "(Settings > Profile) and to name a person to contact in the profile; "
    "see {rules}",
    "misskey.check.server_limit": "the server allows {limit} characters a note, "
    "fewer than the {ours} posts are written for: posts are cut again when sent; "
    "set it to {limit} so that the outbox shows them as sent",
    # --- our framing of a network's error (the network's own words, a value
    # here, stay as it gave them): the ledger keeps the key and its values.
    "network.error.not_configured": "not configured: {names} unset",
    "network.error.not_set": "{variable} is not set",
    "network.error.not_url": "{variable} {value!r} is not an http(s) URL",
    "network.error.not_https": "{variable} {value!r} is not https",
    "network.error.bad_value": "{variable} {value!r}: {problem}",
    "network.error.request_failed": "request to {network} failed: {error}",
    "network.error.timeout": "could not reach {network} (timeout: {kind})",
    "network.error.unreachable": "could not reach {network} (unreachable: {kind})",
    "network.error.unreachable_at": "could not reach {where} ({kind})",
    "network.error.read_timeout": "no answer from {network} in time (read "
    "timeout after sending): the post may exist",
    "network.error.broke": "the connection to {network} broke after sending "
    "({kind}): the post may exist",
    "network.error.lost_at": "no answer from {where} after sending ({kind}): "
    "the post may exist",
    "network.error.nothing_published": "no answer from {network} ({kind}): "
    "nothing was published",
    "network.error.publish_lost": "the answer to the publish step was lost "
    "({kind}): the post may exist",
    "network.error.may_exist": "{message} (the post may exist)",
    "network.error.not_published": "{message} (nothing was published)",
    "network.error.exists": "{message} (this post already exists)",
    "network.error.not_json": "{network} answered with a body that is not JSON",
    "network.error.no_post_id": "{network} answered without a post id (the "
    "post may exist)",
    "network.error.no_note_id": "{network} answered without a note id (the "
    "note may exist)",
    "network.error.no_id": "{network} answered without an id",
    "network.error.no_account_id": "{network} answered without an account id",
    "network.error.no_user_id": "{network} answered without a user id",
    "network.error.not_api": "HTTP {status}: not a {api} answer",
    "network.error.http": "HTTP {status}: no details",
    "network.error.code": "code {code}: {message}",
    "network.error.code_only": "code {code}",
    "network.error.rate_limited": "rate limited: {message}",
    "network.error.rate_limited_429": "rate limited (429 Too many requests)",
    "network.error.not_found_at": "{message} (404 at {where})",
    "network.error.reading": "reading {what}: {message}",
    "network.error.cannot_read": "could not read {what}: {kind}",
    "network.error.login": "login failed: {kind}",
    "network.what.account": "the account @{user}",
    "network.what.token_account": "the token's account",
    "network.what.statuses": "the account's statuses",
    "facebook.error.page_id": "POSSE_FACEBOOK_PAGE_ID {value!r} is not a Page id",
    "mastodon.error.no_instance": "no Mastodon instance is set",
    "bluesky.error.handle": "POSSE_BLUESKY_HANDLE {value!r} is not a Bluesky handle",
    "bluesky.error.too_long": "the text is {count} graphemes; Bluesky allows {limit}",
    "bluesky.error.api_url": "expected an https:// URL such as 'https://bsky.social'",
    "bluesky.error.api_http": "use https:// (the password must not travel in "
    "clear text)",
    "bluesky.error.record": "the post is not a valid Bluesky record: {error}",
    # --- warnings on stderr (log lines shown without -v) ----------------------
    "bluesky.log.unfetched": "card image {url} not fetched ({why}); posting "
    "without a thumbnail",
    "bluesky.log.unfit": "card image {url} is not an image under 1 MB ({type}, "
    "{size} bytes); posting without a thumbnail",
    "bluesky.log.upload_failed": "thumbnail upload failed ({why}); posting without it",
    "bluesky.log.no_blob": "thumbnail upload gave no blob; posting without it",
    "threads.log.no_permalink": "no permalink for {media}: {message}",
    "threads.error.user_id": "POSSE_THREADS_USER_ID {value!r} is not a Threads user id",
}
# Our framings of a lost answer that say the post may exist already (the
# ledger's "it may have been posted" is then not said twice).
MAY_EXIST = frozenset(
    {
        "network.error.read_timeout",
        "network.error.broke",
        "network.error.lost_at",
        "network.error.publish_lost",
        "network.error.may_exist",
        "network.error.no_post_id",
        "network.error.no_note_id",
    }
)
# Rendered wherever a network's error is shown, also where messages.py is not
# imported (a network module on its own, its tests).
register(NETWORK_MESSAGES)


def code_words(code: Any, text: str) -> Said:
    """Meta's error ``code`` and its own words ``text``: "code 190: ..." """
    if type(code) not in (int, str):  # kept in the ledger: text or a number
        code = str(code)
    if not text:
        return said("network.error.code_only", code=code)
    return said("network.error.code", code=code, message=text)


def bare(message: str | Said) -> str | Said:
    """An error's ``message`` without its closing full stop, to sit inside a
    sentence (a Said has none: our templates end without one)."""
    return message.rstrip(". 。") if isinstance(message, str) else message
