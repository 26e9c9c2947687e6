"""What ``pelican-posse auth`` says, as named English templates (gettext msgids).

Merged into ``publish/messages.py``'s ``MESSAGES``, so ``say`` finds them and the
catalogue (``tools/i18n.py``) lists them; their Japanese is in the ``.po`` file.
No template ever holds a secret's value: only variable names.
"""

AUTH_MESSAGES = {
    # --- any network ------------------------------------------------------------
    "auth.interrupted": "Stopped: nothing was written.",
    "auth.eof": "No more input: stopped, nothing was written.",
    "auth.refused": "{network}: {reason} Nothing was written.",
    "auth.unreachable": "could not reach {url} ({error}).",
    "auth.settings_file": "{path} looks like a settings file, which is committed: "
    "choose another file with --env-file (the default is .env.posse).",
    "auth.tracked": "{path} is tracked by git, so it would be committed: choose "
    "another file with --env-file (the default is .env.posse).",
    "auth.unsafe_value": "the value for {variable} has a space or a line break "
    "inside it: copy it again, in one piece.",
    "auth.saved": "Saved in {path} (only you can read and write it): {names}",
    "auth.gitignore_added": "Added {entry} to {gitignore}.",
    "auth.ignored": "git check-ignore confirms that git will not commit {path}.",
    "auth.not_ignored": "Warning: git would still commit {path} (git check-ignore "
    "does not match it): add it to .gitignore yourself.",
    "auth.no_repo": "{folder} is not a git repository (or git is not installed): "
    "{gitignore} lists the file all the same, for when it becomes one.",
    "auth.github": "To give them to GitHub Actions, run in this folder (GitHub CLI): "
    "gh secret set -f {path}",
    "auth.next": "Next: `pelican-posse check`. Then build the site (`pelican "
    "content -s publishconf.py`); the first time, on a blog that already has "
    "articles, run `pelican-posse baseline` once (they are then never "
    "announced); then `pelican-posse publish`.",
    "auth.dropped": "Removed {names} from {path}: posting does not need them "
    "(`pelican-posse auth facebook --keep-app-secret` keeps them, for check).",
    "auth.choice_again": "Type a number from 1 to {count}.",
    # --- X ------------------------------------------------------------------------
    "auth.x.intro": "X: first, in the developer portal (developer.x.com), open your "
    "app > Settings > User authentication settings and set App permissions to "
    '"Read and write". Tokens made before that can only read. Then copy the API '
    'Key and Secret from the app\'s "Keys and tokens" page.',
    "auth.x.api_key": "API Key (not shown as you type): ",
    "auth.x.api_secret": "API Key Secret (not shown as you type): ",
    "auth.x.open": "Open this address, sign in with the account to post from, "
    "press Authorize app, and copy the PIN it shows:\n  {url}",
    "auth.x.pin": "PIN: ",
    "auth.x.request_failed": "X refused the API Key and Secret ({error}): copy "
    'them again from the app\'s "Keys and tokens" page.',
    "auth.x.pin_refused": "X refused the PIN ({error}): run `pelican-posse auth "
    "x` again and type the new PIN it gives (each PIN works once, for a few "
    "minutes).",
    # --- Facebook -----------------------------------------------------------------
    "auth.facebook.intro": "Facebook: you need your app's App ID and App secret "
    "(Meta for Developers > your app > App settings > Basic) and a user token "
    "from the Graph API Explorer with the permissions pages_manage_posts, "
    "pages_read_engagement and pages_show_list (Generate Access Token). The App "
    "secret is used once here and not stored.",
    "auth.facebook.app_id": "App ID: ",
    "auth.facebook.app_secret": "App secret (not shown as you type): ",
    "auth.facebook.user_token": "User token from the Graph API Explorer (not "
    "shown as you type): ",
    "auth.facebook.bad_app_id": "the App ID is a number (App settings > Basic).",
    "auth.facebook.expired": "the user token has expired (one from the Graph API "
    "Explorer lasts about an hour): generate a new one and run `pelican-posse "
    "auth facebook` again.",
    "auth.facebook.bad_app": "Facebook refused the App ID or App secret ({error}): "
    "copy both again from App settings > Basic.",
    "auth.facebook.page_token_given": "this is a Page token: paste a user token "
    "(Graph API Explorer > User or Page: User Token).",
    "auth.facebook.error": "Facebook said: {error}",
    "auth.facebook.no_pages": "this account manages no Page this app can see: in "
    "the Graph API Explorer, add pages_show_list and choose your Page when "
    "Facebook asks which Pages to allow.",
    "auth.facebook.pages": "The Pages this account manages:",
    "auth.facebook.page": "  {number}. {name} (id {id})",
    "auth.facebook.page_cannot_post": "  {number}. {name} (id {id}): you cannot "
    "post to it",
    "auth.facebook.pick": "Number of the Page to post to: ",
    "auth.facebook.one_page": "Your Page: {name} (id {id}).",
    "auth.facebook.cannot_post": "you cannot post to {name}: ask one of its admins "
    "to give you full control, or content access, of the Page.",
    "auth.facebook.not_page": "Facebook gave a {type} token, not a Page token: "
    "make a new user token and run `pelican-posse auth facebook` again.",
    "auth.facebook.invalid": "Facebook says the Page token is not valid: make a "
    "new user token and run `pelican-posse auth facebook` again.",
    "auth.facebook.lacks": "The token lacks the permission(s) {scopes}: in the "
    "Graph API Explorer, add them, generate a new user token, and run "
    "`pelican-posse auth facebook` again.",
    "auth.facebook.cannot_publish": "without pages_manage_posts the token cannot post.",
    "auth.facebook.never": "The Page token of {name} does not expire.",
    "auth.facebook.expires": "The Page token of {name} expires on {date}.",
    "auth.server_again": "{server!r} cannot be used: {why}. Type it again.",
    # --- Mastodon -----------------------------------------------------------------
    "auth.mastodon.server": "Your Mastodon server (e.g. mastodon.social): ",
    "auth.mastodon.bad_server": "{server!r} is not a server address such as "
    "mastodon.social.",
    "auth.mastodon.app_refused": "the server refused to register the app ({error}).",
    "auth.mastodon.open": "Open this address, sign in if asked, press Authorize, "
    "and copy the code it shows:\n  {url}",
    "auth.mastodon.code": "Code: ",
    "auth.mastodon.bad_code": "the server refused the code (wrong, already used, "
    "or expired): run `pelican-posse auth mastodon` again and paste the new code "
    "at once.",
    "auth.mastodon.done": "Mastodon: signed in as @{name} on {server}.",
    # --- Misskey ------------------------------------------------------------------
    "auth.misskey.server": "Your Misskey server (e.g. misskey.io): ",
    "auth.misskey.bad_server": "{server!r} is not a server address such as misskey.io.",
    "auth.misskey.open": "Open this address, sign in if asked, and press Allow "
    "(pelican-posse asks only to post notes: write:notes):\n  {url}",
    "auth.misskey.wait": "When you have pressed Allow, press Enter here: ",
    "auth.misskey.not_allowed": "the server has no permission for this session "
    "(Allow not pressed, or it expired): run `pelican-posse auth misskey` again "
    "and press Allow before Enter.",
    "auth.misskey.error": "Misskey said: {error}",
    "auth.misskey.done": "Misskey: signed in as @{name} on {server}.",
    "auth.misskey.bot": 'Tip: on {server}, turn on "This account is a bot" '
    "(Settings > Profile) and name a person to contact in the profile: its rules "
    "ask this of accounts that post automatically.",
    # --- Bluesky ------------------------------------------------------------------
    "auth.bluesky.intro": "Bluesky: use an app password, never your account "
    "password. Make one in Settings > Privacy and security > App passwords > "
    "Add App Password (it looks like xxxx-xxxx-xxxx-xxxx).",
    "auth.bluesky.handle": "Your handle (e.g. hanako.bsky.social): ",
    "auth.bluesky.bad_handle": "{handle!r} is not a handle such as hanako.bsky.social.",
    "auth.bluesky.password": "App password (not shown as you type): ",
    "auth.bluesky.not_app_password": "this does not look like an app password "
    "(xxxx-xxxx-xxxx-xxxx). If it is your account password, do not use it here: "
    "make an app password (Settings > Privacy and security > App passwords); it "
    "can only post, and you can revoke it at any time. It was not sent.",
    "auth.bluesky.account_password": "Bluesky asked for a sign-in code, so this is "
    "your account password, not an app password: make an app password "
    "(Settings > Privacy and security > App passwords) and use that.",
    "auth.bluesky.wrong": "Bluesky refused the handle or the app password: check "
    "both (the handle without @).",
    "auth.bluesky.error": "Bluesky said: {error}",
    "auth.bluesky.done": "Bluesky: signed in as @{name}.",
    # --- Threads ------------------------------------------------------------------
    "auth.no_refresh": "{network} has no --refresh: run `pelican-posse auth` for "
    "it without --refresh.",
    "auth.threads.intro": "Threads: you need your app's Threads app secret (Meta "
    "for Developers > your app > App settings > Basic) and a token of your own "
    "account from the app's User Token Generator, with threads_basic and "
    "threads_content_publish (the steps: docs/networks/threads.md). The secret "
    "is used once, to make the token last 60 days; it is not stored.",
    "auth.threads.app_secret": "Threads app secret (not shown as you type): ",
    "auth.threads.short_token": "Token from the User Token Generator (not shown "
    "as you type): ",
    "auth.threads.bad_secret": "Threads refused the app secret: copy the Threads "
    "app secret again (App settings > Basic), not the Facebook one.",
    "auth.threads.short_expired": "the token has expired (one from the User Token "
    "Generator lasts an hour): generate a new one and run `pelican-posse auth "
    "threads` again at once.",
    "auth.threads.error": "Threads said: {error}",
    "auth.threads.done": "Threads: signed in as @{name}. The token expires on "
    "{date}: before then, run `pelican-posse auth threads --refresh`.",
    "auth.threads.refreshed": "Threads: the token of @{name} now expires on "
    "{date}. Update the CI secret too (gh secret set, below).",
    "auth.threads.no_token": "no POSSE_THREADS_TOKEN to refresh (not in the "
    "environment nor in the file): run `pelican-posse auth threads` first.",
    "auth.threads.expired": "the token expired on {date}, and Threads refreshes "
    "only a token that has not expired: run `pelican-posse auth threads` for a "
    "new one.",
    "auth.threads.too_new": "the token is less than a day old, and Threads "
    "refreshes a token only once it is 24 hours old: run this again after {after}.",
}
