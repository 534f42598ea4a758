"""Data files that lawyers review: safeguarding grounds and retention rules.

data/safeguarding/grounds.toml   grounds for sharing without consent, per jurisdiction
data/retention/<cc>.toml         what an erasure keeps, per jurisdiction
A jurisdiction without a retention file keeps nothing.
"""

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

DATA = Path(settings.BASE_DIR) / "data"


@dataclass(frozen=True)
class Ground:
    key: str
    label: str
    jurisdictions: tuple[str, ...]
    approver_role: str
    valid_hours: int

    def applies_in(self, jurisdiction: str) -> bool:
        return "*" in self.jurisdictions or jurisdiction.upper() in self.jurisdictions


@dataclass(frozen=True)
class RetentionRule:
    id: str
    applies_when: str
    recipient_kind: str
    purpose: str
    keep_years: int
    basis: str
    explanation: str


@lru_cache(maxsize=1)
def grounds() -> dict[str, Ground]:
    data = tomllib.loads((DATA / "safeguarding" / "grounds.toml").read_text(encoding="utf-8"))
    return {
        g["key"]: Ground(
            key=g["key"],
            label=g["label"],
            jurisdictions=tuple(g["jurisdictions"]),
            approver_role=g["approver_role"],
            valid_hours=int(g["valid_hours"]),
        )
        for g in data["ground"]
    }


def grounds_for(jurisdiction: str) -> list[Ground]:
    return [g for g in grounds().values() if g.applies_in(jurisdiction)]


@lru_cache(maxsize=16)
def retention_rules(jurisdiction: str) -> tuple[RetentionRule, ...]:
    path = DATA / "retention" / f"{jurisdiction.lower()}.toml"
    if not jurisdiction.isalpha() or not path.exists():
        return ()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(
        RetentionRule(
            id=r["id"],
            applies_when=r["applies_when"],
            recipient_kind=r["recipient_kind"],
            purpose=r["purpose"],
            keep_years=int(r["keep_years"]),
            basis=r["basis"],
            explanation=r["explanation"],
        )
        for r in data.get("keep", [])
    )
