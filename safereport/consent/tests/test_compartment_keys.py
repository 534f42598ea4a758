"""The sealed compartment's key pair (ADR 0003 and 0033, 2026-12-02): made when the person's code is at hand,
its private key under their code, copied for the centre only while their unlock runs."""

import pytest

from safereport.audit.actors import Actor
from safereport.cases import receipts
from safereport.cases.models import Case
from safereport.consent import services
from safereport.consent.models import MigrationCompartment
from safereport.consent.selectors import compartment_public_key, compartment_seal_context
from safereport.vault import crypto
from safereport.vault.errors import CannotUnseal
from safereport.vault.services import unseal, unseal_for_victim

pytestmark = pytest.mark.django_db(databases="__all__")

CODE = "4821093755126604"


@pytest.fixture
def case(world):
    found = world.cases["assigned"]
    Case.objects.filter(pk=found.pk).update(receipt_lookup=receipts.receipt_lookup_hash(CODE))
    found.refresh_from_db()
    return found


def test_recording_a_note_makes_a_key_pair_whose_private_key_only_the_code_opens(case):
    compartment = services.compartment_record(case=case, typed_code=CODE, text="My note")
    public = compartment_public_key(case=case)
    assert public is not None and len(public) == 32
    context = compartment_seal_context(compartment, case, "private_key_sealed")
    private = unseal_for_victim(bytes(compartment.private_key_sealed), victim_secret=CODE, context=context)
    assert crypto.public_key_of(private) == public
    with pytest.raises(CannotUnseal):
        unseal_for_victim(bytes(compartment.private_key_sealed), victim_secret="4821093755126605", context=context)
    # Nothing for the centre until the person unlocks.
    assert services.compartment_private_key_for_staff(case=case) is None


def test_a_compartment_from_before_key_pairs_gets_one_at_its_next_record(case):
    services.compartment_record(case=case, typed_code=CODE, text="My note")
    MigrationCompartment.objects.filter(case=case).update(public_key=None, private_key_sealed=None)
    assert compartment_public_key(case=case) is None
    services.compartment_record(case=case, typed_code=CODE, text="My new note")
    assert compartment_public_key(case=case) is not None


def test_the_unlock_copies_the_private_key_for_the_centre_and_the_lock_wipes_it(case):
    services.compartment_record(case=case, typed_code=CODE, text="My note")
    services.compartment_unlock(case=case, typed_code=CODE)
    private = services.compartment_private_key_for_staff(case=case)
    assert private is not None and crypto.public_key_of(private) == compartment_public_key(case=case)
    compartment = MigrationCompartment.objects.get(case=case)
    # The copy is under the case key and bound to its own field.
    copy_context = compartment_seal_context(compartment, case, "unlocked_private_key_sealed")
    assert unseal(bytes(compartment.unlocked_private_key_sealed), context=copy_context) == private
    services.compartment_lock(case=case, actor=Actor.victim())
    assert services.compartment_private_key_for_staff(case=case) is None
    assert MigrationCompartment.objects.get(case=case).unlocked_private_key_sealed is None
