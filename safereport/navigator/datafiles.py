"""Schemas of the navigator's knowledge base (ADR 0010).

    data/crime_types.toml        the controlled vocabulary of crime types
    data/jurisdictions/<id>.toml one file per jurisdiction: baseline, layers,
                                 mechanisms with their scope branches

Every mechanism carries every field of its legal-facts.md block. Scope axes
use the engine's own vocabulary (roles, perpetrators, situations, genders)
and, for crimes, the ids in crime_types.toml, which `_check_references`
holds the files to. Nothing here imports Django.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal
from urllib.parse import urlparse

from pydantic import AfterValidator, PlainValidator, model_validator

from safereport.datafiles import (
    AtLeastOne,
    Confidence,
    DataFile,
    DataModel,
    Date,
    Entry,
    Flag,
    Kind,
    NonEmptyText,
    Problem,
    ReviewStatus,
    Text,
    Translated,
    TranslatedText,
    WholeNumber,
    invalid,
    one_of,
    register,
)
from safereport.navigator import engine

AXES = ("roles", "crimes", "perpetrators", "statuses", "genders")
AXIS_VOCABULARY = {
    "roles": engine.ROLES,
    "perpetrators": engine.PERPETRATORS + (engine.UNKNOWN,),
    "statuses": engine.STATUSES,
    "genders": engine.GENDERS,
}
CRIME_TYPES = "navigator.crime_types"
JURISDICTIONS = "navigator.jurisdictions"


def is_web_address(value: Any) -> bool:
    if not isinstance(value, str) or " " in value.strip():
        return False
    parsed = urlparse(value if "://" in value else f"https://{value}")
    return parsed.scheme in ("http", "https") and "." in parsed.netloc


def _web_address(value: str) -> str:
    if not is_web_address(value):
        raise invalid(f"source is not a web address: {value!r}")
    return value


WebAddress = Annotated[Text, AfterValidator(_web_address)]
Sources = AtLeastOne[WebAddress]
Items = AtLeastOne[NonEmptyText]

# Who reviewed a text: a role, never a person's name (issue 12 §1). A name
# would be personal data in a public repository and says nothing about the
# competence that the review needs.
REVIEWER_ROLES = (
    "immigration lawyer",
    "criminal lawyer",
    "victims' rights lawyer",
    "legal adviser of an accredited organisation",
)
ReviewerRole = Annotated[Text, one_of(REVIEWER_ROLES)]

# What a deadline is counted from; the pages say it in words (strings.py).
COUNTED_FROM = (
    "certification_signed",
    "marriage_ended",
    "period_started",
    "leave_granted",
    "decision",
    "crime",
)
# Where a fact is not in the research: said honestly, never guessed.
UNKNOWN_ASK_A_LAWYER = "unknown — ask a lawyer"


# --- crime_types.toml ------------------------------------------------------------


class Crime(DataModel):
    id: NonEmptyText
    label: NonEmptyText
    category: Literal["sexual", "violence", "exploitation", "property", "other"]
    domestic_when_by_partner_or_family: Flag


class CrimeTypes(DataFile):
    version: WholeNumber
    last_reviewed: Date
    crimes: AtLeastOne[Crime]

    @model_validator(mode="after")
    def _unique(self) -> "CrimeTypes":
        twice = [i for i, n in Counter(c.id for c in self.crimes).items() if n > 1]
        if twice:
            raise invalid(f"duplicate id {twice[0]!r}")
        return self

    @property
    def ids(self) -> set[str]:
        return {c.id for c in self.crimes}

    def entries(self) -> Iterable[Entry]:
        return [Entry(c.id, None) for c in self.crimes]


# --- jurisdictions/*.toml --------------------------------------------------------


def _axis(value: Any) -> str | tuple[str, ...]:
    if value == "any":
        return "any"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    raise invalid('must be "any" or a list of ids')


AxisValue = Annotated[str | tuple[str, ...], PlainValidator(_axis)]
Conditions = dict[str, NonEmptyText]  # value -> the "if ..." shown to people


class Cap(DataModel):
    verdict: Text
    reason: NonEmptyText

    @model_validator(mode="after")
    def _may_apply(self) -> "Cap":
        if self.verdict != engine.MAY_APPLY:
            raise invalid(f'cap needs verdict = "{engine.MAY_APPLY}" and a reason')
        return self


class Branch(DataModel):
    label: Text = ""
    roles: AxisValue
    crimes: AxisValue
    perpetrators: AxisValue
    statuses: AxisValue
    genders: AxisValue
    roles_if: Conditions = {}
    crimes_if: Conditions = {}
    perpetrators_if: Conditions = {}
    statuses_if: Conditions = {}
    genders_if: Conditions = {}
    similar_activity: Flag = False
    attempt_conspiracy: Flag = False
    # Holds the branch at "may apply" where a locality, force or state decides.
    cap: Cap | None = None
    why_not: dict[
        Literal["role", "roles", "crimes", "perpetrators", "statuses", "genders"], NonEmptyText
    ] = {}

    def values(self, axis: str) -> list[str]:
        """Every id the axis names, listed or conditional."""
        listed = getattr(self, axis)
        return ([] if listed == "any" else list(listed)) + list(getattr(self, f"{axis}_if"))

    @model_validator(mode="after")
    def _vocabulary(self) -> "Branch":
        # Crimes are checked against crime_types.toml in _check_references.
        for axis in AXES:
            listed = getattr(self, axis)
            if listed != "any" and not listed and not getattr(self, f"{axis}_if"):
                raise invalid(f"'{axis}' covers nothing")
            if axis == "crimes":
                continue
            for item in self.values(axis):
                if item not in AXIS_VOCABULARY[axis]:
                    raise invalid(f"'{axis}' has unknown value '{item}'")
        return self


class Plain(DataModel):
    """What a person reads about a mechanism, in one language."""

    summary: NonEmptyText
    gives: NonEmptyText
    does_not_give: NonEmptyText
    who_helps: NonEmptyText


class Exposure(DataModel):
    """What applying exposes: who learns the person's status, what a refusal sets off."""

    who_learns: Items
    after_refusal: Items
    sources: Sources


class Deadline(DataModel):
    """A time limit or a protected period, with its source.

    `kind = "deadline"`: something must be done before the date ("you have
    until ..."); `"period"`: a protection lasts until the date;
    `"period_at_least"`: it lasts at least until the date.
    """

    what: NonEmptyText
    kind: Literal["deadline", "period", "period_at_least"]
    counted_from: Annotated[Text, one_of(COUNTED_FROM)]
    days: WholeNumber = 0
    months: WholeNumber = 0
    years: WholeNumber = 0
    sources: Sources
    confidence: Confidence

    @model_validator(mode="after")
    def _some_length(self) -> "Deadline":
        if min(self.days, self.months, self.years) < 0 or not (self.days or self.months or self.years):
            raise invalid("a deadline needs a positive length in days, months or years")
        return self


class Evidence(DataModel):
    """What the mechanism needs, who certifies it, what can be gathered without the police."""

    needs: Items
    certified_by: Items
    without_police: Items
    sources: Sources


class Costs(DataModel):
    fees: NonEmptyText
    legal_aid: NonEmptyText
    sources: Sources


class NextSteps(DataModel):
    """The steps in order, and how the mechanism combines with others."""

    steps: Items
    combines_with: Text = ""
    sources: Sources


class Mechanism(DataModel):
    id: NonEmptyText
    name: NonEmptyText
    kind: Literal["relief", "firewall", "confidentiality", "rights", "no_firewall"]
    legal_force: Literal[
        "statute",
        "regulation",
        "guidelines",
        "policy",
        "local policy",
        "practice",
        "directive",
        "treaty",
        "none",
    ]
    legal_basis: Items
    crimes_covered: NonEmptyText
    perpetrator_fit: NonEmptyText
    who_qualifies: Items
    who_activates: Items
    victim_can_start: Flag
    grants: Items
    does_not_give: Items
    conditions: Items
    duration: NonEmptyText
    limits: Items
    sources: Sources
    confidence: Confidence
    confidence_note: Text = ""
    # The day the text was typed in from the research: not a review.
    transcribed_on: Date
    # A lawyer's review: the date and the reviewer's role (not a name).
    reviewed_on: Date | None = None
    reviewed_by: ReviewerRole | None = None
    # Plain language per language; English is required and is the fallback.
    plain: Translated[Plain]
    scope: tuple[Branch, ...] = ()
    follows: tuple[NonEmptyText, ...] = ()
    follows_if: Text | None = None
    binding_unverified_for: tuple[NonEmptyText, ...] = ()
    outcome_risk: Text = ""
    # Issue 12 §2: what a lawyer at a care centre expects. Optional in the
    # schema; a missing block is shown as "unknown — ask a lawyer" and
    # `navigator check` counts it (--strict in production fails on it).
    exposure: Exposure | None = None
    deadlines: tuple[Deadline, ...] = ()
    evidence: Evidence | None = None
    costs: Costs | None = None
    next_steps: NextSteps | None = None

    @model_validator(mode="after")
    def _scope_or_follows(self) -> "Mechanism":
        if bool(self.scope) == bool(self.follows):
            raise invalid("needs either scope branches or 'follows', not both or neither")
        return self

    @model_validator(mode="after")
    def _review_complete(self) -> "Mechanism":
        if (self.reviewed_on is None) != (self.reviewed_by is None):
            raise invalid("reviewed_on and reviewed_by go together (the date and the reviewer's role)")
        if self.reviewed_on is not None and self.reviewed_on < self.transcribed_on:
            raise invalid("reviewed_on is before transcribed_on: a review cannot precede the text")
        return self

    @property
    def review(self) -> ReviewStatus:
        return ReviewStatus.REVIEWED if self.reviewed_on is not None else ReviewStatus.DRAFT

    def missing_practice(self) -> list[str]:
        """The issue 12 §2 blocks this mechanism does not fill yet."""
        if self.follows:
            return []
        blocks = {"exposure": self.exposure, "deadlines": self.deadlines or None, "evidence": self.evidence,
                  "costs": self.costs, "next_steps": self.next_steps}
        return [name for name, value in blocks.items() if value is None]


class Layer(DataModel):
    id: NonEmptyText
    status: Literal["bound", "unverified"]
    note: Text = ""


class ReportingRisk(DataModel):
    """What reporting to the police can expose in a country (issue 12 §1).

    Shown beside every victims' rights message, so that "your rights do not
    depend on your papers" is never read as protection from immigration
    consequences the country does not give.
    """

    police_firewall: Flag
    statement: NonEmptyText
    plain: Translated[NonEmptyText]
    sources: Sources
    confidence: Confidence


class Baseline(DataModel):
    id: NonEmptyText
    statement: NonEmptyText
    # In the person's language where translated (issue 12 §2.6); English required.
    plain: TranslatedText
    sources: Sources
    confidence: Confidence


class Reservation(DataModel):
    mechanism: NonEmptyText
    reason: NonEmptyText
    sources: Sources
    confidence: Confidence


class Advice(DataModel):
    who: NonEmptyText
    plain: TranslatedText


class SeedDiscrepancy(DataModel):
    id: NonEmptyText
    seed: NonEmptyText
    seed_says: NonEmptyText
    finding: NonEmptyText
    confidence: Confidence
    confidence_note: Text = ""
    mechanisms: tuple[NonEmptyText, ...]
    jurisdictions: tuple[NonEmptyText, ...] = ()


class JurisdictionFile(DataFile):
    id: NonEmptyText
    name: NonEmptyText
    kind: Literal["country", "layer"]
    sources_checked_up_to: NonEmptyText
    # What the pages say about the legal review; the status is the vocabulary's.
    legal_review: NonEmptyText
    legal_review_status: ReviewStatus = ReviewStatus.DRAFT
    legal_reviewer: ReviewerRole | None = None
    legal_reviewed_on: Date | None = None
    # Required of every country (checked below); layers have none.
    reporting_risk: ReportingRisk | None = None
    baseline: AtLeastOne[Baseline]
    mechanisms: AtLeastOne[Mechanism]
    layers: tuple[Layer, ...] = ()
    reservations: tuple[Reservation, ...] = ()
    advice: tuple[Advice, ...] = ()
    seed_discrepancies: tuple[SeedDiscrepancy, ...] = ()

    @model_validator(mode="after")
    def _reviewer_named(self) -> "JurisdictionFile":
        if self.legal_review_status == ReviewStatus.REVIEWED and not (
            self.legal_reviewer and self.legal_reviewed_on
        ):
            raise invalid("legal_review_status = reviewed needs legal_reviewer and legal_reviewed_on")
        return self

    @model_validator(mode="after")
    def _country_says_what_reporting_risks(self) -> "JurisdictionFile":
        if self.kind == "country" and self.reporting_risk is None:
            raise invalid("a country needs [reporting_risk]: what reporting to the police can expose")
        return self

    def entries(self) -> Iterable[Entry]:
        return [Entry(m.id, m.review) for m in self.mechanisms]


def _check_references(
    files: Mapping[str, JurisdictionFile], related: Mapping[str, Mapping[str, Any]]
) -> Iterable[Problem]:
    """Ids unique across files; every id a file mentions exists somewhere."""
    crime_files = related.get(CRIME_TYPES)
    crime_ids = set().union(*(f.ids for f in crime_files.values())) if crime_files is not None else None
    jurisdictions = Counter(doc.id for doc in files.values())
    mechanisms = Counter(m.id for doc in files.values() for m in doc.mechanisms)
    discrepancies = Counter(d.id for doc in files.values() for d in doc.seed_discrepancies)
    for name, doc in files.items():
        if jurisdictions[doc.id] > 1:
            yield Problem(name, "", f"duplicate jurisdiction id '{doc.id}'")
        for layer in doc.layers:
            if layer.id not in jurisdictions:
                yield Problem(name, "", f"refers to unknown layer '{layer.id}'")
        for reservation in doc.reservations:
            if reservation.mechanism not in mechanisms:
                yield Problem(name, "reservations", f"refers to unknown mechanism '{reservation.mechanism}'")
        for discrepancy in doc.seed_discrepancies:
            if discrepancies[discrepancy.id] > 1:
                yield Problem(name, discrepancy.id, "duplicate seed discrepancy id")
            for mechanism_id in discrepancy.mechanisms:
                if mechanism_id not in mechanisms:
                    yield Problem(name, discrepancy.id, f"refers to unknown mechanism '{mechanism_id}'")
        for mechanism in doc.mechanisms:
            if mechanisms[mechanism.id] > 1:
                yield Problem(name, mechanism.id, "duplicate mechanism id")
            for other in mechanism.follows:
                if other not in mechanisms:
                    yield Problem(name, mechanism.id, f"refers to unknown mechanism '{other}'")
            for code in mechanism.binding_unverified_for:
                if code not in jurisdictions:
                    yield Problem(
                        name, mechanism.id, f"binding_unverified_for: unknown jurisdiction '{code}'"
                    )
            if crime_ids is None:
                continue
            for index, branch in enumerate(mechanism.scope):
                for crime in branch.values("crimes"):
                    if crime not in crime_ids:
                        yield Problem(
                            name, f"{mechanism.id} scope[{index}]", f"'crimes' has unknown value '{crime}'"
                        )


register(Kind(CRIME_TYPES, "navigator: crime types", ".", "crime_types.toml", CrimeTypes))
register(
    Kind(
        JURISDICTIONS,
        "navigator: jurisdictions and their mechanisms",
        "jurisdictions",
        "*.toml",
        JurisdictionFile,
        check=_check_references,
        needs=(CRIME_TYPES,),
    )
)
