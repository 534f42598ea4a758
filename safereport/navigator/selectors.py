"""Reads for the navigator's pages and command: explanations shaped for display.

Nothing here writes, logs or remembers a situation: the navigator answers and
forgets (DESIGN.md §3.8; tests/test_privacy.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from safereport.navigator import engine
from safereport.navigator.knowledge import KnowledgeBase, default

COUNTRIES = ("BE", "NL", "ES", "IT", "IE", "UK", "US")


@dataclass(frozen=True)
class MechanismView:
    data: dict[str, Any]
    result: engine.Result
    plain: dict[str, str]
    plain_language: str  # the language `plain` is actually in
    discrepancies: list[dict[str, Any]]
    services: list[Any]


def referral_services_for(*, jurisdiction: str, mechanism_id: str) -> list[Any]:
    """Hook for the referral directory (safereport.referrals), which does not exist yet.

    It will return the nearest partner services that can help start this
    mechanism. Until then it returns nothing rather than inventing services;
    the pages show the jurisdiction's general advice instead.
    """
    return []


def _plain(mechanism: dict[str, Any], language: str) -> tuple[dict[str, str], str]:
    plain = mechanism["plain"]
    if language in plain:
        return plain[language], language
    return plain["en"], "en"


def explanation_for(situation: engine.Situation, *, language: str = "en", kb: KnowledgeBase | None = None) -> dict[str, Any]:
    kb = kb or default()
    explanation = engine.explain(kb.rules, situation)
    mechanisms = []
    for result in explanation.results:
        data = kb.mechanisms[result.mechanism_id]
        plain, plain_language = _plain(data, language)
        mechanisms.append(
            MechanismView(
                data=data,
                result=result,
                plain=plain,
                plain_language=plain_language,
                discrepancies=kb.discrepancies_for(result.mechanism_id),
                services=referral_services_for(jurisdiction=situation.jurisdiction, mechanism_id=result.mechanism_id),
            )
        )
    jurisdiction = kb.jurisdictions[situation.jurisdiction]
    reviewed = max(m["last_reviewed"] for m in kb.mechanisms.values() if m["jurisdiction"] in {situation.jurisdiction, "EU", "CoE"})
    protective = [m for m in mechanisms if m.result.verdict != engine.DOES_NOT_APPLY and m.data["kind"] != "rights"]
    return {
        "jurisdiction": jurisdiction,
        "situation": situation,
        "derived": explanation.derived,
        "applies": [m for m in mechanisms if m.result.verdict == engine.APPLIES],
        "may_apply": [m for m in mechanisms if m.result.verdict == engine.MAY_APPLY],
        "does_not_apply": [m for m in mechanisms if m.result.verdict == engine.DOES_NOT_APPLY],
        "mechanisms": mechanisms,
        "no_protection": not protective,
        "baseline": [kb.baseline(b) for b in explanation.baseline_ids],
        "advice": jurisdiction.get("advice", []),
        "sources_checked_up_to": jurisdiction["sources_checked_up_to"],
        "last_reviewed": reviewed,
        "legal_review": jurisdiction["legal_review"],
    }


def as_json(situation: engine.Situation, kb: KnowledgeBase | None = None) -> dict[str, Any]:
    """The command line's --format json shape (issue 7 §5)."""
    kb = kb or default()
    explanation = engine.explain(kb.rules, situation)
    return {
        "jurisdiction": situation.jurisdiction,
        "situation": {
            "role": situation.role,
            "crimes": list(situation.crimes),
            "perpetrator": situation.perpetrator,
            "situation": situation.status,
            "gender": situation.gender,
        },
        "derived": [reason.as_dict() for reason in explanation.derived],
        "mechanisms": [
            {
                "id": result.mechanism_id,
                "layer": result.jurisdiction,
                "name": kb.mechanisms[result.mechanism_id]["name"],
                "verdict": result.verdict,
                "reasons": [reason.as_dict() for reason in result.reasons],
                "sources": kb.mechanisms[result.mechanism_id]["sources"],
                "confidence": kb.mechanisms[result.mechanism_id]["confidence"],
                "last_reviewed": kb.mechanisms[result.mechanism_id]["last_reviewed"].isoformat(),
            }
            for result in explanation.results
        ],
        "baseline": [
            {"id": b, "statement": kb.baseline(b)["statement"], "sources": kb.baseline(b)["sources"]}
            for b in explanation.baseline_ids
        ],
    }


def comparison(*, role: str, crimes: tuple[str, ...], perpetrator: str, status: str, gender: str, kb: KnowledgeBase | None = None) -> list[dict[str, Any]]:
    """One column per country for the same situation: the 'geographic roulette' made visible."""
    kb = kb or default()
    columns = []
    for country in COUNTRIES:
        explanation = engine.explain(kb.rules, engine.Situation(country, role, crimes, perpetrator, status, gender))
        rows = [(kb.mechanisms[r.mechanism_id], r) for r in explanation.results]
        columns.append({
            "jurisdiction": kb.jurisdictions[country],
            "applies": [(m, r) for m, r in rows if r.verdict == engine.APPLIES],
            "may_apply": [(m, r) for m, r in rows if r.verdict == engine.MAY_APPLY],
            "firewall": any(r.verdict == engine.APPLIES and m["kind"] == "firewall" and m["id"] != "IT-35" for m, r in rows),
        })
    return columns
