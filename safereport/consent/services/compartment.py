"""The sealed migration compartment (DESIGN.md §3.3): sealed under the person's
own receipt code; the centre reads it only during a short unlock the person grants.

It also holds an X25519 key pair (ADR 0003 and 0033, 2026-12-02): papers
touching migration status are sealed to its public key, and its private key
is sealed like the text, under the code. An unlock copies the private key
under the case key beside the text's copy; every path that wipes the text's
copy wipes the key's copy with it.
"""

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
from safereport.core import compartments
from safereport.vault.services import new_key_pair, seal, seal_for_victim, unseal, unseal_for_victim

UNLOCK_MINUTES = 30

# What an unlock copies under the case key, and every wipe clears.
_UNLOCK_COPIES = {"unlocked_copy_sealed": None, "unlocked_private_key_sealed": None, "unlocked_until": None}


def _key_pair(compartment: MigrationCompartment, case: Case, code: str) -> tuple[bytes, bytes]:
    """The compartment's (private, public) keys, the private one opened with the person's code; new if it has none.

    Compartments recorded before key pairs existed get theirs here, at the
    next record or unlock: the only moments the code is at hand.
    """
    context = compartment_seal_context(compartment, case, "private_key_sealed")
    if compartment.private_key_sealed is not None and compartment.public_key is not None:
        private = unseal_for_victim(bytes(compartment.private_key_sealed), victim_secret=code, context=context)
        return private, bytes(compartment.public_key)
    private, public = new_key_pair()
    compartment.public_key = public
    compartment.private_key_sealed = seal_for_victim(private, victim_secret=code, context=context)
    return private, public


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
    # A new text keeps the key pair (papers already sealed to it must still open); a first one is made.
    if compartment.private_key_sealed is None:
        _key_pair(compartment, case, code)
    compartment.unlocked_copy_sealed = None
    compartment.unlocked_private_key_sealed = None
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
    private, public = _key_pair(compartment, case, receipts.normalise(typed_code) or "")
    compartment.unlocked_copy_sealed = seal(
        text.encode("utf-8"), context=compartment_seal_context(compartment, case, "unlocked_copy_sealed")
    )
    compartment.unlocked_private_key_sealed = seal(
        private, context=compartment_seal_context(compartment, case, "unlocked_private_key_sealed")
    )
    compartment.unlocked_until = until
    compartment.save(
        update_fields=[
            "public_key", "private_key_sealed", "unlocked_copy_sealed", "unlocked_private_key_sealed", "unlocked_until",
            "updated_at",
        ]
    )
    # Apps above consent act now (relief re-seals papers kept from before the key pair, ADR 0033).
    compartments.run_unlocked(case=case, public_key=public)
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
    MigrationCompartment.objects.filter(case=case).update(**_UNLOCK_COPIES)
    record("consent:migration:locked", actor=actor, subject=f"case:{case.public_id}", case_ref=case_ref_of(case))


@transaction.atomic
def compartment_delete(*, case: Case) -> None:
    """The person deletes it, and with its private key the papers sealed to it: apps above drop them first."""
    compartments.run_deleted(case=case)
    MigrationCompartment.objects.filter(case=case).delete()
    record("consent:migration:deleted", actor=Actor.victim(), subject=f"case:{case.public_id}", case_ref=case_ref_of(case))


def _compartment_unlocked_text(case: Case) -> str | None:
    compartment = MigrationCompartment.objects.filter(case=case).first()
    if compartment is None or not compartment.unlocked_copy_sealed or compartment.unlocked_until is None:
        return None
    if compartment.unlocked_until <= timezone.now():
        MigrationCompartment.objects.filter(pk=compartment.pk).update(**_UNLOCK_COPIES)
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


def compartment_private_key_for_staff(*, case: Case) -> bytes | None:
    """The private key's unlock copy, while the person's unlock runs; None otherwise (a lapsed copy is wiped).

    For the app that opens a paper sealed to the compartment's public key
    (relief); that app audits the read of the paper itself.
    """
    compartment = MigrationCompartment.objects.filter(case=case).first()
    if compartment is None or not compartment.unlocked_private_key_sealed or compartment.unlocked_until is None:
        return None
    if compartment.unlocked_until <= timezone.now():
        MigrationCompartment.objects.filter(pk=compartment.pk).update(**_UNLOCK_COPIES)
        return None
    return unseal(
        bytes(compartment.unlocked_private_key_sealed),
        context=compartment_seal_context(compartment, case, "unlocked_private_key_sealed"),
    )


def compartments_lock_lapsed() -> int:
    """Wipe unlock copies whose time is up (run by `safereport consent lock-lapsed`, e.g. every few minutes).

    Reads also wipe a lapsed copy, but a copy nobody reads again would
    otherwise stay readable under the case key until the next access.
    """
    with transaction.atomic():
        wiped = MigrationCompartment.objects.filter(unlocked_until__lte=timezone.now()).update(**_UNLOCK_COPIES)
        if wiped:
            record(
                "consent:migration:relocked",
                actor=Actor.system("consent lock-lapsed"),
                subject="compartments",
                details={"count": wiped},
            )
    return wiped
