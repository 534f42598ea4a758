"""The witness of a destruction or a hand-over confirms with their own password and authenticator code.

Issue 14 (ADR 0037 §1): the second member of staff types their own
credentials on the same form; a wrong password or code is refused, audited,
and counted against the witness's account by django-axes as at sign-in; a
locked witness account is refused in words without locking out the staff
member who is signed in.
"""

import datetime as dt
from decimal import Decimal

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from conftest import current_totp, sign_in
from safereport.accounts.lockout import username_key
from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.cases.services import reporting_status_set
from safereport.consent import services as consent_services
from safereport.demo.world import demo_password
from safereport.evidence import services
from safereport.evidence.models import CustodyAction, DestructionRecord, ItemClass, Kit, KitStatus

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def freezer(world):
    return services.location_add(
        actor=world.staff["doctor"], name="Freezer 1", frozen=True, min_celsius=Decimal("-30"), max_celsius=Decimal("-18")
    )


@pytest.fixture
def due_kit(world, freezer):
    kit = services.kit_collect(
        case=world.cases["assigned"], actor=world.staff["doctor"], rule_id="BE-ZSG",
        exam_started_on=timezone.localdate() - dt.timedelta(days=400), items=[(ItemClass.WET, "swab")],
    )
    services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.STORED, location=freezer)
    services.kits_clock_sweep()
    kit = Kit.objects.get(pk=kit.pk)
    assert kit.status == KitStatus.DUE
    return kit


@pytest.fixture
def released_kit(world, freezer):
    case = world.cases["assigned"]
    kit = services.kit_collect(
        case=case, actor=world.staff["doctor"], rule_id="BE-ZSG", exam_started_on=timezone.localdate(),
        items=[(ItemClass.WET, "swab")],
    )
    services.custody_record(kit=kit, actor=world.staff["doctor"], action=CustodyAction.STORED, location=freezer)
    reporting_status_set(case=case, status="reported", actor=Actor.victim())
    consent_services.consent_record(
        case=case, categories=["forensic_samples"], purpose="investigation", decision="given", understanding="understood",
        channel="staff", recipient_organisation=world.organisations["police"], explained_by=world.staff["doctor"],
        language="en",
    )
    return services.kit_release(kit=Kit.objects.get(pk=kit.pk), police_unit=world.organisations["police"], actor=world.staff["doctor"])


def destroy(client, kit, witness, *, password, token):
    return client.post(
        f"/staff/evidence/kits/{kit.public_id}/destroy/",
        {"reason": "disposal_date", "witness": str(witness.public_id), "witness_password": password, "witness_token": token},
    )


def refusals(kit, action="evidence:kit_destroy:refused"):
    return list(AuditEvent.objects.filter(action=action, subject=f"kit:{kit.public_id}").values_list("details", flat=True))


def test_the_witness_confirms_with_their_own_password_and_code_and_the_kit_is_destroyed(client, world, due_kit):
    witness = world.staff["case_manager"]
    sign_in(client, world.staff["doctor"])
    page = client.get(f"/staff/evidence/kits/{due_kit.public_id}/").content.decode()
    assert 'name="witness_password"' in page and 'autocomplete="off"' in page and 'name="witness_token"' in page
    response = destroy(client, due_kit, witness, password=demo_password("case_manager"), token=current_totp(witness))
    assert response.status_code == 302
    assert Kit.objects.get(pk=due_kit.pk).status == KitStatus.DESTROYED
    certificate = DestructionRecord.objects.get(barcode=due_kit.barcode)
    assert certificate.witness_id == witness.pk and certificate.destroyed_by_id == world.staff["doctor"].pk


def test_the_signed_in_staff_members_own_password_does_not_count_for_the_witness(client, world, due_kit):
    witness = world.staff["case_manager"]
    sign_in(client, world.staff["doctor"])
    response = destroy(client, due_kit, witness, password=demo_password("doctor"), token=current_totp(witness))
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "the witness&#x27;s password or authenticator code was not right" in page
    assert 'value="disposal_date" selected' in page  # what was chosen is kept
    assert demo_password("doctor") not in page  # a password is never shown again
    assert "witness_not_confirmed" not in page
    assert Kit.objects.get(pk=due_kit.pk).status == KitStatus.DUE
    assert not DestructionRecord.objects.exists()
    assert refusals(due_kit) == [{"reason": "witness_not_confirmed"}]
    # Counted against the witness's account, as a wrong sign-in would be.
    assert AccessAttempt.objects.get(username=username_key(None, {"username": "case_manager"})).failures_since_start == 1


def test_a_wrong_authenticator_code_is_refused_and_audited(client, world, due_kit):
    witness = world.staff["case_manager"]
    sign_in(client, world.staff["doctor"])
    wrong = f"{(int(current_totp(witness)) + 1) % 1_000_000:06d}"
    response = destroy(client, due_kit, witness, password=demo_password("case_manager"), token=wrong)
    assert response.status_code == 400
    assert Kit.objects.get(pk=due_kit.pk).status == KitStatus.DUE
    assert refusals(due_kit) == [{"reason": "witness_not_confirmed"}]


def test_a_locked_witness_account_is_refused_in_words_and_the_signed_in_member_stays_signed_in(client, world, due_kit):
    witness = world.staff["case_manager"]
    sign_in(client, world.staff["doctor"])
    for _ in range(5):  # AXES_FAILURE_LIMIT wrong passwords lock the witness's account
        destroy(client, due_kit, witness, password="not-the-password", token=current_totp(witness))
    response = destroy(client, due_kit, witness, password=demo_password("case_manager"), token=current_totp(witness))
    assert response.status_code == 400  # the kit page with the reason, not the sign-in lockout page (429)
    assert "the witness&#x27;s account is locked after too many wrong tries" in response.content.decode()
    assert Kit.objects.get(pk=due_kit.pk).status == KitStatus.DUE
    assert refusals(due_kit)[-1] == {"reason": "witness_locked_out"}
    assert client.get("/staff/").status_code == 200  # the doctor was not locked out


def test_an_inactive_colleague_or_oneself_is_no_witness(client, world, due_kit):
    doctor = world.staff["doctor"]
    sign_in(client, doctor)
    response = destroy(client, due_kit, doctor, password=demo_password("doctor"), token=current_totp(doctor))
    assert response.status_code == 400  # oneself is not on the list of witnesses
    assert Kit.objects.get(pk=due_kit.pk).status == KitStatus.DUE
    witness = world.staff["case_manager"]
    witness.is_active = False
    witness.save(update_fields=["is_active"])
    check = services.WitnessCheck(True)
    with pytest.raises(services.EvidenceRefused) as refused:
        services.kit_destroy(kit=due_kit, actor=doctor, witness=witness, reason="disposal_date", witness_check=check)
    assert refused.value.reason == "no_witness"


def test_a_hand_over_with_a_wrong_witness_code_is_refused_audited_and_keeps_the_officers_number(client, world, released_kit):
    witness = world.staff["crisis_worker"]
    sign_in(client, world.staff["doctor"])
    path = f"/staff/evidence/kits/{released_kit.public_id}/hand-over/"
    form = {"witness": str(witness.public_id), "receiver_ref": "PS-4711", "witness_password": "wrong"}
    response = client.post(path, {**form, "witness_token": current_totp(witness)})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="PS-4711"' in page and "the witness&#x27;s password or authenticator code was not right" in page
    assert Kit.objects.get(pk=released_kit.pk).status == KitStatus.RELEASE_AGREED
    assert refusals(released_kit, "evidence:kit_hand_over:refused") == [{"reason": "witness_not_confirmed"}]
    refused = AuditEvent.objects.get(action="evidence:kit_hand_over:refused")
    assert refused.case_ref == str(world.cases["assigned"].public_id)  # the person sees the refused attempt
    form["witness_password"] = demo_password("crisis_worker")
    response = client.post(path, {**form, "witness_token": current_totp(witness)}, follow=True)
    assert "Handed over to the police, with your witness." in response.content.decode()
    assert Kit.objects.get(pk=released_kit.pk).status == KitStatus.TRANSFERRED
