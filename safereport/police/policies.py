"""Rules of the police app as plain functions."""

import re
from collections.abc import Iterable

from safereport.core.categories import DataCategory
from safereport.police.models import IDENTITY_ORDER, IdentityReleased


def identity_allowed(consented: Iterable[str]) -> IdentityReleased:
    """The most identity a report may release, from the categories the person agreed to give this unit.

    Contact details agreed: full. Anything else agreed: partial (what
    happened, never who or how to reach them). Nothing agreed: none.
    """
    categories = set(consented)
    if DataCategory.CONTACT_DETAILS in categories:
        return IdentityReleased.FULL
    if categories:
        return IdentityReleased.PARTIAL
    return IdentityReleased.NONE


def releases_no_more_than(requested: str, allowed: str) -> bool:
    return IDENTITY_ORDER.index(IdentityReleased(requested)) <= IDENTITY_ORDER.index(IdentityReleased(allowed))


# Text the police side stores in the open must hold no words about a person
# (ADR 0018): an organisation's file number and a unit's phone number are
# held to shapes that leave no room for a name.
_REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9/._-]{0,29}")
_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,19}")


def clean_reference(text: str) -> str | None:
    """An intermediary's file number: capitals, digits and - / . _, at least one digit, no spaces. None if not."""
    value = text.strip().upper()
    return value if _REFERENCE.fullmatch(value) and any(c.isdigit() for c in value) else None


def clean_phone(text: str) -> str | None:
    """A unit's phone number: digits, spaces, + ( ) and -. None if not."""
    value = " ".join(text.split())
    return value if _PHONE.fullmatch(value) else None
