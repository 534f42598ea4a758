"""Warm referrals: the directory from the data files, sending through the
sharing policy, and what partner staff see (§6.2 rec. 6, 8; §6.4 rec. 2)."""

import pytest
from django.test import Client

from conftest import sign_in
from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.cases.services import NeedsInput, casework
from safereport.referrals import selectors as referral_selectors
from safereport.referrals import services as referrals
from safereport.referrals.models import Referral, ReferralService

pytestmark = pytest.mark.django_db(databases="__all__")


def events(action):
    return AuditEvent.objects.filter(action=action)


@pytest.fixture
def partner(world):
    referrals.referral_directory_load(actor=Actor.system("test"))
    service = ReferralService.objects.get(key="be-demo-migrant-women-support")
    service.organisation = world.organisations["ngo"]
    service.save()
    return service


def test_the_directory_loads_from_the_data_files_for_each_jurisdiction(world):
    count = referrals.referral_directory_load(actor=Actor.system("test"))
    assert count == ReferralService.objects.count() >= 5
    assert {s.jurisdiction for s in ReferralService.objects.all()} == {"BE", "NL"}
    assert all(s.jurisdiction == "BE" for s in referral_selectors.directory_for(jurisdiction="be"))


def test_a_referral_without_consent_is_refused_and_audited(world, partner):
    with pytest.raises(referrals.ReferralRefused):
        referrals.referral_send(case=world.cases["assigned"], service=partner, actor=world.staff["crisis_worker"], share_data=True)
    assert not Referral.objects.exists()
    assert events("cases:referral:refused").get().details["service"] == partner.key


def test_a_referral_sharing_nothing_is_tracked_by_the_centre_and_invisible_to_the_partner(world, partner):
    referral = referrals.referral_send(case=world.cases["assigned"], service=partner, actor=world.staff["crisis_worker"], share_data=False)
    assert referral.recipient is None and referral.status == "sent"
    assert referral_selectors.referrals_incoming_for(world.staff["ngo_advocate"]) == []


def test_partner_staff_see_only_referrals_to_their_organisation_and_track_them(world, partner):
    case = world.cases["assigned"]
    referral = Referral.objects.create(
        case=case, service=partner, recipient=world.organisations["ngo"], purpose="referral", shares_data=True, sent_by=world.staff["crisis_worker"]
    )
    assert referral_selectors.referrals_incoming_for(world.staff["ngo_advocate"]) == [referral]
    assert referral_selectors.referrals_incoming_for(world.staff["lawyer"]) == []
    referrals.referral_partner_update(referral=referral, actor=world.staff["ngo_advocate"], status="accepted")
    referrals.referral_partner_update(referral=referral, actor=world.staff["ngo_advocate"], status="first_contact")
    referral.refresh_from_db()
    assert referral.status == "first_contact" and referral.accepted_at and referral.first_contact_at
    with pytest.raises(ValueError):
        referrals.referral_partner_update(referral=referral, actor=world.staff["ngo_advocate"], status="accepted")
    client = sign_in(Client(), world.staff["lawyer"])
    assert client.post(f"/staff/referrals/incoming/{referral.public_id}/", {"status": "declined"}).status_code == 404



def test_a_referral_with_consent_shares_only_the_consented_categories_and_the_partner_sees_it(world, partner):
    from safereport.consent.services import consent_record

    case = world.cases["assigned"]
    casework.needs_assessment_record(
        case=case, actor=world.staff["doctor"], needs=NeedsInput(accommodation_needed=True, other_needs="Needs a women-only place tonight.")
    )
    consent_record(
        case=case,
        categories=["needs_and_support"],
        purpose="referral",
        decision="given",
        understanding="understood",
        channel="staff",
        recipient_organisation=world.organisations["ngo"],
        explained_by=world.staff["doctor"],
    )
    referral = referrals.referral_send(case=case, service=partner, actor=world.staff["doctor"], share_data=True)
    assert referral.recipient == world.organisations["ngo"] and referral.disclosure_ref
    assert list(referral.shared_categories) == ["needs_and_support"]
    assert events("consent:package:disclosed").count() == 1
    assert referral_selectors.referrals_incoming_for(world.staff["ngo_advocate"]) == [referral]
    assert referral_selectors.referrals_incoming_for(world.staff["desk_officer"]) == []


def test_the_consent_engines_refusal_event_survives_alongside_ours(world, partner):
    with pytest.raises(referrals.ReferralRefused):
        referrals.referral_send(case=world.cases["assigned"], service=partner, actor=world.staff["crisis_worker"], share_data=True)
    assert events("consent:disclosure:refused").count() == 1
    assert events("cases:referral:refused").get().details["reason"] == "no_consent"
