"""The year end (ADR 0031): the year that ended is stored once, the budgets of the year before are closed once."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from safereport.audit.models import AuditEvent
from safereport.stats import services
from safereport.stats.errors import StatsRefused
from safereport.stats.models import BudgetYearClosing, MaterialisedCounts, PrivacyBudget
from safereport.stats.selectors import TABLES, Scope, table_spec
from safereport.stats.tests.helpers import at, cases_at, centre

pytestmark = pytest.mark.django_db(databases="__all__")


def year_end() -> str:
    out = io.StringIO()
    call_command("stats", "year-end", stdout=out)
    return out.getvalue()


def test_the_year_end_command_stores_last_year_and_closes_the_budgets_of_the_year_before_once(world):
    this = timezone.now().year
    cases_at(centre("Antwerp centre"), 40, when=at(this - 1, 2))
    PrivacyBudget.objects.create(dataset="cases", year=this - 2, epsilon=Decimal("1.000"), set_by=world.staff["dpo"])
    said = year_end()
    assert f"stored {MaterialisedCounts.objects.filter(year=this - 1).count():,} tables for {this - 1}" in said
    assert f"closed the privacy budgets of {this - 2}" in said
    assert set(MaterialisedCounts.objects.filter(year=this - 1, centres="", jurisdiction="").values_list("table", flat=True)) == set(TABLES)
    closing = BudgetYearClosing.objects.get(year=this - 2)
    assert closing.ledger == {"cases": {"budget": "1.000", "spent": "0.000"}}
    assert AuditEvent.objects.filter(action="stats:budget-year:closed").count() == 1

    stored_at = list(MaterialisedCounts.objects.filter(year=this - 1).values_list("computed_at", flat=True))
    again = year_end()
    assert "already stored" in again and "already closed" in again
    assert list(MaterialisedCounts.objects.filter(year=this - 1).values_list("computed_at", flat=True)) == stored_at
    assert BudgetYearClosing.objects.count() == 1
    assert AuditEvent.objects.filter(action="stats:period:materialised").count() == 1


def test_a_closed_budget_year_refuses_a_research_release(world):
    this = timezone.now().year
    PrivacyBudget.objects.create(dataset="cases", year=this - 2, epsilon=Decimal("1.000"), set_by=world.staff["dpo"])
    services.budget_year_close(year=this - 2)
    with pytest.raises(StatsRefused) as refused:
        services.research_release_make(
            actor=world.staff["analyst"], spec=table_spec("new-contacts"), scope=Scope(year=this - 2), epsilon=Decimal("0.1")
        )
    assert refused.value.reason == "budget_year_closed"


def test_last_years_budgets_stay_open_through_this_year():
    with pytest.raises(StatsRefused):
        services.budget_year_close(year=timezone.now().year - 1)


def test_the_year_end_on_any_day_of_a_year_handles_the_year_before(world):
    done = services.year_end_run(today=dt.date(2026, 7, 1))
    assert (done.materialised_year, done.closed_budget_year) == (2025, 2024)
