"""Erasure keeps its word (docs/adr/0020): the page says what happens to what was sent,
recipients are told without content, the DPO sees a register, and a returning person
is told plainly that the record no longer exists."""

import html
import re

import pytest
from django.test import Client
from django.utils import timezone

from conftest import sign_in
from safereport.audit.models import AuditEvent
from safereport.cases.models import Case, ErasedReceipt, ReportingStatus
from safereport.consent import selectors, services
from safereport.consent.models import (
    DeletionTombstone,
    DisclosurePackage,
    ErasureNotice,
    SafeguardingOverride,
)
from safereport.consent.purposes import Purpose
from safereport.consent.tests.helpers import give
from safereport.core.categories import DataCategory as C

pytestmark = pytest.mark.django_db(databases="__all__")

AWAY = "You were away"
GONE = "This record no longer exists"


def victim_client(code):
    client = Client()
    assert client.post("/en/back/", {"code": code}).status_code == 302
    return client


def sent_to_police_and_ngo(world, case):
    """A police package (kept once the person reported) and an NGO package (never kept)."""
    give(world, case, [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS])
    police = services.disclosure_build(
        case=case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"]
    )
    give(world, case, [C.NEEDS_AND_SUPPORT], purpose=Purpose.REFERRAL, organisation="ngo")
    ngo = services.disclosure_build(
        case=case, recipient=world.organisations["ngo"], purpose=Purpose.REFERRAL, actor=world.staff["crisis_worker"]
    )
    return police, ngo


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


# --- the page tells the truth before the person confirms ---------------------------------


def test_the_erase_page_names_who_loses_the_package_and_who_keeps_it_until_when(world, examined_case, with_receipt):
    sent_to_police_and_ngo(world, examined_case)
    Case.objects.filter(pk=examined_case.pk).update(reporting_status=ReportingStatus.REPORTED)
    page = text_of(victim_client(with_receipt).get("/en/mine/remove/"))
    # The old page promised the opposite of what erasure does.
    assert "stays with them" not in page.replace("that copy stays with them", "")
    unreadable, kept = page.split("they can no longer open it in SafeReport", 1)[1].split("until the date shown", 1)
    assert "Migrant women's support Ghent (demo)" in unreadable and "Needs and support" in unreadable
    assert "Police vice unit Ghent (demo)" in kept and "Kept until" in kept
    assert "keeps a copy of what it sent to the police" in page and "a lawyer has not yet checked" in page
    assert "printed or saved a copy outside SafeReport, that copy stays with them" in page
    assert "We will tell each of them that you asked to remove your record, and nothing else" in page


def test_without_a_report_nothing_is_kept_and_the_page_says_both_packages_become_unreadable(world, examined_case, with_receipt):
    sent_to_police_and_ngo(world, examined_case)
    page = text_of(victim_client(with_receipt).get("/en/mine/remove/"))
    unreadable = page.split("they can no longer open it in SafeReport", 1)[1]
    assert "Police vice unit Ghent (demo)" in unreadable and "Migrant women's support Ghent (demo)" in unreadable
    assert "Kept until" not in page and "keeps a copy" not in page


def test_sharing_under_an_override_not_yet_safe_to_tell_is_not_described_but_is_still_erased(world, examined_case, with_receipt):
    override = SafeguardingOverride.objects.create(
        case=examined_case, care_centre=world.organisations["ghent"], ground="immediate_risk_to_life",
        categories=[C.SAFETY_AND_RISK], recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION,
        requested_by=world.staff["doctor"], approver_role="case_manager",
    )
    selectors.override_justification_for(actor=world.staff["case_manager"], override=override)  # read before deciding
    services.override_decide(override=override, approver=world.staff["case_manager"], approve=True)
    package = services.disclosure_build(
        case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION,
        actor=world.staff["doctor"], override=override,
    )
    victim = victim_client(with_receipt)
    page = text_of(victim.get("/en/mine/remove/"))
    assert "Police vice unit Ghent (demo)" not in page and "What the centre sent to others" not in page
    victim.post("/en/mine/remove/", {"confirm": "yes", "code": with_receipt})
    package.refresh_from_db()
    assert package.shredded_at is not None and ErasureNotice.objects.filter(package=package).exists()


# --- recipients are told, without content --------------------------------------------------


def test_every_recipient_is_told_in_its_inbox_that_the_person_asked_for_erasure_and_nothing_else(world, examined_case, with_receipt):
    police_package, ngo_package = sent_to_police_and_ngo(world, examined_case)
    Case.objects.filter(pk=examined_case.pk).update(reporting_status=ReportingStatus.REPORTED)
    victim_client(with_receipt).post("/en/mine/remove/", {"confirm": "yes", "code": with_receipt})
    today = timezone.localdate()

    police = text_of(sign_in(Client(), world.staff["police_liaison"]).get("/staff/consent/packages/"))
    assert "Requests to erase" in police and str(police_package.public_id) in police
    assert "the person asked for erasure on" in police and "The centre's copy is gone" in police
    assert "stays readable here until" in police and "BE-KEEP-POLICE-PACKAGE" in police
    ngo = text_of(sign_in(Client(), world.staff["ngo_advocate"]).get("/staff/consent/packages/"))
    assert str(ngo_package.public_id) in ngo and "can no longer be opened here" in ngo
    # Each sees only its own notice, and no content of any package.
    assert str(police_package.public_id) not in ngo and str(ngo_package.public_id) not in police
    for page in (police, ngo):
        assert "He grabbed me" not in page and "Bruise" not in page and "Needs a shelter" not in page
    notices = {n.package_id: n for n in ErasureNotice.objects.all()}
    assert notices[police_package.pk].kept_until is not None and notices[police_package.pk].requested_on == today
    assert notices[ngo_package.pk].kept_until is None
    assert AuditEvent.objects.filter(action="consent:erasure:recipient_told").count() == 2


def test_an_erasure_notice_is_append_only(world, examined_case, with_receipt):
    from safereport.core.appendonly import AppendOnlyError

    sent_to_police_and_ngo(world, examined_case)
    victim_client(with_receipt).post("/en/mine/remove/", {"confirm": "yes", "code": with_receipt})
    notice = ErasureNotice.objects.first()
    with pytest.raises(AppendOnlyError):
        ErasureNotice.objects.filter(pk=notice.pk).update(requested_on=timezone.localdate() - timezone.timedelta(days=9))
    with pytest.raises(AppendOnlyError):
        notice.delete()


# --- the DPO sees erasures, and nothing about the person ------------------------------------


def test_the_dpo_sees_the_erasure_in_a_register_linked_from_the_start_page(world, examined_case, with_receipt):
    police_package, _ = sent_to_police_and_ngo(world, examined_case)
    Case.objects.filter(pk=examined_case.pk).update(reporting_status=ReportingStatus.REPORTED)
    victim_client(with_receipt).post("/en/mine/remove/", {"confirm": "yes", "code": with_receipt})
    tombstone = DeletionTombstone.objects.get()

    dpo = sign_in(Client(), world.staff["dpo"])
    assert 'href="/staff/consent/register/erasures/"' in dpo.get("/staff/").content.decode()
    page = text_of(dpo.get("/staff/consent/register/erasures/"))
    row = page.split("Packages made unreadable", 1)[1]
    assert "The person, in the portal" in row and "BE-KEEP-POLICE-PACKAGE" in row and " 1 1 " in row
    # A tombstone, not a case: no case reference, package, recipient or content.
    for identifying in (str(examined_case.public_id), examined_case.code, str(police_package.public_id), "Police vice unit", "He grabbed me"):
        assert identifying not in page
    assert str(tombstone.erased_on.year) in page
    # Another centre's DPO sees none of it.
    DeletionTombstone.objects.create(
        care_centre=world.organisations["utrecht"], jurisdiction="NL", erased_on=timezone.localdate(), requested_by="victim"
    )
    assert text_of(dpo.get("/staff/consent/register/erasures/")).count("The person, in the portal") == 1


# --- the person coming back ----------------------------------------------------------------


def test_another_window_of_the_erased_record_says_it_no_longer_exists_not_that_they_were_away(world, with_receipt):
    here, there = victim_client(with_receipt), victim_client(with_receipt)
    here.post("/en/mine/remove/", {"confirm": "yes", "code": with_receipt})
    for path in ("/en/messages/", "/en/mine/", "/en/visit/"):
        response = there.get(path, follow=True)
        assert response.status_code == 410, path
        page = text_of(response)
        assert GONE in page and AWAY not in page and "removed" not in page.lower()
    # The session no longer names the case, only that it is gone.
    assert "portal_case" not in there.session


def test_the_same_browser_after_erasing_is_told_the_record_no_longer_exists(world, with_receipt):
    victim = victim_client(with_receipt)
    victim.post("/en/mine/remove/", {"confirm": "yes", "code": with_receipt})
    page = text_of(victim.get("/en/messages/", follow=True))
    assert GONE in page and AWAY not in page
    sent = victim.post("/en/messages/send/", {"message": "Are you there?"})
    assert sent.status_code == 410 and GONE in text_of(sent)


def test_typing_the_code_of_an_erased_record_says_it_no_longer_exists(world, with_receipt):
    victim_client(with_receipt).post("/en/mine/remove/", {"confirm": "yes", "code": with_receipt})
    assert ErasedReceipt.objects.count() == 1 and not DisclosurePackage.objects.exists()
    response = Client().post("/en/back/", {"code": with_receipt})
    assert response.status_code == 410
    page = text_of(response)
    assert GONE in page and "We could not find this code" not in page and AWAY not in page
    # A code that never existed is still just not found.
    other = text_of(Client().post("/en/back/", {"code": "1111222233334444"}))
    assert "We could not find this code" in other and GONE not in other


def test_a_session_that_merely_went_idle_still_says_they_were_away(world, with_receipt):
    response = Client().get("/en/messages/", follow=True)
    assert AWAY in text_of(response) and GONE not in text_of(response)
