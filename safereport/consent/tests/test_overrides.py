"""The safeguarding override from the pages: the reason read before deciding, sent once, told when safe."""

import pytest
from django.test import Client
from django.utils import timezone, translation

from conftest import sign_in
from safereport.audit.models import AuditEvent
from safereport.consent import rules, selectors, services
from safereport.consent.models import DisclosurePackage, OverrideStatus, SafeguardingOverride
from safereport.consent.purposes import Purpose
from safereport.consent.services import DisclosureRefused, OverrideRefused
from safereport.consent.tests.conftest import ALL_TEXTS
from safereport.core.categories import DataCategory as C

pytestmark = pytest.mark.django_db(databases="__all__")

REASON = "He said he will kill her tonight; she is at the shelter."
CATEGORIES = [C.SAFETY_AND_RISK, C.INCIDENT_ACCOUNT]


def requested(world, case):
    return services.override_request(
        case=case, ground="immediate_risk_to_life", justification=REASON, categories=CATEGORIES,
        recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"],
    )


def page_of(override) -> str:
    return f"/staff/consent/overrides/{override.public_id}/"


def approved(world, case):
    override = requested(world, case)
    manager = sign_in(Client(), world.staff["case_manager"])
    assert manager.get(page_of(override)).status_code == 200
    assert manager.post(f"{page_of(override)}decide/", {"decision": "approve"}).status_code == 302
    return SafeguardingOverride.objects.get(pk=override.pk)


def justification_reads(override):
    return AuditEvent.objects.filter(action="consent:override:justification_read", subject=f"override:{override.public_id}")


def test_the_requester_and_the_approver_read_the_justification_and_each_read_is_audited(world, examined_case):
    doctor = sign_in(Client(), world.staff["doctor"])
    response = doctor.post(
        f"/staff/consent/cases/{examined_case.public_id}/overrides/",
        {"ground": "immediate_risk_to_life", "justification": REASON, "recipient": str(world.organisations["police"].pk),
         "purpose": "investigation", "categories": CATEGORIES},
    )
    override = SafeguardingOverride.objects.get()
    # The request ends on the override's own page, which shows the reason back.
    assert response["Location"] == page_of(override)
    assert REASON in doctor.get(page_of(override)).content.decode()
    assert REASON.encode() not in bytes(override.justification_sealed)
    page = sign_in(Client(), world.staff["case_manager"]).get(page_of(override)).content.decode()
    assert REASON in page and 'id="decide-form"' in page
    # The requester is never offered the decision on their own request.
    assert 'id="decide-form"' not in doctor.get(page_of(override)).content.decode()
    readers = set(justification_reads(override).values_list("actor_staff_id", flat=True))
    assert readers == {world.staff["doctor"].pk, world.staff["case_manager"].pk}
    assert justification_reads(override).filter(case_ref=str(examined_case.public_id)).count() == 3


def test_an_approver_who_has_not_read_the_reason_cannot_decide(world, examined_case):
    override = requested(world, examined_case)
    with pytest.raises(OverrideRefused) as refused:
        services.override_decide(override=override, approver=world.staff["case_manager"], approve=True)
    assert refused.value.reason == "justification_not_read"
    assert SafeguardingOverride.objects.get(pk=override.pk).status == OverrideStatus.PENDING
    assert AuditEvent.objects.filter(action="consent:override_decision:refused", details__reason="justification_not_read").exists()
    # The case page no longer offers a decision beside the list: it links to the reason.
    page = sign_in(Client(), world.staff["case_manager"]).get(f"/staff/consent/cases/{examined_case.public_id}/").content.decode()
    assert f'href="{page_of(override)}"' in page and "override_decide" not in page and f"{page_of(override)}decide/" not in page


def test_sending_under_an_approved_override_sends_exactly_its_categories_once(world, examined_case):
    override = approved(world, examined_case)
    assert override.status == OverrideStatus.APPROVED
    doctor = sign_in(Client(), world.staff["doctor"])
    page = doctor.get(page_of(override)).content.decode()
    assert 'id="send-form"' in page
    response = doctor.post(f"{page_of(override)}send/")
    assert response.status_code == 302 and response["Location"] == page_of(override)
    package = DisclosurePackage.objects.get()
    assert package.override_id == override.pk and package.recipient == world.organisations["police"]
    assert sorted(package.categories) == sorted(CATEGORIES)
    opened = selectors.package_open(package=package, actor=world.staff["police_liaison"])
    texts = " ".join(item["text"] for items in opened.values() for item in items)
    assert ALL_TEXTS["safety_sealed"] in texts and ALL_TEXTS["account_sealed"] in texts
    for other in ("injuries_sealed", "sexual_health_sealed", "medical_history_sealed", "mental_health_sealed", "notes_sealed"):
        assert ALL_TEXTS[other] not in texts
    # Once: a second send is refused and audited, and the page no longer offers it.
    assert 'id="send-form"' not in doctor.get(page_of(override)).content.decode()
    doctor.post(f"{page_of(override)}send/")
    assert DisclosurePackage.objects.count() == 1
    refusal = AuditEvent.objects.get(action="consent:disclosure:refused")
    assert refusal.details["reason"] == "override_already_used" and refusal.subject == f"override:{override.public_id}"


def test_an_override_is_not_usable_before_approval_after_its_window_or_by_someone_off_the_case(world, examined_case):
    override = requested(world, examined_case)
    doctor = sign_in(Client(), world.staff["doctor"])
    doctor.post(f"{page_of(override)}send/")
    assert not DisclosurePackage.objects.exists()
    override = approved(world, examined_case)
    # Someone of the same centre who is not on the case: as if it did not exist.
    other = sign_in(Client(), world.staff["other_worker"])
    assert other.get(page_of(override)).status_code == 404
    assert other.post(f"{page_of(override)}send/").status_code == 404
    SafeguardingOverride.objects.filter(pk=override.pk).update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    assert 'id="send-form"' not in doctor.get(page_of(override)).content.decode()
    doctor.post(f"{page_of(override)}send/")
    assert DisclosurePackage.objects.filter(override=override).count() == 0
    reasons = list(AuditEvent.objects.filter(action="consent:disclosure:refused").values_list("details__reason", flat=True))
    assert reasons == ["override_not_approved", "override_not_approved"]


def test_the_override_covers_only_its_own_recipient_and_purpose(world, examined_case):
    override = approved(world, examined_case)
    for recipient, purpose in ((world.organisations["ngo"], Purpose.INVESTIGATION), (world.organisations["police"], Purpose.REFERRAL)):
        with pytest.raises(DisclosureRefused):
            services.disclosure_build(case=examined_case, recipient=recipient, purpose=purpose, actor=world.staff["doctor"], override=override)
    assert not DisclosurePackage.objects.exists()


def test_a_pending_override_waits_on_the_approvers_start_page_and_nobody_elses(world, examined_case):
    override = requested(world, examined_case)
    home = sign_in(Client(), world.staff["case_manager"]).get("/staff/").content.decode()
    assert "Safeguarding overrides waiting for your decision" in home and f'href="{page_of(override)}"' in home
    for persona in ("doctor", "crisis_worker", "dpo", "utrecht_worker"):
        assert page_of(override) not in sign_in(Client(), world.staff[persona]).get("/staff/").content.decode(), persona
    approved_override = approved(world, examined_case)
    home = sign_in(Client(), world.staff["case_manager"]).get("/staff/").content.decode()
    assert page_of(approved_override) not in home and page_of(override) in home


def test_only_an_approved_override_can_be_told(world, examined_case):
    override = requested(world, examined_case)
    with pytest.raises(OverrideRefused) as refused:
        services.override_mark_safe_to_tell(override=override, actor=world.staff["doctor"])
    assert refused.value.reason == "not_approved"
    with pytest.raises(OverrideRefused) as refused:
        services.override_mark_safe_to_tell(override=override, actor=world.staff["other_worker"])
    assert refused.value.reason == "actor_not_on_case"


def test_the_person_is_told_the_ground_recipient_and_categories_once_it_is_safe_in_their_language(world, examined_case, with_receipt):
    override = approved(world, examined_case)
    doctor = sign_in(Client(), world.staff["doctor"])
    doctor.post(f"{page_of(override)}send/")
    victim = Client()
    assert victim.post("/en/back/", {"code": with_receipt}).status_code == 302
    page = victim.get("/en/mine/").content.decode()
    assert "Shared without your agreement" not in page and "without your agreement" not in page
    assert doctor.post(f"{page_of(override)}safe-to-tell/").status_code == 302
    page = victim.get("/en/mine/").content.decode()
    told = page.split("Shared without your agreement")[1].split("</ul>")[0]
    assert "Immediate risk to someone&#x27;s life" in told and "Police vice unit Ghent (demo)" in told
    assert "Safety and risk" in told and "Account of the incident" in told
    assert "asked to share information about you without your agreement" in page
    ground = rules.grounds()["immediate_risk_to_life"]
    with translation.override("ar"):
        arabic_ground, arabic_category = ground.label, str(C.SAFETY_AND_RISK.label)
    page = victim.get("/ar/mine/").content.decode()
    assert arabic_ground in page and arabic_category in page and "Police vice unit Ghent (demo)" in page
    assert arabic_category != "Safety and risk"
