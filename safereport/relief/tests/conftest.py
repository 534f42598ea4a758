import datetime as dt

import pytest

from safereport.cases import receipts
from safereport.cases.models import Case
from safereport.consent import services as consent_services
from safereport.relief import services
from safereport.relief.models import AgencyKind


def named(world, organisation="legal", *, case="assigned", decision="given"):
    """The person names an organisation to help with a residence application (the consent ledger)."""
    consent_services.consent_record(
        case=world.cases[case], categories=["contact_details"], purpose="relief_application", decision=decision,
        understanding="understood", channel="staff", recipient_organisation=world.organisations[organisation],
        explained_by=world.staff["crisis_worker"], language="en",
    )


@pytest.fixture
def lawyer_named(world):
    named(world, "legal")
    return world


def open_procedure(world, mechanism="US-U", *, opened_on=dt.date(2026, 1, 5), actor="lawyer"):
    return services.procedure_open(
        actor=world.staff[actor], case=world.cases["assigned"], mechanism=mechanism, opened_on=opened_on
    )


def agency(world, name="Chicago Police Department (demo)", actor="lawyer"):
    return services.agency_add(actor=world.staff[actor], name=name, kind=AgencyKind.POLICE, jurisdiction="US", region="Illinois")


CODE = "4821093755126604"


def person_unlocks(world, *, case="assigned", note="In removal proceedings; hearing on 2026-06-15."):
    """The person records their migration facts under their own code and opens them to the centre for 30 minutes."""
    found = world.cases[case]
    Case.objects.filter(pk=found.pk).update(receipt_lookup=receipts.receipt_lookup_hash(CODE))
    found.refresh_from_db()
    consent_services.compartment_record(case=found, typed_code=CODE, text=note)
    consent_services.compartment_unlock(case=found, typed_code=CODE)
