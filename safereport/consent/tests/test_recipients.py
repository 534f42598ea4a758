"""Recipients you can trust (issue 11 §1, ADR 0014): a label never opens the door, a partnership does.

Each test here failed on the code before the recipient registry: the kind an
organisation was registered with, and a consent "for the police", were enough.
"""

import pytest
from django.http import Http404
from django.test import Client

from conftest import sign_in
from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.audit.models import AuditEvent
from safereport.consent import selectors, services
from safereport.consent.models import ConsentEvent, Decision, DisclosurePackage
from safereport.consent.purposes import Purpose
from safereport.consent.services import DisclosureRefused
from safereport.consent.tests.helpers import give
from safereport.core.categories import DataCategory as C
from safereport.partners import services as partners
from safereport.partners.errors import PartnershipRefused
from safereport.partners.tests.helpers import (
    agree_in_portal,
    bootstrap,
    partner,
    shown_on_the_page,
    staff_of,
    victim_client,
)
from safereport.vault.errors import KeyShredded
from safereport.vault.services import unseal

pytestmark = pytest.mark.django_db(databases="__all__")


def build(world, case, recipient, purpose=Purpose.INVESTIGATION):
    return services.disclosure_build(case=case, recipient=recipient, purpose=purpose, actor=world.staff["doctor"])


def refusals(reason):
    return AuditEvent.objects.filter(action="consent:disclosure:refused", details__reason=reason)


# --- the attack that was seen ------------------------------------------------------------


def test_an_immigration_police_registered_as_a_police_unit_never_receives_a_ghent_case(world, examined_case, with_receipt):
    # Anyone with shell access registers the Dutch immigration police as "a police unit".
    intruder = bootstrap("Immigratiepolitie", OrganisationKind.POLICE_UNIT, "NL")
    officer = staff_of(intruder, "im.officer", [Role.POLICE_LIAISON])

    # The person agrees "for the police" on their own page, as the page names them.
    victim = victim_client(with_receipt)
    shown = shown_on_the_page(victim)
    assert f"investigation:{world.organisations['police'].public_id}" in shown
    assert not any(str(intruder.public_id) in value for value in shown)
    response = agree_in_portal(victim,
        {"purpose": "investigation", "categories": [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS], "understood": "on", "shown": shown},
    )
    assert response.status_code == 302
    assert {e.recipient_organisation_id for e in ConsentEvent.objects.all()} == {world.organisations["police"].pk}

    # Refused and audited, with the reason: the name is an immigration body's.
    with pytest.raises(DisclosureRefused) as refused:
        build(world, examined_case, intruder)
    assert refused.value.reason == "recipient_on_immigration_denylist"
    assert refusals("recipient_on_immigration_denylist").get().details["recipient"] == "Immigratiepolitie"

    # Even a consent by kind, as the portal recorded them before, does not cover it.
    ConsentEvent(
        case=examined_case, category=C.INCIDENT_ACCOUNT, purpose=Purpose.INVESTIGATION, recipient_kind="police_unit",
        decision=Decision.GIVEN, channel="portal", understanding="self_service",
    ).save()
    with pytest.raises(DisclosureRefused):
        build(world, examined_case, intruder)

    # No partnership can be proposed for it either, and that attempt is audited too.
    with pytest.raises(PartnershipRefused) as refused_partnership:
        partners.partnership_propose(
            actor=world.staff["dpo"], organisation=intruder, agreement_reference="X", agreement_date="2026-01-01",
            purposes=[Purpose.INVESTIGATION], public_names={"en": "The police"},
        )
    assert refused_partnership.value.reason == "on_immigration_denylist"
    assert AuditEvent.objects.filter(action="partners:partnership:refused", details__reason="on_immigration_denylist").exists()

    # Its staff see nothing at all.
    assert not DisclosurePackage.objects.filter(recipient=intruder).exists()
    assert sign_in(Client(), officer).get("/staff/consent/packages/").status_code == 200
    assert not selectors.packages_for_recipient(officer).exists()


def test_a_new_organisation_under_an_innocent_name_is_not_a_partner_by_being_registered(world, examined_case):
    newcomer = bootstrap("Politie Zone Noord", OrganisationKind.POLICE_UNIT, "BE")
    give(world, examined_case, [C.INCIDENT_ACCOUNT])
    with pytest.raises(DisclosureRefused) as refused:
        build(world, examined_case, newcomer)
    assert refused.value.reason == "recipient_not_a_partner"
    assert refusals("recipient_not_a_partner").exists()
    # Proposed but not yet approved: still nothing.
    partners.partnership_propose(
        actor=world.staff["dpo"], organisation=newcomer, agreement_reference="PZN-1", agreement_date="2026-03-01",
        purposes=[Purpose.INVESTIGATION], public_names={"en": "The police of zone North"},
    )
    with pytest.raises(DisclosureRefused) as refused:
        build(world, examined_case, newcomer)
    assert refused.value.reason == "recipient_partnership_not_approved"


def test_a_partner_of_another_jurisdiction_needs_a_written_cross_border_reason(world, examined_case):
    dutch = bootstrap("Politie Utrecht", OrganisationKind.POLICE_UNIT, "NL")
    with pytest.raises(PartnershipRefused) as refused:
        partner(world, dutch, [Purpose.INVESTIGATION])
    assert refused.value.reason == "other_jurisdiction_without_reason"
    partner(world, dutch, [Purpose.INVESTIGATION], reason="The assault happened in Utrecht; the Utrecht police investigate.")
    services.consent_record(
        case=examined_case, categories=[C.INCIDENT_ACCOUNT], purpose=Purpose.INVESTIGATION, decision=Decision.GIVEN,
        understanding="understood", channel="staff", recipient_organisation=dutch, explained_by=world.staff["doctor"],
    )
    assert build(world, examined_case, dutch).categories == [C.INCIDENT_ACCOUNT]
    # The organisation's recorded jurisdiction changes: it is outside the partnership now.
    Organisation.objects.filter(pk=dutch.pk).update(jurisdiction="DE")
    with pytest.raises(DisclosureRefused) as refused_build:
        build(world, examined_case, dutch)
    assert refused_build.value.reason == "recipient_other_jurisdiction"


def test_a_partnership_covers_only_its_purposes(world, examined_case):
    shelter = bootstrap("Women's shelter Ghent", OrganisationKind.NGO, "BE")
    partner(world, shelter, [Purpose.REFERRAL])
    services.consent_record(
        case=examined_case, categories=[C.NEEDS_AND_SUPPORT], purpose=Purpose.REFERRAL, decision=Decision.GIVEN,
        understanding="understood", channel="staff", recipient_organisation=shelter, explained_by=world.staff["doctor"],
    )
    assert build(world, examined_case, shelter, Purpose.REFERRAL).categories == [C.NEEDS_AND_SUPPORT]
    with pytest.raises(DisclosureRefused) as refused:
        build(world, examined_case, shelter, Purpose.LEGAL_ADVICE)
    assert refused.value.reason == "recipient_partnership_not_for_purpose"
    # Nor can a consent name it for a purpose its partnership does not cover.
    with pytest.raises(services.ConsentError):
        services.consent_record(
            case=examined_case, categories=[C.CONTACT_DETAILS], purpose=Purpose.LEGAL_ADVICE, decision=Decision.GIVEN,
            understanding="understood", channel="staff", recipient_organisation=shelter, explained_by=world.staff["doctor"],
        )


# --- consent names the recipient ----------------------------------------------------------


def test_a_new_partner_never_inherits_an_old_consent(world, examined_case, with_receipt):
    victim = victim_client(with_receipt)
    agree_in_portal(victim,
        {"purpose": "investigation", "categories": [C.INCIDENT_ACCOUNT], "understood": "on", "shown": shown_on_the_page(victim)},
    )
    # A consent by kind from before issue 11, recorded now: it covers partners of this moment only.
    ConsentEvent(
        case=examined_case, category=C.INJURIES_FORENSIC_FINDINGS, purpose=Purpose.INVESTIGATION, recipient_kind="police_unit",
        decision=Decision.GIVEN, channel="portal", understanding="self_service",
    ).save()
    assert set(build(world, examined_case, world.organisations["police"]).categories) == {
        C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS,
    }
    second = bootstrap("Police family violence unit Ghent", OrganisationKind.POLICE_UNIT, "BE")
    partner(world, second, [Purpose.INVESTIGATION], names={"en": "The family violence unit of the Ghent police"})
    with pytest.raises(DisclosureRefused) as refused:
        build(world, examined_case, second)
    assert refused.value.reason == "no_consent"
    # The page names the new unit now; agreeing again covers it, by name.
    assert f"investigation:{second.public_id}" in shown_on_the_page(victim)


def test_a_consent_posted_without_the_names_on_the_page_records_nothing(world, examined_case, with_receipt):
    victim = victim_client(with_receipt)
    response = agree_in_portal(victim, {"purpose": "investigation", "categories": [C.INCIDENT_ACCOUNT], "understood": "on"})
    assert response.status_code == 400
    assert "The list of organisations changed" in response.content.decode()
    assert not ConsentEvent.objects.exists()


def test_a_partner_approved_after_the_page_was_drawn_is_not_included(world, examined_case, with_receipt):
    victim = victim_client(with_receipt)
    shown = shown_on_the_page(victim)
    late = bootstrap("Police sexual offences unit East Flanders", OrganisationKind.POLICE_UNIT, "BE")
    partner(world, late, [Purpose.INVESTIGATION])
    agree_in_portal(victim, {"purpose": "investigation", "categories": [C.INCIDENT_ACCOUNT], "understood": "on", "shown": shown})
    assert {e.recipient_organisation for e in ConsentEvent.objects.all()} == {world.organisations["police"]}


def test_staff_recording_every_partner_of_a_kind_record_each_by_name(world, examined_case):
    doctor = sign_in(Client(), world.staff["doctor"])
    page = doctor.get(f"/staff/consent/cases/{examined_case.public_id}/").content.decode()
    assert "The police vice unit of Ghent (demo)" in page
    import re

    shown = re.findall(r'name="shown" value="([^"]+)"', page)
    response = doctor.post(
        f"/staff/consent/cases/{examined_case.public_id}/record/",
        {"decision": "given", "purpose": "referral", "recipient_kind": "ngo", "categories": ["needs_and_support"],
         "language": "en", "understanding": "understood", "shown": shown},
    )
    assert response.status_code == 302 and not ConsentEvent.objects.exists()
    check = doctor.get(response["Location"]).content.decode()
    response = doctor.post(
        f"/staff/consent/cases/{examined_case.public_id}/record/check/",
        {"named": re.findall(r'name="named" value="([^"]+)"', check)},
    )
    assert response.status_code == 302
    assert [(e.recipient_organisation, e.recipient_kind) for e in ConsentEvent.objects.all()] == [(world.organisations["ngo"], "")]
    # Withdrawing "every partner of this kind" takes back the named ones and any older consent by kind.
    doctor.post(
        f"/staff/consent/cases/{examined_case.public_id}/record/",
        {"decision": "withdrawn", "purpose": "referral", "recipient_kind": "ngo", "categories": ["needs_and_support"],
         "language": "en", "understanding": "understood"},
    )
    assert selectors.consents_in_force(examined_case) == []


# --- a package already sent, later outside the rules ----------------------------------------


def police_package(world, case):
    give(world, case, [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS])
    return build(world, case, world.organisations["police"])


def test_revoking_a_partnership_makes_what_was_sent_unreadable_and_shreds_it(world, examined_case):
    package = police_package(world, examined_case)
    liaison = sign_in(Client(), world.staff["police_liaison"])
    assert "He grabbed me" in liaison.get(f"/staff/consent/packages/{package.public_id}/").content.decode()

    police_partnership = world.organisations["police"].partnerships_received.get()
    partners.partnership_revoke(actor=world.staff["dpo"], partnership=police_partnership, reason="Agreement ended")

    assert liaison.get(f"/staff/consent/packages/{package.public_id}/").status_code == 404
    assert package.public_id.hex not in liaison.get("/staff/consent/packages/").content.decode().replace("-", "")
    refused = AuditEvent.objects.filter(action="consent:package:refused", subject=f"package:{package.public_id}").get()
    assert refused.details["reason"] == "shredded" and refused.case_ref == str(examined_case.public_id)
    # The key is gone: no copy of the database opens it again.
    package.refresh_from_db()
    assert package.shredded_at is not None
    with pytest.raises(KeyShredded):
        unseal(bytes(package.incident_account_sealed), context=selectors.package_seal_context(package, C.INCIDENT_ACCOUNT))
    assert AuditEvent.objects.filter(action="consent:package:shredded", details__reason="recipient_partnership_revoked").exists()

    # A new agreement later does not reopen what was sent under the old one.
    proposed = partners.partnership_propose(
        actor=world.staff["dpo"], organisation=world.organisations["police"], agreement_reference="PV-2", agreement_date="2026-06-01",
        purposes=[Purpose.INVESTIGATION], public_names={"en": "The police vice unit of Ghent"},
    )
    partners.partnership_approve(actor=world.staff["case_manager"], partnership=proposed)
    assert not selectors.packages_for_recipient(world.staff["police_liaison"]).filter(pk=package.pk).exists()


def test_an_organisation_found_to_be_an_immigration_body_can_no_longer_open_what_it_was_sent(world, examined_case):
    package = police_package(world, examined_case)
    Organisation.objects.filter(pk=world.organisations["police"].pk).update(name="Vreemdelingenpolitie Gent")
    liaison = world.staff["police_liaison"]
    assert not selectors.packages_for_recipient(liaison).exists()
    with pytest.raises(Http404):
        selectors.package_get_for_recipient(actor=liaison, package_id=package.public_id)
    # Even a package object already in hand does not open.
    with pytest.raises(Http404):
        selectors.package_open(package=package, actor=liaison)
    reasons = set(AuditEvent.objects.filter(action="consent:package:refused").values_list("details__reason", flat=True))
    assert reasons == {"recipient_on_immigration_denylist"}
    with pytest.raises(DisclosureRefused) as refused:
        build(world, examined_case, world.organisations["police"])
    assert refused.value.reason == "recipient_on_immigration_denylist"


def test_a_package_in_hand_opens_only_for_its_own_recipient(world, examined_case):
    package = police_package(world, examined_case)
    with pytest.raises(Http404):
        selectors.package_open(package=package, actor=world.staff["ngo_advocate"])
    assert AuditEvent.objects.filter(action="consent:package:refused", details__reason="not_addressed_to_organisation").exists()
    assert selectors.package_open(package=package, actor=world.staff["police_liaison"])[C.INCIDENT_ACCOUNT]


def test_a_centre_without_partners_offers_no_consent_to_share(world):
    from safereport.cases.models import Case
    from safereport.cases.receipts import receipt_lookup_hash

    code = "7391046258810342"
    Case.objects.filter(pk=world.cases["utrecht"].pk).update(receipt_lookup=receipt_lookup_hash(code))
    page = victim_client(code).get("/en/mine/").content.decode()
    assert "does not work with any organisation yet" in page
    assert 'action="/en/mine/agree/"' not in page
