import datetime as dt

import pytest
from django.utils import timezone

from safereport.cases import receipts
from safereport.cases.models import Case
from safereport.police import services


@pytest.fixture
def with_receipt(world):
    """Give the 'assigned' case a receipt code, as the portal would; returns the code."""
    code = "4821093755126604"
    Case.objects.filter(pk=world.cases["assigned"].pk).update(receipt_lookup=receipts.receipt_lookup_hash(code))
    world.cases["assigned"].refresh_from_db()
    return code


def plan(world, *, case=None, unit="police", told=True, **changes):
    """The centre plans a talk with the partnered police unit of Ghent (Belgium: no firewall, so the warning was read)."""
    fields = {
        "case": case or world.cases["assigned"],
        "actor": world.staff["crisis_worker"],
        "police_unit": world.organisations[unit],
        "topics": ["safety_advice", "what_reporting_involves"],
        "place": "care_centre",
        "companion": "yes",
        "interpreter": True,
        "no_firewall_warning_told": told,
    }
    fields.update(changes)
    return services.consultation_plan(**fields)


def in_two_days():
    return (timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0)


def booked(world, **changes):
    consultation = plan(world, **changes)
    return services.consultation_book(consultation=consultation, actor=world.staff["crisis_worker"], proposed_for=in_two_days())


@pytest.fixture
def desk_open(world):
    """The demo desk opened to portal contact by the DPO, as `safereport demo_data` does (ADR 0037)."""
    return services.desk_portal_set(desk=world.organisations["desk"], open_to_portal=True, actor=world.staff["dpo"])
