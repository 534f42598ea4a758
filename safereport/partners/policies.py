"""The recipient rules as plain functions: name matching, who acts in which role.

Names are compared after normalising (compatibility forms folded, accents
removed, case folded, anything but letters and digits made a space), so
"IMMIGRATIE-politie", "Immigratiepolitie" and "immigratie politie" are one name.
A listed name matches an organisation's name when its words appear in it as
whole words ("IND" in "IND Zwolle", not in "Independent women"), or, for
names of eight letters or more, when its letters appear in the name's letters
with the spaces taken out (Dutch and German write compounds as one word:
"vreemdelingenpolitie" is found in "Regionale Vreemdelingen Politie").
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from safereport.accounts.policies import ROLE_PERMISSIONS

# Shorter listed names match only as whole words: "ICE" must not match "Justice".
COMPACT_MATCH_MIN = 8


# Every disclosure and every partnership step compares a few names with every
# listed name: normalising each string once keeps that to dictionary lookups.
@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in letters).split())


@dataclass(frozen=True)
class Listed:
    """One name or term of the denylist, ready to match."""

    key: str  # the body's key, or "term"
    listed_as: str  # as written in the file
    jurisdiction: str  # the body's jurisdiction, or "" for a term

    @property
    def words(self) -> str:
        return normalise(self.listed_as)

    @property
    def letters(self) -> str:
        return self.words.replace(" ", "")


@dataclass(frozen=True)
class Match:
    key: str
    listed_as: str
    jurisdiction: str
    name: str  # the name that matched


def matches(listed: Listed, name: str) -> bool:
    words = normalise(name)
    if f" {listed.words} " in f" {words} ":
        return True
    return len(listed.letters) >= COMPACT_MATCH_MIN and listed.letters in words.replace(" ", "")


def first_match(listed: Iterable[Listed], names: Iterable[str]) -> Match | None:
    candidates = [n for n in names if n]
    for entry in listed:
        for name in candidates:
            if matches(entry, name):
                return Match(entry.key, entry.listed_as, entry.jurisdiction, name)
    return None


def acting_role(roles: Iterable[str], permission: str) -> str | None:
    """The role in which someone holding `roles` uses `permission` (the first, alphabetically), if any."""
    return next((role for role in sorted(roles) if permission in ROLE_PERMISSIONS.get(role, frozenset())), None)


def jurisdiction_allows(*, centre: str, organisation: str, agreed: str, cross_border_reason: str) -> bool:
    """The organisation works where the agreement says, and where the centre does unless a reason is written."""
    return organisation == agreed and (agreed == centre or bool(cross_border_reason.strip()))
