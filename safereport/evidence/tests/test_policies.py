"""The retention clocks: calendar months at month ends and in leap years, and the rules' promises."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safereport.evidence import datafiles
from safereport.evidence.policies import (
    Clock,
    add_months,
    disposal_date,
    due_within,
    may_extend,
    minimum_disposal,
    notice_date,
    out_of_range,
    overdue,
)

BELGIUM = Clock(keep_months=6)
IRELAND = Clock(keep_months=12, extension_months=12, max_extensions=1)
SCOTLAND = Clock(keep_months=26, destroy_days_after_request=30)
TEXAS = Clock(keep_months=60, notice_days=91)
HAWAII = Clock(keep_months=72, keep_months_minor=240)
ILLINOIS = Clock(keep_months=120, minor_known=False)
VIRGINIA = Clock(keep_months=24, extension_months=120)
UNKNOWN = Clock(keep_months=None)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),  # leap year
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),
        (dt.date(2028, 2, 29), 12, dt.date(2029, 2, 28)),  # a leap day a year on
        (dt.date(2028, 2, 29), 48, dt.date(2032, 2, 29)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 4, 30)),
        (dt.date(2026, 12, 15), 1, dt.date(2027, 1, 15)),
        (dt.date(2026, 11, 30), 26, dt.date(2029, 1, 30)),
        (dt.date(2026, 5, 10), 0, dt.date(2026, 5, 10)),
    ],
)
def test_months_are_calendar_months_kept_inside_the_month_they_land_in(start, months, expected):
    assert add_months(start, months) == expected


def test_negative_months_are_refused():
    with pytest.raises(ValueError):
        add_months(dt.date(2026, 1, 1), -1)


def test_belgium_keeps_six_months_from_the_first_day_of_the_examination():
    assert disposal_date(BELGIUM, exam_started_on=dt.date(2026, 8, 31)) == dt.date(2027, 2, 28)


def test_ireland_allows_one_extra_year_and_no_second():
    assert disposal_date(IRELAND, exam_started_on=dt.date(2026, 3, 1), extensions=1) == dt.date(2028, 3, 1)
    assert may_extend(IRELAND, extensions=0)
    assert not may_extend(IRELAND, extensions=1)
    assert not may_extend(BELGIUM, extensions=0)


def test_virginia_adds_ten_years_per_objection_without_limit():
    assert may_extend(VIRGINIA, extensions=5)
    assert disposal_date(VIRGINIA, exam_started_on=dt.date(2026, 1, 1), extensions=2) == dt.date(2048, 1, 1)


def test_scotland_destroys_thirty_days_after_the_request_unless_the_26_months_end_first():
    exam = dt.date(2026, 1, 10)
    assert disposal_date(SCOTLAND, exam_started_on=exam) == dt.date(2028, 3, 10)
    asked = dt.date(2026, 2, 1)
    assert disposal_date(SCOTLAND, exam_started_on=exam, destruction_requested_on=asked) == dt.date(2026, 3, 3)
    late = dt.date(2028, 3, 1)
    assert disposal_date(SCOTLAND, exam_started_on=exam, destruction_requested_on=late) == dt.date(2028, 3, 10)


def test_a_request_does_not_move_the_date_where_the_rule_says_nothing_about_requests():
    exam = dt.date(2026, 1, 10)
    assert disposal_date(BELGIUM, exam_started_on=exam, destruction_requested_on=exam) == dt.date(2026, 7, 10)


def test_minors_follow_their_own_months_or_are_unknown():
    exam = dt.date(2026, 6, 30)
    assert disposal_date(HAWAII, exam_started_on=exam, minor=True) == dt.date(2046, 6, 30)
    assert disposal_date(HAWAII, exam_started_on=exam) == dt.date(2032, 6, 30)
    assert disposal_date(ILLINOIS, exam_started_on=exam, minor=True) is None
    assert disposal_date(ILLINOIS, exam_started_on=exam) == dt.date(2036, 6, 30)


def test_an_unknown_rule_gives_no_date_and_no_notice_never_a_guess():
    assert disposal_date(UNKNOWN, exam_started_on=dt.date(2026, 1, 1)) is None
    assert notice_date(UNKNOWN, disposal_on=None) is None
    assert not may_extend(UNKNOWN, extensions=0)


def test_texas_gives_notice_91_days_before_destruction():
    disposal = disposal_date(TEXAS, exam_started_on=dt.date(2026, 2, 28))
    assert disposal == dt.date(2031, 2, 28)
    assert notice_date(TEXAS, disposal_on=disposal) == dt.date(2030, 11, 29)
    assert notice_date(BELGIUM, disposal_on=disposal) is None


def test_worklist_windows():
    today = dt.date(2026, 12, 2)
    assert due_within(dt.date(2027, 1, 1), today=today, days=30)
    assert not due_within(dt.date(2027, 1, 2), today=today, days=30)
    assert not due_within(None, today=today, days=30)
    assert overdue(dt.date(2026, 12, 1), today=today)
    assert not overdue(today, today=today)


def test_freezer_ranges():
    assert out_of_range(-15.0, low=-30.0, high=-18.0)
    assert not out_of_range(-20.0, low=-30.0, high=-18.0)
    assert not out_of_range(4.0, low=None, high=None)


# --- properties over every rule in the data files ------------------------------------------

RULES = sorted(datafiles.rules().values(), key=lambda r: r.id)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))


@given(rule=st.sampled_from(RULES), exam=dates, minor=st.booleans(), extensions=st.integers(0, 3))
def test_disposal_never_precedes_the_rules_minimum(rule, exam, minor, extensions):
    clock = rule.clock()
    disposal = disposal_date(clock, exam_started_on=exam, minor=minor, extensions=extensions)
    minimum = minimum_disposal(clock, exam_started_on=exam, minor=minor)
    if minimum is None:
        assert disposal is None
    else:
        assert disposal is not None and disposal >= minimum > exam


@given(rule=st.sampled_from(RULES), exam=dates, asked_after=st.integers(0, 5000), minor=st.booleans())
def test_a_request_never_brings_disposal_before_the_rules_wait(rule, exam, asked_after, minor):
    clock = rule.clock()
    asked = exam + dt.timedelta(days=asked_after)
    disposal = disposal_date(clock, exam_started_on=exam, minor=minor, destruction_requested_on=asked)
    minimum = minimum_disposal(clock, exam_started_on=exam, minor=minor)
    if disposal is None:
        assert minimum is None
        return
    assert disposal >= min(minimum, asked + dt.timedelta(days=clock.destroy_days_after_request or 0))


@given(rule=st.sampled_from(RULES), exam=dates, minor=st.booleans(), extensions=st.integers(0, 3))
def test_notice_always_precedes_destruction_by_at_least_the_notice_period(rule, exam, minor, extensions):
    clock = rule.clock()
    disposal = disposal_date(clock, exam_started_on=exam, minor=minor, extensions=extensions)
    notice = notice_date(clock, disposal_on=disposal)
    if clock.notice_days and disposal is not None:
        assert notice is not None and (disposal - notice).days >= clock.notice_days
    else:
        assert notice is None


def test_the_data_files_hold_the_rules_of_the_fact_file():
    rules = datafiles.rules()
    assert rules["BE-ZSG"].keep_months == 6
    assert rules["IE-SATU-OPTION-3"].extension_months == 12
    assert rules["GB-SCT-FMS-2021"].keep_months == 26 and rules["GB-SCT-FMS-2021"].destroy_days_after_request == 30
    assert rules["US-TX-56A.306"].notice_days == 91
    assert rules["US-FED-3772"].notice_days == 60 and rules["US-FED-3772"].notice_on_request_only
    for place in ("NL", "ES", "IT"):
        (only,) = datafiles.rules_for(place)
        assert not only.known and only.keep_months is None
