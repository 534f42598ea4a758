"""Privacy budgets: set once, spent by releases, refused once spent; the ledger is never rewritten."""

import random
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from safereport.audit.models import AuditEvent
from safereport.core.appendonly import AppendOnlyError
from safereport.stats import services
from safereport.stats.errors import StatsRefused
from safereport.stats.models import PrivacyBudget, ResearchRelease
from safereport.stats.selectors import TABLES, Scope
from safereport.stats.tests.helpers import at, cases_at, centre

pytestmark = pytest.mark.django_db(databases="__all__")

SPEC = TABLES["new-contacts"]


@pytest.fixture
def steward(world):
    return world.staff["dpo"]


@pytest.fixture
def analyst(world):
    return world.staff["analyst"]


def budget(steward, epsilon="1"):
    return services.privacy_budget_set(actor=steward, dataset="cases", year=2025, epsilon=Decimal(epsilon))


def test_a_budget_is_set_once_and_never_raised(steward):
    budget(steward)
    with pytest.raises(StatsRefused) as refusal:
        budget(steward, "5")
    assert refusal.value.reason == "budget_exists"
    assert PrivacyBudget.objects.get().epsilon == Decimal(1)


def test_the_ledger_refuses_a_release_once_the_budget_is_spent(steward, analyst):
    budget(steward)
    scope = Scope(year=2025)
    services.research_release_make(actor=analyst, spec=SPEC, scope=scope, epsilon=Decimal("0.6"))
    services.research_release_make(actor=analyst, spec=SPEC, scope=scope, epsilon=Decimal("0.4"))  # exactly what was left
    with pytest.raises(StatsRefused) as refusal:
        services.research_release_make(actor=analyst, spec=SPEC, scope=scope, epsilon=Decimal("0.001"))
    assert refusal.value.reason == "budget_spent"
    assert ResearchRelease.objects.count() == 2
    refused = AuditEvent.objects.get(action="stats:release:refused")
    assert refused.details["reason"] == "budget_spent"
    assert AuditEvent.objects.filter(action="stats:release:made").count() == 2


def test_no_budget_no_release(analyst):
    with pytest.raises(StatsRefused) as refusal:
        services.research_release_make(actor=analyst, spec=SPEC, scope=Scope(year=2025), epsilon=Decimal("0.1"))
    assert refusal.value.reason == "no_budget"
    assert not ResearchRelease.objects.exists()


def test_a_release_adds_noise_of_the_declared_scale_and_keeps_the_grand_total_exact(steward, analyst):
    antwerp = centre("Antwerp centre")
    cases_at(antwerp, 500, when=at(2025, 2))
    budget(steward)
    made = services.research_release_make(
        actor=analyst, spec=SPEC, scope=Scope(year=2025), epsilon=Decimal("0.5"), rng=random.Random(11)
    )
    published = made.published
    assert made.scale == Decimal("2.0000")
    assert published["metrics"]["epsilon"] == 0.5 and published["metrics"]["margin_95"] == 6
    exact = SPEC.count(Scope(year=2025))
    assert [list(row) for row in exact.values] != published["cells"], "noise was added"
    antwerp_row = published["cells"][published["rows"].index("Antwerp centre")]
    assert abs(antwerp_row[0] - 500) <= 15
    assert published["grand_total"] == 500
    # The same seed gives the same release: the noise comes from the source it is given, nothing else.
    again = services.research_release_make(
        actor=analyst, spec=SPEC, scope=Scope(year=2025), epsilon=Decimal("0.5"), rng=random.Random(11)
    )
    assert again.published["cells"] == published["cells"]


def test_small_noisy_counts_are_hidden_too(steward, analyst):
    budget(steward, "5")
    cases_at(centre("Antwerp centre"), 3, when=at(2025, 2))
    made = services.research_release_make(
        actor=analyst, spec=SPEC, scope=Scope(year=2025), epsilon=Decimal("5"), rng=random.Random(1)
    )
    values = [v for row in made.published["cells"] for v in row] + [made.published["grand_total"]]
    assert all(v is None or not 1 <= v <= 10 for v in values)


def test_the_ledger_cannot_be_rewritten_in_python_or_in_sql(steward, analyst):
    budget(steward)
    made = services.research_release_make(actor=analyst, spec=SPEC, scope=Scope(year=2025), epsilon=Decimal("0.5"))
    made.epsilon = Decimal("0.1")
    with pytest.raises(AppendOnlyError):
        made.save()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE stats_researchrelease SET epsilon = 0.1")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM stats_privacybudget")
