"""Changes of the statistics app: the release rules, privacy budgets, research releases (ADR 0029).

Keyword-only <entity>_<action> functions, atomic, each writing its audit event
in the same transaction. A refused research release is audited and changes
nothing else.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from safereport.accounts.models import StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.stats.errors import StatsRefused
from safereport.stats.models import (
    BudgetYearClosing,
    MaterialisedCounts,
    PrivacyBudget,
    ReleaseRuleChange,
    ResearchRelease,
)
from safereport.stats.noise import ErrorMetrics, RandomSource, discrete_laplace, scale_for, system_random
from safereport.stats.policies import ReleaseRules
from safereport.stats.selectors import TABLES, Scope, TableSpec, jurisdictions, rules_in_force

EPSILON_PLACES = Decimal("0.001")


@transaction.atomic
def release_rules_set(*, actor: StaffUser, threshold: int, unstable_at: int, reason: str) -> ReleaseRuleChange:
    try:
        ReleaseRules(threshold=threshold, unstable_at=unstable_at)
    except ValueError as error:
        raise StatsRefused("invalid_rules", str(error)) from error
    change = ReleaseRuleChange.objects.create(
        threshold=threshold, unstable_at=unstable_at, reason=reason, set_by=actor
    )
    record(
        "stats:rules:set",
        actor=Actor.staff(actor),
        subject=f"stats-rules:{change.public_id}",
        details={"threshold": threshold, "unstable_at": unstable_at},
    )
    return change


@transaction.atomic
def privacy_budget_set(*, actor: StaffUser, dataset: str, year: int, epsilon: Decimal) -> PrivacyBudget:
    if epsilon <= 0:
        raise StatsRefused("invalid_budget", _("A privacy budget is a positive number."))
    if PrivacyBudget.objects.filter(dataset=dataset, year=year).exists():
        # Raising a budget after releases were made would quietly weaken what they promised.
        raise StatsRefused("budget_exists", _("This dataset already has its budget for that year; it cannot be changed."))
    budget = PrivacyBudget.objects.create(dataset=dataset, year=year, epsilon=epsilon, set_by=actor)
    record(
        "stats:budget:set",
        actor=Actor.staff(actor),
        subject=f"stats-budget:{budget.public_id}",
        details={"dataset": dataset, "year": year, "epsilon": str(epsilon)},
    )
    return budget


def budget_spent(budget: PrivacyBudget) -> Decimal:
    total = budget.releases.aggregate(total=Sum("epsilon"))["total"] or Decimal(0)
    # SQLite sums decimals as floats: back to the column's three places.
    return Decimal(total).quantize(EPSILON_PLACES)


def research_release_make(
    *, actor: StaffUser, spec: TableSpec, scope: Scope, epsilon: Decimal, rng: RandomSource | None = None
) -> ResearchRelease:
    """Publish a table with discrete Laplace noise, spending ε from its dataset's budget for the year, or refuse."""
    try:
        with transaction.atomic():
            return _release(actor=actor, spec=spec, scope=scope, epsilon=epsilon, rng=rng or system_random())
    except StatsRefused as refusal:
        record(
            "stats:release:refused",
            actor=Actor.staff(actor),
            subject=f"stats-table:{spec.key}",
            details={"reason": refusal.reason, "year": scope.year, "epsilon": str(epsilon)},
        )
        raise


def _release(*, actor: StaffUser, spec: TableSpec, scope: Scope, epsilon: Decimal, rng: RandomSource) -> ResearchRelease:
    if epsilon <= 0:
        raise StatsRefused("invalid_epsilon", _("Choose a positive amount of the budget to spend."))
    budget = (
        PrivacyBudget.objects.select_for_update().filter(dataset=spec.budget_dataset, year=scope.year).first()
    )
    if budget is None:
        raise StatsRefused("no_budget", _("The data steward has set no privacy budget for this dataset and year."))
    if BudgetYearClosing.objects.filter(year=scope.year).exists():
        raise StatsRefused("budget_year_closed", _("Refused: the privacy budgets of this year were closed at a year end."))
    left = budget.epsilon - budget_spent(budget)
    if epsilon > left:
        raise StatsRefused(
            "budget_spent",
            _("Refused: only %(left)s of this year's budget of %(total)s is left for this dataset.")
            % {"left": left, "total": budget.epsilon},
        )
    scale = scale_for(Fraction(epsilon))
    counts = spec.count(scope)
    rules = rules_in_force()
    noisy = [[max(0, value + discrete_laplace(scale, rng)) for value in row] for row in counts.values]
    exact_total = sum(sum(row) for row in counts.values)

    def shown(value: int) -> int | None:
        # The release rules hold for noisy counts too (post-processing costs no privacy).
        return None if 1 <= value <= rules.threshold else value

    metrics = ErrorMetrics.of(scale)
    published = {
        "rows": list(counts.row_labels),
        "columns": list(counts.column_labels),
        "cells": [[shown(v) for v in row] for row in noisy],
        "row_totals": [shown(sum(row)) for row in noisy],
        "column_totals": [shown(sum(col)) for col in zip(*noisy, strict=True)] if noisy else [],
        # Declared invariant: the grand total is published exact (it is not noised and costs no budget).
        "grand_total": shown(exact_total),
        "metrics": {
            "epsilon": metrics.epsilon,
            "scale": metrics.scale,
            "standard_deviation": round(metrics.standard_deviation, 3),
            "margin_95": metrics.margin_95,
        },
        "threshold": rules.threshold,
    }
    release = ResearchRelease.objects.create(
        budget=budget,
        table=spec.key,
        epsilon=epsilon,
        scale=Decimal(float(scale)).quantize(Decimal("0.0001")),
        filters=scope.as_filters(),
        published=published,
        spent_by=actor,
    )
    record(
        "stats:release:made",
        actor=Actor.staff(actor),
        subject=f"stats-release:{release.public_id}",
        details={"table": spec.key, "dataset": spec.budget_dataset, "year": scope.year, "epsilon": str(epsilon)},
    )
    return release


@transaction.atomic
def closed_period_materialise(*, year: int) -> int:
    """Count every table of a closed year once, for every jurisdiction and every centre; return the rows stored.

    Run after the year ends (a timer, or by hand); re-running replaces what was stored.
    Research releases keep counting live: noise is drawn on the exact counts either way.
    """
    from django.utils import timezone

    from safereport.accounts.models import Organisation
    from safereport.accounts.permissions import OrganisationKind

    if year >= timezone.now().year:
        raise StatsRefused("period_open", _("Only a year that has ended can be materialised."))
    centre_ids = list(Organisation.objects.filter(kind=OrganisationKind.CARE_CENTRE).values_list("pk", flat=True))
    scopes = [Scope(year=year), *(Scope(year=year, jurisdiction=code) for code in jurisdictions())]
    scopes += [Scope(year=year, centre_ids=frozenset({pk})) for pk in centre_ids]
    MaterialisedCounts.objects.filter(year=year).delete()
    stored = []
    for spec in TABLES.values():
        for scope in scopes:
            if spec.oversight and scope.centre_ids is not None:
                continue  # a centre's managers never see oversight tables (tables_for)
            counts = spec.count(scope)
            stored.append(
                MaterialisedCounts(
                    table=spec.key,
                    year=year,
                    jurisdiction=scope.jurisdiction,
                    centres=scope.centres_key,
                    counts={
                        "rows": list(counts.row_labels),
                        "columns": list(counts.column_labels),
                        "values": [list(row) for row in counts.values],
                        "no_data": sorted(counts.no_data),
                        "medians": list(counts.medians),
                    },
                )
            )
    MaterialisedCounts.objects.bulk_create(stored)
    record(
        "stats:period:materialised",
        actor=Actor.system("stats materialise"),
        subject=f"stats-period:{year}",
        details={"year": year, "tables": len(stored)},
    )
    return len(stored)


@transaction.atomic
def budget_year_close(*, year: int) -> BudgetYearClosing | None:
    """Close a data year's privacy budgets for good: the ledger's closing line, or None if already closed."""
    from django.utils import timezone

    if year >= timezone.now().year - 1:
        # A data year stays open through the following calendar year.
        raise StatsRefused("budget_year_open", _("A data year's budgets close only after the following year has ended."))
    if BudgetYearClosing.objects.filter(year=year).exists():
        return None
    ledger = {
        budget.dataset: {"budget": str(budget.epsilon), "spent": str(budget_spent(budget))}
        for budget in PrivacyBudget.objects.filter(year=year).order_by("dataset")
    }
    closing = BudgetYearClosing.objects.create(year=year, ledger=ledger)
    record(
        "stats:budget-year:closed",
        actor=Actor.system("stats year-end"),
        subject=f"stats-budget-year:{year}",
        details={"year": year, "datasets": len(ledger)},
    )
    return closing


@dataclass(frozen=True)
class YearEnd:
    materialised_year: int
    tables_stored: int  # 0: the year was already stored with every table
    closed_budget_year: int
    budgets_closed: bool


def year_end_run(*, today: dt.date | None = None) -> YearEnd:
    """The year-end step (a timer on 1 January; safe to run any day, any number of times).

    Materialises the year that has just ended (unless every table of it is already
    stored) and closes the privacy budgets of the data year before it (unless closed).
    """
    from django.utils import timezone

    today = today or timezone.now().date()
    ended = today.year - 1
    stored_tables = set(MaterialisedCounts.objects.filter(year=ended, jurisdiction="", centres="").values_list("table", flat=True))
    stored = 0 if set(TABLES) <= stored_tables else closed_period_materialise(year=ended)
    closing = budget_year_close(year=ended - 1)
    return YearEnd(materialised_year=ended, tables_stored=stored, closed_budget_year=ended - 1, budgets_closed=closing is not None)
