"""The clock engine against an independent, day-by-day oracle, and the rule that the earliest clock wins."""

import datetime as dt

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from safereport.relief.policies import (
    Calendar,
    RunningClock,
    Stage,
    Unit,
    add_business_days,
    add_months,
    due_date,
    earliest,
    stage,
)

CALENDARS = [Calendar("US", "IL"), Calendar("US", "CA"), Calendar("IT"), Calendar("ES"), Calendar("BE"), Calendar("NL")]


def naive_business_days(start: dt.date, amount: int, country: str, subdivision: str) -> dt.date:
    """Walk one day at a time, asking the holidays library about each day itself."""
    table = holidays.country_holidays(country, subdiv=subdivision or None)
    day, left = start, amount
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in table:
            left -= 1
    return day


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2035, 12, 31)),
    amount=st.integers(min_value=0, max_value=130),
    cal=st.sampled_from(CALENDARS),
)
def test_business_days_agree_with_a_day_by_day_walk(start, amount, cal):
    assert add_business_days(start, amount, cal) == naive_business_days(start, amount, cal.country, cal.subdivision)


@settings(max_examples=100, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2020, 12, 15), max_value=dt.date(2020, 12, 31)) | st.dates(
        min_value=dt.date(2031, 12, 15), max_value=dt.date(2031, 12, 31)
    ),
    amount=st.integers(min_value=1, max_value=30),
    cal=st.sampled_from(CALENDARS),
)
def test_business_days_across_the_year_end(start, amount, cal):
    assert add_business_days(start, amount, cal) == naive_business_days(start, amount, cal.country, cal.subdivision)


def test_christmas_and_new_year_are_skipped_in_illinois():
    # Friday 18 Dec 2026 + 5 business days: 21, 22, 23, 24, (25 holiday), 28.
    assert add_business_days(dt.date(2026, 12, 18), 5, Calendar("US", "IL")) == dt.date(2026, 12, 28)


def test_a_weekend_start_counts_from_monday():
    # (Sunday 6 Sep 2026 would end on Monday 14 Sep: Labor Day, the 7th, does not count.)
    assert add_business_days(dt.date(2026, 9, 6), 5, Calendar("US", "CA")) == dt.date(2026, 9, 14)
    # Sunday 13 Sep 2026 + 5 business days ends on Friday 18 Sep, not on the next Sunday.
    assert add_business_days(dt.date(2026, 9, 13), 5, Calendar("US", "CA")) == dt.date(2026, 9, 18)


def test_six_months_from_the_end_of_august_is_the_end_of_february():
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert due_date(dt.date(2026, 8, 31), 6, Unit.MONTHS, Calendar("US")) == dt.date(2027, 2, 28)


clocks = st.lists(
    st.builds(
        RunningClock,
        kind=st.sampled_from(["response", "appeal", "signature_validity", "age_out", "removal"]),
        due=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 1, 1)),
        legal_source=st.just("a law"),
        binding=st.booleans(),
    ),
    min_size=1,
    max_size=6,
)


@given(clocks)
def test_the_earliest_clock_always_wins(running):
    winner = earliest(running)
    assert winner is not None
    assert all(winner.due <= c.due for c in running)
    assert earliest(list(reversed(running))).due == winner.due


def test_no_clock_no_winner():
    assert earliest([]) is None


def test_reminders_at_30_14_7_and_1_days_then_overdue():
    due = dt.date(2027, 3, 31)
    assert stage(due, due - dt.timedelta(days=31)) is Stage.LATER
    assert stage(due, due - dt.timedelta(days=30)) is Stage.WITHIN_30
    assert stage(due, due - dt.timedelta(days=14)) is Stage.WITHIN_14
    assert stage(due, due - dt.timedelta(days=7)) is Stage.WITHIN_7
    assert stage(due, due - dt.timedelta(days=1)) is Stage.WITHIN_1
    assert stage(due, due) is Stage.DUE_TODAY
    assert stage(due, due + dt.timedelta(days=1)) is Stage.OVERDUE
