"""Receipt codes: the only thing a victim needs to come back.

A code is 16 random decimal digits shown in four groups of four ("4821 0937
5512 6604"): language-neutral, readable aloud, typeable on any phone keypad.
That is 53 bits of entropy (see docs/adr/0006-receipt-codes.md).

The database keeps only a one-way hash of the code, made behind the vault
(`vault.services.receipt_lookup_hash`, the only code that touches Argon2):
this module makes, shows and reads codes as people type them.
"""

import secrets

from safereport.vault.services import receipt_lookup_hash

__all__ = ["DIGITS", "GROUP", "display", "new_receipt_code", "normalise", "receipt_lookup_hash"]

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
