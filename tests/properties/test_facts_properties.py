"""Property tests: the facts' fast paths are exactly the plain ones.

An article's date in ISO 8601 (the manifest's ``date``, the card's
``article:published_time``) is written from its fields by facts.isoformat();
it must be what ``datetime.isoformat()`` gives, for Pelican's own datetime
subclass too, in every zone, across DST changes and both folds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import example, given
from hypothesis import strategies as st
from pelican.utils import SafeDatetime

from pelican.plugins.posse import facts
from tests.properties.test_text_properties import RUNS

# Half-hour and 45-minute offsets, 30-minute DST, local mean times with seconds
# (Amsterdam +00:19:32 before 1937, Monrovia -00:44:30), both hemispheres.
ZONES = [
    "Asia/Tokyo", "UTC", "America/New_York", "Europe/London", "Europe/Amsterdam",
    "Africa/Monrovia", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Chatham",
    "America/St_Johns", "Australia/Lord_Howe", "Australia/Sydney",
    "America/Santiago", "Pacific/Apia", "Pacific/Kiritimati", "Etc/GMT+12",
]  # fmt: skip
zones = st.one_of(st.sampled_from(ZONES), st.timezone_keys()).map(ZoneInfo)


def moments(kind: type[dt.datetime]) -> st.SearchStrategy[dt.datetime]:
    def make(naive: dt.datetime, zone: ZoneInfo, fold: int) -> dt.datetime:
        # Not kind.combine(): for a subclass, Python 3.11's drops the fold.
        fields = naive.timetuple()[:6]
        return kind(*fields, naive.microsecond, zone, fold=fold)

    return st.builds(
        make,
        st.one_of(
            st.datetimes(),
            # Around the usual DST changes: the hour that repeats or is skipped.
            st.datetimes(dt.datetime(2020, 3, 1), dt.datetime(2026, 12, 31)),
        ),
        zones,
        st.sampled_from([0, 1]),
    )


@RUNS
@given(st.one_of(moments(SafeDatetime), moments(dt.datetime)))
# New York's repeated hour (both folds) and skipped hour; Lord Howe's half hour.
@example(SafeDatetime(2021, 11, 7, 1, 30, tzinfo=ZoneInfo("America/New_York")))
@example(SafeDatetime(2021, 11, 7, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")))
@example(SafeDatetime(2021, 3, 14, 2, 30, tzinfo=ZoneInfo("America/New_York")))
@example(
    SafeDatetime(2021, 4, 4, 1, 45, fold=1, tzinfo=ZoneInfo("Australia/Lord_Howe"))
)
@example(SafeDatetime(1900, 1, 1, 0, 0, 0, 7, tzinfo=ZoneInfo("Europe/Amsterdam")))
@example(SafeDatetime(1, 1, 1, tzinfo=ZoneInfo("Etc/GMT+12")))
@example(SafeDatetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=ZoneInfo("UTC")))
def test_isoformat_is_datetimes(moment: dt.datetime) -> None:
    assert facts.isoformat(moment) == moment.isoformat()


@given(st.datetimes(timezones=st.one_of(st.none(), st.timezones())))
def test_isoformat_of_other_zones_is_datetimes(moment: dt.datetime) -> None:
    # Naive datetimes and fixed offsets take isoformat() itself.
    for value in (moment, moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=-3)))):
        assert facts.isoformat(value) == value.isoformat()
