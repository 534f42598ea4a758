"""Agreeing to share is a considered step (issue 13 §6, ADR 0030): answers, then "check your answers", then a confirmation.

On the staff consent form and in the person's portal, an agreement is never
recorded by the first POST: the answers are kept in the session, read back with
the recipients' names, and recorded only by the check page's own POST, after
the partners registry is read again. A form tampered to name someone else
records nothing.
"""

import re

import pytest
from django.test import Client

from conftest import sign_in
from safereport.accounts.permissions import OrganisationKind
from safereport.consent.models import ConsentEvent
from safereport.consent.purposes import Purpose
from safereport.core.categories import DataCategory as C
from safereport.partners import services as partners
from safereport.partners.tests.helpers import bootstrap, partner, shown_on_the_page, victim_client

pytestmark = pytest.mark.django_db(databases="__all__")


def named_on(page: str) -> list[str]:
    return re.findall(r'name="named" value="([^"]+)"', page)


# --- the staff consent form ----------------------------------------------------------------


def staff_answers(world):
    return {
        "decision": "given", "purpose": "investigation", "recipient_kind": "police_unit",
        "categories": [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS], "language": "en", "understanding": "understood",
        "shown": f"investigation:{world.organisations['police'].public_id}",
    }


def test_staff_read_back_the_names_and_what_goes_before_an_agreement_is_recorded(world, examined_case):
    doctor = sign_in(Client(), world.staff["doctor"])
    base = f"/staff/consent/cases/{examined_case.public_id}"
    response = doctor.post(f"{base}/record/", staff_answers(world))
    assert response.status_code == 302 and response["Location"] == f"{base}/record/check/"
    assert not ConsentEvent.objects.exists()

    check = doctor.get(f"{base}/record/check/").content.decode()
    assert "Check your answers before you agree" in check
    assert "The police vice unit of Ghent (demo)" in check  # as the person is told
    assert "Account of what happened" in check or str(C.INCIDENT_ACCOUNT.label) in check
    assert "incident_account" not in check
    assert check.count(f"{base}/?change=1#consent-form") == 3

    # "Change" brings the form back with the answers as given.
    again = doctor.get(f"{base}/?change=1").content.decode()
    assert re.search(r'value="investigation"[^>]*selected', again)
    assert re.search(r'value="injuries_forensic_findings"[^>]*checked', again)

    response = doctor.post(f"{base}/record/check/", {"named": named_on(check)}, follow=True)
    assert {(e.recipient_organisation, e.category) for e in ConsentEvent.objects.all()} == {
        (world.organisations["police"], C.INCIDENT_ACCOUNT), (world.organisations["police"], C.INJURIES_FORENSIC_FINDINGS),
    }
    page = response.content.decode()
    assert "Recorded in the consent ledger: Agreed." in page and "Police vice unit Ghent (demo)" in page
    # The answers are gone with the recording: a second POST records nothing more.
    doctor.post(f"{base}/record/check/", {"named": named_on(check)})
    assert ConsentEvent.objects.count() == 2


def test_a_check_page_posted_with_other_recipients_records_nothing(world, examined_case):
    intruder = bootstrap("Immigratiepolitie", OrganisationKind.POLICE_UNIT, "NL")
    doctor = sign_in(Client(), world.staff["doctor"])
    base = f"/staff/consent/cases/{examined_case.public_id}"
    doctor.post(f"{base}/record/", staff_answers(world))
    for named in ([str(intruder.public_id)], [str(world.organisations["police"].public_id), str(intruder.public_id)], []):
        response = doctor.post(f"{base}/record/check/", {"named": named})
        assert response.status_code == 400
        assert "Nothing was recorded" in response.content.decode()
    assert not ConsentEvent.objects.exists()


def test_a_partner_that_leaves_between_the_form_and_the_check_is_not_recorded(world, examined_case):
    from safereport.partners.models import Partnership

    doctor = sign_in(Client(), world.staff["doctor"])
    base = f"/staff/consent/cases/{examined_case.public_id}"
    doctor.post(f"{base}/record/", staff_answers(world))
    check = doctor.get(f"{base}/record/check/").content.decode()
    ended = Partnership.objects.get(organisation=world.organisations["police"], revoked_at__isnull=True)
    partners.partnership_revoke(actor=world.staff["dpo"], partnership=ended, reason="Agreement ended")
    response = doctor.post(f"{base}/record/check/", {"named": named_on(check)})
    assert response.status_code == 400
    assert not ConsentEvent.objects.exists()


def test_a_withdrawal_is_recorded_at_once_and_said_in_words(world, examined_case):
    doctor = sign_in(Client(), world.staff["doctor"])
    base = f"/staff/consent/cases/{examined_case.public_id}"
    answers = {**staff_answers(world), "decision": "withdrawn", "recipient_kind": "", "recipient_organisation": world.organisations["police"].pk}
    response = doctor.post(f"{base}/record/", answers, follow=True)
    assert ConsentEvent.objects.filter(decision="withdrawn").count() == 2
    assert "Recorded in the consent ledger: Withdrawn." in response.content.decode()


# --- the person's portal -------------------------------------------------------------------


def test_the_person_checks_their_answers_and_only_the_check_records(world, examined_case, with_receipt):
    victim = victim_client(with_receipt)
    answers = {"purpose": "investigation", "categories": [C.INCIDENT_ACCOUNT], "understood": "on", "shown": shown_on_the_page(victim)}
    response = victim.post("/en/mine/agree/", answers)
    assert response["Location"] == "/en/mine/agree/check/" and not ConsentEvent.objects.exists()
    check = victim.get("/en/mine/agree/check/").content.decode()
    assert "Check your answers before you agree" in check and "The police vice unit of Ghent (demo)" in check
    # Change: the question again, with the person's own answers.
    again = victim.get("/en/mine/?change=1").content.decode()
    assert re.search(r'value="investigation"[^>]*checked', again) and re.search(r'value="incident_account"[^>]*checked', again)

    response = victim.post("/en/mine/agree/check/", {"named": named_on(check)})
    assert response.status_code == 302 and response["Location"] == "/en/mine/done/"
    assert [(e.recipient_organisation, e.category) for e in ConsentEvent.objects.all()] == [
        (world.organisations["police"], C.INCIDENT_ACCOUNT)
    ]
    done = victim.get("/en/mine/done/").content.decode()
    assert "You agreed to share" in done and "The police vice unit of Ghent (demo)" in done
    # A reload of the confirmation records nothing; posting the check again finds no answers and records nothing.
    assert victim.get("/en/mine/done/").status_code == 200
    victim.post("/en/mine/agree/check/", {"named": named_on(check)})
    assert ConsentEvent.objects.count() == 1


def test_a_portal_check_posted_with_another_recipient_records_nothing(world, examined_case, with_receipt):
    late = bootstrap("Police sexual offences unit East Flanders", OrganisationKind.POLICE_UNIT, "BE")
    partner(world, late, [Purpose.INVESTIGATION])
    victim = victim_client(with_receipt)
    shown = [value for value in shown_on_the_page(victim) if str(late.public_id) not in value]
    victim.post("/en/mine/agree/", {"purpose": "investigation", "categories": [C.INCIDENT_ACCOUNT], "understood": "on", "shown": shown})
    response = victim.post("/en/mine/agree/check/", {"named": [str(world.organisations["police"].public_id), str(late.public_id)]})
    assert response.status_code == 400 and "Nothing was recorded" in response.content.decode()
    assert not ConsentEvent.objects.exists()


def test_the_portal_support_organisation_choice_records_each_organisation_it_names(world, examined_case, with_receipt):
    """Not four organisation kinds: one consent per partner named on the page, by name (issue 13 §15)."""
    victim = victim_client(with_receipt)
    shown = [value for value in shown_on_the_page(victim) if value.startswith("referral:")]
    assert shown
    agreed = {"purpose": "referral", "categories": [C.NEEDS_AND_SUPPORT], "understood": "on", "shown": shown}
    victim.post("/en/mine/agree/", agreed)
    check = victim.get("/en/mine/agree/check/").content.decode()
    victim.post("/en/mine/agree/check/", {"named": named_on(check)})
    events = ConsentEvent.objects.filter(purpose="referral")
    assert {e.recipient_kind for e in events} == {""}
    assert {str(e.recipient_organisation.public_id) for e in events} == {value.removeprefix("referral:") for value in shown}
