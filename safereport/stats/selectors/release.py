"""A table as it may be shown: counts through the release rules in force, ready for a page, a chart or an export."""

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from safereport.accounts.models import StaffUser
from safereport.accounts.permissions import OrganisationKind, Permission
from safereport.accounts.policies import roles_grant
from safereport.stats.models import MaterialisedCounts, ReleaseRuleChange
from safereport.stats.policies import CellState, Protected, ReleaseRules, protect, rate
from safereport.stats.selectors.registry import TABLES, Counts, Scope, TableSpec


def rules_in_force() -> ReleaseRules:
    newest = ReleaseRuleChange.objects.order_by("-set_at", "-pk").first()
    if newest is None:
        return ReleaseRules()
    return ReleaseRules(threshold=newest.threshold, unstable_at=newest.unstable_at)


def rule_history() -> list[ReleaseRuleChange]:
    return list(ReleaseRuleChange.objects.select_related("set_by").order_by("-set_at", "-pk")[:50])


def sees_every_centre(user: StaffUser) -> bool:
    return roles_grant(user.roles, Permission.STATS_ALL_CENTRES_READ)


def scope_for(user: StaffUser, *, year: int | None = None, jurisdiction: str = "") -> Scope:
    """What this person may count: every centre (analysts, the data steward), or their own centre."""
    year = year or timezone.localdate().year
    if sees_every_centre(user):
        return Scope(year=year, jurisdiction=jurisdiction)
    organisation = user.organisation
    own = (
        frozenset({organisation.pk})
        if organisation is not None and organisation.kind == OrganisationKind.CARE_CENTRE
        else frozenset()
    )
    return Scope(year=year, jurisdiction=jurisdiction, centre_ids=own)


def tables_for(user: StaffUser) -> list[TableSpec]:
    """The tables this person's start page lists: a centre's managers get their own service figures."""
    every = sees_every_centre(user)
    return [spec for spec in TABLES.values() if every or not spec.oversight]


@dataclass(frozen=True)
class Shown:
    """One cell as published: a number, or hidden (never saying whether it was small or hidden to protect one)."""

    value: int | None
    share: float | None = None

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class ShownRow:
    label: str
    cells: tuple[Shown, ...]
    total: Shown
    no_data: bool = False
    # Days to reply (a table with medians): None where the row total is hidden or at most the threshold.
    median: float | None = None


@dataclass(frozen=True)
class Released:
    spec: TableSpec
    scope: Scope
    rules: ReleaseRules
    column_labels: tuple[str, ...]
    rows: tuple[ShownRow, ...]
    totals: ShownRow
    hidden_cells: int

    @property
    def unstable_rows(self) -> tuple[str, ...]:
        """Rows whose total is 20 or fewer: any rate within them is unstable."""
        return tuple(
            row.label for row in self.rows if row.total.value is not None and rate(row.total.value, 1, self.rules).unstable
        )


def counts_for(spec: TableSpec, scope: Scope) -> Counts:
    """The table's counts: materialised for a closed year where `safereport stats materialise` ran, else counted."""
    stored = (
        MaterialisedCounts.objects.filter(
            table=spec.key, year=scope.year, jurisdiction=scope.jurisdiction, centres=scope.centres_key
        )
        .values_list("counts", flat=True)
        .first()
    )
    if stored is None:
        return spec.count(scope)
    return Counts(
        row_labels=tuple(stored["rows"]),
        column_labels=tuple(stored["columns"]),
        values=tuple(tuple(int(v) for v in row) for row in stored["values"]),
        no_data=frozenset(stored.get("no_data", ())),
        medians=tuple(stored.get("medians", ())),
    )


def release(spec: TableSpec, scope: Scope, rules: ReleaseRules | None = None) -> Released:
    rules = rules or rules_in_force()
    return released_from(spec, scope, rules, counts_for(spec, scope))


def released_from(spec: TableSpec, scope: Scope, rules: ReleaseRules, counts: Counts) -> Released:
    if not counts.values:
        # No row in scope: the table is empty, with its zero totals.
        empty = ShownRow(label="", cells=tuple(Shown(0) for _ in counts.column_labels), total=Shown(0))
        return Released(spec, scope, rules, counts.column_labels, (), empty, 0)
    protected = protect(counts.values, rules, sensitive=spec.sensitive)
    return Released(
        spec=spec,
        scope=scope,
        rules=rules,
        column_labels=counts.column_labels,
        rows=tuple(
            _row(protected, i, label, i in counts.no_data, _median(counts, protected, i, rules))
            for i, label in enumerate(counts.row_labels)
        ),
        totals=_row(protected, protected.rows - 1, "", False),
        hidden_cells=sum(1 for row in protected.states for state in row if state is not CellState.PUBLISHED),
    )


def _median(counts: Counts, protected: Protected, i: int, rules: ReleaseRules) -> float | None:
    """A row's median, only beside a published row total above the threshold (a median of a few is a person)."""
    if i >= len(counts.medians):
        return None
    total = protected.shown(i, protected.columns - 1)
    return counts.medians[i] if total is not None and total > rules.threshold else None


def _row(protected: Protected, i: int, label: str, no_data: bool, median: float | None = None) -> ShownRow:
    last = protected.columns - 1
    return ShownRow(
        label=label,
        cells=tuple(Shown(protected.shown(i, j), protected.share(i, j)) for j in range(last)),
        total=Shown(protected.shown(i, last)),
        no_data=no_data,
        median=median,
    )


def released_for(user: StaffUser, key: str, *, year: int, jurisdiction: str = "") -> Released:
    """The table as this person may see it; a table outside their reach does not exist for them."""
    spec = TABLES.get(key)
    if spec is None or spec not in tables_for(user):
        raise Http404
    return release(spec, scope_for(user, year=year, jurisdiction=jurisdiction if sees_every_centre(user) else ""))


def spec_for(user: StaffUser, key: str) -> TableSpec:
    spec = TABLES.get(key)
    if spec is None or spec not in tables_for(user):
        raise Http404
    return spec
