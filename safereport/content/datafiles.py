"""Schemas of the information library's files (data/content/, ADR 0011).

    messages/<slug>[.<JURISDICTION>].toml   one variant of a key message, one [[texts]] per language
    jurisdictions.toml                      facts per jurisdiction: retention, crisis numbers
    centre_policies.toml                    what a centre may promise in its own name
    labels.toml                             words that frame messages, per language
    slugs.toml                              the registry of message slugs

Structure only: whether texts exist in every language, read at grade six and
keep their length limits is `checks.py`'s report, so a translator sees every
such problem in one run instead of the first one.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ConfigDict, Field, field_validator, model_validator

from safereport.datafiles import (
    AtLeastOne,
    Confidence,
    DataFile,
    DataModel,
    Date,
    Entry,
    Flag,
    Kind,
    LanguageCode,
    NonEmptyText,
    Problem,
    ReviewStatus,
    Text,
    TranslatedText,
    WholeNumber,
    blocks_by_language,
    register,
    review_of,
)

ANY_JURISDICTION = "*"
MessageKind = Literal["centre_policy", "law", "information"]


class Source(DataModel):
    id: NonEmptyText
    title: NonEmptyText
    url: NonEmptyText
    confidence: Confidence
    note: Text = ""


class Section(DataModel):
    heading: Text
    body: Annotated[Text, AfterValidator(str.strip)]


class Translation(DataModel):
    language: LanguageCode
    title: Text
    sections: AtLeastOne[Section]
    status: ReviewStatus
    needs_professional_review: Flag
    reviewer: Text = ""
    reviewed_on: Date | None = None
    # Digest of the text the reviewer approved; an edit after review makes the
    # review stale, so a reviewed label never covers words nobody reviewed.
    reviewed_digest: Text = ""

    @property
    def digest(self) -> str:
        payload = json.dumps(
            [self.title, [[s.heading, s.body] for s in self.sections]], ensure_ascii=False
        ).encode()
        return hashlib.sha256(payload).hexdigest()

    @property
    def is_reviewed(self) -> bool:
        return self.status == ReviewStatus.REVIEWED and self.reviewed_digest == self.digest

    def full_text(self) -> str:
        return "\n".join([self.title] + [f"{s.heading}\n{s.body}" for s in self.sections])


class Variant(DataFile):
    """One file of messages/: a message's text for some jurisdictions, in every language."""

    slug: NonEmptyText
    kind: MessageKind
    topic: Text
    order: WholeNumber
    summary: Text
    # For centre_policy messages: the policy the centre must have adopted.
    policy: Text | None = None
    id: NonEmptyText = Field(alias="variant")
    jurisdictions: tuple[NonEmptyText, ...]
    legal_claim: Flag
    sources: tuple[Source, ...] = ()
    texts: dict[str, Translation]
    last_checked: Date | None = None
    checked_against: Text = ""
    legal_review_status: ReviewStatus = ReviewStatus.DRAFT
    legal_reviewer: Text = ""
    legal_reviewed_on: Date | None = None
    # Figures the text states, which must agree with jurisdictions.toml,
    # e.g. {"evidence_retention_months": 6}.
    facts: dict[str, Flag | WholeNumber] = {}

    @field_validator("texts", mode="before")
    @classmethod
    def _by_language(cls, value: Any) -> Any:
        return blocks_by_language(value)

    def applies_to(self, jurisdiction: str) -> bool:
        return ANY_JURISDICTION in self.jurisdictions or jurisdiction in self.jurisdictions

    @property
    def header(self) -> tuple[Any, ...]:
        """What every variant of one message repeats."""
        return (self.kind, self.topic, self.order, self.summary, self.policy)

    def entries(self) -> Iterable[Entry]:
        return [
            Entry(
                f"{self.slug}@{self.id} [{language}]",
                ReviewStatus.REVIEWED if text.is_reviewed else ReviewStatus.DRAFT,
            )
            for language, text in self.texts.items()
        ]


def _check_messages(files: Mapping[str, Variant], related: Mapping[str, object]) -> Iterable[Problem]:
    first: dict[str, Variant] = {}
    seen: set[tuple[str, str]] = set()
    for name, variant in files.items():
        where = f"{variant.slug}@{variant.id}"
        if variant.slug in first and first[variant.slug].header != variant.header:
            yield Problem(
                name,
                where,
                f"kind, topic, order, summary and policy must match the other variants of {variant.slug!r}",
            )
        first.setdefault(variant.slug, variant)
        if (variant.slug, variant.id) in seen:
            yield Problem(name, where, f"variant {variant.id!r} of {variant.slug!r} appears twice")
        seen.add((variant.slug, variant.id))


class CrisisNumber(DataModel):
    id: NonEmptyText
    number: NonEmptyText
    labels: TranslatedText
    # Checked against an official source by a named reviewer; shown to victims only then.
    verified: Flag
    confidence: Confidence
    sources: tuple[Source, ...] = ()
    hours: Text = ""
    note: Text = ""
    # The line reaches the police (112, a police number). The portal lists the
    # lines that do not first, and says which one does (issue 13 §1).
    police: Flag = False


class CentreContact(DataModel):
    """How a person reaches a care centre: phone, address, opening hours.

    `name` is the organisation's name as SafeReport knows it: a card is shown
    only for a centre that exists and takes contacts. A real centre's card is
    shown to victims only when `verified` (checked against the centre's own
    page by a named reviewer); a demo centre's card is shown with a "demo"
    mark, its number invalid in the national numbering plan.
    """

    name: NonEmptyText
    phone: NonEmptyText
    verified: Flag
    demo: Flag = False
    confidence: Confidence
    address: Text = ""
    hours: TranslatedText
    # When an answer to a message usually comes, in the centre's words.
    answers_within: TranslatedText
    sources: tuple[Source, ...] = ()
    note: Text = ""


class Retention(DataModel):
    months: WholeNumber | None = None
    basis: Text
    confidence: Confidence
    sources: tuple[Source, ...] = ()
    note: Text = ""


class Jurisdiction(DataModel):
    code: NonEmptyText
    name: NonEmptyText
    victims_rights_directive: Flag
    evidence_retention: Retention
    crisis_numbers: tuple[CrisisNumber, ...]
    centres: tuple[CentreContact, ...] = ()


def _name_tables(data: Any, field: str) -> Any:
    """Each top-level table's name becomes a field of it ([BE] -> code = "BE")."""
    if not isinstance(data, dict):
        return data
    return {key: {**table, field: key} if isinstance(table, dict) else table for key, table in data.items()}


class JurisdictionFacts(DataFile):
    """jurisdictions.toml: one table per jurisdiction code."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, Jurisdiction] = Field(init=False)

    @model_validator(mode="before")
    @classmethod
    def _code_from_table_name(cls, data: Any) -> Any:
        return _name_tables(data, "code")

    @property
    def jurisdictions(self) -> dict[str, Jurisdiction]:
        return dict(self.model_extra or {})

    def entries(self) -> Iterable[Entry]:
        return [
            Entry(f"{code} {number.id}", review_of(number.verified))
            for code, found in self.jurisdictions.items()
            for number in found.crisis_numbers
        ] + [
            Entry(f"{code} centre {centre.name}", review_of(centre.verified))
            for code, found in self.jurisdictions.items()
            for centre in found.centres
        ]


class CentrePolicy(DataModel):
    key: NonEmptyText
    description: NonEmptyText
    default: Flag


class CentrePolicies(DataFile):
    """centre_policies.toml: one table per policy key (staff-facing English)."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, CentrePolicy] = Field(init=False)

    @model_validator(mode="before")
    @classmethod
    def _key_from_table_name(cls, data: Any) -> Any:
        return _name_tables(data, "key")

    @property
    def policies(self) -> dict[str, CentrePolicy]:
        return dict(self.model_extra or {})

    def entries(self) -> Iterable[Entry]:
        return [Entry(key, None) for key in self.policies]


class Labels(DataFile):
    """labels.toml: one table per label, one text per language."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, TranslatedText] = Field(init=False)

    @property
    def labels(self) -> dict[str, dict[str, str]]:
        return {key: dict(value) for key, value in (self.model_extra or {}).items()}

    def entries(self) -> Iterable[Entry]:
        # No review is recorded for labels yet, so they count as drafts.
        return [Entry(key, ReviewStatus.DRAFT) for key in self.labels]


class Slugs(DataFile):
    """slugs.toml: slugs are never renamed or reused; a withdrawn one is retired."""

    active: tuple[NonEmptyText, ...]
    retired: tuple[NonEmptyText, ...] = ()

    def entries(self) -> Iterable[Entry]:
        return [Entry(slug, None) for slug in self.active + self.retired]


for kind in (
    Kind(
        "content.messages",
        "information library: key messages",
        "content/messages",
        "*.toml",
        Variant,
        check=_check_messages,
    ),
    Kind(
        "content.jurisdictions",
        "information library: facts per jurisdiction",
        "content",
        "jurisdictions.toml",
        JurisdictionFacts,
    ),
    Kind(
        "content.policies",
        "information library: centre policies",
        "content",
        "centre_policies.toml",
        CentrePolicies,
    ),
    Kind("content.labels", "information library: framing labels", "content", "labels.toml", Labels),
    Kind("content.slugs", "information library: slug registry", "content", "slugs.toml", Slugs),
):
    register(kind)

__all__ = [
    "ANY_JURISDICTION",
    "CentreContact",
    "CentrePolicies",
    "CentrePolicy",
    "CrisisNumber",
    "Jurisdiction",
    "JurisdictionFacts",
    "Labels",
    "Retention",
    "Section",
    "Slugs",
    "Source",
    "Translation",
    "Variant",
]
