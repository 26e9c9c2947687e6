"""Misspelt or misplaced POSSE_* names: the message says what to do."""

from __future__ import annotations

from pelican.plugins.posse import settings


def problems_for(name: str, value: object = 1) -> list[str]:
    _, problems = settings.load({name: value})
    return [str(p) for p in problems]


def test_a_misspelt_setting_suggests_the_right_name():
    assert problems_for("POSSE_FOLOW", ["x"]) == [
        "POSSE_FOLOW: is not a pelican-posse setting; did you mean POSSE_FOLLOW?"
    ]
    assert (
        "did you mean POSSE_MAX_POSTS_PER_RUN?"
        in problems_for("POSSE_MAX_POST_PER_RUN")[0]
    )


def test_a_name_like_nothing_known_just_says_so():
    (message,) = problems_for("POSSE_COLOUR_SCHEME", "dark")
    assert message == (
        "POSSE_COLOUR_SCHEME: is not a pelican-posse setting (check the spelling)"
    )


def test_a_credential_in_the_settings_file_is_sent_to_the_environment_unechoed():
    secret = "sk-live-0123456789abcdef"
    for name in ("POSSE_X_API_SECRET", "POSSE_FACEBOOK_PAGE_TOKEN",
                 "POSSE_BLUESKY_APP_PASSWORD", "POSSE_X_API_KEY"):  # fmt: skip
        (message,) = problems_for(name, secret)
        assert message.startswith(f"{name}: looks like a credential")
        assert "environment variable" in message
        assert secret not in message


def test_known_settings_are_not_reported():
    _, problems = settings.load({"POSSE_FOLLOW": ["x"], "POSSE_OUTBOX_DIR": "out"})
    assert problems == []


def test_posse_since_accepts_dates_as_they_are_written_in_japan():
    import datetime as dt

    for written in ("2026/12/1", "2026/12/01", "2026-12-01", "2026.12.1"):
        loaded, problems = settings.load(
            {"POSSE_SINCE": written, "TIMEZONE": "Asia/Tokyo"}
        )
        assert problems == [], written
        assert loaded.since.isoformat() == "2026-12-01T00:00:00+09:00"
        assert loaded.since.tzinfo is not None and isinstance(loaded.since, dt.datetime)
    _, problems = settings.load({"POSSE_SINCE": "2026/13/01"})
    assert [p.setting for p in problems] == ["POSSE_SINCE"]
    assert "'2026/1/31'" in str(problems[0])


def test_twitter_in_posse_syndicate_is_told_to_write_x():
    from pelican.plugins.posse import settings as settings_mod

    _, problems = settings_mod.load({"POSSE_SYNDICATE": ["twitter", "facebook"]})
    assert len(problems) == 1
    assert "write 'x' for Twitter" in str(problems[0])
