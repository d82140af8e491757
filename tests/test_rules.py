"""Pure rules, with property tests."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from stadstafel import rules

ids = st.sets(st.integers(min_value=1, max_value=30), max_size=12)


@given(involved=ids, partners=ids, minimum=st.integers(min_value=1, max_value=6))
def test_admission_counts_only_partner_members(involved, partners, minimum):
    ok, reasons = rules.admission_holds(involved, partners, minimum, None, [])
    assert ok == (len(involved & partners) >= minimum)
    assert ok == (not reasons)


@given(
    topic=st.text(min_size=1, max_size=20),
    topics=st.lists(st.text(min_size=1, max_size=20), max_size=5),
)
def test_admission_topic_must_belong_to_table(topic, topics):
    ok, _ = rules.admission_holds([1, 2, 3], [1, 2, 3], 3, topic, topics)
    assert ok == (not topics or topic.casefold() in [t.casefold() for t in topics])


def test_kennisstad_three_of_five():
    partners = [1, 2, 3, 4, 5]
    assert rules.admission_holds([1, 2, 3], partners, 3, "biodiversiteit", ["biodiversiteit"])[0]
    ok, reasons = rules.admission_holds(
        [1, 2, 9], partners, 3, "biodiversiteit", ["biodiversiteit"]
    )
    assert not ok
    assert reasons == ["2 van minimaal 3 partners betrokken"]


@given(members=ids, signed=ids)
def test_fully_signed_needs_every_member(members, signed):
    assert rules.fully_signed(members, signed) == (bool(members) and members <= signed)


@given(
    start=st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2040, 1, 1)),
    n=st.integers(min_value=1, max_value=12),
    count=st.integers(min_value=1, max_value=20),
)
def test_weekly_series_spacing(start, n, count):
    starts = rules.series_starts(start, f"weeks:{n}", count)
    assert len(starts) == count
    assert all(b - a == dt.timedelta(weeks=n) for a, b in itertools.pairwise(starts))


def test_quarterly_and_yearly_series_keep_day_in_range():
    starts = rules.series_starts(dt.datetime(2027, 1, 31, 10), "quarterly", 4)
    assert [s.date() for s in starts] == [
        dt.date(2027, 1, 31),
        dt.date(2027, 4, 30),
        dt.date(2027, 7, 31),
        dt.date(2027, 10, 31),
    ]
    assert rules.series_starts(dt.datetime(2028, 2, 29, 10), "yearly", 2)[1].date() == dt.date(
        2029, 2, 28
    )


def test_late_is_strictly_after_deadline():
    deadline = dt.datetime(2027, 1, 7, 17, 0)
    assert not rules.is_late(deadline, deadline)
    assert rules.is_late(deadline + dt.timedelta(minutes=1), deadline)
    assert not rules.is_late(deadline, None)


def test_describe_rhythm():
    assert rules.describe_rhythm("weeks:4") == "elke 4 weken"
    assert rules.describe_rhythm("quarterly", "en") == "quarterly"
    assert rules.describe_rhythm(None) == "ad hoc"


@given(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)), st.integers(-240, 240)
)
def test_add_months_keeps_the_day_or_takes_the_last_of_the_month(day, months):
    import calendar

    moved = rules.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    last = calendar.monthrange(moved.year, moved.month)[1]
    assert moved.day == min(day.day, last)
