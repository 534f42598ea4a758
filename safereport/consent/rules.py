"""Data files that lawyers review: safeguarding grounds and retention rules.

data/safeguarding/grounds.toml   grounds for sharing without consent, per jurisdiction
data/retention/<cc>.toml         what an erasure keeps, per jurisdiction
A jurisdiction without a retention file keeps nothing.
"""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import get_language

DATA = Path(settings.BASE_DIR) / "data"


def _texts(value: str | Mapping[str, str]) -> dict[str, str]:
    """A text the person may read: one string (English) or one entry per language."""
    return {"en": value} if isinstance(value, str) else dict(value)


def _in_active_language(texts: Mapping[str, str]) -> str:
    return texts.get(get_language() or "en") or texts["en"]


@dataclass(frozen=True)
class Ground:
    key: str
    labels: Mapping[str, str]
    jurisdictions: tuple[str, ...]
    approver_role: str
    valid_hours: int

    @property
    def label(self) -> str:
        return _in_active_language(self.labels)

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
    explanations: Mapping[str, str]

    @property
    def explanation(self) -> str:
        return _in_active_language(self.explanations)


@lru_cache(maxsize=1)
def grounds() -> dict[str, Ground]:
    data = tomllib.loads((DATA / "safeguarding" / "grounds.toml").read_text(encoding="utf-8"))
    return {
        g["key"]: Ground(
            key=g["key"],
            labels=_texts(g["label"]),
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
            explanations=_texts(r["explanation"]),
        )
        for r in data.get("keep", [])
    )
