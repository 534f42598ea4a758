"""Data files that lawyers review: safeguarding grounds and retention rules.

data/safeguarding/grounds.toml   grounds for sharing without consent, per jurisdiction
data/retention/<cc>.toml         what an erasure keeps, per jurisdiction
A jurisdiction without a retention file keeps nothing.

Read through the data-file layer; the schemas are in consent/datafiles.py.
"""

from functools import lru_cache

from safereport import datafiles
from safereport.consent.datafiles import Ground, RetentionRule

__all__ = ["Ground", "RetentionRule", "grounds", "grounds_for", "retention_rules"]


@lru_cache(maxsize=1)
def grounds() -> dict[str, Ground]:
    return {g.key: g for g in datafiles.load_one("consent.safeguarding").ground}


def grounds_for(jurisdiction: str) -> list[Ground]:
    return [g for g in grounds().values() if g.applies_in(jurisdiction)]


@lru_cache(maxsize=16)
def retention_rules(jurisdiction: str) -> tuple[RetentionRule, ...]:
    if not jurisdiction.isalpha():
        return ()
    found = datafiles.load("consent.retention").get(f"{jurisdiction.lower()}.toml")
    return found.keep if found is not None else ()
