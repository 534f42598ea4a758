import pytest
from django.utils import timezone

from safereport.cases import receipts
from safereport.cases import services as case_services
from safereport.cases.models import Case

ALL_TEXTS = {
    "account_sealed": "He grabbed me at the station.",
    "injuries_sealed": "Bruise on the left wrist.",
    "sexual_health_sealed": "Screening result: negative.",
    "medical_history_sealed": "Asthma since childhood.",
    "mental_health_sealed": "Sleeping badly.",
    "safety_sealed": "He knows where I work.",
    "notes_sealed": "Needs a shelter place.",
}


@pytest.fixture
def examined_case(world):
    """The Ghent 'assigned' case after the forensic examination: one encounter, every category filled."""
    case = world.cases["assigned"]
    case_services.encounter_record(
        case=case, professional=world.staff["doctor"], kind="visit", occurred_at=timezone.now(), texts=ALL_TEXTS
    )
    return case


@pytest.fixture
def with_receipt(world):
    """Give the 'assigned' case a receipt code, as the portal would; returns the code."""
    code = "4821093755126604"
    Case.objects.filter(pk=world.cases["assigned"].pk).update(receipt_lookup=receipts.receipt_lookup_hash(code))
    world.cases["assigned"].refresh_from_db()
    return code
