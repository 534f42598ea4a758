"""Sealing to a public key: staff seal a migration-status paper the person's private key alone opens (ADR 0003, 2026-12-02)."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from safereport.audit.actors import Actor
from safereport.vault import crypto
from safereport.vault.errors import CannotUnseal, KeyShredded
from safereport.vault.services import (
    SealContext,
    data_key_shred,
    is_sealed_to_public_key,
    new_key_pair,
    seal,
    seal_to_public_key,
    unseal,
    unseal_with_private_key,
)
from safereport.vault.tests.conftest import VAULT_DATABASES

pytestmark = pytest.mark.django_db(databases=VAULT_DATABASES)

PAPER = SealContext(owner="case:one", record="relief.ChecklistFile:1", field="migration_content_sealed")


def test_a_paper_sealed_to_the_public_key_opens_with_the_private_key_only():
    private, public = new_key_pair()
    sealed = seal_to_public_key(b"%PDF residence permit", public_key=public, context=PAPER)
    assert unseal_with_private_key(sealed, private_key=private, context=PAPER) == b"%PDF residence permit"
    # The centre, holding every data key but not the private key, gets only the inner ciphertext.
    assert b"residence" not in unseal(sealed, context=PAPER)
    assert is_sealed_to_public_key(sealed, context=PAPER)


@hypothesis_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plaintext=st.binary(max_size=3000))
def test_any_bytes_round_trip(plaintext):
    private, public = new_key_pair()
    sealed = seal_to_public_key(plaintext, public_key=public, context=PAPER)
    assert unseal_with_private_key(sealed, private_key=private, context=PAPER) == plaintext


def test_another_compartments_private_key_does_not_open_it():
    _, public = new_key_pair()
    other_private, _ = new_key_pair()
    sealed = seal_to_public_key(b"paper", public_key=public, context=PAPER)
    with pytest.raises(CannotUnseal):
        unseal_with_private_key(sealed, private_key=other_private, context=PAPER)


@pytest.mark.parametrize(
    "moved",
    [
        SealContext(owner="case:one", record="relief.ChecklistFile:2", field="migration_content_sealed"),
        SealContext(owner="case:one", record="relief.ChecklistFile:1", field="content_sealed"),
    ],
)
def test_a_paper_moved_to_another_row_or_field_does_not_open(moved):
    private, public = new_key_pair()
    sealed = seal_to_public_key(b"paper", public_key=public, context=PAPER)
    with pytest.raises(CannotUnseal):
        unseal_with_private_key(sealed, private_key=private, context=moved)


def test_the_inner_layer_is_bound_to_its_context_even_if_rewrapped_elsewhere():
    """Someone holding the data keys re-wraps the inner ciphertext for another row: the inner AAD still refuses it."""
    private, public = new_key_pair()
    inner = unseal(seal_to_public_key(b"paper", public_key=public, context=PAPER), context=PAPER)
    elsewhere = SealContext(owner="case:one", record="relief.ChecklistFile:2", field="migration_content_sealed")
    with pytest.raises(CannotUnseal):
        unseal_with_private_key(seal(inner, context=elsewhere), private_key=private, context=elsewhere)


def test_flipping_a_bit_of_the_inner_ciphertext_is_detected():
    private, public = new_key_pair()
    inner = bytearray(unseal(seal_to_public_key(b"paper", public_key=public, context=PAPER), context=PAPER))
    for position in (1, 1 + crypto.X25519_BYTES, len(inner) - 1):  # ephemeral key, nonce, tag
        tampered = bytearray(inner)
        tampered[position] ^= 0x01
        with pytest.raises(CannotUnseal):
            unseal_with_private_key(seal(bytes(tampered), context=PAPER), private_key=private, context=PAPER)


def test_a_value_sealed_only_under_the_data_key_is_not_taken_for_a_public_key_seal():
    private, _ = new_key_pair()
    legacy = seal(b"%PDF legacy", context=PAPER)
    assert not is_sealed_to_public_key(legacy, context=PAPER)
    with pytest.raises(CannotUnseal):
        unseal_with_private_key(legacy, private_key=private, context=PAPER)


def test_shredding_the_case_kills_it_even_for_the_holder_of_the_private_key():
    private, public = new_key_pair()
    sealed = seal_to_public_key(b"paper", public_key=public, context=PAPER)
    data_key_shred(owner=PAPER.owner, actor=Actor.system("test"))
    with pytest.raises(KeyShredded):
        unseal_with_private_key(sealed, private_key=private, context=PAPER)


def test_bad_key_material_is_refused_in_words():
    private, public = new_key_pair()
    with pytest.raises(CannotUnseal):
        seal_to_public_key(b"paper", public_key=public[:31], context=PAPER)
    sealed = seal_to_public_key(b"paper", public_key=public, context=PAPER)
    with pytest.raises(CannotUnseal):
        unseal_with_private_key(sealed, private_key=private + b"x", context=PAPER)
    # A low-order ephemeral point (all zeros) gives an all-zero secret: refused, not a crash.
    forged = bytes([0x03]) + bytes(32) + bytes(40)
    with pytest.raises(CannotUnseal):
        unseal_with_private_key(seal(forged, context=PAPER), private_key=private, context=PAPER)


def test_the_public_key_is_derived_from_the_private_key():
    private, public = new_key_pair()
    assert crypto.public_key_of(private) == public
    assert len(private) == len(public) == crypto.X25519_BYTES
