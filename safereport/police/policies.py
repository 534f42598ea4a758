"""Rules of the police app as plain functions."""

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
