"""``pelican-posse auth misskey`` / ``auth mastodon``: a server name that
cannot be one (``misskey .io``) is refused at the prompt, with why and an
example, and asked again, by the same check as the setting of that name."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelican.plugins.posse import i18n
from pelican.plugins.posse.publish.auth import command, envfile
from pelican.plugins.posse.settings import load
from tests.fakes.fake_misskey import FakeMisskey
from tests.publish.test_auth import Terminal
from tests.publish.test_misskey_auth_check import miauth

WORDS = {
    "en": ("Your Misskey server", "Type it again", "letters, digits, dots"),
    "ja": ("お使いの Misskey サーバー", "もう一度入力してください", "英数字"),
}


@pytest.fixture
def fake():
    with FakeMisskey() as server:
        yield server


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_server_name_with_a_space_is_asked_again_with_why(fake, lang):
    i18n.use(lang)
    prompt, again, why = WORDS[lang]
    typed = iter(["misskey .io", fake.url])
    terminal = Terminal({})
    terminal.answers = {
        prompt: lambda: next(typed),
        "When you" if lang == "en" else "「許可」": lambda: miauth(fake, terminal),
    }
    code = command.run(
        "misskey",
        environ={},
        ask=terminal.ask,
        secret=terminal.secret,
        out=terminal.out,
    )
    assert code == command.EXIT_OK, terminal.text
    refusal = next(line for line in terminal.shown if "'misskey .io'" in line)
    assert why in refusal and "'misskey.io'" in refusal and again in refusal
    assert sum(shown.startswith(prompt) for shown in terminal.shown) == 2
    assert envfile.read(Path(".env.posse"))["POSSE_MISSKEY_SERVER"] == fake.url


def test_the_prompt_and_the_setting_refuse_the_same_names():
    _, problems = load({"POSSE_MISSKEY_SERVER": "misskey .io"})
    assert [p.setting for p in problems] == ["POSSE_MISSKEY_SERVER"]


def test_mastodon_asks_again_too_and_gives_up_after_three_wrong_names():
    terminal = Terminal({"Your Mastodon server": "mastodon .social"})
    code = command.run(
        "mastodon",
        environ={},
        ask=terminal.ask,
        secret=terminal.secret,
        out=terminal.out,
    )
    assert code == command.EXIT_REFUSED
    assert terminal.text.count("'mastodon.social'. Type it again.") == 3
    assert not Path(".env.posse").exists()
