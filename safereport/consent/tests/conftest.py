from datetime import UTC, datetime

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


# The portal conversation of the issue-11 report: what the person wrote to the
# centre, and the centre's reply. None of it is the account of the incident.
CONVERSATION = {
    "first": "I do not want the police. Can someone talk to me?",
    "screening": "Can I get a screening for infections?",
    "reply": "Nobody will call the police. A nurse can see you tomorrow at 10.",
}
# When the doctor saw the person: 13:05 UTC is 14:05 in Ghent (CET, UTC+1).
EXAMINED_AT = datetime(2026, 12, 2, 13, 5, tzinfo=UTC)


@pytest.fixture
def conversation_case(world):
    """The Ghent 'assigned' case as the demo scenario leaves it: the person wrote in the
    portal, a crisis worker answered, and the doctor recorded the examination."""
    case = world.cases["assigned"]
    case_services.message_send_from_victim(case=case, text=CONVERSATION["first"])
    case_services.message_send_from_centre(case=case, author=world.staff["crisis_worker"], text=CONVERSATION["reply"])
    case_services.message_send_from_victim(case=case, text=CONVERSATION["screening"])
    case_services.encounter_record(
        case=case, professional=world.staff["doctor"], kind="visit", occurred_at=EXAMINED_AT, texts=ALL_TEXTS
    )
    return case
