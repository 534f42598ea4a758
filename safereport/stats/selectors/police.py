"""Counts from the police app, per police unit (oversight): consultations, reports through an
intermediary and what came of them, how fast units reply, the contact policy they use and what
they say they did towards immigration authorities ("none" counted as such).

The figures come from `police.selectors.unit_figures` (one source for the police side's own
figures and for these tables), read on the statistics database and cut to the period and
jurisdiction asked. Counts only: no case, no pseudonym, no reference.
"""

from collections import Counter
from collections.abc import Callable, Sequence

from django.utils.translation import gettext_lazy as _

from safereport.police.models import ContactPolicy, ImmigrationAction, OutcomeCode
from safereport.police.selectors import NOT_RECORDED, UnitFigures, median_of, unit_figures
from safereport.stats.selectors.registry import (
    Counts,
    Scope,
    TableSpec,
    jurisdiction_label,
    register,
    stats_database,
)

Row = tuple[int, ...]


def figures_in(scope: Scope) -> list[UnitFigures]:
    return unit_figures(
        since=scope.starts, until=scope.ends, jurisdiction=scope.jurisdiction, using=stats_database()
    )


def _recorded_nothing(unit: UnitFigures) -> bool:
    return not (unit.consultations_requested or unit.reports_received or sum(unit.outcomes.values()))


def per_unit(columns: Sequence[str], cells: Callable[[UnitFigures], Row], *, medians: bool = False) -> Callable[[Scope], Counts]:
    """A police units × columns table; a unit that recorded nothing in the period is marked "no data"."""

    def count(scope: Scope) -> Counts:
        units = figures_in(scope)
        return Counts(
            row_labels=tuple(unit.police_unit for unit in units),
            column_labels=tuple(str(label) for label in columns),
            values=tuple(cells(unit) for unit in units),
            no_data=frozenset(i for i, unit in enumerate(units) if _recorded_nothing(unit)),
            medians=tuple(unit.median_days_to_reply for unit in units) if medians else (),
        )

    return count


def per_jurisdiction(columns: Sequence[str], cells: Callable[[UnitFigures], Row], *, medians: bool = False) -> Callable[[Scope], Counts]:
    """The same figures, the units of each jurisdiction added together: to compare countries."""

    def count(scope: Scope) -> Counts:
        grouped: dict[str, list[UnitFigures]] = {}
        for unit in figures_in(scope):
            grouped.setdefault(unit.jurisdiction, []).append(unit)
        codes = sorted(grouped)
        values = []
        middles: list[float | None] = []
        for code in codes:
            rows = [cells(unit) for unit in grouped[code]]
            values.append(tuple(sum(column) for column in zip(*rows, strict=True)))
            if medians:
                days: Counter[int] = Counter()
                for unit in grouped[code]:
                    days.update(unit.reply_days)
                middles.append(median_of(days))
        return Counts(
            row_labels=tuple(jurisdiction_label(code) for code in codes),
            column_labels=tuple(str(label) for label in columns),
            values=tuple(values),
            no_data=frozenset(i for i, code in enumerate(codes) if all(_recorded_nothing(u) for u in grouped[code])),
            medians=tuple(middles),
        )

    return count


# --- consultations ------------------------------------------------------------------------

CONSULTATION_COLUMNS = (
    _("Asked for, not held (yet)"),
    _("Held, not converted"),
    _("Held and converted to a report or to information"),
)


def consultation_cells(unit: UnitFigures) -> Row:
    held = min(unit.consultations_held, unit.consultations_requested)
    converted = min(unit.consultations_converted, held)
    return (unit.consultations_requested - held, held - converted, converted)


# --- reports through an intermediary ------------------------------------------------------

REPORT_POLICIES = [policy.value for policy in ContactPolicy]


def report_columns() -> list[object]:
    return [_("Not answered yet"), *(policy.label for policy in ContactPolicy), _("Answered, no contact policy said")]


def report_cells(unit: UnitFigures) -> Row:
    answered = [unit.contact_policies.get(policy, 0) for policy in REPORT_POLICIES]
    unsaid = sum(n for policy, n in unit.contact_policies.items() if policy not in REPORT_POLICIES)
    return (max(0, unit.reports_received - unit.reports_replied), *answered, unsaid)


def outcome_cells(unit: UnitFigures) -> Row:
    return tuple(unit.outcomes.get(code.value, 0) for code in OutcomeCode)


# --- time to reply ------------------------------------------------------------------------

REPLY_BUCKETS: tuple[tuple[int, int | None, object], ...] = (
    (0, 0, _("The same day")),
    (1, 7, _("1 to 7 days")),
    (8, 30, _("8 to 30 days")),
    (31, None, _("More than 30 days")),
)


def reply_cells(unit: UnitFigures) -> Row:
    return tuple(
        sum(n for waited, n in unit.reply_days.items() if low <= waited and (high is None or waited <= high))
        for low, high, _label in REPLY_BUCKETS
    )


# --- immigration-related actions (migration-related: all or nothing per unit) -----------------

IMMIGRATION_KEYS = [action.value for action in ImmigrationAction]


def immigration_columns() -> list[object]:
    return [*(action.label for action in ImmigrationAction), _("Reply recorded nothing")]


def immigration_cells(unit: UnitFigures) -> Row:
    return (
        *(unit.immigration_actions.get(key, 0) for key in IMMIGRATION_KEYS),
        unit.immigration_actions.get(NOT_RECORDED, 0),
    )


def _lazy(columns: Callable[[], list[object]], cells: Callable[[UnitFigures], Row], by: str, medians: bool = False) -> Callable[[Scope], Counts]:
    def count(scope: Scope) -> Counts:
        labels = [str(label) for label in columns()]
        make = per_unit if by == "unit" else per_jurisdiction
        return make(labels, cells, medians=medians)(scope)

    return count


def _const(columns: Sequence[object]) -> Callable[[], list[object]]:
    return lambda: list(columns)


UNIT_DEFINITION = _("A police unit with nothing recorded in the period is marked “no data reported”, not shown as zeros.")

for by, suffix, rows_are in (
    ("unit", "", _("Police unit")),
    ("jurisdiction", "-by-jurisdiction", _("Jurisdiction")),
):
    per_j = by == "jurisdiction"
    register(
        TableSpec(
            key=f"police-consultations{suffix}",
            title=_("Consultations with the police, per jurisdiction") if per_j else _("Consultations with the police, per police unit"),
            description=_(
                "Informal talks with the police asked for in the year (a time was proposed to the unit), and what came of them."
            ),
            rows_are=rows_are,
            columns_are=_("Where the consultation stands"),
            source="police",
            count=_lazy(_const(CONSULTATION_COLUMNS), consultation_cells, by),
            definitions=(
                _("Converted: after the talk the person decided to report, or to pass it on as information only."),
                UNIT_DEFINITION,
            ),
            oversight=True,
        )
    )
    register(
        TableSpec(
            key=f"police-reports{suffix}",
            title=_("Reports through an intermediary, per jurisdiction") if per_j else _("Reports through an intermediary, per police unit"),
            description=_("Reports an organisation filed on a person's behalf in the year, by the contact policy the unit answered with."),
            rows_are=rows_are,
            columns_are=_("The unit's answer"),
            source="police",
            count=_lazy(report_columns, report_cells, by),
            definitions=(UNIT_DEFINITION,),
            oversight=True,
        )
    )
    register(
        TableSpec(
            key=f"police-reply-time{suffix}",
            title=_("Time police units take to reply, per jurisdiction") if per_j else _("Time to reply, per police unit"),
            description=_("Whole days from a consultation request or a report to the unit's answer, with the median."),
            rows_are=rows_are,
            columns_are=_("Days to reply"),
            source="police",
            count=_lazy(_const([label for _l, _h, label in REPLY_BUCKETS]), reply_cells, by, medians=True),
            definitions=(
                _("The median is shown only where the number of replies is itself shown and above the suppression threshold."),
                UNIT_DEFINITION,
            ),
            oversight=True,
            median_label=_("Median days to reply"),
        )
    )
    register(
        TableSpec(
            key=f"police-immigration-actions{suffix}",
            title=_("Actions towards immigration authorities, per jurisdiction") if per_j else _("Actions towards immigration authorities, per police unit"),
            description=_("What each unit said, in its replies to reports through an intermediary, it did towards immigration authorities."),
            rows_are=rows_are,
            columns_are=_("What the unit said it did"),
            source="police",
            count=_lazy(immigration_columns, immigration_cells, by),
            definitions=(
                _("“None” is counted when the unit says so; a reply that says nothing is counted apart."),
                _("This touches migration: a unit with few replies shows no figure at all, zeros included."),
                UNIT_DEFINITION,
            ),
            sensitive=True,
            oversight=True,
        )
    )

register(
    TableSpec(
        key="police-outcomes",
        title=_("What came of formal reports, per police unit"),
        description=_("Outcomes the units recorded in the year for reports they received (a code and a date, never a narrative)."),
        rows_are=_("Police unit"),
        columns_are=_("Outcome"),
        source="police",
        count=_lazy(lambda: [code.label for code in OutcomeCode], outcome_cells, "unit"),
        definitions=(_("One report can have several outcomes over time; each is counted in the year it happened."), UNIT_DEFINITION),
        oversight=True,
    )
)
