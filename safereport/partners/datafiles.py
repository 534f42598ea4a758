"""Schema of the immigration-enforcement denylist (DESIGN.md §3.1, §3.4a; ADR 0014).

    data/firewall/immigration_bodies.toml

Bodies that enforce immigration law, per jurisdiction, with the names and
abbreviations they go by, and the words that mark an organisation as one in
any jurisdiction. An organisation whose name matches is never a partner and
never receives anything, whatever kind it was registered as. A lawyer in each
jurisdiction reviews the file; until then it says it is a draft.
"""

from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import Field, model_validator

from safereport.datafiles import (
    AtLeastOne,
    DataFile,
    DataModel,
    Date,
    Entry,
    Flag,
    Kind,
    LanguageCode,
    NonEmptyText,
    ReviewStatus,
    Text,
    invalid,
    register,
)
from safereport.partners.policies import normalise

Jurisdiction = Annotated[str, Field(pattern=r"^([A-Z]{2}|EU)$")]


def _matchable(text: str, where: str) -> None:
    if len(normalise(text).replace(" ", "")) < 2:
        raise invalid(f"{where} {text!r} has fewer than two letters or digits once normalised; it would match too much")


class Body(DataModel):
    key: NonEmptyText
    jurisdiction: Jurisdiction
    name: NonEmptyText
    aliases: tuple[NonEmptyText, ...] = ()
    what: NonEmptyText  # what the body does, in English: why it is on the list
    sources: AtLeastOne[NonEmptyText]
    verified: Flag = False
    last_checked: Date | None = None

    @model_validator(mode="after")
    def _names_match_something(self) -> Any:
        for text in (self.name, *self.aliases):
            _matchable(text, "name")
        return self


class Term(DataModel):
    """Words that name immigration enforcement in any organisation's name ("vreemdelingenpolitie")."""

    text: NonEmptyText
    language: LanguageCode
    why: NonEmptyText
    sources: tuple[NonEmptyText, ...] = ()

    @model_validator(mode="after")
    def _matches_something(self) -> Any:
        _matchable(self.text, "term")
        return self


class ImmigrationBodies(DataFile):
    legal_review: NonEmptyText
    legal_review_status: ReviewStatus = ReviewStatus.DRAFT
    legal_reviewer: Text = ""
    legal_reviewed_on: Date | None = None
    body: AtLeastOne[Body]
    term: tuple[Term, ...] = ()

    @model_validator(mode="after")
    def _unique(self) -> Any:
        keys = [b.key for b in self.body]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise invalid(f"body key {twice[0]!r} appears twice")
        if self.legal_review_status == ReviewStatus.REVIEWED and not (self.legal_reviewer and self.legal_reviewed_on):
            raise invalid("legal_review_status = reviewed needs legal_reviewer and legal_reviewed_on")
        return self

    def entries(self) -> Iterable[Entry]:
        bodies = [Entry(b.key, ReviewStatus.REVIEWED if b.verified else ReviewStatus.DRAFT) for b in self.body]
        return [*bodies, *(Entry(f"term {t.text}", self.legal_review_status) for t in self.term)]


register(
    Kind(
        "partners.immigration_bodies",
        "partners: immigration-enforcement bodies no centre may share with",
        "firewall",
        "immigration_bodies.toml",
        ImmigrationBodies,
    )
)
