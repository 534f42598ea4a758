"""data/relief/<place>.toml: how a relief procedure runs, per navigator mechanism (ADR 0033).

Each `[[procedure]]` names a navigator mechanism by its id (US-U, IT-18,
ES-31BIS, …) and says, where the research describes it, its steps, its
clocks (each with its legal source and whether the law binds the authority
to it) and the documents the person gathers. A mechanism whose steps have
not been described says `described = false` and gives none: the page says
"steps not yet described", never a guess.

Each `[[certification_law]]` is a state or local law that puts a clock on a
certifying agency (California Penal Code 679.10, Illinois VOICES Act, …).
Facts come from research/wave2-facts.md §4 with their sources and
confidence; a lawyer has not reviewed them yet (drafts).
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal

from django.utils.translation import get_language
from pydantic import Field, model_validator

from safereport import datafiles
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
    TranslatedText,
    WholeNumber,
    in_language,
    invalid,
    register,
)
from safereport.relief.policies import Unit

Positive = Annotated[WholeNumber, Field(gt=0)]

# What a step moves the procedure to (relief.models.ProcedureStatus): a step
# that leaves the status alone says nothing.
Moves = Literal["start", "grant", "refuse"]
DocumentKind = Literal["form", "evidence", "certification", "fee", "identity"]


def _name(texts: Mapping[str, str]) -> str:
    return in_language(texts, get_language()).value


class Step(DataModel):
    id: NonEmptyText
    names: TranslatedText = Field(alias="name")
    # Who acts: "the person", "the lawyer", "the Questore", …, per staff language (drafts, ADR 0036).
    actors: TranslatedText = Field(alias="actor")
    moves: Moves | None = None
    legal_source: NonEmptyText

    @property
    def name(self) -> str:
        return _name(self.names)

    @property
    def actor(self) -> str:
        return _name(self.actors)


class ClockRule(DataModel):
    id: NonEmptyText
    names: TranslatedText = Field(alias="name")
    # The step (or certification event) whose date starts the clock.
    starts: NonEmptyText
    amount: Positive
    unit: Unit
    legal_source: NonEmptyText
    # False where case law or practice treats the term as indicative only
    # (Italy's 60 days): the page says it does not bind the authority.
    binding: Flag
    # What happens when it runs out ("negative silence: treat it as a refusal").
    on_expiry: TranslatedText | None = None
    confidence: Confidence

    @property
    def name(self) -> str:
        return _name(self.names)


class Document(DataModel):
    id: NonEmptyText
    names: TranslatedText = Field(alias="name")
    kind: DocumentKind
    # Touches migration status: kept in the sealed compartment, read only during an unlock.
    migration_status: Flag = False
    legal_source: Text = ""

    @property
    def name(self) -> str:
        return _name(self.names)


class Procedure(DataModel):
    # The navigator's mechanism id (data/jurisdictions/*.toml).
    mechanism: NonEmptyText
    jurisdiction: NonEmptyText
    names: TranslatedText = Field(alias="name")
    described: Flag
    # Holiday calendar for business days: country and, where it matters, subdivision.
    holiday_country: NonEmptyText
    certification_form: Text = ""
    # The language of the authority that receives the filing (the packet's language).
    authority_language: NonEmptyText = "en"
    steps: tuple[Step, ...] = Field(default=(), alias="step")
    clocks: tuple[ClockRule, ...] = Field(default=(), alias="clock")
    documents: tuple[Document, ...] = Field(default=(), alias="document")
    confidence: Confidence
    sources: AtLeastOne[NonEmptyText]
    review_status: ReviewStatus = ReviewStatus.DRAFT
    transcribed_on: Date
    reviewed_on: Date | None = None
    reviewed_by: Text = ""

    @model_validator(mode="after")
    def _steps_only_when_described(self) -> Any:
        if not self.described and (self.steps or self.clocks or self.documents):
            raise invalid("described = false must give no steps, clocks or documents: the software never guesses")
        if self.described and not self.steps:
            raise invalid("described = true needs at least one step")
        ids = [s.id for s in self.steps]
        if len(set(ids)) != len(ids):
            raise invalid("a step id is used twice")
        return self

    @property
    def name(self) -> str:
        return _name(self.names)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


class CertificationLaw(DataModel):
    id: NonEmptyText
    jurisdiction: NonEmptyText
    region: NonEmptyText
    # The holiday calendar's subdivision code ("CA", "IL") for business days.
    holiday_subdivision: Text = ""
    names: TranslatedText = Field(alias="name")
    forms: AtLeastOne[Literal["I-918B", "I-914B"]]
    response_amount: Positive
    response_unit: Unit
    removal_amount: Positive | None = None
    removal_unit: Unit | None = None
    # A family member loses eligibility soon (California AB 1261: within 60 days → 7 days).
    family_loss_amount: Positive | None = None
    family_loss_window_days: Positive | None = None
    denial_reason_required: Flag
    # How long the agency has to answer an appeal of a denial (Illinois: 30 business days).
    appeal_answer_amount: Positive | None = None
    appeal_answer_unit: Unit | None = None
    court_action: Flag = False
    legal_source: NonEmptyText
    confidence: Confidence
    sources: AtLeastOne[NonEmptyText]
    review_status: ReviewStatus = ReviewStatus.DRAFT
    transcribed_on: Date

    @model_validator(mode="after")
    def _units_with_amounts(self) -> Any:
        for amount, unit in (
            (self.removal_amount, self.removal_unit),
            (self.appeal_answer_amount, self.appeal_answer_unit),
        ):
            if (amount is None) != (unit is None):
                raise invalid("an amount needs its unit, and a unit its amount")
        if (self.family_loss_amount is None) != (self.family_loss_window_days is None):
            raise invalid("family_loss_amount and family_loss_window_days go together")
        return self

    @property
    def name(self) -> str:
        return _name(self.names)


class ReliefFile(DataFile):
    procedures: tuple[Procedure, ...] = Field(default=(), alias="procedure")
    certification_laws: tuple[CertificationLaw, ...] = Field(default=(), alias="certification_law")

    def entries(self) -> Iterable[Entry]:
        return [Entry(p.mechanism, p.review_status) for p in self.procedures] + [
            Entry(law.id, law.review_status) for law in self.certification_laws
        ]


NAVIGATOR = "navigator.jurisdictions"


def _check(files: Mapping[str, ReliefFile], related: Mapping[str, Mapping[str, Any]]) -> Iterable[Problem]:
    known = {m.id for doc in related.get(NAVIGATOR, {}).values() for m in doc.mechanisms}
    mechanisms = Counter(p.mechanism for f in files.values() for p in f.procedures)
    laws = Counter(law.id for f in files.values() for law in f.certification_laws)
    for name, f in files.items():
        for p in f.procedures:
            if p.mechanism not in known:
                yield Problem(name, p.mechanism, "is not a mechanism id of the navigator (data/jurisdictions/)")
            if mechanisms[p.mechanism] > 1:
                yield Problem(name, p.mechanism, "this mechanism is described more than once")
            steps = {s.id for s in p.steps}
            for clock in p.clocks:
                if clock.starts not in steps:
                    yield Problem(name, f"{p.mechanism} clock {clock.id}", f"starts at '{clock.starts}', which is not a step")
        for law in f.certification_laws:
            if laws[law.id] > 1:
                yield Problem(name, law.id, "this law id is used more than once")


KIND = register(
    Kind(
        name="relief.procedures",
        title="relief: steps, clocks and documents per mechanism; certification laws",
        directory="relief",
        pattern="*.toml",
        model=ReliefFile,
        check=_check,
        needs=(NAVIGATOR,),
    )
)


def procedures() -> dict[str, Procedure]:
    """Every procedure by mechanism id (the data-file layer caches the validated files)."""
    loaded = datafiles.load(KIND.name)
    return {p.mechanism: p for f in loaded.values() for p in f.procedures}


def procedure(mechanism: str) -> Procedure | None:
    return procedures().get(mechanism)


def certification_laws() -> dict[str, CertificationLaw]:
    loaded = datafiles.load(KIND.name)
    return {law.id: law for f in loaded.values() for law in f.certification_laws}


def certification_law(law_id: str) -> CertificationLaw | None:
    return certification_laws().get(law_id)
