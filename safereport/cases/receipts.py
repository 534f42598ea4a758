"""Receipt codes: the only thing a victim needs to come back.

A code is 16 random decimal digits shown in four groups of four ("4821 0937
5512 6604"): language-neutral, readable aloud, typeable on any phone keypad.
That is 53 bits of entropy (see docs/adr/0006-receipt-codes.md).

The database keeps only Argon2id(code, salt = HMAC(pepper, "receipt")): one
deterministic hash, so a returning code is found with one index lookup, while
guessing needs the server's pepper (kept outside the database) and one costly
Argon2id evaluation per guess.
"""

import hashlib
import hmac
import secrets

from argon2.low_level import Type, hash_secret_raw
from django.conf import settings

DIGITS = 16
GROUP = 4


def new_receipt_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(DIGITS))


def display(code: str) -> str:
    return " ".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise(typed: str) -> str | None:
    """Accept what people type: spaces, dashes, Arabic-Indic or Persian digits."""
    digits = []
    for char in typed:
        if char in " -\u00a0\u200f\u200e\t":
            continue
        if char.isdigit():
            digits.append(str(int(char)))  # int() reads ٤ and ۴ as 4
        else:
            return None
    code = "".join(digits)
    return code if len(code) == DIGITS else None


def _salt() -> bytes:
    return hmac.new(settings.RECEIPT_PEPPER.encode(), b"safereport receipt lookup v1", hashlib.sha256).digest()


def receipt_lookup_hash(code: str) -> str:
    params = settings.VICTIM_KDF
    raw = hash_secret_raw(
        secret=code.encode(),
        salt=_salt(),
        time_cost=params["time_cost"],
        memory_cost=params["memory_cost_kib"],
        parallelism=params["parallelism"],
        hash_len=32,
        type=Type.ID,
    )
    return raw.hex()
