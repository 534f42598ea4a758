"""The clock engine: pure functions over dates, no database (ADR 0033).

A relief procedure runs several clocks at once (an agency's statutory answer
deadline, an appeal window, the six months a U-visa certification stays
valid, a child's age-out, a removal date). Each clock has a due date and a
legal source; the earliest open one is the one that matters, and reminders
fall 30, 14, 7 and 1 days before it.

Calendar days and months are plain date arithmetic. Business days skip
Saturdays, Sundays and the public holidays of the jurisdiction, taken from
the `holidays` library (country, and subdivision where it has its own: a US
state), never from hand-written tables. Counting starts the day after the
starting event: "within 30 business days of the request" ends on the 30th
business day after the request.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import holidays


class Unit(StrEnum):
    DAYS = "days"
    BUSINESS_DAYS = "business_days"
    MONTHS = "months"


REMINDER_DAYS: tuple[int, ...] = (30, 14, 7, 1)


@dataclass(frozen=True)
class Calendar:
    """Whose public holidays count: ISO country code and, where it matters, a subdivision."""

    country: str
    subdivision: str = ""

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in _weekday_holidays(self.country, self.subdivision, day.year)[1]


@lru_cache(maxsize=512)
def _weekday_holidays(country: str, subdivision: str, year: int) -> tuple[tuple[dt.date, ...], frozenset[dt.date]]:
    """The public holidays of one year that fall on a weekday: sorted, and as a set."""
    table = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    days = sorted(d for d in table if d.year == year and d.weekday() < 5)
    return tuple(days), frozenset(days)


def _holidays_between(cal: Calendar, after: dt.date, until: dt.date) -> int:
    """How many weekday holidays fall in (after, until]."""
    count = 0
    for year in range(after.year, until.year + 1):
        days, _ = _weekday_holidays(cal.country, cal.subdivision, year)
        count += bisect.bisect_right(days, until) - bisect.bisect_right(days, after)
    return count


def add_days(start: dt.date, amount: int) -> dt.date:
    return start + dt.timedelta(days=amount)


def add_months(start: dt.date, amount: int) -> dt.date:
    """The same day `amount` months later, or that month's last day if it is shorter (31 Aug + 6 → 28/29 Feb)."""
    months = start.month - 1 + amount
    year, month = start.year + months // 12, months % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_business_days(start: dt.date, amount: int, cal: Calendar) -> dt.date:
    """The `amount`-th business day after `start` (0: `start` itself).

    Whole weeks are jumped (seven days hold five weekdays), the holidays in
    them are counted from the sorted yearly lists, and the rest is walked.
    """
    if amount < 0:
        raise ValueError("count business days forward only")
    if amount == 0:
        return start
    weeks, rest = divmod(amount, 5)
    day = start + dt.timedelta(days=7 * weeks)
    remaining = rest + _holidays_between(cal, start, day)
    # The jump may land on a weekend or holiday with nothing left to count:
    # the answer is then the last business day before it (same count).
    while not remaining and not cal.is_business_day(day):
        day -= dt.timedelta(days=1)
    while remaining:
        day += dt.timedelta(days=1)
        if cal.is_business_day(day):
            remaining -= 1
    return day


def due_date(start: dt.date, amount: int, unit: Unit | str, cal: Calendar) -> dt.date:
    unit = Unit(unit)
    if unit is Unit.DAYS:
        return add_days(start, amount)
    if unit is Unit.MONTHS:
        return add_months(start, amount)
    return add_business_days(start, amount, cal)


@dataclass(frozen=True)
class RunningClock:
    """One clock of a procedure: what it is, when it runs out, which law says so."""

    kind: str
    due: dt.date
    legal_source: str
    binding: bool = True


def earliest(clocks: Iterable[RunningClock]) -> RunningClock | None:
    """The clock that runs out first (ties: the binding one, then by kind, so the answer is stable)."""
    return min(clocks, key=lambda c: (c.due, not c.binding, c.kind), default=None)


class Stage(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    WITHIN_1 = "within_1"
    WITHIN_7 = "within_7"
    WITHIN_14 = "within_14"
    WITHIN_30 = "within_30"
    LATER = "later"


def stage(due: dt.date, today: dt.date) -> Stage:
    """Where a due date stands today: overdue, due today, within 1/7/14/30 days, or later."""
    left = (due - today).days
    if left < 0:
        return Stage.OVERDUE
    if left == 0:
        return Stage.DUE_TODAY
    for days, reminder in zip(REMINDER_DAYS[::-1], (Stage.WITHIN_1, Stage.WITHIN_7, Stage.WITHIN_14, Stage.WITHIN_30), strict=True):
        if left <= days:
            return reminder
    return Stage.LATER


def reminds(due: dt.date, today: dt.date) -> bool:
    """A reminder shows from 30 days before a due date until it is dealt with (overdue included)."""
    return stage(due, today) is not Stage.LATER


# --- papers on the checklist (ADR 0033, 2026-12-02) -------------------------------------------

MAX_FILE_BYTES = 10 * 2**20
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def file_type(head: bytes) -> str | None:
    """The paper's type from its first bytes (PDF, JPEG, PNG); None for anything else, whatever its name says."""
    return next((media for magic, media in _SIGNATURES if head.startswith(magic)), None)
