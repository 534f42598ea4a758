"""seal / unseal: round trip, wrong key, tampering, swapped context; shredding; the victim-held key."""

import uuid

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.vault.errors import CannotUnseal, KeyShredded, UnknownKey
from safereport.vault.models import DataKey
from safereport.vault.services import (
    SealContext,
    data_key_shred,
    derive_victim_key,
    seal,
    seal_for_victim,
    sealed_key_id,
    unseal,
    unseal_audited,
    unseal_for_victim,
)
from safereport.vault.tests.conftest import VAULT_DATABASES, kek_line

pytestmark = pytest.mark.django_db(databases=VAULT_DATABASES)

SYSTEM = Actor.system("test")


def context(
    owner: str = "case:one", record: str = "cases.Encounter:1", field: str = "narrative"
) -> SealContext:
    return SealContext(owner=owner, record=record, field=field)


def test_a_sealed_value_opens_in_its_own_context():
    sealed = seal(b"he followed me home", context=context())
    assert unseal(sealed, context=context()) == b"he followed me home"
    assert b"followed" not in sealed


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plaintext=st.binary(max_size=5000))
def test_any_bytes_round_trip(plaintext):
    assert unseal(seal(plaintext, context=context()), context=context()) == plaintext


def test_sealing_twice_gives_different_ciphertexts_under_one_data_key():
    first, second = seal(b"same", context=context()), seal(b"same", context=context())
    assert first != second
    assert sealed_key_id(first) == sealed_key_id(second)
    assert DataKey.objects.count() == 1


def test_each_owner_gets_its_own_data_key():
    one = seal(b"x", context=context(owner="case:one"))
    two = seal(b"x", context=context(owner="case:two"))
    assert sealed_key_id(one) != sealed_key_id(two)


@pytest.mark.parametrize(
    "swapped",
    [
        pytest.param(context(record="cases.Encounter:2"), id="another-row"),
        pytest.param(context(field="care_plan"), id="another-field"),
    ],
)
def test_a_ciphertext_moved_to_another_row_or_field_does_not_open(swapped):
    sealed = seal(b"secret", context=context())
    with pytest.raises(CannotUnseal):
        unseal(sealed, context=swapped)


def test_a_ciphertext_moved_to_another_case_does_not_open():
    seal(b"their own note", context=context(owner="case:two"))
    sealed = seal(b"secret", context=context(owner="case:one"))
    with pytest.raises(UnknownKey):
        unseal(sealed, context=context(owner="case:two"))


def test_the_wrong_data_key_does_not_open():
    sealed = seal(b"secret", context=context(owner="case:one"))
    other = sealed_key_id(seal(b"x", context=context(owner="case:two")))
    # Splice case two's key id into case one's ciphertext and move it to case two.
    forged = sealed[:1] + bytes.fromhex(other) + sealed[17:]
    with pytest.raises(CannotUnseal):
        unseal(forged, context=context(owner="case:two"))


def test_the_wrong_kek_does_not_open(settings):
    settings.VAULT_KEK_RING = kek_line("kek-a", 1)
    sealed = seal(b"secret", context=context())
    # Same key id, different key bytes: a stolen key store with a guessed KEK.
    settings.VAULT_KEK_RING = kek_line("kek-a", 2)
    with pytest.raises(CannotUnseal):
        unseal(sealed, context=context())


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_flipping_any_bit_is_detected(data):
    sealed = seal(b"a short clinical note", context=context())
    position = data.draw(st.integers(min_value=0, max_value=len(sealed) - 1))
    bit = data.draw(st.integers(min_value=0, max_value=7))
    tampered = bytearray(sealed)
    tampered[position] ^= 1 << bit
    with pytest.raises((CannotUnseal, UnknownKey)):
        unseal(bytes(tampered), context=context())


def test_a_truncated_ciphertext_is_refused():
    sealed = seal(b"secret", context=context())
    for length in (0, 1, 17, 20, len(sealed) - 1):
        with pytest.raises((CannotUnseal, UnknownKey)):
            unseal(sealed[:length], context=context())


def test_a_shredded_case_can_no_longer_be_opened_or_sealed():
    sealed = seal(b"secret", context=context())
    assert data_key_shred(owner="case:one", actor=SYSTEM, case_ref="one") is True
    with pytest.raises(KeyShredded):
        unseal(sealed, context=context())
    with pytest.raises(KeyShredded):
        seal(b"more", context=context())
    row = DataKey.objects.get(owner="case:one")
    assert row.wrapped_key is None and row.shredded_at is not None
    assert AuditEvent.objects.filter(action="vault:data_key:shredded", case_ref="one").exists()


def test_shredding_one_case_leaves_the_others_readable():
    kept = seal(b"kept", context=context(owner="case:two"))
    seal(b"gone", context=context(owner="case:one"))
    data_key_shred(owner="case:one", actor=SYSTEM)
    assert unseal(kept, context=context(owner="case:two")) == b"kept"


def test_shredding_an_owner_without_a_key_still_blocks_future_keys():
    assert data_key_shred(owner="case:never", actor=SYSTEM) is False
    with pytest.raises(KeyShredded):
        seal(b"x", context=context(owner="case:never"))


def test_an_audited_read_records_the_field_but_not_the_content(world):
    worker = world.staff["crisis_worker"]
    sealed = seal(b"bruises on the left arm", context=context())
    text = unseal_audited(
        sealed, context=context(), actor=Actor.staff(worker), action="cases:encounter:read", case_ref="one"
    )
    assert text == b"bruises on the left arm"
    event = AuditEvent.objects.get(action="cases:encounter:read")
    assert event.details == {"field": "narrative"}
    assert event.actor_staff_id == worker.pk
    assert "bruises" not in repr(event.__dict__)


def test_data_keys_never_print_key_material():
    seal(b"x", context=context())
    row = DataKey.objects.get()
    assert bytes(row.wrapped_key).hex() not in str(row)
    assert str(row).startswith("data key ")


def test_the_main_database_holds_no_key_table():
    from django.db import connections

    assert "vault_datakey" not in connections["default"].introspection.table_names()
    assert "vault_datakey" in connections["keystore"].introspection.table_names()


# --- victim-held key -------------------------------------------------------------


def test_the_victim_key_is_argon2id_from_settings(settings):
    salt = bytes(16)
    key = derive_victim_key("ABCD-EFGH-JKLM", salt=salt)
    assert len(key) == 32
    assert key == derive_victim_key("ABCD-EFGH-JKLM", salt=salt)
    assert key != derive_victim_key("ABCD-EFGH-JKLN", salt=salt)
    settings.VICTIM_KDF = {**settings.VICTIM_KDF, "time_cost": settings.VICTIM_KDF["time_cost"] + 1}
    assert key != derive_victim_key("ABCD-EFGH-JKLM", salt=salt)


def test_the_test_suite_uses_the_insecure_fast_kdf(settings):
    # Named honestly: production is 128 MiB, three passes (config/settings.py).
    assert settings.VICTIM_KDF["memory_cost_kib"] < 1024


def test_the_migration_compartment_opens_only_with_the_victims_code():
    ctx = context(field="migration_details")
    sealed = seal_for_victim(b"permit application 2024", victim_secret="ABCD-EFGH", context=ctx)
    assert unseal_for_victim(sealed, victim_secret="ABCD-EFGH", context=ctx) == b"permit application 2024"
    with pytest.raises(CannotUnseal):
        unseal_for_victim(sealed, victim_secret="ABCD-EFGX", context=ctx)
    # The centre, holding every key but the code, gets only the inner ciphertext.
    inner = unseal(sealed, context=ctx)
    assert b"permit" not in inner


def test_the_migration_compartment_dies_with_the_case():
    ctx = context(field="migration_details")
    sealed = seal_for_victim(b"permit application", victim_secret="ABCD-EFGH", context=ctx)
    data_key_shred(owner=ctx.owner, actor=SYSTEM)
    with pytest.raises(KeyShredded):
        unseal_for_victim(sealed, victim_secret="ABCD-EFGH", context=ctx)


def test_a_context_needs_all_three_parts():
    with pytest.raises(ValueError):
        SealContext(owner="", record=f"x:{uuid.uuid4()}", field="f")


def test_a_batch_opener_reads_each_data_key_once_and_keeps_every_check(django_assert_max_num_queries):
    from django.db import connections

    from safereport.vault.services import BatchOpener

    sealed = [seal(f"note {i}".encode(), context=context(record=f"cases.Encounter:{i}")) for i in range(20)]
    opener = BatchOpener()
    with django_assert_max_num_queries(1, connection=connections["keystore"]):
        opened = [opener.unseal(value, context=context(record=f"cases.Encounter:{i}")) for i, value in enumerate(sealed)]
    assert opened == [f"note {i}".encode() for i in range(20)]
    with pytest.raises(CannotUnseal):
        opener.unseal(sealed[0], context=context(record="cases.Encounter:1"))  # swapped row still refused


def test_a_shred_takes_effect_for_the_next_batch():
    from safereport.vault.services import BatchOpener

    value = seal(b"secret", context=context())
    assert BatchOpener().unseal(value, context=context()) == b"secret"
    data_key_shred(owner="case:one", actor=SYSTEM, case_ref="one")
    with pytest.raises(KeyShredded):
        BatchOpener().unseal(value, context=context())


def test_the_receipt_lookup_hash_is_argon2id_of_the_code_salted_by_the_peppered_label(settings):
    # An independent computation of the scheme in ADR 0006, so that moving the
    # hashing behind the vault can never silently orphan the codes people hold.
    import hashlib
    import hmac

    from argon2.low_level import Type, hash_secret_raw

    from safereport.vault.services import receipt_lookup_hash

    code = "4821093755126604"
    salt = hmac.new(settings.RECEIPT_PEPPER.encode(), b"safereport receipt lookup v1", hashlib.sha256).digest()
    params = settings.VICTIM_KDF
    expected = hash_secret_raw(
        code.encode(),
        salt,
        time_cost=params["time_cost"],
        memory_cost=params["memory_cost_kib"],
        parallelism=params["parallelism"],
        hash_len=32,
        type=Type.ID,
    ).hex()
    assert receipt_lookup_hash(code) == expected
    assert receipt_lookup_hash("4821093755126605") != expected
