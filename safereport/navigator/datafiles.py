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
    WholeNumber,
    invalid,
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
    last_reviewed: Date
    # Plain language per language; English is required and is the fallback.
    plain: Translated[Plain]
    scope: tuple[Branch, ...] = ()
    follows: tuple[NonEmptyText, ...] = ()
    follows_if: Text | None = None
    binding_unverified_for: tuple[NonEmptyText, ...] = ()
    outcome_risk: Text = ""

    @model_validator(mode="after")
    def _scope_or_follows(self) -> "Mechanism":
        if bool(self.scope) == bool(self.follows):
            raise invalid("needs either scope branches or 'follows', not both or neither")
        return self


class Layer(DataModel):
    id: NonEmptyText
    status: Literal["bound", "unverified"]
    note: Text = ""


class Baseline(DataModel):
    id: NonEmptyText
    statement: NonEmptyText
    plain: NonEmptyText
    sources: Sources
    confidence: Confidence


class Reservation(DataModel):
    mechanism: NonEmptyText
    reason: NonEmptyText
    sources: Sources
    confidence: Confidence


class Advice(DataModel):
    who: NonEmptyText
    plain: NonEmptyText


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
    legal_reviewer: Text = ""
    legal_reviewed_on: Date | None = None
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

    def entries(self) -> Iterable[Entry]:
        return [Entry(m.id, self.legal_review_status) for m in self.mechanisms]


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
