"""Schemas of the data files lawyers review for consent (DESIGN.md §3.5, §6.3 r8).

    data/safeguarding/grounds.toml   grounds for sharing without consent, per jurisdiction
    data/retention/<cc>.toml         what an erasure keeps, per jurisdiction

Roles, organisation kinds and purposes are the code's own vocabularies: a rule
that names a kind nobody has would silently never apply, so it is refused.
"""

from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal

from django.utils.translation import get_language
from pydantic import Field, model_validator

from safereport.accounts.permissions import OrganisationKind, Role
from safereport.consent.purposes import Purpose
from safereport.datafiles import (
    AtLeastOne,
    DataFile,
    DataModel,
    Date,
    Entry,
    Kind,
    NonEmptyText,
    Problem,
    ReviewStatus,
    Text,
    TranslatedText,
    WholeNumber,
    in_language,
    invalid,
    one_of,
    register,
)


class LegalReview(DataModel):
    """A file a lawyer has to approve: the note shown to readers and the status."""

    legal_review: NonEmptyText
    legal_review_status: ReviewStatus = ReviewStatus.DRAFT
    legal_reviewer: Text = ""
    legal_reviewed_on: Date | None = None

    @model_validator(mode="after")
    def _reviewer_named(self) -> Any:
        if self.legal_review_status == ReviewStatus.REVIEWED and not (
            self.legal_reviewer and self.legal_reviewed_on
        ):
            raise invalid("legal_review_status = reviewed needs legal_reviewer and legal_reviewed_on")
        return self


class Ground(DataModel):
    key: NonEmptyText
    labels: TranslatedText = Field(alias="label")
    jurisdictions: AtLeastOne[NonEmptyText]  # "*" for everywhere
    approver_role: Annotated[NonEmptyText, one_of(Role.values)]
    valid_hours: Annotated[WholeNumber, Field(gt=0)]
    sources: tuple[NonEmptyText, ...] = ()

    @property
    def label(self) -> str:
        return in_language(self.labels, get_language()).value

    def applies_in(self, jurisdiction: str) -> bool:
        return "*" in self.jurisdictions or jurisdiction.upper() in self.jurisdictions


class SafeguardingGrounds(DataFile, LegalReview):
    ground: AtLeastOne[Ground]

    @model_validator(mode="after")
    def _unique(self) -> "SafeguardingGrounds":
        keys = [g.key for g in self.ground]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise invalid(f"ground key {twice[0]!r} appears twice")
        return self

    def entries(self) -> Iterable[Entry]:
        return [Entry(g.key, self.legal_review_status) for g in self.ground]


class RetentionRule(DataModel):
    id: NonEmptyText
    # Only once the person made a formal report (cases.ReportingStatus.REPORTED).
    applies_when: Literal["reported_to_police"]
    recipient_kind: Annotated[NonEmptyText, one_of(OrganisationKind.values)]
    purpose: Annotated[NonEmptyText, one_of(Purpose.values)]
    keep_years: Annotated[WholeNumber, Field(gt=0)]
    basis: NonEmptyText
    sources: tuple[NonEmptyText, ...] = ()
    explanations: TranslatedText = Field(alias="explanation")

    @property
    def explanation(self) -> str:
        return in_language(self.explanations, get_language()).value


class RetentionRules(DataFile, LegalReview):
    jurisdiction: NonEmptyText
    last_reviewed: Date | None = None
    keep: tuple[RetentionRule, ...] = ()

    def entries(self) -> Iterable[Entry]:
        return [Entry(rule.id, self.legal_review_status) for rule in self.keep]


def _check_retention(files: Mapping[str, RetentionRules], related: Mapping[str, object]) -> Iterable[Problem]:
    # consent.rules finds a jurisdiction's rules by file name.
    for name, rules in files.items():
        if name != f"{rules.jurisdiction.lower()}.toml":
            yield Problem(
                name, "", f"jurisdiction {rules.jurisdiction!r} belongs in {rules.jurisdiction.lower()}.toml"
            )


register(
    Kind(
        "consent.safeguarding",
        "consent: safeguarding grounds",
        "safeguarding",
        "grounds.toml",
        SafeguardingGrounds,
    )
)
register(
    Kind(
        "consent.retention",
        "consent: what an erasure keeps, per jurisdiction",
        "retention",
        "*.toml",
        RetentionRules,
        check=_check_retention,
        # A jurisdiction without a file keeps nothing.
        required=False,
    )
)
