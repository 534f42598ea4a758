"""A municipal desk's own inbox: people who write to the desk directly from the portal (issue 15 item 4, ADR 0037).

A DPO opens the desks a person may write to (police.services.desk_portal_set).
The person writes as to a centre: anonymous, a receipt code, the same
conversation. The record is the desk's: no care centre holds or sees it; the
desk's coordinator and caseworker read and answer it, the legal adviser and
everyone else do not reach it.
"""

import pytest
from django.test import Client

from conftest import sign_in
from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind
from safereport.audit.models import AuditEvent
from safereport.cases import receipts
from safereport.cases.models import Case
from safereport.portal.tests.test_contact_and_return import FIRST_MESSAGE, code_from, write_to_centre

pytestmark = pytest.mark.django_db(databases="__all__")

DESK = "City welcome desk Ghent (demo)"


def write_to_the_desk(world):
    person = Client()
    response = write_to_centre(person, world, language="en", centre=str(world.organisations["desk"].public_id))
    assert response.status_code == 200
    code = code_from(response).replace(" ", "")
    return code, Case.objects.get(receipt_lookup=receipts.receipt_lookup_hash(code))


def test_while_no_desk_is_open_the_portal_offers_care_centres_only(world):
    page = Client().get("/en/write/").content.decode()
    assert "Care centre Ghent (demo)" in page and DESK not in page
    response = write_to_centre(Client(), world, language="en", centre=str(world.organisations["desk"].public_id))
    assert 'class="receipt-code"' not in response.content.decode()  # refused: not a choice here
    assert not Case.objects.filter(care_centre=world.organisations["desk"]).exists()


@pytest.mark.usefixtures("desk_open")
def test_a_person_writes_to_the_desk_and_no_care_centre_holds_or_sees_the_record(world):
    assert DESK in Client().get("/en/write/").content.decode()
    centre_cases = set(Case.objects.filter(care_centre__kind=OrganisationKind.CARE_CENTRE).values_list("pk", flat=True))
    _code, case = write_to_the_desk(world)
    assert case.care_centre == world.organisations["desk"]
    assert set(Case.objects.filter(care_centre__kind=OrganisationKind.CARE_CENTRE).values_list("pk", flat=True)) == centre_cases
    manager = sign_in(Client(), world.staff["case_manager"])
    assert case.code not in manager.get("/staff/").content.decode()
    assert case.code not in manager.get("/staff/cases/").content.decode()
    assert manager.get(f"/staff/cases/{case.public_id}/").status_code == 404
    assert manager.get(f"/staff/police/desk/{case.public_id}/").status_code == 403


@pytest.mark.usefixtures("desk_open")
def test_the_coordinator_reads_and_answers_and_the_person_reads_the_answer_with_their_code(world):
    code, case = write_to_the_desk(world)
    coordinator = sign_in(Client(), world.staff["desk_coordinator"])
    start = coordinator.get("/staff/").content.decode()
    assert 'href="/staff/police/desk/"' in start
    inbox = coordinator.get("/staff/police/desk/").content.decode()
    assert case.code in inbox and "waiting for an answer" in inbox
    page = coordinator.get(f"/staff/police/desk/{case.public_id}/").content.decode()
    assert FIRST_MESSAGE.replace("'", "&#x27;") in page
    read = AuditEvent.objects.get(action="cases:conversation:read", case_ref=str(case.public_id))
    assert read.actor_organisation_id == world.organisations["desk"].pk  # in the person's access history
    empty = coordinator.post(f"/staff/police/desk/{case.public_id}/", {"message": ""})
    assert empty.status_code == 400 and "The answer is empty." in empty.content.decode()
    done = coordinator.post(f"/staff/police/desk/{case.public_id}/", {"message": "We can meet you on Monday at the desk."})
    assert done.status_code == 200 and "Your answer is in the person&#x27;s messages." in done.content.decode()
    assert "waiting for an answer" not in coordinator.get("/staff/police/desk/").content.decode()
    person = Client()  # later, on another device: back with the code
    assert person.post("/en/back/", {"code": code}).status_code == 302
    assert "We can meet you on Monday at the desk." in person.get("/en/messages/").content.decode()


@pytest.mark.usefixtures("desk_open")
def test_the_caseworker_has_the_inbox_and_the_legal_adviser_advocate_police_and_centres_do_not(world):
    _code, case = write_to_the_desk(world)
    caseworker = sign_in(Client(), world.staff["desk_caseworker"])
    assert case.code in caseworker.get("/staff/police/desk/").content.decode()
    assert caseworker.get(f"/staff/police/desk/{case.public_id}/").status_code == 200
    for persona in ("desk_legal_adviser", "desk_officer", "police_liaison", "crisis_worker", "ngo_advocate"):
        client = sign_in(Client(), world.staff[persona])
        assert client.get("/staff/police/desk/").status_code == 403, persona
        assert client.get(f"/staff/police/desk/{case.public_id}/").status_code == 403, persona
        assert 'href="/staff/police/desk/"' not in client.get("/staff/").content.decode(), persona


@pytest.mark.usefixtures("desk_open")
def test_another_desk_and_a_centres_case_are_not_found_from_the_desk_inbox(world):
    _code, case = write_to_the_desk(world)
    other_desk = Organisation.objects.create(name="Another city desk", kind=OrganisationKind.MUNICIPAL_DESK, jurisdiction="BE")
    other = world.staff["desk_caseworker"]
    other.organisation = other_desk
    other.save(update_fields=["organisation"])
    client = sign_in(Client(), other)
    assert case.code not in client.get("/staff/police/desk/").content.decode()
    assert client.get(f"/staff/police/desk/{case.public_id}/").status_code == 404
    coordinator = sign_in(Client(), world.staff["desk_coordinator"])
    centre_case = world.cases["assigned"]
    assert coordinator.get(f"/staff/police/desk/{centre_case.public_id}/").status_code == 404
    assert coordinator.post(f"/staff/police/desk/{centre_case.public_id}/", {"message": "hello"}).status_code == 404
