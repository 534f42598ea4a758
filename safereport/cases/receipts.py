"""Receipt codes: the only thing a victim needs to come back.

A code is 16 random decimal digits shown in four groups of four ("4821 0937
5512 6604"): language-neutral, readable aloud, typeable on any phone keypad.
That is 53 bits of entropy (see docs/adr/0006-receipt-codes.md).

The database keeps only a one-way hash of the code, made behind the vault
(`vault.services.receipt_lookup_hash`, the only code that touches Argon2):
this module makes, shows and reads codes as people type them.
"""

import secrets
import unicodedata
from enum import StrEnum

from safereport.vault.services import receipt_lookup_hash

__all__ = [
    "DIGITS",
    "GROUP",
    "CodeProblem",
    "NotACode",
    "display",
    "new_receipt_code",
    "normalise",
    "read",
    "receipt_lookup_hash",
]

DIGITS = 16
GROUP = 4

# The digits a code may be typed in, each run of ten by the code point of its zero,
# grouped into families: a code is typed in one family, never a mixture.
# Fullwidth digits come from CJK and some phone keyboards; they are the Latin
# digits in another width, so they count as Latin. Every other character with a
# numeric value (superscripts, circled or parenthesised numbers, other scripts'
# digits) is refused with a message, never guessed at.
_LATIN, _ARABIC = "latin", "arabic"
_DIGIT_RUNS = {
    0x0030: _LATIN,  # 0-9
    0xFF10: _LATIN,  # fullwidth ０-９
    0x0660: _ARABIC,  # Arabic-Indic ٠-٩
    0x06F0: _ARABIC,  # Extended Arabic-Indic (Persian, Urdu) ۰-۹
}

# What people put between the groups, or what copying from an RTL page brings
# along: spaces of every width, dashes, direction marks and isolates, zero-width
# joiners and the byte-order mark. None of these carries a digit.
_SEPARATOR_CATEGORIES = {"Zs", "Pd"}
_INVISIBLE = set("\t\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff\u2212")


class CodeProblem(StrEnum):
    LENGTH = "length"  # not 16 digits
    CHARACTERS = "characters"  # something that is not a digit we accept
    MIXED = "mixed"  # Latin and Arabic-script digits in one code


class NotACode(ValueError):
    def __init__(self, problem: CodeProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def new_receipt_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(DIGITS))


def display(code: str) -> str:
    return " ".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def _digit(char: str) -> tuple[str, str] | None:
    """(the ASCII digit, its family) for an accepted digit, else None."""
    for zero, family in _DIGIT_RUNS.items():
        if zero <= ord(char) <= zero + 9:
            return str(ord(char) - zero), family
    return None


def read(typed: str) -> str:
    """The 16 ASCII digits of a code as the person typed it, or NotACode saying what is wrong.

    Total on any string: every character is either an accepted digit, a
    separator, or a reason to refuse. Nothing here calls int() on a character,
    which is what turned a typed "²" into a server error.
    """
    digits: list[str] = []
    families: set[str] = set()
    problem: CodeProblem | None = None
    for char in typed:
        found = _digit(char)
        if found is not None:
            digits.append(found[0])
            families.add(found[1])
        elif char in _INVISIBLE or unicodedata.category(char) in _SEPARATOR_CATEGORIES:
            continue
        else:
            problem = CodeProblem.CHARACTERS
    if problem is None and len(families) > 1:
        problem = CodeProblem.MIXED
    if problem is None and len(digits) != DIGITS:
        problem = CodeProblem.LENGTH
    if problem is not None:
        raise NotACode(problem)
    return "".join(digits)


def normalise(typed: str) -> str | None:
    """The code as 16 ASCII digits, or None for anything `read` refuses."""
    try:
        return read(typed)
    except NotACode:
        return None
