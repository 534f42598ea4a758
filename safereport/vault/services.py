"""Sealing and opening sensitive values; shredding and rotating keys.

    sealed = seal(text.encode(), context=SealContext(owner=f"case:{case.public_id}",
                                                     record=f"cases.Encounter:{encounter.public_id}",
                                                     field="narrative"))

A sealed value is self-describing bytes for a BinaryField:

    0x01 ‖ data key id (16 bytes) ‖ nonce (12) ‖ AES-256-GCM ciphertext ‖ tag (16)

The associated data binds it to its owner, record, field and data key id, so
a ciphertext copied to another row, field or case does not open. Callers who
want the key id in its own column can read it with `sealed_key_id()`.

Nothing is cached: every seal and unseal reads the owner's wrapped key from the
key store, so shredding takes effect at once in every process.
"""

import hashlib
import hmac
import secrets
from contextlib import AbstractContextManager
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.core import slots
from safereport.vault import crypto
from safereport.vault.errors import CannotUnseal, KeyShredded, UnknownKey
from safereport.vault.keyring import kek_ring
from safereport.vault.models import DataKey
from safereport.vault.routers import KEYSTORE

FORMAT_ENVELOPE = 0x01
FORMAT_VICTIM = 0x02
FORMAT_PUBLIC = 0x03
KEY_ID_BYTES = 16
SALT_BYTES = 16
_HEADER = 1 + KEY_ID_BYTES


@dataclass(frozen=True)
class SealContext:
    """Where a sealed value belongs. All three parts are bound into the ciphertext."""

    owner: str  # whose data key: "case:<uuid>"
    record: str  # which row: "cases.Encounter:<uuid>" (public ids exist before the row is saved)
    field: str  # which column: "narrative"

    def __post_init__(self) -> None:
        if not (self.owner and self.record and self.field):
            raise ValueError("SealContext needs an owner, a record and a field.")


# --- data keys ---------------------------------------------------------------


def _wrap_aad(*, owner: str, key_id: str, kek_id: str) -> bytes:
    return crypto.associated_data("safereport:dek:v1", owner, key_id, kek_id)


def _seal_aad(context: SealContext, key_id: str) -> bytes:
    return crypto.associated_data("safereport:seal:v1", context.owner, context.record, context.field, key_id)


def _unwrap(row: DataKey) -> bytes:
    if row.wrapped_key is None:
        raise KeyShredded(f"the data key of {row.owner} was shredded")
    kek = kek_ring().get(row.kek_id)
    return crypto.decrypt(
        kek, bytes(row.wrapped_key), aad=_wrap_aad(owner=row.owner, key_id=row.key_id, kek_id=row.kek_id)
    )


def _key_for_sealing(owner: str) -> tuple[str, bytes]:
    row = DataKey.objects.filter(owner=owner).first()
    if row is None:
        ring = kek_ring()
        key_id = secrets.token_hex(KEY_ID_BYTES)
        dek = crypto.new_key()
        wrapped = crypto.encrypt(
            ring.current, dek, aad=_wrap_aad(owner=owner, key_id=key_id, kek_id=ring.current_id)
        )
        try:
            # Committed in the key store before any ciphertext under it can be
            # committed in the main database: never a ciphertext without its key.
            with transaction.atomic(using=KEYSTORE):
                DataKey.objects.create(
                    key_id=key_id, owner=owner, kek_id=ring.current_id, wrapped_key=wrapped
                )
            return key_id, dek
        except IntegrityError:
            # Another writer created this owner's key first; use theirs.
            row = DataKey.objects.get(owner=owner)
    return row.key_id, _unwrap(row)


def _key_for_opening(key_id: str, owner: str) -> bytes:
    row = DataKey.objects.filter(key_id=key_id).first()
    if row is None or row.owner != owner:
        raise UnknownKey("no data key with this id belongs to this owner")
    return _unwrap(row)


# --- seal / unseal -----------------------------------------------------------


def seal(plaintext: bytes, *, context: SealContext) -> bytes:
    key_id, dek = _key_for_sealing(context.owner)
    body = crypto.encrypt(dek, plaintext, aad=_seal_aad(context, key_id))
    return bytes([FORMAT_ENVELOPE]) + bytes.fromhex(key_id) + body


def sealed_key_id(sealed: bytes) -> str:
    if len(sealed) < _HEADER or sealed[0] != FORMAT_ENVELOPE:
        raise CannotUnseal("not a sealed value")
    return bytes(sealed[1:_HEADER]).hex()


def unseal(sealed: bytes, *, context: SealContext) -> bytes:
    sealed = bytes(sealed)  # BinaryField gives memoryview on PostgreSQL
    key_id = sealed_key_id(sealed)
    dek = _key_for_opening(key_id, context.owner)
    return crypto.decrypt(dek, sealed[_HEADER:], aad=_seal_aad(context, key_id))


class BatchOpener:
    """Opens many sealed values in one operation with one key-store read per data key.

    Building a disclosure package opens hundreds of values of one case; reading
    the wrapped key for each made that 30× slower than the encryption. The
    unwrapped keys live only as long as this object — one call of the caller —
    so a shred still takes effect for the next operation in every process.
    """

    def __init__(self) -> None:
        self._keys: dict[tuple[str, str], bytes] = {}

    def unseal(self, sealed: bytes, *, context: SealContext) -> bytes:
        sealed = bytes(sealed)
        key_id = sealed_key_id(sealed)
        dek = self._keys.get((key_id, context.owner))
        if dek is None:
            dek = self._keys[(key_id, context.owner)] = _key_for_opening(key_id, context.owner)
        return crypto.decrypt(dek, sealed[_HEADER:], aad=_seal_aad(context, key_id))


def unseal_audited(
    sealed: bytes, *, context: SealContext, actor: Actor, action: str, case_ref: str = ""
) -> bytes:
    """Open a sealed field for a person, writing the read into the audit log first.

    The event names the record and field, never the content. It is written
    even if opening then fails, as long as the caller's transaction commits.
    """
    record(action, actor=actor, subject=context.record, case_ref=case_ref, details={"field": context.field})
    return unseal(sealed, context=context)


# --- the victim-held key (DESIGN.md §3.3) ------------------------------------


def derive_victim_key(secret: str, *, salt: bytes) -> bytes:
    """A 256-bit key from something only the victim holds (their receipt code).

    Argon2id with settings.VICTIM_KDF; the test settings use insecure, fast
    parameters under that name. Callers normalise the secret before passing it.
    """
    params = settings.VICTIM_KDF
    with argon2_slot():
        return crypto.derive_key_argon2id(
            secret.encode("utf-8"),
            salt=salt,
            time_cost=params["time_cost"],
            memory_cost_kib=params["memory_cost_kib"],
            parallelism=params["parallelism"],
        )


def argon2_slot() -> AbstractContextManager[None]:
    """One of the machine's few Argon2id slots (settings.ARGON2_SLOTS, ADR 0032 §5).

    Raises core.slots.Busy when none came free within the wait: the caller's
    page says "please try again, nothing was lost": a receipt code is hashed
    before the transaction that stores it, and a derivation inside a
    transaction (sealing for the victim) rolls the whole transaction back.
    """
    return slots.slot(settings.ARGON2_SLOT_FOLDER, count=settings.ARGON2_SLOTS,
                      wait_seconds=settings.ARGON2_SLOT_WAIT_SECONDS)


RECEIPT_LOOKUP_LABEL = b"safereport receipt lookup v1"


def receipt_lookup_hash(code: str) -> str:
    """The only stored form of a receipt code (docs/adr/0006-receipt-codes.md).

    Argon2id(code, salt = HMAC(pepper, label)): deterministic, so a returning
    code is found with one index lookup, while guessing needs the pepper (kept
    outside the database) and one costly Argon2id evaluation per guess.
    Callers normalise the code first (`cases.receipts.normalise`).
    """
    salt = hmac.new(settings.RECEIPT_PEPPER.encode(), RECEIPT_LOOKUP_LABEL, hashlib.sha256).digest()
    return derive_victim_key(code, salt=salt).hex()


def seal_for_victim(plaintext: bytes, *, victim_secret: str, context: SealContext) -> bytes:
    """Seal under a key derived from the victim's secret, then under the owner's data key.

    The inner layer means the centre cannot open it without the victim; the
    outer layer means shredding the case also kills it in old backups, even
    for someone who later learns the secret.
    """
    salt = secrets.token_bytes(SALT_BYTES)
    victim_key = derive_victim_key(victim_secret, salt=salt)
    inner = (
        bytes([FORMAT_VICTIM])
        + salt
        + crypto.encrypt(
            victim_key,
            plaintext,
            aad=crypto.associated_data("safereport:victim:v1", context.owner, context.record, context.field),
        )
    )
    return seal(inner, context=context)


def unseal_for_victim(sealed: bytes, *, victim_secret: str, context: SealContext) -> bytes:
    inner = unseal(sealed, context=context)
    if len(inner) < 1 + SALT_BYTES or inner[0] != FORMAT_VICTIM:
        raise CannotUnseal("not a victim-sealed value")
    salt = inner[1 : 1 + SALT_BYTES]
    victim_key = derive_victim_key(victim_secret, salt=salt)
    return crypto.decrypt(
        victim_key,
        inner[1 + SALT_BYTES :],
        aad=crypto.associated_data("safereport:victim:v1", context.owner, context.record, context.field),
    )


# --- sealed to a public key (the person's compartment key pair, ADR 0003 2026-12-02) --


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public) X25519 key pair, raw bytes. The caller seals the private key at once."""
    return crypto.new_key_pair()


def _public_aad(context: SealContext) -> bytes:
    return crypto.associated_data("safereport:public:v1", context.owner, context.record, context.field)


def seal_to_public_key(plaintext: bytes, *, public_key: bytes, context: SealContext) -> bytes:
    """Seal to a public key, then under the owner's data key.

    Whoever holds only the public key can seal but not open: staff add a paper
    the person's private key alone opens. The outer layer is the owner's data
    key, so shredding the case kills the value even for someone who later
    gets the private key (the same two layers as `seal_for_victim`).
    """
    inner = bytes([FORMAT_PUBLIC]) + crypto.encrypt_to_public_key(public_key, plaintext, aad=_public_aad(context))
    return seal(inner, context=context)


def is_sealed_to_public_key(sealed: bytes, *, context: SealContext) -> bool:
    """Whether the inner layer is a public-key seal (not a value sealed only under the data key)."""
    inner = unseal(sealed, context=context)
    return len(inner) > 0 and inner[0] == FORMAT_PUBLIC


def unseal_with_private_key(sealed: bytes, *, private_key: bytes, context: SealContext) -> bytes:
    inner = unseal(sealed, context=context)
    if len(inner) < 1 or inner[0] != FORMAT_PUBLIC:
        raise CannotUnseal("not a value sealed to a public key")
    return crypto.decrypt_with_private_key(private_key, inner[1:], aad=_public_aad(context))


# --- shredding -----------------------------------------------------------------


def data_key_shred(*, owner: str, actor: Actor, case_ref: str = "") -> bool:
    """Destroy an owner's data key. Every ciphertext under it, in the database
    and in every backup of it, becomes unreadable. Returns False if there was
    no live key (never created, or already shredded).

    An owner that never had a key gets a tombstone, so no key is issued later.
    """
    now = timezone.now()
    with transaction.atomic(using=KEYSTORE):
        changed = DataKey.objects.filter(owner=owner, shredded_at__isnull=True).update(
            wrapped_key=None, kek_id="", shredded_at=now
        )
        if not changed and not DataKey.objects.filter(owner=owner).exists():
            DataKey.objects.create(key_id=secrets.token_hex(KEY_ID_BYTES), owner=owner, shredded_at=now)
    record(
        "vault:data_key:shredded",
        actor=actor,
        subject=owner,
        case_ref=case_ref,
        details={"had_key": bool(changed)},
    )
    return bool(changed)


# --- KEK rotation --------------------------------------------------------------


@dataclass(frozen=True)
class RotationReport:
    current_kek_id: str
    rewrapped: int
    already_current: int
    shredded: int
    unreadable: int  # wrapped by a KEK id missing from the ring, or failing to open


def kek_status() -> dict[str, int]:
    """How many live data keys each KEK id wraps, plus shredded tombstones."""
    counts = {
        row["kek_id"] or "(shredded)": row["n"]
        for row in DataKey.objects.values("kek_id").annotate(n=Count("id")).order_by("kek_id")
    }
    return counts


def kek_rotate(*, actor: Actor, batch_size: int = 500) -> RotationReport:
    """Re-wrap every data key under the current KEK. Ciphertexts are not touched.

    Safe to interrupt and run again, and safe next to writers: each key is
    swapped with a conditional update, so a key shredded meanwhile stays shredded.
    """
    ring = kek_ring()
    rewrapped = unreadable = 0
    last_pk = 0
    stale = DataKey.objects.filter(shredded_at__isnull=True).exclude(kek_id=ring.current_id)
    while True:
        batch = list(stale.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not batch:
            break
        last_pk = batch[-1].pk
        with transaction.atomic(using=KEYSTORE):
            for row in batch:
                try:
                    dek = _unwrap(row)
                except (UnknownKey, CannotUnseal):
                    unreadable += 1
                    continue
                wrapped = crypto.encrypt(
                    ring.current,
                    dek,
                    aad=_wrap_aad(owner=row.owner, key_id=row.key_id, kek_id=ring.current_id),
                )
                rewrapped += DataKey.objects.filter(
                    pk=row.pk, kek_id=row.kek_id, shredded_at__isnull=True
                ).update(wrapped_key=wrapped, kek_id=ring.current_id, rewrapped_at=timezone.now())
    totals = DataKey.objects.aggregate(
        current=Count("id", filter=Q(kek_id=ring.current_id, shredded_at__isnull=True)),
        shredded=Count("id", filter=Q(shredded_at__isnull=False)),
    )
    report = RotationReport(
        current_kek_id=ring.current_id,
        rewrapped=rewrapped,
        already_current=totals["current"] - rewrapped,
        shredded=totals["shredded"],
        unreadable=unreadable,
    )
    record(
        "vault:kek:rotated",
        actor=actor,
        subject=f"kek:{ring.current_id}",
        details={"rewrapped": report.rewrapped, "unreadable": report.unreadable},
    )
    return report
