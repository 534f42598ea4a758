"""The primitives. This is the only module in SafeReport that imports `cryptography`.

AES-256-GCM everywhere, with a fresh random 96-bit nonce per message. At our
volumes (at most millions of messages per key) random nonces are far below
the 2^32 messages per key where GCM nonce collisions start to matter.
Associated data is length-prefixed so that no two different contexts can
encode to the same bytes ("ab"+"c" vs "a"+"bc").
"""

import os
import secrets

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from safereport.vault.errors import CannotUnseal

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def associated_data(label: str, *parts: str) -> bytes:
    out = bytearray(label.encode("ascii"))
    for part in parts:
        encoded = part.encode("utf-8")
        out += len(encoded).to_bytes(4, "big")
        out += encoded
    return bytes(out)


def encrypt(key: bytes, plaintext: bytes, *, aad: bytes) -> bytes:
    """nonce ‖ ciphertext ‖ tag."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def decrypt(key: bytes, sealed: bytes, *, aad: bytes) -> bytes:
    if len(sealed) < NONCE_BYTES + TAG_BYTES:
        raise CannotUnseal("sealed value is too short")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag:
        # Deliberately vague: wrong key, wrong context and tampering look the same.
        raise CannotUnseal("cannot open: wrong key, wrong context or altered data") from None


def derive_key_argon2id(
    secret: bytes, *, salt: bytes, time_cost: int, memory_cost_kib: int, parallelism: int
) -> bytes:
    return hash_secret_raw(
        secret,
        salt,
        time_cost=time_cost,
        memory_cost=memory_cost_kib,
        parallelism=parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )
