"""Rows from before removal proceedings left the database (relief 0002, ADR 0033 amendment of 2026-12-02).

Runs the real migrations back and forth on the test database, with rows
written through the historical models as the first version wrote them.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from safereport.relief.models import CertificationRequest, Clock

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "keystore"])


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_a_removal_proceedings_flag_and_its_clocks_leave_only_the_earlier_due_date_in_neutral_words(world):
    legal, lawyer, case = world.organisations["legal"], world.staff["lawyer"], world.cases["assigned"]
    try:
        old = migrate([("relief", "0001_relief")])
        Procedure, Agency, Request, OldClock = (
            old.get_model("relief", n) for n in ("Procedure", "CertifyingAgency", "CertificationRequest", "Clock")
        )
        procedure = Procedure.objects.create(
            case_id=case.pk, mechanism="US-U", organisation_id=legal.pk, responsible_id=lawyer.pk, opened_on=dt.date(2026, 11, 2)
        )
        agency = Agency.objects.create(name="Chicago Police Department (demo)", kind="police", jurisdiction="US", added_by_id=legal.pk)
        request = Request.objects.create(
            procedure=procedure, agency=agency, form="I-918B", official_role="designee", requested_by="attorney",
            law="US-IL-VOICES", in_removal_proceedings=True, submitted_on=dt.date(2026, 11, 2), status="requested",
        )
        source = "5 ILCS 825/10 (90 business days; 21 in removal proceedings)"
        for kind, due in (("response", dt.date(2027, 3, 19)), ("removal_response", dt.date(2026, 12, 4))):
            OldClock.objects.create(procedure=procedure, certification=request, kind=kind, rule="US-IL-VOICES",
                                    started_on=dt.date(2026, 11, 2), due_on=due, legal_source=source)
        OldClock.objects.create(procedure=procedure, kind="removal_date", started_on=dt.date(2026, 11, 2),
                                due_on=dt.date(2026, 12, 15), legal_source="The removal order's date, entered by the lawyer")
    finally:
        migrate(latest())

    [answer] = Clock.objects.filter(certification_id=request.pk)
    assert (answer.kind, answer.due_on) == ("response", dt.date(2026, 12, 4))
    dated = Clock.objects.get(certification__isnull=True)
    assert dated.kind == "confidential_date" and "removal" not in dated.legal_source.lower()
    assert not [f.name for f in CertificationRequest._meta.get_fields() if "removal" in f.name]
