"""Side by side: rates per police unit and per jurisdiction ("geographic roulette", ADR 0031).

Every rate is worked out from a *released* table (release.py): a rate is shown only
where its numerator and denominator are both published, is flagged unstable on
`unstable_at` or fewer events, and a unit that recorded nothing says "no data
reported". So the comparison publishes nothing the tables themselves do not.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from safereport.cases.models import ReportingStatus
from safereport.stats.policies import ReleaseRules
from safereport.stats.selectors.registry import TABLES, Scope
from safereport.stats.selectors.release import Released, ShownRow, release, rules_in_force


@dataclass(frozen=True)
class Measure:
    table: str  # the released table it is read from
    label: str | Promise
    definition: str | Promise
    # Column indexes of the numerator and of the denominator (None: the row total).
    numerator: tuple[int, ...] = ()
    denominator: tuple[int, ...] | None = None
    median: bool = False  # the row's median instead of a rate


@dataclass(frozen=True)
class RateCell:
    percent: float | None = None
    median: float | None = None
    denominator: int | None = None
    unstable: bool = False
    no_data: bool = False
    missing: bool = False  # the unit or jurisdiction has no row in this table

    @property
    def hidden(self) -> bool:
        return self.percent is None and self.median is None and not self.no_data and not self.missing


@dataclass(frozen=True)
class ComparedRow:
    label: str
    cells: tuple[RateCell, ...]


@dataclass(frozen=True)
class Comparison:
    key: str
    title: str | Promise
    rows_are: str | Promise
    measures: tuple[Measure, ...]
    rows: tuple[ComparedRow, ...]
    tables: tuple[Released, ...]


def _sum(row: ShownRow, columns: Sequence[int] | None) -> int | None:
    if columns is None:
        return row.total.value
    values = [row.cells[j].value for j in columns]
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def rate_of(row: ShownRow, measure: Measure, rules: ReleaseRules) -> RateCell:
    if row.no_data:
        return RateCell(no_data=True)
    if measure.median:
        return RateCell(median=row.median, denominator=row.total.value)
    top, bottom = _sum(row, measure.numerator), _sum(row, measure.denominator)
    if top is None or bottom is None or bottom == 0:
        return RateCell(denominator=bottom)
    return RateCell(percent=100.0 * top / bottom, denominator=bottom, unstable=bottom <= rules.unstable_at)


POLICE_MEASURES = (
    Measure(
        "police-consultations", _("Consultations held, of those asked for"),
        _("Held or held and converted, divided by every consultation asked for."), numerator=(1, 2),
    ),
    Measure(
        "police-consultations", _("Converted, of those held"),
        _("Converted to a report or to information, divided by the consultations held."), numerator=(2,), denominator=(1, 2),
    ),
    Measure(
        "police-reports", _("Reports answered, of those received"),
        _("Reports through an intermediary the unit answered, divided by those it received."),
        numerator=(1, 2, 3, 4, 5),
    ),
    Measure("police-reply-time", _("Median days to reply"), _("Half the replies came within this many days."), median=True),
    Measure(
        "police-immigration-actions", _("Replies saying “none” towards immigration authorities"),
        _("Replies in which the unit said it did nothing towards immigration authorities, divided by all replies."),
        numerator=(0,),
    ),
)


def _compare(
    key: str, title: str | Promise, rows_are: str | Promise, measures: Sequence[Measure], scope: Scope
) -> Comparison:
    rules = rules_in_force()
    released: dict[str, Released] = {}
    for measure in measures:
        if measure.table not in released:
            released[measure.table] = release(TABLES[measure.table], scope, rules)
    labels: list[str] = []
    for shown in released.values():
        labels.extend(row.label for row in shown.rows if row.label not in labels)
    rows = []
    for label in labels:
        cells = []
        for measure in measures:
            row = next((r for r in released[measure.table].rows if r.label == label), None)
            cells.append(RateCell(missing=True) if row is None else rate_of(row, measure, rules))
        rows.append(ComparedRow(label=label, cells=tuple(cells)))
    return Comparison(key, title, rows_are, tuple(measures), tuple(rows), tuple(released.values()))


JURISDICTION_MEASURES = (
    Measure(
        "police-decisions-by-jurisdiction", _("People who reported to the police"),
        _("Records whose decision is “reported”, divided by all records opened in the year."),
        numerator=(list(ReportingStatus.values).index(ReportingStatus.REPORTED),),
    ),
    *(
        Measure(m.table + "-by-jurisdiction", m.label, m.definition, m.numerator, m.denominator, m.median)
        for m in POLICE_MEASURES
    ),
)


def _agency_measures() -> tuple[Measure, ...]:
    """Rates over the certification table's columns: requests, signed, one per denial reason, late, appeals, court."""
    from safereport.relief.models import DenialReason

    denied = tuple(range(2, 2 + len(DenialReason)))
    late = 2 + len(DenialReason)
    return (
        Measure(
            "certifications-by-agency", _("Signed, of the requests sent"),
            _("Certifications the agency signed, divided by the requests sent to it in the year."),
            numerator=(1,), denominator=(0,),
        ),
        Measure(
            "certifications-by-agency", _("Denied, of the requests sent"),
            _("Requests the agency denied, for any reason, divided by the requests sent to it in the year."),
            numerator=denied, denominator=(0,),
        ),
        Measure(
            "certifications-by-agency", _("Late or never answered, of the requests sent"),
            _("Requests answered after the earliest deadline the agency's law sets, or not answered by it, divided by the requests sent."),
            numerator=(late,), denominator=(0,),
        ),
    )


def comparisons(scope: Scope) -> list[Comparison]:
    """Police units side by side (of one jurisdiction when one is chosen), then every jurisdiction side by
    side, then the agencies that certify for residence procedures (of one jurisdiction when one is chosen)."""
    return [
        _compare("units", _("Police units side by side"), _("Police unit"), POLICE_MEASURES, scope),
        _compare("jurisdictions", _("Jurisdictions side by side"), _("Jurisdiction"), JURISDICTION_MEASURES, Scope(year=scope.year)),
        _compare("agencies", _("Certifying agencies side by side"), _("Certifying agency"), _agency_measures(), scope),
    ]


def comparison(scope: Scope, key: str) -> Comparison | None:
    return next((found for found in comparisons(scope) if found.key == key), None)
