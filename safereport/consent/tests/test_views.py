"""Staff and portal pages of the consent app; overrides, the sealed compartment and erasure."""

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from conftest import sign_in
from safereport.audit.models import AuditEvent
from safereport.cases import services as case_services
from safereport.cases.models import Case, ReportingStatus
from safereport.consent import selectors, services
from safereport.consent.models import (
    ConsentEvent,
    DeletionTombstone,
    DisclosurePackage,
    MigrationCompartment,
    OverrideStatus,
)
from safereport.consent.purposes import Purpose
from safereport.consent.services import CodeMismatch, DisclosureRefused, OverrideRefused
from safereport.consent.tests.helpers import give
from safereport.consent.views import package_purpose
from safereport.core import once
from safereport.core.categories import DataCategory as C
from safereport.partners.tests.helpers import agree_in_portal
from safereport.vault.errors import KeyShredded

pytestmark = pytest.mark.django_db(databases="__all__")


def victim_client(code):
    client = Client()
    assert client.post("/en/back/", {"code": code}).status_code == 302
    return client


def police_package(world, case):
    give(world, case, [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS])
    return services.disclosure_build(case=case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"])


# --- recipients ----------------------------------------------------------------------


def test_the_police_liaison_sees_its_package_and_every_open_is_audited(world, examined_case):
    package = police_package(world, examined_case)
    police = sign_in(Client(), world.staff["police_liaison"])
    assert package.public_id.hex[:8] in police.get("/staff/consent/packages/").content.decode().replace("-", "")
    for path in (f"/staff/consent/packages/{package.public_id}/", f"/staff/consent/packages/{package.public_id}/print/"):
        page = police.get(path).content.decode()
        assert "He grabbed me at the station." in page and "Bruise on the left wrist." in page
        assert "Screening result" not in page and "Asthma" not in page
    assert AuditEvent.objects.filter(action="consent:package:opened", case_ref=str(examined_case.public_id)).count() == 2


def test_a_partner_asking_for_a_package_not_addressed_to_it_gets_404_and_an_audit_event(world, examined_case):
    package = police_package(world, examined_case)
    ngo = sign_in(Client(), world.staff["ngo_advocate"])
    assert ngo.get(f"/staff/consent/packages/{package.public_id}/").status_code == 404
    event = AuditEvent.objects.get(action="consent:package:refused")
    assert event.case_ref == str(examined_case.public_id) and event.actor_organisation_kind == "ngo"


def test_a_police_liaison_opening_an_unshared_case_gets_404_and_an_audit_event(world, examined_case):
    police = sign_in(Client(), world.staff["police_liaison"])
    # No package exists: the case is invisible, as its package pages are.
    assert police.get(f"/staff/consent/packages/{examined_case.public_id}/").status_code == 404
    assert police.get(f"/staff/consent/cases/{examined_case.public_id}/").status_code == 403
    package = police_package(world, examined_case)
    other = sign_in(Client(), world.staff["lawyer"])
    assert other.get(f"/staff/consent/packages/{package.public_id}/print/").status_code == 404
    assert AuditEvent.objects.filter(action="consent:package:refused").exists()


# --- staff pages -----------------------------------------------------------------------

CASE_POSTS = {
    "record/": {"decision": "given", "purpose": "investigation", "recipient_kind": "police_unit", "categories": ["incident_account"], "language": "en", "understanding": "understood"},
    "clinical/": {"examination": "forensic_examination", "decision": "given", "told_can_stop": "on", "language": "en", "understanding": "understood"},
    "packages/": {"purpose": "investigation"},
    "overrides/": {"ground": "immediate_risk_to_life", "justification": "He said he will kill her tonight.", "purpose": "investigation", "categories": ["safety_and_risk"]},
}


@pytest.mark.parametrize("action", sorted(CASE_POSTS))
@pytest.mark.parametrize("persona", ["crisis_worker", "doctor", "case_manager", "other_worker", "utrecht_worker", "police_liaison", "dpo"])
def test_acting_on_consent_needs_the_permission_and_the_case(action, persona, world, examined_case):
    form = dict(CASE_POSTS[action])
    if action in {"packages/", "overrides/"}:
        form["recipient"] = str(world.organisations["police"].pk)
    if action == "record/":
        # "Every partner of this kind" means the partners the page listed (issue 11).
        form["shown"] = f"investigation:{world.organisations['police'].public_id}"
    if action == "packages/":
        give(world, examined_case, [C.INCIDENT_ACCOUNT])
        form["previewed"] = services.disclosure_preview(
            case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"]
        ).digest
        form["form_token"] = once.issue(package_purpose(examined_case)).value
    client = sign_in(Client(), world.staff[persona])
    response = client.post(f"/staff/consent/cases/{examined_case.public_id}/{action}", form)
    expected = 302 if persona in {"crisis_worker", "doctor", "case_manager"} else 404 if persona in {"other_worker", "utrecht_worker"} else 403
    assert response.status_code == expected, response.content.decode()[:2000]


def test_the_case_page_shows_the_ledger_and_a_refusal_is_explained(world, examined_case):
    doctor = sign_in(Client(), world.staff["doctor"])
    page = doctor.get(f"/staff/consent/cases/{examined_case.public_id}/").content.decode()
    assert "Nothing recorded yet." in page
    response = doctor.get(f"/staff/consent/cases/{examined_case.public_id}/packages/preview/", {"recipient": world.organisations["police"].pk, "purpose": "investigation"})
    assert response.status_code == 400 and "the person has not agreed to share" in response.content.decode()
    assert "no_consent" not in response.content.decode()


def test_consent_not_yet_understood_is_not_recorded(world, examined_case):
    doctor = sign_in(Client(), world.staff["doctor"])
    form = {**CASE_POSTS["record/"], "understanding": "not_yet"}
    response = doctor.post(f"/staff/consent/cases/{examined_case.public_id}/record/", form)
    assert response.status_code == 400 and not ConsentEvent.objects.exists()


def test_the_dpo_registers_render_from_the_vocabulary(world, examined_case):
    police_package(world, examined_case)
    dpo = sign_in(Client(), world.staff["dpo"])
    processing = dpo.get("/staff/consent/register/processing/").content.decode()
    for category in C:
        assert escape(str(category.label)) in processing
    assert "cases.Encounter.injuries_sealed" in processing
    counts = dpo.get("/staff/consent/register/counts/").content.decode()
    assert "Police investigation" in counts
    assert dpo.get("/staff/consent/register/overrides/").status_code == 200


# --- safeguarding override -------------------------------------------------------------


def request_override(world, case):
    return services.override_request(
        case=case, ground="immediate_risk_to_life", justification="Threat to kill tonight.", categories=[C.SAFETY_AND_RISK],
        recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"],
    )


def approve(world, override, approver="case_manager"):
    """The approver reads the reason (the override page does this), then approves."""
    selectors.override_justification_for(actor=world.staff[approver], override=override)
    return services.override_decide(override=override, approver=world.staff[approver], approve=True)


def test_an_override_without_a_second_approver_is_refused(world, examined_case):
    override = request_override(world, examined_case)
    with pytest.raises(DisclosureRefused) as refused:
        services.disclosure_build(case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"], override=override)
    assert refused.value.reason == "override_not_approved"
    for approver, reason in (("doctor", "second_approver_must_be_someone_else"), ("crisis_worker", "approver_lacks_named_role")):
        with pytest.raises(OverrideRefused) as no:
            services.override_decide(override=override, approver=world.staff[approver], approve=True)
        assert no.value.reason == reason
    assert AuditEvent.objects.filter(action="consent:override_decision:refused").count() == 2


def test_an_approved_override_shares_its_categories_and_the_person_is_told_only_when_safe(world, examined_case, with_receipt):
    override = approve(world, request_override(world, examined_case))
    assert override.status == OverrideStatus.APPROVED and override.expires_at > timezone.now()
    package = services.disclosure_build(case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"], override=override)
    assert package.categories == [C.SAFETY_AND_RISK]
    victim = victim_client(with_receipt)
    assert "He knows where I work" not in victim.get("/en/mine/").content.decode()
    assert selectors.shared_for_victim(examined_case) == []
    services.override_mark_safe_to_tell(override=override, actor=world.staff["doctor"])
    page = victim.get("/en/mine/").content.decode()
    assert "without your agreement" in page and "Immediate risk" in page
    register = sign_in(Client(), world.staff["dpo"]).get("/staff/consent/register/overrides/").content.decode()
    assert "Immediate risk" in register and "Case manager" in register and "immediate_risk_to_life" not in register


def test_an_expired_override_no_longer_shares(world, examined_case):
    override = approve(world, request_override(world, examined_case))
    type(override).objects.filter(pk=override.pk).update(expires_at=timezone.now() - timezone.timedelta(minutes=1))
    with pytest.raises(DisclosureRefused):
        services.disclosure_build(case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"], override=override)


# --- the person's own view -------------------------------------------------------------


def test_the_own_view_needs_the_code(world):
    response = Client().get("/en/mine/")
    assert response.status_code == 302 and "/back/" in response["Location"]


def shown_on_the_page(client, language="en"):
    """The organisations the consent page named, as its form posts them back."""
    import re

    return re.findall(r'name="shown" value="([^"]+)"', client.get(f"/{language}/mine/").content.decode())


def test_the_person_gives_and_takes_back_consent(world, examined_case, with_receipt):
    victim = victim_client(with_receipt)
    form = {"purpose": "investigation", "categories": ["incident_account", "injuries_forensic_findings"], "understood": "on"}
    response = agree_in_portal(victim, {**form, "shown": shown_on_the_page(victim)})
    assert response.status_code == 302
    package = services.disclosure_build(case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"])
    assert set(package.categories) == {C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS}
    consent = ConsentEvent.objects.filter(category=C.INJURIES_FORENSIC_FINDINGS).get()
    victim.post("/en/mine/take-back/", {"consent": str(consent.public_id)})
    package = services.disclosure_build(case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"])
    assert package.categories == [C.INCIDENT_ACCOUNT]
    victim.post("/en/mine/take-back/", {"all": "1"})
    with pytest.raises(DisclosureRefused):
        services.disclosure_build(case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"])
    page = victim.get("/en/mine/").content.decode()
    assert "Police vice unit Ghent (demo)" in page  # what was shared, with whom


def test_agreeing_without_ticking_understood_is_refused_kindly(world, examined_case, with_receipt):
    victim = victim_client(with_receipt)
    response = agree_in_portal(victim, {"purpose": "investigation", "categories": ["incident_account"]})
    assert response.status_code == 400 and not ConsentEvent.objects.exists()


def test_the_access_history_shows_every_staff_open(world, examined_case, with_receipt):
    police_package(world, examined_case)
    doctor = sign_in(Client(), world.staff["doctor"])
    doctor.get(f"/staff/cases/{examined_case.public_id}/")
    doctor.get(f"/staff/consent/cases/{examined_case.public_id}/")
    package = DisclosurePackage.objects.get()
    sign_in(Client(), world.staff["police_liaison"]).get(f"/staff/consent/packages/{package.public_id}/")
    staff_events = AuditEvent.objects.filter(case_ref=str(examined_case.public_id), actor_kind="staff")
    history = selectors.access_history_for_victim(examined_case)
    assert len(history) == staff_events.count()
    page = victim_client(with_receipt).get("/en/mine/").content.decode()
    seen = page.split("Who opened your record")[1].replace("\u2068", "").replace("\u2069", "")  # isolate marks (issue 13 §8)
    assert "Nurse or doctor at Care centre Ghent (demo) opened your record" in seen
    assert "Police liaison officer at Police vice unit Ghent (demo) opened the information sent to them" in seen
    assert "police_liaison" not in seen and "doctor" not in seen.replace("Nurse or doctor", "")  # roles, never user names


def test_a_copy_of_my_data_as_a_page_and_a_pdf(world, examined_case, with_receipt):
    victim = victim_client(with_receipt)
    page = victim.get("/en/mine/copy/")
    assert page.status_code == 200 and "A copy of your information" in page.content.decode()
    pdf = victim.get("/en/mine/copy.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


# --- the sealed compartment ----------------------------------------------------------------


def test_migration_information_is_sealed_under_the_code_and_opens_only_during_an_unlock(world, examined_case, with_receipt):
    victim = victim_client(with_receipt)
    page = victim.get("/en/mine/private-note/").content.decode()
    assert "If you lose your code, this note is lost for ever" in page
    victim.post("/en/mine/private-note/", {"action": "record", "code": with_receipt, "text": "Came in 2023; my employer kept my passport."})
    compartment = MigrationCompartment.objects.get()
    assert b"passport" not in bytes(compartment.content_sealed)
    doctor = sign_in(Client(), world.staff["doctor"])
    assert "Locked." in doctor.get(f"/staff/consent/cases/{examined_case.public_id}/migration/").content.decode()
    # Explicit consent for the legal service and purpose; while locked it is withheld, never guessed.
    give(world, examined_case, [C.MIGRATION_INFORMATION, C.INCIDENT_ACCOUNT], purpose=Purpose.RELIEF_APPLICATION, organisation="legal", explicit=True)
    package = services.disclosure_build(case=examined_case, recipient=world.organisations["legal"], purpose=Purpose.RELIEF_APPLICATION, actor=world.staff["doctor"])
    assert C.MIGRATION_INFORMATION not in package.categories and package.withheld == {C.MIGRATION_INFORMATION: "locked"}
    wrong = victim.post("/en/mine/private-note/", {"action": "unlock", "code": "1111222233334444"})
    assert wrong.status_code == 400
    victim.post("/en/mine/private-note/", {"action": "unlock", "code": with_receipt})
    assert "my employer kept my passport" in doctor.get(f"/staff/consent/cases/{examined_case.public_id}/migration/").content.decode()
    package = services.disclosure_build(case=examined_case, recipient=world.organisations["legal"], purpose=Purpose.RELIEF_APPLICATION, actor=world.staff["doctor"])
    assert C.MIGRATION_INFORMATION in package.categories
    # Never to the police without explicit consent for them, unlocked or not.
    give(world, examined_case, [C.INCIDENT_ACCOUNT])
    police = services.disclosure_build(case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"])
    assert C.MIGRATION_INFORMATION not in police.categories
    with pytest.raises(CodeMismatch):
        selectors.compartment_read_for_victim(case=examined_case, typed_code="9999888877776666")


# --- erasure ---------------------------------------------------------------------------------


def test_erasure_shreds_the_case_keeps_only_what_a_rule_keeps_and_leaves_a_tombstone(world, examined_case, with_receipt):
    kept = police_package(world, examined_case)
    give(world, examined_case, [C.NEEDS_AND_SUPPORT], purpose=Purpose.REFERRAL, organisation="ngo")
    shredded = services.disclosure_build(case=examined_case, recipient=world.organisations["ngo"], purpose=Purpose.REFERRAL, actor=world.staff["crisis_worker"])
    case_services.encounter_record(case=examined_case, professional=world.staff["doctor"], kind="visit", occurred_at=timezone.now(), texts={"account_sealed": "x"})
    Case.objects.filter(pk=examined_case.pk).update(reporting_status=ReportingStatus.REPORTED)
    victim = victim_client(with_receipt)
    page = victim.get("/en/mine/remove/").content.decode()
    assert "keeps a copy of what it sent to the police" in page and "a lawyer has not yet checked" in page
    assert victim.post("/en/mine/remove/", {"confirm": "yes", "code": "0000111122223333"}).status_code == 400
    done = victim.post("/en/mine/remove/", {"confirm": "yes", "code": with_receipt})
    assert "Your record is removed" in done.content.decode()
    assert not Case.objects.filter(pk=examined_case.pk).exists()
    tombstone = DeletionTombstone.objects.get()
    assert tombstone.packages_kept == 1 and tombstone.packages_shredded == 1 and tombstone.retention_rules == ["BE-KEEP-POLICE-PACKAGE"]
    kept.refresh_from_db()
    shredded.refresh_from_db()
    assert kept.retained_until is not None and kept.case is None
    assert selectors.package_open(package=kept, actor=world.staff["police_liaison"])[C.INCIDENT_ACCOUNT]
    assert shredded.shredded_at is not None
    shredded.shredded_at = None  # even if the flag were lost, the key is gone
    with pytest.raises(KeyShredded):
        selectors.package_open(package=shredded, actor=world.staff["ngo_advocate"])
    assert Client().post("/en/back/", {"code": with_receipt}).status_code == 410  # the code opens only "no longer exists"


def test_a_lapsed_unlock_is_wiped_by_the_housekeeping_command(world, examined_case, with_receipt):
    from io import StringIO

    from django.core.management import call_command

    services.compartment_record(case=examined_case, typed_code=with_receipt, text="note")
    services.compartment_unlock(case=examined_case, typed_code=with_receipt)
    MigrationCompartment.objects.update(unlocked_until=timezone.now() - timezone.timedelta(seconds=1))
    out = StringIO()
    call_command("consent", "lock-lapsed", stdout=out)
    assert "locked 1" in out.getvalue()
    assert MigrationCompartment.objects.get().unlocked_copy_sealed is None
