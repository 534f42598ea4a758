"""The sealed migration compartment (DESIGN.md §3.3): sealed under the person's
own receipt code; the centre reads it only during a short unlock the person grants."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases import receipts
from safereport.cases.models import Case
from safereport.consent.models import MigrationCompartment
from safereport.consent.selectors import code_matches, compartment_read_for_victim, compartment_seal_context
from safereport.consent.services.common import CodeMismatch, case_ref_of, lock_case
from safereport.vault.services import seal, seal_for_victim, unseal

UNLOCK_MINUTES = 30


@transaction.atomic
def compartment_record(*, case: Case, typed_code: str, text: str) -> MigrationCompartment:
    """The person records migration information, sealed under their own receipt code."""
    if not code_matches(case=case, typed_code=typed_code):
        raise CodeMismatch
    code = receipts.normalise(typed_code) or ""
    case = lock_case(case)
    compartment = MigrationCompartment.objects.filter(case=case).first() or MigrationCompartment(case=case)
    compartment.content_sealed = seal_for_victim(
        text.encode("utf-8"), victim_secret=code, context=compartment_seal_context(compartment, case, "content_sealed")
    )
    compartment.unlocked_copy_sealed = None
    compartment.unlocked_until = None
    compartment.save()
    record("consent:migration:recorded", actor=Actor.victim(), subject=f"case:{case.public_id}", case_ref=case_ref_of(case))
    return compartment


@transaction.atomic
def compartment_unlock(*, case: Case, typed_code: str, minutes: int = UNLOCK_MINUTES) -> datetime:
    """The person lets the centre read it for a short while: a copy under the case key, wiped after."""
    text = compartment_read_for_victim(case=case, typed_code=typed_code)
    if text is None:
        raise MigrationCompartment.DoesNotExist
    compartment = MigrationCompartment.objects.select_for_update().get(case=case)
    until = timezone.now() + timedelta(minutes=minutes)
    compartment.unlocked_copy_sealed = seal(
        text.encode("utf-8"), context=compartment_seal_context(compartment, case, "unlocked_copy_sealed")
    )
    compartment.unlocked_until = until
    compartment.save(update_fields=["unlocked_copy_sealed", "unlocked_until", "updated_at"])
    record(
        "consent:migration:unlocked",
        actor=Actor.victim(),
        subject=f"case:{case.public_id}",
        case_ref=case_ref_of(case),
        details={"minutes": minutes},
    )
    return until


@transaction.atomic
def compartment_lock(*, case: Case, actor: Actor) -> None:
    MigrationCompartment.objects.filter(case=case).update(unlocked_copy_sealed=None, unlocked_until=None)
    record("consent:migration:locked", actor=actor, subject=f"case:{case.public_id}", case_ref=case_ref_of(case))


@transaction.atomic
def compartment_delete(*, case: Case) -> None:
    MigrationCompartment.objects.filter(case=case).delete()
    record("consent:migration:deleted", actor=Actor.victim(), subject=f"case:{case.public_id}", case_ref=case_ref_of(case))


def _compartment_unlocked_text(case: Case) -> str | None:
    compartment = MigrationCompartment.objects.filter(case=case).first()
    if compartment is None or not compartment.unlocked_copy_sealed or compartment.unlocked_until is None:
        return None
    if compartment.unlocked_until <= timezone.now():
        MigrationCompartment.objects.filter(pk=compartment.pk).update(unlocked_copy_sealed=None, unlocked_until=None)
        return None
    return unseal(
        bytes(compartment.unlocked_copy_sealed),
        context=compartment_seal_context(compartment, case, "unlocked_copy_sealed"),
    ).decode("utf-8")


def compartment_read_for_staff(*, case: Case, actor: StaffUser) -> str | None:
    """None when locked (or the unlock lapsed). Reading is an audited event."""
    text = _compartment_unlocked_text(case)
    if text is not None:
        record("consent:migration:read", actor=Actor.staff(actor), subject=f"case:{case.public_id}", case_ref=case_ref_of(case))
    return text


def compartments_lock_lapsed() -> int:
    """Wipe unlock copies whose time is up (run by `safereport consent lock-lapsed`, e.g. every few minutes).

    Reads also wipe a lapsed copy, but a copy nobody reads again would
    otherwise stay readable under the case key until the next access.
    """
    with transaction.atomic():
        wiped = MigrationCompartment.objects.filter(unlocked_until__lte=timezone.now()).update(
            unlocked_copy_sealed=None, unlocked_until=None
        )
        if wiped:
            record(
                "consent:migration:relocked",
                actor=Actor.system("consent lock-lapsed"),
                subject="compartments",
                details={"count": wiped},
            )
    return wiped
