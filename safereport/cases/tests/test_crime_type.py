"""The coarse kind of harm (ADR 0031 §10): recorded by staff from what the person said, "not recorded" by default,
audited, a code from the list only, and never shown to the person."""

import pytest
from django.db import IntegrityError, transaction

from conftest import sign_in
from safereport.audit.models import AuditEvent
from safereport.cases.forms import CrimeTypeForm
from safereport.cases.models import Case, CrimeType

pytestmark = pytest.mark.django_db(databases="__all__")


def url(case, tail=""):
    return f"/staff/cases/{case.public_id}/{tail}"


def recorded(case) -> str:
    return Case.objects.get(pk=case.pk).crime_type


def test_a_new_record_says_not_recorded_and_the_form_starts_there(world, client):
    case = world.cases["assigned"]
    assert recorded(case) == CrimeType.NOT_RECORDED
    assert CrimeTypeForm().fields["crime_type"].initial == CrimeType.NOT_RECORDED
    sign_in(client, world.staff["crisis_worker"])
    page = client.get(url(case)).content.decode()
    assert "Kind of harm, for statistics" in page
    assert '<option value="not_recorded" selected>Not recorded</option>' in page
    assert "Not recorded" in page and "is a fine answer" in page


def test_a_crisis_worker_records_what_the_person_said_and_it_is_audited_in_words_on_the_page(world, client):
    case = world.cases["assigned"]
    sign_in(client, world.staff["crisis_worker"])
    response = client.post(url(case, "crime-type/"), {"crime_type": "rape"}, follow=True)
    assert recorded(case) == CrimeType.RAPE
    page = response.content.decode()
    assert "Saved for statistics: Rape." in page
    assert "sexual_assault" not in page.split('id="crime-type"')[1].split("<select")[0], "words, not codes"
    event = AuditEvent.objects.get(action="cases:crime_type:recorded")
    assert event.case_ref == str(case.public_id)
    assert event.details == {"from": "not_recorded", "to": "rape"}
    assert event.actor_kind == "staff"


def test_going_back_to_not_recorded_is_a_change_like_any_other(world, client):
    case = world.cases["assigned"]
    sign_in(client, world.staff["case_manager"])
    client.post(url(case, "crime-type/"), {"crime_type": "forced_marriage"})
    client.post(url(case, "crime-type/"), {"crime_type": "not_recorded"})
    assert recorded(case) == CrimeType.NOT_RECORDED
    assert [e.details["to"] for e in AuditEvent.objects.filter(action="cases:crime_type:recorded").order_by("pk")] == [
        "forced_marriage",
        "not_recorded",
    ]


@pytest.mark.parametrize("sent", [{"crime_type": "assault by the landlord"}, {"crime_type": ""}, {}])
def test_a_choice_not_on_the_list_changes_nothing_and_says_so(world, client, sent):
    case = world.cases["assigned"]
    sign_in(client, world.staff["crisis_worker"])
    client.post(url(case, "crime-type/"), {"crime_type": "rape"})
    response = client.post(url(case, "crime-type/"), sent, follow=True)
    assert recorded(case) == CrimeType.RAPE
    assert "Nothing was changed." in response.content.decode()
    assert AuditEvent.objects.filter(action="cases:crime_type:recorded").count() == 1


def test_the_column_holds_a_code_from_the_list_whatever_writes_the_row(world):
    case = world.cases["assigned"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(crime_type="he hit me at the bus station")


def test_the_person_never_sees_the_kind_recorded_only_that_it_was_noted(world):
    from safereport.audit import actions

    declared = actions.get("cases:crime_type:recorded")
    assert declared is not None
    told = str(declared.told)
    assert "for statistics that name no one" in told
    for kind in CrimeType:
        assert str(kind.label) not in told
