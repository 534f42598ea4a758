"""A municipal desk on the portal (issue 15, ADR 0037 amended 2026-12-02).

The DPO opens or closes a desk to contact from the portal on a page with a
check step; only an active desk with someone to read its inbox can be opened.
A person who wrote to the desk reads about the desk on their pages, never
about "the centre", and is offered nothing only a care centre does.
"""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from conftest import sign_in
from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind
from safereport.audit.models import AuditEvent
from safereport.cases import receipts
from safereport.cases.models import Case
from safereport.police import services
from safereport.portal.tests.test_contact_and_return import code_from, write_to_centre

pytestmark = pytest.mark.django_db(databases="__all__")

DESK = "City welcome desk Ghent (demo)"
# How the portal's languages say "centre" in the sentences a centre's person reads.
CENTRE_WORDS = {
    "en": "centre", "ar": "مركز", "fa": "مرکز", "ti": "ማእከል", "uk": "центр",
    "es": "centro", "fr": "centre", "it": "centro", "nl": "centrum",
}


def desk_page(client, world):
    return f"/staff/police/desks/{world.organisations['desk'].public_id}/"


def write_to_the_desk(world, language="en"):
    person = Client()
    response = write_to_centre(person, world, language=language, centre=str(world.organisations["desk"].public_id))
    assert response.status_code == 200
    code = code_from(response).replace(" ", "")
    return person, response, code, Case.objects.get(receipt_lookup=receipts.receipt_lookup_hash(code))


# --- the DPO's page ------------------------------------------------------------------------------


def test_the_dpo_opens_the_desk_after_a_check_page_that_says_what_it_means_and_the_portal_then_offers_it(world):
    dpo = sign_in(Client(), world.staff["dpo"])
    assert 'href="/staff/police/desks/"' in dpo.get("/staff/").content.decode()
    listing = dpo.get("/staff/police/desks/").content.decode()
    assert DESK in listing and "closed" in listing
    page = dpo.get(desk_page(dpo, world)).content.decode()
    assert "Open this desk to the portal" in page
    # Belgium has no firewall: the note stands beside the police the desk would work with.
    assert "Police vice unit Ghent (demo)" in page and "No firewall" in page

    check = dpo.post(desk_page(dpo, world), {"action": "open"}).content.decode()
    assert "People will be able to choose this desk on the portal's contact form" in check
    assert "The desk will hold the records of the people who write to it" in check
    assert "No firewall" in check and "Nothing changes until you confirm." in check
    assert not Organisation.objects.get(pk=world.organisations["desk"].pk).portal_contact_open
    assert DESK not in Client().get("/en/write/").content.decode()

    done = dpo.post(desk_page(dpo, world), {"action": "open", "step": "confirm"}).content.decode()
    assert "is open to the portal. People can now choose it on the contact form." in done
    assert Organisation.objects.get(pk=world.organisations["desk"].pk).portal_contact_open
    event = AuditEvent.objects.get(action="police:desk_portal:opened")
    assert event.subject == f"organisation:{world.organisations['desk'].public_id}"
    assert DESK in Client().get("/en/write/").content.decode()


def test_the_contact_form_asks_which_centre_or_desk_only_while_a_desk_is_listed(world):
    form = Client().get("/en/write/").content.decode()
    assert "Which centre do you want to contact?" in form and "or desk" not in form
    Organisation.objects.filter(pk=world.organisations["desk"].pk).update(portal_contact_open=True)
    form = Client().get("/en/write/").content.decode()
    assert "Which centre or desk do you want to contact?" in form and DESK in form
    assert "بأي مركز أو مكتب تريدون التواصل؟" in Client().get("/ar/write/").content.decode()


def test_closing_takes_the_desk_off_the_contact_form_and_the_person_who_wrote_keeps_their_messages(world, desk_open):
    person, _receipt, _code, _case = write_to_the_desk(world)
    dpo = sign_in(Client(), world.staff["dpo"])
    done = dpo.post(desk_page(dpo, world), {"action": "close", "step": "confirm"})
    assert "is closed to the portal." in done.content.decode()
    assert AuditEvent.objects.filter(action="police:desk_portal:closed").count() == 1
    assert DESK not in Client().get("/en/write/").content.decode()
    assert person.get("/en/messages/").status_code == 200


def test_a_desk_nobody_would_read_cannot_be_opened_and_the_page_says_why(world):
    for persona in ("desk_coordinator", "desk_caseworker"):
        world.staff[persona].is_active = False
        world.staff[persona].save(update_fields=["is_active"])
    dpo = sign_in(Client(), world.staff["dpo"])
    page = dpo.get(desk_page(dpo, world)).content.decode()
    assert "it has no active coordinator or caseworker" in page and "Open this desk to the portal" not in page
    refused = dpo.post(desk_page(dpo, world), {"action": "open", "step": "confirm"})
    assert refused.status_code == 400 and "it has no active coordinator or caseworker" in refused.content.decode()
    assert not Organisation.objects.get(pk=world.organisations["desk"].pk).portal_contact_open
    assert not AuditEvent.objects.filter(action="police:desk_portal:opened").exists()


def test_an_inactive_desk_cannot_be_opened(world):
    desk = world.organisations["desk"]
    Organisation.objects.filter(pk=desk.pk).update(is_active=False)
    with pytest.raises(services.DeskPortalRefused, match="not active"):
        services.desk_portal_set(desk=desk, open_to_portal=True, actor=world.staff["dpo"])


def test_only_a_municipal_desk_has_the_page_and_the_database_refuses_the_flag_on_anything_else(world):
    dpo = sign_in(Client(), world.staff["dpo"])
    assert dpo.get(f"/staff/police/desks/{world.organisations['ghent'].public_id}/").status_code == 404
    assert dpo.post(f"/staff/police/desks/{world.organisations['police'].public_id}/", {"action": "open"}).status_code == 404
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(kind=OrganisationKind.POLICE_UNIT).update(portal_contact_open=True)


def test_a_made_up_choice_is_refused_with_words_and_changes_nothing(world):
    dpo = sign_in(Client(), world.staff["dpo"])
    response = dpo.post(desk_page(dpo, world), {"action": "publish", "step": "confirm"})
    assert response.status_code == 400 and "Choose whether to open or close the desk." in response.content.decode()
    assert not Organisation.objects.get(pk=world.organisations["desk"].pk).portal_contact_open


# --- the person's pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(CENTRE_WORDS))
def test_a_person_who_wrote_to_the_desk_reads_of_the_desk_and_never_of_a_centre(world, desk_open, language):
    person, receipt, code, case = write_to_the_desk(world, language=language)
    pages = {"receipt": receipt.content.decode()}
    returning = Client()
    assert returning.post(f"/{language}/back/", {"code": code}).status_code == 302
    for name, path in {
        "messages": f"/{language}/messages/",
        "information": f"/{language}/mine/",
        "copy": f"/{language}/mine/copy/",
        "remove": f"/{language}/mine/remove/",
    }.items():
        response = returning.get(path)
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    word = CENTRE_WORDS[language]
    for name, page in pages.items():
        assert word not in page.lower(), f"{name} ({language}) speaks of a centre"
    assert DESK in pages["receipt"] and DESK in pages["messages"]


def test_what_only_a_centre_does_is_neither_linked_nor_open_for_a_desk_record(world, desk_open):
    person, _receipt, _code, _case = write_to_the_desk(world)
    messages = person.get("/en/messages/").content.decode()
    assert "/en/visit/" not in messages and "/en/messages/choice/" not in messages
    information = person.get("/en/mine/").content.decode()
    assert "/en/mine/talk/" not in information and "/en/mine/private-note/" not in information
    for path in ("/en/visit/", "/en/mine/talk/", "/en/mine/private-note/", "/en/mine/kept/"):
        assert person.get(path).status_code == 404, path
    assert person.post("/en/visit/", {"kind": "first_visit"}).status_code == 404


def test_a_person_who_wrote_to_a_centre_still_reads_of_the_centre(world):
    person = Client()
    receipt = write_to_centre(person, world, language="en").content.decode()
    assert "Care centre Ghent (demo)" in receipt
    messages = person.get("/en/messages/").content.decode()
    assert "The centre has not answered yet." in messages and "/en/visit/" in messages
