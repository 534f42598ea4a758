"""Encrypted backup files: the only place a backup is encrypted or opened.

A backup file is written for one *recipient key pair* (X25519): the server
that writes backups holds only the public half, so a stolen server or a
stolen backup opens nothing; the private half is held by the person who may
restore (docs/adr/0028). The main database and the key store are written for
two different key pairs held by two different people (ADR 0003: a main-database
backup alone must never open anything, and a key-store backup is kept briefly).

File layout (all lengths big-endian):

    "SRBACKUP" ‖ version 0x01 ‖ kind length (1) ‖ kind ("main" | "keystore")
    ‖ recipient fingerprint (8) ‖ ephemeral X25519 public key (32) ‖ nonce prefix (7)
    then chunks: length (4) ‖ AES-256-GCM(chunk) — nonce = prefix ‖ counter (4) ‖ last (1)

The file key is HKDF-SHA256 of the X25519 shared secret, bound to both public
keys and the kind; every chunk's associated data is the whole header. A chunk
removed, reordered or cut off the end, a file of one kind presented as the
other, or a wrong key all fail with a plain message, never with partial data
handed on as if whole.
"""

import base64
import binascii
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"SRBACKUP"
VERSION = 1
KINDS = ("main", "keystore")
CHUNK_BYTES = 1024 * 1024
_PREFIX_BYTES = 7
_PUBLIC_PREFIX = "safereport-backup-public:v1:"
_SECRET_PREFIX = "safereport-backup-secret:v1:"  # noqa: S105 - a file format label, not a secret


class BackupFileError(Exception):
    """A backup file cannot be opened: wrong key, wrong kind, damaged or cut short."""


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(public: X25519PublicKey) -> str:
    return hashlib.sha256(b"safereport backup key\x00" + _raw_public(public)).hexdigest()[:16]


@dataclass(frozen=True)
class BackupKeyPair:
    secret_line: str
    public_line: str
    fingerprint: str


def keypair_generate() -> BackupKeyPair:
    secret = X25519PrivateKey.generate()
    raw_secret = secret.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = secret.public_key()
    return BackupKeyPair(
        secret_line=_SECRET_PREFIX + base64.b64encode(raw_secret).decode(),
        public_line=_PUBLIC_PREFIX + base64.b64encode(_raw_public(public)).decode(),
        fingerprint=fingerprint(public),
    )


def _decode(text: str, prefix: str, what: str) -> bytes:
    text = text.strip()
    if not text.startswith(prefix):
        raise BackupFileError(f"this is not a {what} (expected a line starting {prefix!r})")
    try:
        raw = base64.b64decode(text.removeprefix(prefix), validate=True)
    except binascii.Error:
        raise BackupFileError(f"this {what} is not valid base64") from None
    if len(raw) != 32:
        raise BackupFileError(f"this {what} does not hold 32 bytes")
    return raw


def public_key_read(path: Path) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(
        _decode(path.read_text(encoding="utf-8"), _PUBLIC_PREFIX, "backup public key")
    )


def secret_key_read(path: Path) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(
        _decode(path.read_text(encoding="utf-8"), _SECRET_PREFIX, "backup secret key")
    )


def _file_key(shared: bytes, ephemeral: bytes, recipient: bytes, kind: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=ephemeral + recipient,
        info=b"safereport backup v1 " + kind.encode("ascii"),
    ).derive(shared)


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def _chunks(source: IO[bytes]) -> Iterator[tuple[bytes, bool]]:
    """(chunk, is_last) pairs; an empty source gives one empty last chunk."""
    current = source.read(CHUNK_BYTES)
    while True:
        following = source.read(CHUNK_BYTES)
        if not following:
            yield current, True
            return
        yield current, False
        current = following


def encrypt_stream(source: IO[bytes], target: IO[bytes], *, recipient: X25519PublicKey, kind: str) -> int:
    """Encrypt everything read from source into target; returns the plaintext bytes written."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    ephemeral_secret = X25519PrivateKey.generate()
    ephemeral = _raw_public(ephemeral_secret.public_key())
    recipient_raw = _raw_public(recipient)
    prefix = os.urandom(_PREFIX_BYTES)
    kind_bytes = kind.encode("ascii")
    header = (
        MAGIC
        + bytes([VERSION, len(kind_bytes)])
        + kind_bytes
        + bytes.fromhex(fingerprint(recipient))
        + ephemeral
        + prefix
    )
    aead = AESGCM(_file_key(ephemeral_secret.exchange(recipient), ephemeral, recipient_raw, kind))
    target.write(header)
    total = 0
    for counter, (chunk, last) in enumerate(_chunks(source)):
        sealed = aead.encrypt(_nonce(prefix, counter, last), chunk, header)
        target.write(len(sealed).to_bytes(4, "big") + sealed)
        total += len(chunk)
    return total


def _read_exact(source: IO[bytes], size: int, what: str) -> bytes:
    data = source.read(size)
    if len(data) != size:
        raise BackupFileError(f"the file is cut short ({what} missing)")
    return data


@dataclass(frozen=True)
class BackupHeader:
    kind: str
    fingerprint: str
    raw: bytes
    ephemeral: bytes
    prefix: bytes


def header_read(source: IO[bytes]) -> BackupHeader:
    start = _read_exact(source, len(MAGIC) + 2, "header")
    if start[: len(MAGIC)] != MAGIC:
        raise BackupFileError("this is not a SafeReport backup file")
    if start[len(MAGIC)] != VERSION:
        raise BackupFileError(f"backup file version {start[len(MAGIC)]} is not supported")
    kind_bytes = _read_exact(source, start[-1], "header")
    rest = _read_exact(source, 8 + 32 + _PREFIX_BYTES, "header")
    kind = kind_bytes.decode("ascii", errors="replace")
    if kind not in KINDS:
        raise BackupFileError("this backup file names an unknown kind")
    return BackupHeader(
        kind=kind,
        fingerprint=rest[:8].hex(),
        raw=start + kind_bytes + rest,
        ephemeral=rest[8:40],
        prefix=rest[40:],
    )


def decrypt_stream(source: IO[bytes], *, secret: X25519PrivateKey, kind: str) -> Iterable[bytes]:
    """The plaintext, chunk by chunk. Raises BackupFileError before yielding
    anything it cannot authenticate, and after the last chunk if the end is missing."""
    header = header_read(source)
    if header.kind != kind:
        raise BackupFileError(f"this is a {header.kind} backup, not a {kind} backup")
    public = secret.public_key()
    if header.fingerprint != fingerprint(public):
        raise BackupFileError(
            f"this {kind} backup was written for the key {header.fingerprint}; "
            f"the secret key given is {fingerprint(public)}"
        )
    aead = AESGCM(
        _file_key(
            secret.exchange(X25519PublicKey.from_public_bytes(header.ephemeral)),
            header.ephemeral,
            _raw_public(public),
            kind,
        )
    )
    return _decrypted_chunks(source, aead, header)


def _decrypted_chunks(source: IO[bytes], aead: AESGCM, header: BackupHeader) -> Iterator[bytes]:
    counter = 0
    while True:
        length_bytes = source.read(4)
        if not length_bytes:
            raise BackupFileError("the file is cut short (its last part is missing)")
        sealed = _read_exact(source, int.from_bytes(_read_exact_pad(length_bytes), "big"), "a part")
        for last in (False, True):
            try:
                chunk = aead.decrypt(_nonce(header.prefix, counter, last), sealed, header.raw)
            except InvalidTag:
                continue
            yield chunk
            if last:
                if source.read(1):
                    raise BackupFileError("the file has data after its last part")
                return
            break
        else:
            raise BackupFileError(f"part {counter + 1} of the file is damaged or out of order")
        counter += 1


def _read_exact_pad(length_bytes: bytes) -> bytes:
    if len(length_bytes) != 4:
        raise BackupFileError("the file is cut short (a part's length is missing)")
    return length_bytes
