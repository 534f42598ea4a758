"""data/retention/evidence/<place>.toml: how long unreported forensic evidence is kept, per jurisdiction.

Each `[[rule]]` is one legal or policy regime (Belgium's care centres,
Ireland's SATU Option 3, Scotland's 2021 Act, US federal law, a US state).
Where no published rule was found, the entry says `known = false` and gives
no number: the software shows "unknown — ask the centre" and never guesses.
Facts come from research/wave2-facts.md §1, each with its sources and
confidence; a lawyer has not reviewed them yet (drafts).
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Annotated, Any

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
from safereport.evidence.policies import Clock

Positive = Annotated[WholeNumber, Field(gt=0)]
NotNegative = Annotated[WholeNumber, Field(ge=0)]


class EvidenceRule(DataModel):
    id: NonEmptyText
    # "BE", "IE", "GB", "US", "NL", …: the centre's jurisdiction (Organisation.jurisdiction).
    jurisdiction: NonEmptyText
    # "Scotland", "Texas": where the rule is narrower than the country.
    region: Text = ""
    names: TranslatedText = Field(alias="name")
    known: Flag
    keep_months: Positive | None = None
    keep_months_minor: Positive | None = None
    # False where minors are kept longer but by how much was not found.
    minor_known: Flag = True
    extension_months: NotNegative = 0
    max_extensions: Positive | None = None
    destroy_days_after_request: NotNegative | None = None
    notice_days: NotNegative = 0
    # The notice is owed only if the person asked for it in writing (US federal, Utah).
    notice_on_request_only: Flag = False
    # The kit may go to the police only after the person's own police report.
    release_needs_police_report: Flag = True
    # What the number does not say ("or the statute of limitations, if longer").
    caveats: TranslatedText | None = Field(default=None, alias="caveat")
    confidence: Confidence
    sources: AtLeastOne[NonEmptyText]
    review_status: ReviewStatus = ReviewStatus.DRAFT
    last_reviewed: Date | None = None

    @model_validator(mode="after")
    def _numbers_only_when_known(self) -> Any:
        if self.known and self.keep_months is None:
            raise invalid("known = true needs keep_months")
        if not self.known and (self.keep_months is not None or self.keep_months_minor is not None):
            raise invalid("known = false must not give keep_months: the software never guesses")
        if self.max_extensions is not None and self.extension_months == 0:
            raise invalid("max_extensions without extension_months")
        return self

    @property
    def name(self) -> str:
        return in_language(self.names, get_language()).value

    @property
    def caveat(self) -> str:
        return in_language(self.caveats, get_language()).value if self.caveats else ""

    def clock(self) -> Clock:
        return Clock(
            keep_months=self.keep_months,
            keep_months_minor=self.keep_months_minor,
            minor_known=self.minor_known,
            extension_months=self.extension_months,
            max_extensions=self.max_extensions,
            destroy_days_after_request=self.destroy_days_after_request,
            notice_days=self.notice_days,
        )


class EvidenceRules(DataFile):
    rule: AtLeastOne[EvidenceRule]

    def entries(self) -> Iterable[Entry]:
        return [Entry(r.id, r.review_status) for r in self.rule]


def _check(files: Mapping[str, EvidenceRules], related: Mapping[str, object]) -> Iterable[Problem]:
    counts = Counter(r.id for rules in files.values() for r in rules.rule)
    for name, rules in files.items():
        for r in rules.rule:
            if counts[r.id] > 1:
                yield Problem(name, r.id, "this rule id is used more than once")


KIND = register(
    Kind(
        name="evidence.retention",
        title="evidence: how long unreported forensic evidence is kept, per jurisdiction",
        directory="retention/evidence",
        pattern="*.toml",
        model=EvidenceRules,
        check=_check,
    )
)


def rules() -> dict[str, EvidenceRule]:
    """Every rule by id (the data-file layer caches the validated files until they change)."""
    loaded = datafiles.load(KIND.name)
    return {r.id: r for file in loaded.values() for r in file.rule}


def rule(rule_id: str) -> EvidenceRule | None:
    return rules().get(rule_id)


def rules_for(jurisdiction: str) -> list[EvidenceRule]:
    return [r for r in rules().values() if r.jurisdiction == jurisdiction.upper()]
