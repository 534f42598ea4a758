"""data/police/options.toml: what each way of involving the police means, per jurisdiction.

For each option (health only, intelligence only, report through a third
party, information only, anonymous online report where one exists, full
report) the file says, from research with its sources: will the police
contact the person, is a crime record created, may the police go ahead
anyway (ex officio offences). Per jurisdiction it says whether a firewall
keeps what the police learn from immigration enforcement, and where none
does, the plain warning shown before any consultation is booked
(wave2-facts §2, §3; legal-facts BE-NOFW, IE-GARDA, UK-DATA).

The answers are a small vocabulary the pages put in words; the notes are
editorial text, one entry per language, English required.
"""

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from django.utils.translation import get_language
from pydantic import Field, model_validator

from safereport.datafiles import (
    AtLeastOne,
    DataFile,
    DataModel,
    Date,
    Entry,
    Flag,
    Kind,
    Localised,
    NonEmptyText,
    Problem,
    ReviewStatus,
    Text,
    TranslatedText,
    in_language,
    invalid,
    one_of,
    register,
)

OPTION_KEYS = (
    "health_only",
    "intelligence_only",
    "third_party_report",
    "information_only",
    "anonymous_online",
    "full_report",
)
CONTACT_ANSWERS = ("yes", "no", "threat_to_life_only", "via_intermediary", "unknown")
RECORD_ANSWERS = ("yes", "no", "incident_only", "unknown")
EX_OFFICIO_ANSWERS = ("yes", "no", "some_offences", "unknown")
# The entry every jurisdiction without its own falls back to: no firewall known.
ANYWHERE = "*"


class Option(DataModel):
    key: Annotated[NonEmptyText, one_of(OPTION_KEYS)]
    police_contact: Annotated[NonEmptyText, one_of(CONTACT_ANSWERS)]
    crime_record: Annotated[NonEmptyText, one_of(RECORD_ANSWERS)]
    ex_officio: Annotated[NonEmptyText, one_of(EX_OFFICIO_ANSWERS)]
    notes: TranslatedText = Field(alias="note")
    sources: AtLeastOne[NonEmptyText]

    @property
    def note(self) -> Localised[str]:
        return in_language(self.notes, get_language())


class JurisdictionOptions(DataModel):
    code: NonEmptyText
    # True only where a rule keeps what police learn away from immigration enforcement.
    firewall: Flag
    warnings: TranslatedText | None = Field(default=None, alias="warning")
    sources: AtLeastOne[NonEmptyText]
    review_status: ReviewStatus = ReviewStatus.DRAFT
    reviewer: Text = ""
    reviewed_on: Date | None = None
    option: AtLeastOne[Option]

    @model_validator(mode="after")
    def _warning_where_no_firewall(self) -> Any:
        if not self.firewall and self.warnings is None:
            raise invalid(f"{self.code}: no firewall, so a warning is required")
        if self.review_status == ReviewStatus.REVIEWED and not (self.reviewer and self.reviewed_on):
            raise invalid(f"{self.code}: review_status = reviewed needs reviewer and reviewed_on")
        keys = [o.key for o in self.option]
        if len(keys) != len(set(keys)):
            raise invalid(f"{self.code}: an option appears twice")
        return self

    @property
    def warning(self) -> Localised[str] | None:
        return in_language(self.warnings, get_language()) if self.warnings is not None else None


class PoliceOptions(DataFile):
    jurisdiction: AtLeastOne[JurisdictionOptions]

    def entries(self) -> Iterable[Entry]:
        return [Entry(f"{j.code}:{o.key}", j.review_status) for j in self.jurisdiction for o in j.option]


def _check(files: Mapping[str, PoliceOptions], related: Mapping[str, object]) -> Iterable[Problem]:
    for name, options in files.items():
        codes = [j.code for j in options.jurisdiction]
        for code in sorted({c for c in codes if codes.count(c) > 1}):
            yield Problem(name, code, "this jurisdiction appears twice")
        if ANYWHERE not in codes:
            yield Problem(name, ANYWHERE, "an entry for every other jurisdiction ('*') is required")
        for code in codes:
            if code != ANYWHERE and (len(code) != 2 or not code.isupper()):
                yield Problem(name, code, "a jurisdiction is two capital letters (BE, UK) or '*'")


register(
    Kind(
        name="police.options",
        title="police: what each option means and the no-firewall warning, per jurisdiction",
        directory="police",
        pattern="options.toml",
        model=PoliceOptions,
        check=_check,
    )
)
