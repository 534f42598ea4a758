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
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from safereport.vault.errors import CannotUnseal

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
X25519_BYTES = 32


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


# --- sealing to a public key (X25519, HKDF-SHA256, AES-256-GCM) -------------------
#
# ECIES in the usual shape: a fresh ephemeral key pair per message, the shared
# secret of the ephemeral private key and the recipient's public key through
# HKDF to one AES-256-GCM key. Both public keys go into the HKDF info, so the
# derived key belongs to this exact pair (no key-compromise tricks with a
# swapped recipient), and the caller's associated data binds the place.

PUBLIC_SEAL_INFO = b"safereport:x25519-seal:v1"


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public), 32 raw bytes each."""
    private = X25519PrivateKey.generate()
    return private.private_bytes_raw(), private.public_key().public_bytes_raw()


def public_key_of(private_key: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(private_key).public_key().public_bytes_raw()


def _shared_key(private: X25519PrivateKey, peer: X25519PublicKey, *, ephemeral: bytes, recipient: bytes) -> bytes:
    shared = private.exchange(peer)
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=PUBLIC_SEAL_INFO + ephemeral + recipient).derive(
        shared
    )


def encrypt_to_public_key(public_key: bytes, plaintext: bytes, *, aad: bytes) -> bytes:
    """ephemeral public key (32) ‖ nonce ‖ ciphertext ‖ tag. Anyone may seal; only the private key opens."""
    if len(public_key) != X25519_BYTES:
        raise CannotUnseal("not an X25519 public key")
    recipient = X25519PublicKey.from_public_bytes(public_key)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes_raw()
    key = _shared_key(ephemeral, recipient, ephemeral=ephemeral_public, recipient=public_key)
    return ephemeral_public + encrypt(key, plaintext, aad=aad)


def decrypt_with_private_key(private_key: bytes, sealed: bytes, *, aad: bytes) -> bytes:
    if len(private_key) != X25519_BYTES:
        raise CannotUnseal("not an X25519 private key")
    if len(sealed) < X25519_BYTES + NONCE_BYTES + TAG_BYTES:
        raise CannotUnseal("sealed value is too short")
    private = X25519PrivateKey.from_private_bytes(private_key)
    ephemeral_public = sealed[:X25519_BYTES]
    try:
        peer = X25519PublicKey.from_public_bytes(ephemeral_public)
        key = _shared_key(private, peer, ephemeral=ephemeral_public, recipient=public_key_of(private_key))
    except ValueError:
        # An all-zero shared secret (a low-order point put in by someone): refuse like any other bad value.
        raise CannotUnseal("cannot open: wrong key, wrong context or altered data") from None
    return decrypt(key, sealed[X25519_BYTES:], aad=aad)
