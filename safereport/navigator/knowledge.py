"""The navigator's knowledge base: data/jurisdictions/*.toml and data/crime_types.toml.

Lawyers and translators review the data files; the data-file layer reads them
and validates them against the schema in `navigator/datafiles.py`
(`validate`), and this module compiles the scope rules into the engine's
frozen structures (`compile_rules`). The pages show the files' fields as
written, so the knowledge base keeps the parsed tables beside the compiled
rules. Nothing here imports Django, so the benchmark and the checker run
without settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from safereport import datafiles
from safereport.navigator import engine
from safereport.navigator.datafiles import CRIME_TYPES, JURISDICTIONS

DATA_DIR = datafiles.DATA_DIR

CONFIDENCE = tuple(datafiles.Confidence)


@dataclass(frozen=True)
class KnowledgeBase:
    """The raw, validated data (for display) and the compiled rules (for the engine)."""

    jurisdictions: dict[str, dict[str, Any]]
    mechanisms: dict[str, dict[str, Any]]
    crimes: dict[str, dict[str, Any]]
    discrepancies: dict[str, dict[str, Any]]
    rules: engine.Rules

    def countries(self) -> list[dict[str, Any]]:
        return [j for j in self.jurisdictions.values() if j["kind"] == "country"]

    def baseline(self, baseline_id: str) -> dict[str, Any]:
        for jurisdiction in self.jurisdictions.values():
            for entry in jurisdiction["baseline"]:
                if entry["id"] == baseline_id:
                    return entry
        raise KeyError(baseline_id)

    def discrepancies_for(self, mechanism_id: str) -> list[dict[str, Any]]:
        return [d for d in self.discrepancies.values() if mechanism_id in d.get("mechanisms", [])]


class KnowledgeBaseError(datafiles.DataFileError):
    def __init__(self, errors: list[str]):
        super().__init__(errors)
        self.errors = errors


def read_files(data_dir: Path = DATA_DIR) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    crimes = datafiles.read(CRIME_TYPES, root=data_dir)
    if "crime_types.toml" not in crimes:
        raise KnowledgeBaseError([f"{data_dir / 'crime_types.toml'}: no such file"])
    return crimes["crime_types.toml"], datafiles.read(JURISDICTIONS, root=data_dir)


def validate(crimes_doc: dict[str, Any], files: dict[str, dict[str, Any]]) -> list[str]:
    """Every problem in the data, as readable lines. Empty means valid."""
    crimes = datafiles.validate(CRIME_TYPES, {"crime_types.toml": crimes_doc})
    # Without a valid crime vocabulary the crime ids cannot be checked; the
    # crime file's own problems say why.
    related = {CRIME_TYPES: crimes.files} if not crimes.problems else {}
    jurisdictions = datafiles.validate(JURISDICTIONS, files, related=related)
    return [str(problem) for problem in crimes.problems + jurisdictions.problems]


PRACTICE_BLOCKS = ("exposure", "deadlines", "evidence", "costs", "next_steps")


def stale_reviews(files: dict[str, dict[str, Any]], today: dt.date, max_age_days: int = 365) -> list[str]:
    """Mechanisms whose lawyer's review is older than max_age_days (12 months by default)."""
    stale = []
    for doc in files.values():
        for mechanism in doc.get("mechanisms", []):
            reviewed = mechanism.get("reviewed_on")
            if isinstance(reviewed, dt.date) and (today - reviewed).days > max_age_days:
                stale.append(f"{mechanism['id']}: reviewed {reviewed.isoformat()}, more than 12 months ago")
    return stale


def unreviewed(files: dict[str, dict[str, Any]]) -> list[str]:
    """Mechanisms no lawyer has reviewed: only transcribed (issue 12 §1)."""
    return [
        f"{mechanism['id']}: not yet reviewed by a lawyer (transcribed on {mechanism['transcribed_on'].isoformat()})"
        for doc in files.values()
        for mechanism in doc.get("mechanisms", [])
        if not mechanism.get("reviewed_on")
    ]


def missing_practice(files: dict[str, dict[str, Any]]) -> list[str]:
    """Mechanisms without exposure, deadlines, evidence, costs or next steps (issue 12 §2)."""
    lines = []
    for doc in files.values():
        for mechanism in doc.get("mechanisms", []):
            if mechanism.get("follows"):
                continue
            missing = [block for block in PRACTICE_BLOCKS if not mechanism.get(block)]
            if missing:
                lines.append(f"{mechanism['id']}: no {', '.join(missing)} yet (shown as 'unknown, ask a lawyer')")
    return lines


def _axis(name: str, branch: dict[str, Any]) -> engine.Axis:
    value = branch[name]
    return engine.Axis(
        name=name,
        any=value == "any",
        allowed=frozenset() if value == "any" else frozenset(value),
        conditional=dict(branch.get(f"{name}_if", {})),
        why_not=branch.get("why_not", {}).get(name) or (branch.get("why_not", {}).get("role") if name == "roles" else None),
    )


def compile_rules(crimes_doc: dict[str, Any], files: dict[str, dict[str, Any]]) -> engine.Rules:
    catalogue = {
        c["id"]: engine.CrimeType(c["id"], c["category"], c["domestic_when_by_partner_or_family"])
        for c in crimes_doc["crimes"]
    }
    jurisdictions = {}
    for doc in files.values():
        mechanisms = []
        for mechanism in doc["mechanisms"]:
            branches = tuple(
                engine.Branch(
                    index=index,
                    label=branch.get("label", ""),
                    roles=_axis("roles", branch),
                    crimes=_axis("crimes", branch),
                    perpetrators=_axis("perpetrators", branch),
                    statuses=_axis("statuses", branch),
                    genders=_axis("genders", branch),
                    similar_activity=branch.get("similar_activity", False),
                    attempt_conspiracy=branch.get("attempt_conspiracy", False),
                    cap_reason=branch.get("cap", {}).get("reason"),
                )
                for index, branch in enumerate(mechanism.get("scope", []))
            )
            mechanisms.append(
                engine.MechanismRules(
                    id=mechanism["id"],
                    jurisdiction=doc["id"],
                    branches=branches,
                    follows=tuple(mechanism.get("follows", ())),
                    follows_if=mechanism.get("follows_if"),
                    # "recall" is weaker still than "low": neither may decide alone.
                    low_confidence=datafiles.Confidence(mechanism["confidence"]).is_weak,
                    binding_unverified_for=frozenset(mechanism.get("binding_unverified_for", ())),
                )
            )
        jurisdictions[doc["id"]] = engine.JurisdictionRules(
            id=doc["id"],
            name=doc["name"],
            kind=doc["kind"],
            mechanisms=tuple(mechanisms),
            layers=tuple(engine.LayerLink(link["id"], link["status"], link.get("note")) for link in doc.get("layers", [])),
            reservations={r["mechanism"]: r["reason"] for r in doc.get("reservations", [])},
            baseline_ids=tuple(entry["id"] for entry in doc["baseline"]),
        )
    return engine.Rules(jurisdictions=jurisdictions, crimes=catalogue)


def load(data_dir: Path = DATA_DIR) -> KnowledgeBase:
    crimes_doc, files = read_files(data_dir)
    errors = validate(crimes_doc, files)
    if errors:
        raise KnowledgeBaseError(errors)
    jurisdictions = {doc["id"]: doc for doc in files.values()}
    mechanisms = {m["id"]: {**m, "jurisdiction": doc["id"]} for doc in files.values() for m in doc["mechanisms"]}
    discrepancies = {
        d["id"]: {**d, "file_jurisdiction": doc["id"]} for doc in files.values() for d in doc.get("seed_discrepancies", [])
    }
    crimes = {c["id"]: c for c in crimes_doc["crimes"]}
    return KnowledgeBase(jurisdictions, mechanisms, crimes, discrepancies, compile_rules(crimes_doc, files))


@lru_cache(maxsize=1)
def default() -> KnowledgeBase:
    """The knowledge base shipped in data/, read once per process."""
    return load()
