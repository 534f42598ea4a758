"""The retention clocks as plain calendar functions (no database, no clock of their own).

A rule (data/retention/evidence/*.toml, read through evidence.datafiles)
says how many months a kit is kept from the first day of the examination,
for adults and for minors; whether and by how much the person may extend
it; how many days after the person asks for destruction it happens; and
how many days of notice come before destruction. Where the rule is not
known (no published rule was found), every function answers None: the
software never guesses a date, the page says "unknown — ask the centre".

Months are calendar months counted from the start date: a month after
31 January is the last day of February (28th, or 29th in a leap year).
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

# Seal numbers and the receiving officer's badge or reference are stored in the
# open (a court reads them after an erasure), so they are held to a shape with
# no room for a name (ADR 0018, ADR 0026 §11), as police.policies.clean_reference.
_CODE = re.compile(r"[A-Z0-9][A-Z0-9/._-]{0,39}")


def clean_code(text: str) -> str | None:
    """A seal number or a badge number: capitals, digits and - / . _, at least one digit, no spaces. None if not."""
    value = text.strip().upper()
    return value if _CODE.fullmatch(value) and any(c.isdigit() for c in value) else None


@dataclass(frozen=True)
class Clock:
    """What the calendar needs of a retention rule (evidence.datafiles.EvidenceRule.clock())."""

    keep_months: int | None  # None: not known
    keep_months_minor: int | None = None  # None: minors as adults, unless minor_known is False
    minor_known: bool = True
    extension_months: int = 0  # 0: no extension
    max_extensions: int | None = None  # None: as many as asked (one per objection)
    destroy_days_after_request: int | None = None  # None: the rule says nothing; the centre decides
    notice_days: int = 0

    @property
    def known(self) -> bool:
        return self.keep_months is not None


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole calendar months, kept inside the month it lands in (31 Jan + 1 → 28/29 Feb)."""
    if months < 0:
        raise ValueError("months must not be negative")
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def minimum_months(clock: Clock, *, minor: bool) -> int | None:
    """How long the rule keeps a kit at least, or None where that is not known."""
    if clock.keep_months is None:
        return None
    if minor:
        if not clock.minor_known:
            return None
        if clock.keep_months_minor is not None:
            return clock.keep_months_minor
    return clock.keep_months


def minimum_disposal(clock: Clock, *, exam_started_on: dt.date, minor: bool) -> dt.date | None:
    """The earliest day the rule allows disposal without the person asking for it."""
    months = minimum_months(clock, minor=minor)
    return None if months is None else add_months(exam_started_on, months)


def may_extend(clock: Clock, *, extensions: int) -> bool:
    if not clock.known or clock.extension_months <= 0:
        return False
    return clock.max_extensions is None or extensions < clock.max_extensions


def disposal_date(
    clock: Clock,
    *,
    exam_started_on: dt.date,
    minor: bool = False,
    extensions: int = 0,
    destruction_requested_on: dt.date | None = None,
) -> dt.date | None:
    """When the kit is destroyed, or None where the rule does not say.

    The retention period (plus each extension) runs from the first day of the
    examination. A destruction request brings it forward to the request plus
    the rule's days, unless the period ends first (Scotland: 30 days, or the
    26 months if sooner). Where a rule says nothing about requests, the date
    does not move: the centre decides with the person.
    """
    months = minimum_months(clock, minor=minor)
    if months is None:
        return None
    kept = add_months(exam_started_on, months + extensions * clock.extension_months)
    if destruction_requested_on is not None and clock.destroy_days_after_request is not None:
        return min(kept, destruction_requested_on + dt.timedelta(days=clock.destroy_days_after_request))
    return kept


def notice_date(clock: Clock, *, disposal_on: dt.date | None) -> dt.date | None:
    """When the notice before destruction is due: the rule's notice period before the disposal date."""
    if disposal_on is None or clock.notice_days <= 0:
        return None
    return disposal_on - dt.timedelta(days=clock.notice_days)


def due_within(disposal_on: dt.date | None, *, today: dt.date, days: int) -> bool:
    return disposal_on is not None and today <= disposal_on <= today + dt.timedelta(days=days)


def overdue(disposal_on: dt.date | None, *, today: dt.date) -> bool:
    return disposal_on is not None and disposal_on < today


def out_of_range(celsius: float, *, low: float | None, high: float | None) -> bool:
    return (low is not None and celsius < low) or (high is not None and celsius > high)
