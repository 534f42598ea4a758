"""An NGO or municipal desk files a report for a person who named it (ADR 0027 §7, §11–13).

The intermediary's list shows the people whose referral consent naming it is
in force, by case code only; its form offers no more identity than the
ledger releases; nothing is filed before the check-answers step is confirmed.
"""

import pytest
from django.test import Client

from conftest import sign_in
from safereport.consent import services as consent_services
from safereport.police import selectors
from safereport.police.models import IntermediatedReport

pytestmark = pytest.mark.django_db(databases="__all__")


def consent(world, categories, *, purpose, organisation, decision="given", case="assigned"):
    consent_services.consent_record(
        case=world.cases[case], categories=categories, purpose=purpose, decision=decision,
        understanding="understood", channel="staff", recipient_organisation=world.organisations[organisation],
        explained_by=world.staff["crisis_worker"], language="en",
    )


def form_url(world, case="assigned"):
    return f"/staff/police/people/{world.cases[case].public_id}/report/"


def answers(world, **changes):
    data = {"police_unit": str(world.organisations["police"].public_id), "identity": "none", "reference": "desk-7",
            "venue": "police"}
    data.update(changes)
    return data


def test_the_desk_lists_only_people_whose_referral_consent_names_it_and_is_in_force(world):
    desk = world.staff["desk_officer"]
    assert selectors.people_for_intermediary(desk) == []
    consent(world, ["needs_and_support"], purpose="referral", organisation="ngo")  # another organisation
    assert selectors.people_for_intermediary(desk) == []
    consent(world, ["needs_and_support"], purpose="referral", organisation="desk")
    [person] = selectors.people_for_intermediary(desk)
    assert person.code == world.cases["assigned"].code
    consent(world, ["needs_and_support"], purpose="referral", organisation="desk", decision="withdrawn")
    assert selectors.people_for_intermediary(desk) == []


def test_the_list_shows_the_case_code_and_a_link_to_file_nothing_else(world):
    consent(world, ["needs_and_support"], purpose="referral", organisation="desk")
    case = world.cases["assigned"]
    page = sign_in(Client(), world.staff["desk_officer"]).get("/staff/police/people/").content.decode()
    assert case.code in page and form_url(world) in page
    home = sign_in(Client(), world.staff["desk_officer"]).get("/staff/").content.decode()
    assert 'href="/staff/police/people/"' in home


def test_a_desk_not_named_by_the_person_cannot_open_their_form(world):
    consent(world, ["needs_and_support"], purpose="referral", organisation="ngo")
    assert sign_in(Client(), world.staff["desk_officer"]).get(form_url(world)).status_code == 404
    assert sign_in(Client(), world.staff["ngo_advocate"]).get(form_url(world)).status_code == 200


def test_identity_offered_is_what_the_ledger_releases_to_the_unit_and_no_more(world):
    consent(world, ["needs_and_support"], purpose="referral", organisation="desk")
    client = sign_in(Client(), world.staff["desk_officer"])
    page = client.get(form_url(world)).content.decode()
    assert 'value="none"' in page and 'value="partial"' not in page and 'value="full"' not in page
    refused = client.post(form_url(world), answers(world, identity="partial", step="file"))
    assert refused.status_code == 400 and "error-summary" in refused.content.decode()
    assert not IntermediatedReport.objects.exists()
    consent(world, ["incident_account"], purpose="investigation", organisation="police")
    page = client.get(form_url(world)).content.decode()
    assert 'value="partial"' in page and 'value="full"' not in page
    # No identity answer is chosen for the person.
    assert "checked" not in page.split('name="identity"')[1].split("</fieldset>")[0]


def test_nothing_is_filed_before_the_answers_are_checked_and_confirmed(world):
    consent(world, ["needs_and_support"], purpose="referral", organisation="desk")
    client = sign_in(Client(), world.staff["desk_officer"])
    check = client.post(form_url(world), answers(world, step="check"))
    assert check.status_code == 200 and "Check your answers" in check.content.decode()
    assert "DESK-7" in check.content.decode()
    assert not IntermediatedReport.objects.exists()
    # Changing the answers brings the form back with what was typed.
    change = client.post(form_url(world), answers(world, step="change"))
    assert change.status_code == 200 and 'value="desk-7"' in change.content.decode()
    assert not IntermediatedReport.objects.exists()
    done = client.post(form_url(world), answers(world, step="file"))
    assert done.status_code == 200 and "The report is filed for" in done.content.decode()
    report = IntermediatedReport.objects.get()
    assert report.intermediary == world.organisations["desk"] and report.identity_released == "none"
    assert report.intermediary_reference == "DESK-7"
    assert f"/staff/police/reports/{report.public_id}/" in done.content.decode()


def test_a_form_with_mistakes_keeps_what_was_typed_and_says_what_is_wrong(world):
    consent(world, ["needs_and_support"], purpose="referral", organisation="desk")
    client = sign_in(Client(), world.staff["desk_officer"])
    response = client.post(form_url(world), {"reference": "DESK 7 Amina", "step": "check"})
    page = response.content.decode()
    assert response.status_code == 400 and "error-summary" in page and 'value="DESK 7 Amina"' in page
    assert not IntermediatedReport.objects.exists()


def test_the_desk_sees_its_partnered_police_unit_with_a_note_that_no_firewall_covers_it(world):
    # Ghent is in Belgium: police and prosecutors must report irregular stay (options.toml: no firewall).
    consent(world, ["needs_and_support"], purpose="referral", organisation="desk")
    client = sign_in(Client(), world.staff["desk_officer"])
    for url in ("/staff/police/people/", form_url(world)):
        page = client.get(url).content.decode()
        assert 'class="note no-firewall"' in page and "No firewall" in page
    [unit] = selectors.police_units_for_people(selectors.people_for_intermediary(world.staff["desk_officer"]))
    assert unit.jurisdiction == "BE" and unit.firewall is False


def desk_member(world, username, role):
    from safereport.accounts import services as account_services
    from safereport.audit.actors import Actor

    return account_services.staff_create_directly(
        organisation=world.organisations["desk"], username=username, password="desk-mode-pass-2026", roles=[role],
        actor=Actor.system("test"),
    )


def test_desk_roles_are_the_desks_own_and_only_the_coordinator_files_with_the_police(world):
    from django.core.exceptions import ValidationError

    from safereport.accounts import services as account_services
    from safereport.accounts.policies import roles_grant

    for role in ("desk_coordinator", "desk_caseworker", "desk_legal_adviser"):
        assert account_services.validate_roles_for(world.organisations["desk"], [role]) == [role]
        with pytest.raises(ValidationError):
            account_services.validate_roles_for(world.organisations["police"], [role])
        with pytest.raises(ValidationError):
            account_services.validate_roles_for(world.organisations["ghent"], [role])
    assert roles_grant(["desk_coordinator"], "police:intermediary:file")
    assert not roles_grant(["desk_caseworker"], "police:intermediary:file")
    assert roles_grant(["desk_caseworker"], "referrals:incoming:update")
    assert not roles_grant(["desk_legal_adviser"], "referrals:incoming:update")
    assert roles_grant(["desk_legal_adviser"], "consent:package:read")
    for role in ("desk_coordinator", "desk_caseworker", "desk_legal_adviser"):
        assert not roles_grant([role], "cases:case:read")  # a desk never reaches a case


def test_a_desk_caseworker_is_refused_the_filing_pages_and_a_coordinator_files(world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    consent(world, ["needs_and_support"], purpose="referral", organisation="desk")
    caseworker = desk_member(world, "desk_caseworker_1", "desk_caseworker")
    coordinator = desk_member(world, "desk_coordinator_1", "desk_coordinator")
    for user in (caseworker, coordinator):
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    assert sign_in(Client(), caseworker).get("/staff/police/people/").status_code == 403
    assert sign_in(Client(), caseworker).post(form_url(world), answers(world, step="file")).status_code == 403
    home = sign_in(Client(), caseworker).get("/staff/").content.decode()
    assert "/staff/police/people/" not in home
    client = sign_in(Client(), coordinator)
    assert "/staff/police/people/" in client.get("/staff/").content.decode()
    assert client.post(form_url(world), answers(world, step="file")).status_code == 200
    assert IntermediatedReport.objects.get().filed_by == coordinator


def test_the_relayed_answer_reads_in_the_portal_as_from_the_organisation_by_its_public_name(world, with_receipt):
    from django.utils import timezone

    from safereport.cases.models import PortalMessage
    from safereport.consent import selectors as consent_selectors
    from safereport.police import services

    case = world.cases["assigned"]
    PortalMessage.objects.create(case=case, sender="victim", body_sealed=b"")  # unread by the centre
    consent(world, ["needs_and_support"], purpose="referral", organisation="ngo")
    ngo = world.staff["ngo_advocate"]
    report = services.report_file(
        case=case, actor=ngo, police_unit=world.organisations["police"], identity="none", reference="NGO-5", venue="police"
    )
    services.report_reply(
        report=selectors.report_for_unit(actor=world.staff["police_liaison"], report_id=report.public_id),
        actor=world.staff["police_liaison"], record_type="incident", contact_policy="via_intermediary",
        investigation_started=False, reason="person_not_engaging", replied_on=timezone.localdate(), immigration_action="none",
    )
    services.report_relay(report=report, actor=ngo)
    relayed = [m for m in consent_selectors.conversation_named_for_victim(case) if m.from_centre]
    assert [m.sender_name for m in relayed] == ["Migrant women's support Ghent (demo)"]
    # The NGO passing the answer on did not read the person's message for the centre.
    assert PortalMessage.objects.filter(case=case, sender="victim", read_by_centre_at=None).count() == 1

    portal = Client()
    portal.post("/fr/back/", {"code": with_receipt})
    page = portal.get("/fr/messages/").content.decode()
    assert "Soutien aux femmes migrantes de Gand (démo)" in page


def test_the_centre_reads_an_intermediarys_message_under_the_organisations_name(world):
    from safereport.cases.selectors import conversation_for_staff
    from safereport.cases.services import message_send_from_centre

    case = world.cases["assigned"]
    consent(world, ["needs_and_support"], purpose="referral", organisation="desk")
    message_send_from_centre(case=case, author=world.staff["desk_officer"], text="The police answered.")
    message_send_from_centre(case=case, author=world.staff["crisis_worker"], text="We are here.")
    messages, _ = conversation_for_staff(case=case, actor=world.staff["crisis_worker"])
    assert [m.sender_name for m in messages] == [world.organisations["desk"].name, ""]
