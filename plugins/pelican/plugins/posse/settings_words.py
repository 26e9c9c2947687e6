"""The settings' problems as named English templates, said in the language
spoken (``i18n``: Japanese for ``pelican-posse`` under a Japanese locale; a
Pelican build speaks English). Each names the setting; the setting's name and
values stay as written, inside the sentence.
"""

from __future__ import annotations

from typing import Any, NamedTuple


# A NamedTuple rather than a frozen dataclass: cheaper to create at import (see
# render/pieces.Link).
class SettingProblem(NamedTuple):
    setting: str
    message: str

    def __str__(self) -> str:
        return f"{self.setting}: {self.message}"


SETTING_PROBLEMS = {
    "setting.not_valid": "{value} is not valid; expected {expected}",
    "expected.profiles": "a dict of {{network: handle}}",
    "expected.nested": "a dict of {{name: {{key: value}}}}",
    "expected.networks": "a list of network names, e.g. ['x', 'facebook']",
    "expected.whole": "a whole number >= {minimum}",
    "expected.path": "a path (a string)",
    "expected.one_of": "one of {choices}",
    "expected.bool": "True or False",
    "expected.image": "an image path or an https:// URL",
    "expected.since": "a date such as '2026-01-31', '2026/1/31' or "
    "'2026-01-31T09:00+09:00'",
    "expected.max_age": "a number of days such as 14, a datetime.timedelta, or "
    "None for no limit",
    "expected.graph_version": "a Graph API version such as 'v26.0'",
    "expected.seconds": "a number of seconds >= 0",
    "expected.instance": "a host or URL such as '{example}'",
    "expected.misskey_server": "a host or https:// URL such as 'misskey.io' (http "
    "only on 127.0.0.1)",
    "expected.misskey_characters": "a whole number from 100 to 8192",
    "expected.templates": "a dict such as {{'x': 'New post: {{title}} {{url}}'}}",
    "setting.unknown_network": "unknown network {names}; known: {known}",
    "setting.twitter": "unknown network {names}; write 'x' for Twitter; known: {known}",
    "setting.template_network": "unknown network; known: {known}",
    "setting.template_kind": "expected a template or a dict of {{language: template}}",
    "template.invalid": "{template} is not a valid template ({error}); write {{{{ "
    "for a brace",
    "template.format": "{field} in {template} has a conversion or format; write "
    "plain {field}",
    "template.unknown_field": "unknown field {field} in {template}; fields: {fields}",
    "template.url_twice": "{template} has {{url}} more than once; the link goes "
    "in once",
    "template.no_url": "{template} has no {{url}}; the post must link to the article",
    "instance.handle": "this looks like an account handle; give the instance's "
    "host, e.g. '{example}'",
    "instance.not_url": "expected a host or an https:// URL such as '{example}'",
    "instance.host": "a server name has only letters, digits, dots and hyphens, "
    "e.g. '{example}'",
    "instance.http": "use https:// (the token must not travel in clear text)",
    "instance.path": "give only the instance, without a path",
    "setting.credential": "looks like a credential; credentials are read from "
    "the environment only, never from a settings file (which ends up in git): "
    "delete it here and export it as an environment variable instead",
    # The accounts (profiles.py): an example is one, not the value to write.
    "profile.not_valid": "{value} is not valid; write your own account, e.g. {example}",
    "profile.not_url": "{value} is not an http(s) URL; write your own account, "
    "e.g. {example}",
    "profile.bad_handle": "{value} is not a valid {network} handle; write your "
    "own, e.g. {example}",
    "rss.no_feed": "the site has no feed to link to; set FEED_ALL_ATOM (e.g. "
    "'feeds/all.atom.xml') or give the feed URL, e.g. 'rss': "
    "'https://example.com/feed.xml'",
    "rss.not_valid": "{value} is not valid; expected True, a feed path or an "
    "https:// URL",
    "rss.not_url": "{value} is not an http(s) URL; expected True or a feed path",
    "follow.no_account": "{key} has no account in POSSE_PROFILES; add one, e.g. "
    "POSSE_PROFILES = {{{key}: ...}}, or remove it from POSSE_FOLLOW",
    "setting.did_you_mean": "is not a pelican-posse setting; did you mean {name}?",
    "setting.unknown": "is not a pelican-posse setting (check the spelling)",
}


def problem(key: str, /, **values: Any) -> str:
    """The problem ``key`` in the language spoken, ``values`` filled in."""
    # gettext only when there is a problem: a build reads the settings each time.
    from .i18n import tr  # noqa: PLC0415

    return tr(SETTING_PROBLEMS[key]).format(**values)
