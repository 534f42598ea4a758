"""The rights navigator's engine: which safe reporting mechanisms fit a situation.

Pure functions over the knowledge base (knowledge.py); no Django, no I/O, so
the same code answers the victim page, the professional page, the command
line and the benchmark.

Verdicts are about *scope*: does the situation fall within what the law (or
policy) covers? What it then takes to succeed (a certification, cooperation,
a court outcome) is listed as the mechanism's conditions, not hidden in the
verdict. Three verdicts:

    applies          every axis of one scope branch fits
    may_apply        nothing excludes it, but something is conditional or
                     unknown; each "if ..." says what it turns on
    does_not_apply   every branch is excluded; each reason names the field

An unknown answer never excludes: it becomes "may apply - if ...". Each
reason carries the data field that decided it (e.g. "scope[1].genders").
"""

from __future__ import annotations

from dataclasses import dataclass, field

APPLIES = "applies"
MAY_APPLY = "may_apply"
DOES_NOT_APPLY = "does_not_apply"
VERDICTS = (APPLIES, MAY_APPLY, DOES_NOT_APPLY)
_RANK = {APPLIES: 2, MAY_APPLY: 1, DOES_NOT_APPLY: 0}

UNKNOWN = "unknown"
ROLES = ("victim", "witness")
PERPETRATORS = ("stranger", "partner", "family", "employer", "organisation")
STATUSES = ("undocumented", "dependent_on_perpetrator", "dependent_other", "asylum_applicant", "other")
GENDERS = ("female", "male", "other")

# How each axis is described when the answer is unknown and the branch limits it.
_AXIS_NOUN = {
    "roles": "role",
    "perpetrators": "perpetrator",
    "statuses": "residence situation",
    "genders": "gender",
    "crimes": "crime",
}


@dataclass(frozen=True)
class Situation:
    """What the person chose to tell. Every field may stay unknown."""

    jurisdiction: str
    role: str = UNKNOWN
    crimes: tuple[str, ...] = ()
    perpetrator: str = UNKNOWN
    status: str = UNKNOWN
    gender: str = UNKNOWN


@dataclass(frozen=True)
class Reason:
    field: str
    text: str
    # True when the text is an "if ...": something that must hold for a may_apply.
    condition: bool = False
    # For a question the person skipped: which question, and the answers that
    # would decide it, so a page can say it in the person's words and language.
    question: str = ""
    answers: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "text": self.text}


@dataclass(frozen=True)
class Result:
    mechanism_id: str
    jurisdiction: str
    verdict: str
    reasons: tuple[Reason, ...]
    conditions: tuple[str, ...] = ()  # the "if ..." parts of a may_apply, for plain display
    condition_reasons: tuple[Reason, ...] = ()  # the same, with the question behind each


@dataclass(frozen=True)
class Explanation:
    situation: Situation
    results: tuple[Result, ...]
    baseline_ids: tuple[str, ...]
    derived: tuple[Reason, ...] = field(default=())

    def verdict_of(self, mechanism_id: str) -> str:
        for result in self.results:
            if result.mechanism_id == mechanism_id:
                return result.verdict
        raise KeyError(mechanism_id)

    def result_of(self, mechanism_id: str) -> Result:
        for result in self.results:
            if result.mechanism_id == mechanism_id:
                return result
        raise KeyError(mechanism_id)


# --- the knowledge the engine reads (built by knowledge.py) ---------------


@dataclass(frozen=True)
class Axis:
    """One axis of a scope branch: allowed values, conditional values, why not."""

    name: str
    any: bool
    allowed: frozenset[str]
    conditional: dict[str, str]
    why_not: str | None


@dataclass(frozen=True)
class Branch:
    index: int
    label: str
    roles: Axis
    crimes: Axis
    perpetrators: Axis
    statuses: Axis
    genders: Axis
    similar_activity: bool
    attempt_conspiracy: bool
    cap_reason: str | None


@dataclass(frozen=True)
class MechanismRules:
    id: str
    jurisdiction: str
    branches: tuple[Branch, ...]
    follows: tuple[str, ...]
    follows_if: str | None
    low_confidence: bool
    binding_unverified_for: frozenset[str]


@dataclass(frozen=True)
class CrimeType:
    id: str
    category: str
    domestic_when_by_partner_or_family: bool


@dataclass(frozen=True)
class LayerLink:
    layer: str
    status: str  # bound | unverified
    note: str | None


@dataclass(frozen=True)
class JurisdictionRules:
    id: str
    name: str
    kind: str  # country | layer
    mechanisms: tuple[MechanismRules, ...]
    layers: tuple[LayerLink, ...]
    reservations: dict[str, str]
    baseline_ids: tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    jurisdictions: dict[str, JurisdictionRules]
    crimes: dict[str, CrimeType]


# --- evaluation -------------------------------------------------------------


def _check_axis(axis: Axis, value: str, where: str) -> tuple[str, Reason | None]:
    if axis.any:
        return APPLIES, None
    if value == UNKNOWN:
        if axis.allowed or axis.conditional:
            answers = tuple(sorted(axis.allowed | set(axis.conditional)))
            text = f"if your {_AXIS_NOUN[axis.name]} is one of: {', '.join(answers)}"
            return MAY_APPLY, Reason(where, text, True, question=axis.name, answers=answers)
        return DOES_NOT_APPLY, Reason(where, axis.why_not or f"no {_AXIS_NOUN[axis.name]} is covered")
    if value in axis.allowed:
        return APPLIES, Reason(where, f"{_AXIS_NOUN[axis.name]} '{value}' is covered")
    if value in axis.conditional:
        return MAY_APPLY, Reason(f"{where}_if.{value}", axis.conditional[value], True)
    return DOES_NOT_APPLY, Reason(where, axis.why_not or f"{_AXIS_NOUN[axis.name]} '{value}' is not covered")


def _check_crimes(
    branch: Branch, crimes: tuple[str, ...], catalogue: dict[str, CrimeType], where: str
) -> tuple[str, Reason | None]:
    axis = branch.crimes
    if axis.any:
        return APPLIES, Reason(where, "any crime is covered")
    if not crimes:
        answers = tuple(sorted(axis.allowed | set(axis.conditional)))
        return MAY_APPLY, Reason(where, f"if the crime is one of: {', '.join(answers)}", True, question="crimes", answers=answers)
    covered = [crime for crime in crimes if crime in axis.allowed]
    if covered:
        text = f"covered crime: {', '.join(covered)}"
        if branch.attempt_conspiracy:
            text += " (attempt, conspiracy and solicitation are covered too)"
        return APPLIES, Reason(where, text)
    conditional = [crime for crime in crimes if crime in axis.conditional]
    if conditional:
        crime = conditional[0]
        return MAY_APPLY, Reason(f"{where}_if.{crime}", axis.conditional[crime], True)
    if branch.similar_activity:
        similar = [c for c in crimes if c in catalogue and catalogue[c].category != "property"]
        if similar:
            return MAY_APPLY, Reason(
                f"{where.rsplit('.', 1)[0]}.similar_activity",
                "if the acts amount to 'similar activity' to a listed crime (a lawyer can check)",
                True,
            )
    return DOES_NOT_APPLY, Reason(where, axis.why_not or f"not among the crimes it covers: {', '.join(crimes)}")


def _evaluate_branch(branch: Branch, situation: Situation, crimes: tuple[str, ...], catalogue: dict[str, CrimeType], prefix: str) -> tuple[str, list[Reason]]:
    where = f"{prefix}scope[{branch.index}]"
    checks = [
        _check_axis(branch.roles, situation.role, f"{where}.roles"),
        _check_crimes(branch, crimes, catalogue, f"{where}.crimes"),
        _check_axis(branch.perpetrators, situation.perpetrator, f"{where}.perpetrators"),
        _check_axis(branch.statuses, situation.status, f"{where}.statuses"),
        _check_axis(branch.genders, situation.gender, f"{where}.genders"),
    ]
    worst = min((verdict for verdict, _ in checks), key=_RANK.__getitem__)
    if worst == APPLIES:
        reasons = [reason for _, reason in checks if reason is not None]
    else:
        reasons = [reason for verdict, reason in checks if verdict == worst and reason is not None]
    if worst == DOES_NOT_APPLY:
        return worst, reasons
    if branch.cap_reason:
        reasons.append(Reason(f"{where}.cap", branch.cap_reason, True))
        if worst == APPLIES:
            # Only the cap is a condition; the rest stays as context after it.
            reasons = [reasons[-1], *reasons[:-1]]
        worst = MAY_APPLY
    return worst, reasons


def effective_crimes(situation: Situation, catalogue: dict[str, CrimeType]) -> tuple[tuple[str, ...], tuple[Reason, ...]]:
    """The crimes as told, plus domestic violence where the perpetrator makes it so."""
    crimes = tuple(dict.fromkeys(situation.crimes))
    if situation.perpetrator in ("partner", "family") and "domestic_violence" not in crimes:
        triggers = [c for c in crimes if c in catalogue and catalogue[c].domestic_when_by_partner_or_family]
        if triggers:
            return crimes + ("domestic_violence",), (
                Reason(
                    "crime_types.domestic_when_by_partner_or_family",
                    f"{', '.join(triggers)} by a partner, ex-partner or family member is also domestic violence",
                ),
            )
    return crimes, ()


def evaluate_mechanism(
    mechanism: MechanismRules,
    situation: Situation,
    crimes: tuple[str, ...],
    catalogue: dict[str, CrimeType],
    country: str,
) -> tuple[str, list[Reason]]:
    prefix = f"{mechanism.id}."
    best_verdict = DOES_NOT_APPLY
    best_reasons: list[Reason] = []
    exclusions: list[Reason] = []
    for branch in mechanism.branches:
        verdict, reasons = _evaluate_branch(branch, situation, crimes, catalogue, prefix)
        if verdict == DOES_NOT_APPLY:
            exclusions.extend(r for r in reasons if r not in exclusions)
        elif _RANK[verdict] > _RANK[best_verdict]:
            best_verdict, best_reasons = verdict, reasons
    if best_verdict == DOES_NOT_APPLY:
        best_reasons = exclusions
    if mechanism.low_confidence and best_verdict == APPLIES:
        best_verdict = MAY_APPLY
        best_reasons = [Reason(f"{prefix}confidence", "if the details hold: they are not verified (confidence: low)", True), *best_reasons]
    if best_verdict != DOES_NOT_APPLY and country in mechanism.binding_unverified_for:
        best_verdict = MAY_APPLY
        best_reasons = [
            Reason(f"{prefix}binding_unverified_for", f"if {country} takes part in this instrument (not verified)", True),
            *best_reasons,
        ]
    return best_verdict, best_reasons


def explain(rules: Rules, situation: Situation) -> Explanation:
    """Every mechanism of the jurisdiction and of the layers that reach it."""
    jurisdiction = rules.jurisdictions[situation.jurisdiction]
    crimes, derived = effective_crimes(situation, rules.crimes)
    results: list[Result] = []
    verdicts: dict[str, str] = {}
    scopes: list[tuple[JurisdictionRules, LayerLink | None]] = [(jurisdiction, None)]
    scopes += [(rules.jurisdictions[link.layer], link) for link in jurisdiction.layers]
    baseline_ids = list(jurisdiction.baseline_ids)
    for scope, link in scopes:
        if link is not None:
            baseline_ids.extend(scope.baseline_ids)
        for mechanism in scope.mechanisms:
            if mechanism.id in jurisdiction.reservations:
                verdict = DOES_NOT_APPLY
                reasons = [Reason(f"{jurisdiction.id}.reservations.{mechanism.id}", jurisdiction.reservations[mechanism.id])]
            elif mechanism.follows:
                followed = [verdicts.get(m, DOES_NOT_APPLY) for m in mechanism.follows]
                if any(v != DOES_NOT_APPLY for v in followed):
                    verdict = MAY_APPLY
                    reasons = [Reason(f"{mechanism.id}.follows", mechanism.follows_if or "if you use a mechanism it protects", True)]
                else:
                    verdict = DOES_NOT_APPLY
                    reasons = [Reason(f"{mechanism.id}.follows", f"it protects only applicants for {', '.join(mechanism.follows)}, none of which fits")]
            else:
                verdict, reasons = evaluate_mechanism(mechanism, situation, crimes, rules.crimes, jurisdiction.id)
                if link is not None and link.status == "unverified" and verdict != DOES_NOT_APPLY:
                    verdict = MAY_APPLY
                    reasons = [
                        Reason(
                            f"{jurisdiction.id}.layers.{link.layer}",
                            f"if {jurisdiction.name} is bound by it without reservation (not verified)",
                            True,
                        ),
                        *reasons,
                    ]
            verdicts[mechanism.id] = verdict
            condition_reasons = tuple(r for r in reasons if r.condition) if verdict == MAY_APPLY else ()
            conditions = tuple(r.text for r in condition_reasons)
            results.append(Result(mechanism.id, scope.id, verdict, tuple(reasons), conditions, condition_reasons))
    return Explanation(situation, tuple(results), tuple(baseline_ids), derived)
