"""The navigator's knowledge base: data/jurisdictions/*.toml and data/crime_types.toml.

Lawyers and translators review the data files; this module reads them,
validates them against the schema below (`validate`), and compiles the scope
rules into the engine's frozen structures (`compile_rules`). Nothing here
imports Django, so the benchmark and the checker run without settings.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from safereport.navigator import engine

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

CONFIDENCE = ("high", "medium-high", "medium", "low-medium", "low")
KINDS = ("relief", "firewall", "confidentiality", "rights", "no_firewall")
LEGAL_FORCE = ("statute", "regulation", "guidelines", "policy", "local policy", "practice", "directive", "treaty", "none")
JURISDICTION_KINDS = ("country", "layer")
LAYER_STATUSES = ("bound", "unverified")
CRIME_CATEGORIES = ("sexual", "violence", "exploitation", "property", "other")
PLAIN_FIELDS = ("summary", "gives", "does_not_give", "who_helps")

# Every field of a legal-facts.md block, plus what the engine and the views need.
MECHANISM_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "name": str,
    "kind": str,
    "legal_force": str,
    "legal_basis": list,
    "crimes_covered": str,
    "perpetrator_fit": str,
    "who_qualifies": list,
    "who_activates": list,
    "victim_can_start": bool,
    "grants": list,
    "does_not_give": list,
    "conditions": list,
    "duration": str,
    "limits": list,
    "sources": list,
    "confidence": str,
    "last_reviewed": dt.date,
    "plain": dict,
}
MECHANISM_OPTIONAL: dict[str, type | tuple[type, ...]] = {
    "confidence_note": str,
    "scope": list,
    "follows": list,
    "follows_if": str,
    "binding_unverified_for": list,
    "outcome_risk": str,
}
BRANCH_KEYS = {
    "label", "roles", "crimes", "perpetrators", "statuses", "genders", "crimes_if", "perpetrators_if",
    "statuses_if", "genders_if", "roles_if", "similar_activity", "attempt_conspiracy", "cap", "why_not",
}
AXIS_VOCABULARY = {
    "roles": engine.ROLES,
    "perpetrators": engine.PERPETRATORS + (engine.UNKNOWN,),
    "statuses": engine.STATUSES,
    "genders": engine.GENDERS,
}
JURISDICTION_REQUIRED = {
    "id": str, "name": str, "kind": str, "sources_checked_up_to": str, "legal_review": str,
    "baseline": list, "mechanisms": list,
}
JURISDICTION_OPTIONAL = {"layers": list, "reservations": list, "advice": list, "seed_discrepancies": list}


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


class KnowledgeBaseError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def read_files(data_dir: Path = DATA_DIR) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    crimes = tomllib.loads((data_dir / "crime_types.toml").read_text(encoding="utf-8"))
    files = {}
    for path in sorted((data_dir / "jurisdictions").glob("*.toml")):
        files[path.name] = tomllib.loads(path.read_text(encoding="utf-8"))
    return crimes, files


def _is_url(value: Any) -> bool:
    if not isinstance(value, str) or " " in value.strip():
        return False
    parsed = urlparse(value if "://" in value else f"https://{value}")
    return parsed.scheme in ("http", "https") and "." in parsed.netloc


def _check_fields(where: str, entry: dict[str, Any], required: dict, optional: dict, errors: list[str]) -> None:
    for key, kind in required.items():
        if key not in entry:
            errors.append(f"{where}: missing field '{key}'")
        elif not isinstance(entry[key], kind) or (kind is not bool and isinstance(entry[key], bool)):
            errors.append(f"{where}: field '{key}' should be {getattr(kind, '__name__', kind)}")
        elif isinstance(entry[key], (str, list)) and not entry[key] and key not in ("layers",):
            errors.append(f"{where}: field '{key}' is empty")
    for key in entry:
        if key not in required and key not in optional:
            errors.append(f"{where}: unknown field '{key}'")
        elif key in optional and not isinstance(entry[key], optional[key]):
            errors.append(f"{where}: field '{key}' should be {optional[key].__name__}")


def _check_branch(where: str, branch: dict[str, Any], crime_ids: set[str], errors: list[str]) -> None:
    for key in branch:
        if key not in BRANCH_KEYS:
            errors.append(f"{where}: unknown field '{key}'")
    for axis in ("roles", "crimes", "perpetrators", "statuses", "genders"):
        value = branch.get(axis)
        vocabulary = crime_ids if axis == "crimes" else set(AXIS_VOCABULARY[axis])
        if value is None:
            errors.append(f"{where}: missing '{axis}' (use \"any\" or a list)")
            continue
        if value != "any" and not isinstance(value, list):
            errors.append(f"{where}: '{axis}' must be \"any\" or a list")
            continue
        conditional = branch.get(f"{axis}_if", {})
        for item in ([] if value == "any" else value) + list(conditional):
            if item not in vocabulary:
                errors.append(f"{where}: '{axis}' has unknown value '{item}'")
        if value != "any" and not value and not conditional:
            errors.append(f"{where}: '{axis}' covers nothing")
    cap = branch.get("cap")
    if cap is not None and (cap.get("verdict") != engine.MAY_APPLY or not cap.get("reason")):
        errors.append(f"{where}: cap needs verdict = \"may_apply\" and a reason")
    for text in list(branch.get("why_not", {}).values()):
        if not isinstance(text, str) or not text:
            errors.append(f"{where}: why_not entries must be text")


def validate(crimes_doc: dict[str, Any], files: dict[str, dict[str, Any]]) -> list[str]:
    """Every problem in the data, as readable lines. Empty means valid."""
    errors: list[str] = []
    crime_ids: set[str] = set()
    for index, crime in enumerate(crimes_doc.get("crimes", [])):
        where = f"crime_types.toml crimes[{index}]"
        for key in ("id", "label", "category", "domestic_when_by_partner_or_family"):
            if key not in crime:
                errors.append(f"{where}: missing field '{key}'")
        if crime.get("category") not in CRIME_CATEGORIES:
            errors.append(f"{where}: category must be one of {CRIME_CATEGORIES}")
        if crime.get("id") in crime_ids:
            errors.append(f"{where}: duplicate id '{crime.get('id')}'")
        crime_ids.add(crime.get("id"))
    if not crime_ids:
        errors.append("crime_types.toml: no crimes")

    # A file without an id is reported by _check_fields and still counted, as None.
    jurisdiction_ids: set[str | None] = set()
    mechanism_ids: set[str] = set()
    discrepancy_ids: set[str] = set()
    layer_links: list[tuple[str, str]] = []
    references: list[tuple[str, str]] = []
    for name, doc in files.items():
        _check_fields(name, doc, JURISDICTION_REQUIRED, JURISDICTION_OPTIONAL, errors)
        if doc.get("kind") not in JURISDICTION_KINDS:
            errors.append(f"{name}: kind must be one of {JURISDICTION_KINDS}")
        if doc.get("id") in jurisdiction_ids:
            errors.append(f"{name}: duplicate jurisdiction id '{doc.get('id')}'")
        jurisdiction_ids.add(doc.get("id"))
        for link in doc.get("layers", []):
            if link.get("status") not in LAYER_STATUSES:
                errors.append(f"{name}: layer {link.get('id')} status must be one of {LAYER_STATUSES}")
            layer_links.append((name, link.get("id")))
        for index, entry in enumerate(doc.get("baseline", [])):
            where = f"{name} baseline[{index}]"
            for key in ("id", "statement", "plain", "sources", "confidence"):
                if not entry.get(key):
                    errors.append(f"{where}: missing field '{key}'")
            if entry.get("confidence") not in CONFIDENCE:
                errors.append(f"{where}: confidence must be one of {CONFIDENCE}")
            for url in entry.get("sources", []):
                if not _is_url(url):
                    errors.append(f"{where}: source is not a web address: {url!r}")
        for reservation in doc.get("reservations", []):
            references.append((f"{name} reservations", reservation.get("mechanism", "")))
            if not reservation.get("reason") or not reservation.get("sources"):
                errors.append(f"{name} reservations: a reservation needs a reason and sources")
        for entry in doc.get("seed_discrepancies", []):
            for key in ("id", "seed", "seed_says", "finding", "confidence", "mechanisms"):
                if key not in entry:
                    errors.append(f"{name} seed_discrepancies {entry.get('id')}: missing field '{key}'")
            if entry.get("id") in discrepancy_ids:
                errors.append(f"{name}: duplicate seed discrepancy '{entry.get('id')}'")
            discrepancy_ids.add(entry.get("id"))
            references.extend((f"{name} {entry.get('id')}", m) for m in entry.get("mechanisms", []))
        for index, mechanism in enumerate(doc.get("mechanisms", [])):
            where = f"{name} {mechanism.get('id', f'mechanisms[{index}]')}"
            _check_fields(where, mechanism, MECHANISM_REQUIRED, MECHANISM_OPTIONAL, errors)
            if mechanism.get("id") in mechanism_ids:
                errors.append(f"{where}: duplicate mechanism id")
            mechanism_ids.add(mechanism.get("id"))
            if mechanism.get("kind") not in KINDS:
                errors.append(f"{where}: kind must be one of {KINDS}")
            if mechanism.get("legal_force") not in LEGAL_FORCE:
                errors.append(f"{where}: legal_force must be one of {LEGAL_FORCE}")
            if mechanism.get("confidence") not in CONFIDENCE:
                errors.append(f"{where}: confidence must be one of {CONFIDENCE}")
            for url in mechanism.get("sources", []):
                if not _is_url(url):
                    errors.append(f"{where}: source is not a web address: {url!r}")
            english = mechanism.get("plain", {}).get("en", {})
            for key in PLAIN_FIELDS:
                if not english.get(key):
                    errors.append(f"{where}: plain.en.{key} is missing")
            has_scope, has_follows = bool(mechanism.get("scope")), bool(mechanism.get("follows"))
            if has_scope == has_follows:
                errors.append(f"{where}: needs either scope branches or 'follows', not both or neither")
            for branch_index, branch in enumerate(mechanism.get("scope", [])):
                _check_branch(f"{where} scope[{branch_index}]", branch, crime_ids, errors)
            references.extend((where, m) for m in mechanism.get("follows", []))
    for where, mechanism_id in references:
        if mechanism_id not in mechanism_ids:
            errors.append(f"{where}: refers to unknown mechanism '{mechanism_id}'")
    for where, layer in layer_links:
        if layer not in jurisdiction_ids:
            errors.append(f"{where}: refers to unknown layer '{layer}'")
    return errors


def stale_reviews(files: dict[str, dict[str, Any]], today: dt.date, max_age_days: int = 365) -> list[str]:
    """Mechanisms whose last review is older than max_age_days (12 months by default)."""
    stale = []
    for doc in files.values():
        for mechanism in doc.get("mechanisms", []):
            reviewed = mechanism.get("last_reviewed")
            if isinstance(reviewed, dt.date) and (today - reviewed).days > max_age_days:
                stale.append(f"{mechanism['id']}: last reviewed {reviewed.isoformat()}, more than 12 months ago")
    return stale


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
                    low_confidence=mechanism["confidence"] == "low",
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
