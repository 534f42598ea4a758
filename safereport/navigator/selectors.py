"""Reads for the navigator's pages and command: explanations shaped for display.

Nothing here writes, logs or remembers a situation: the navigator answers and
forgets (DESIGN.md §3.8; tests/test_privacy.py).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from safereport.navigator import engine, strings
from safereport.navigator.knowledge import KnowledgeBase, default

COUNTRIES = ("BE", "NL", "ES", "IT", "IE", "UK", "US")


@dataclass(frozen=True)
class PlainCondition:
    """One "it depends on this" line, in words the person can read.

    A question the person skipped is said again with the answers that would
    decide it, in their language; any other condition is the data's English
    text, marked as English so a screen reader and the reader know.
    """

    text: str
    answers: tuple[str, ...] = ()
    language: str = ""  # set only when the text is not in the page's language


def plain_conditions(result: engine.Result, language: str) -> list[PlainCondition]:
    conditions = []
    for reason in result.condition_reasons:
        if reason.question in strings.QUESTION_LABELS:
            labels = strings.ANSWER_LABELS[reason.question]
            conditions.append(
                PlainCondition(
                    text=gettext("If your answer to “%(question)s” is one of these:")
                    % {"question": gettext(strings.QUESTION_LABELS[reason.question])},
                    answers=tuple(gettext(labels[answer]) for answer in reason.answers if answer in labels),
                )
            )
        else:
            conditions.append(PlainCondition(text=reason.text, language="" if language == "en" else "en"))
    return conditions


@dataclass(frozen=True)
class MechanismView:
    data: dict[str, Any]
    result: engine.Result
    plain: dict[str, str]
    plain_language: str  # the language `plain` is actually in
    discrepancies: list[dict[str, Any]]
    services: list[Any]
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    conditions: list[PlainCondition] = field(default_factory=list)

    @property
    def reviewed(self) -> bool:
        return bool(self.data.get("reviewed_on"))

    @property
    def practice(self) -> dict[str, Any]:
        """The issue 12 §2 blocks; None where the data has none yet (shown as unknown)."""
        return {block: self.data.get(block) for block in ("exposure", "evidence", "costs", "next_steps")}


def referral_services_for(*, jurisdiction: str, mechanism_id: str) -> list[Any]:
    """Hook for the referral directory (safereport.referrals), which does not exist yet.

    It will return the nearest partner services that can help start this
    mechanism. Until then it returns nothing rather than inventing services;
    the pages show the jurisdiction's general advice instead.
    """
    return []


def add_length(start: dt.date, *, years: int = 0, months: int = 0, days: int = 0) -> dt.date:
    """start + years + months + days; a month end that does not exist falls back to the last day."""
    month_index = start.month - 1 + months + 12 * years
    year, month = start.year + month_index // 12, month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day) + dt.timedelta(days=days)


def deadlines_for(mechanism: dict[str, Any], counted_from: dt.date | None) -> list[dict[str, Any]]:
    """The mechanism's deadlines, each with the date it falls on if the person gave a date.

    The date is used for this answer only and kept nowhere (views.py).
    """
    rows = []
    for deadline in mechanism.get("deadlines", []):
        until = None
        if counted_from is not None:
            until = add_length(
                counted_from,
                years=deadline.get("years", 0),
                months=deadline.get("months", 0),
                days=deadline.get("days", 0),
            )
        label = gettext(strings.COUNTED_FROM_LABELS[deadline["counted_from"]])
        rows.append({**deadline, "until": until, "counted_from_label": label})
    return rows


def localised(entry: dict[str, Any], language: str) -> dict[str, Any]:
    """A baseline or advice entry with `text` in the person's language (English fallback) and its language."""
    plain = entry["plain"]
    if isinstance(plain, str):  # English shorthand in the file
        plain = {"en": plain}
    text_language = language if language in plain else "en"
    return {**entry, "text": plain[text_language], "text_language": text_language}


def reporting_risk_for(jurisdiction: dict[str, Any], language: str) -> dict[str, Any] | None:
    """The country's warning about what reporting to the police can expose, in the person's language."""
    risk = jurisdiction.get("reporting_risk")
    if risk is None:
        return None
    text_language = language if language in risk["plain"] else "en"
    return {**risk, "text": risk["plain"][text_language], "text_language": text_language}


def _plain(mechanism: dict[str, Any], language: str) -> tuple[dict[str, str], str]:
    plain = mechanism["plain"]
    if language in plain:
        return plain[language], language
    return plain["en"], "en"


def explanation_for(
    situation: engine.Situation,
    *,
    language: str = "en",
    kb: KnowledgeBase | None = None,
    counted_from: dt.date | None = None,
) -> dict[str, Any]:
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
                deadlines=deadlines_for(data, counted_from),
                conditions=plain_conditions(result, language),
            )
        )
    jurisdiction = kb.jurisdictions[situation.jurisdiction]
    transcribed = max(m.data["transcribed_on"] for m in mechanisms)
    protective = [m for m in mechanisms if m.result.verdict != engine.DOES_NOT_APPLY and m.data["kind"] != "rights"]
    return {
        "jurisdiction": jurisdiction,
        "country_name": gettext(strings.COUNTRY_NAMES[jurisdiction["id"]]) if jurisdiction["id"] in strings.COUNTRY_NAMES else jurisdiction["name"],
        "situation": situation,
        "derived": explanation.derived,
        "applies": [m for m in mechanisms if m.result.verdict == engine.APPLIES],
        "may_apply": [m for m in mechanisms if m.result.verdict == engine.MAY_APPLY],
        "does_not_apply": [m for m in mechanisms if m.result.verdict == engine.DOES_NOT_APPLY],
        "mechanisms": mechanisms,
        "no_protection": not protective,
        "baseline": [localised(kb.baseline(b), language) for b in explanation.baseline_ids],
        "advice": [localised(entry, language) for entry in jurisdiction.get("advice", [])],
        "sources_checked_up_to": jurisdiction["sources_checked_up_to"],
        "transcribed_on": transcribed,
        "all_reviewed": all(m.reviewed for m in mechanisms),
        "legal_review": jurisdiction["legal_review"],
        "reporting_risk": reporting_risk_for(jurisdiction, language),
        "counted_from": counted_from,
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
                "transcribed_on": kb.mechanisms[result.mechanism_id]["transcribed_on"].isoformat(),
                "reviewed_on": _iso(kb.mechanisms[result.mechanism_id].get("reviewed_on")),
                "reviewed_by": kb.mechanisms[result.mechanism_id].get("reviewed_by"),
            }
            for result in explanation.results
        ],
        "baseline": [
            {"id": b, "statement": kb.baseline(b)["statement"], "sources": kb.baseline(b)["sources"]}
            for b in explanation.baseline_ids
        ],
        "reporting_risk": _risk_json(kb.jurisdictions[situation.jurisdiction].get("reporting_risk")),
    }


def _risk_json(risk: dict[str, Any] | None) -> dict[str, Any] | None:
    if risk is None:
        return None
    return {key: risk[key] for key in ("police_firewall", "statement", "sources", "confidence")}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


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
