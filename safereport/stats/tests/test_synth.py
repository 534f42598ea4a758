"""The synthetic world: realistic event tables for benchmarks and demos, never a sealed field."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from safereport.cases.models import Case
from safereport.consent.models import ConsentEvent
from safereport.stats.selectors import Scope, release, table_spec

pytestmark = pytest.mark.django_db(databases="__all__")


def test_synth_writes_cases_and_decisions_in_the_year_and_no_sealed_field(capsys):
    with CaptureQueriesContext(connection) as queries:
        call_command("stats", "synth", "--cases", "600", "--year", "2025", "--centres", "6")
    assert "Wrote 600 synthetic cases" in capsys.readouterr().out
    assert Case.objects.filter(created_at__year=2025).count() == 600
    assert ConsentEvent.objects.filter(recorded_at__year=2025).count() > 100
    written = {q["sql"].split('"')[1] for q in queries.captured_queries if q["sql"].startswith("INSERT")}
    assert written == {
        "accounts_organisation", "accounts_staffuser", "cases_case", "consent_consentevent", "evidence_kit",
        "police_consultation", "police_intermediatedreport",
    }, "no message, no package, no key"
    from safereport.accounts.models import StaffUser

    [clerk] = StaffUser.objects.filter(username__startswith="synthetic-clerk-")
    assert not clerk.is_active and not clerk.has_usable_password() and clerk.roles == []
    for model in (Case, ConsentEvent):
        for field in model._meta.concrete_fields:
            if field.name.endswith("_sealed") or field.name == "receipt_lookup":
                assert not model.objects.exclude(**{field.name: None}).exists(), f"{model.__name__}.{field.name}"
    shown = release(table_spec("new-contacts"), Scope(year=2025))
    assert shown.totals.total.value == 600
    assert len(shown.rows) == 6
    # Every kind of harm occurs, and "not recorded" is a large share, as in a service that records only what is said.
    kinds = table_spec("crime-types").count(Scope(year=2025))
    column_totals = [sum(row[j] for row in kinds.values) for j in range(len(kinds.column_labels))]
    assert sum(column_totals) == 600 and all(column_totals[:-1]), dict(zip(kinds.column_labels, column_totals, strict=True))
    assert 0.2 < column_totals[-1] / 600 < 0.5


def test_synth_is_refused_on_a_production_database():
    with override_settings(IS_PRODUCTION=True), pytest.raises(CommandError):
        call_command("stats", "synth", "--cases", "5")
    assert not Case.objects.exists()
