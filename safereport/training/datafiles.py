"""data/training/*.toml: one practice scenario per file (ADR 0035).

A scenario is drawn from the seeds' hypothetical examples (§5, §6.1–6.5): the
situation the trainee meets at each step, what the seed's professional said
(the model answer, shown after the trainee has answered), and self-checks
tied to the content library's key messages:

* ``said``       — was the key message said?
* ``understood`` — was the person's understanding checked?
* ``legal``      — was the honest legal answer given? The honest answer is
  never written here: it is the no-firewall warning of the jurisdiction in
  data/police/options.toml, so a scenario cannot teach a reassurance the law
  does not give. The file lists only the tempting wrong answers, and plays only
  where that data says there is no firewall.

Staff-facing English; reviewers read these files without reading Python.
"""

from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from pydantic import model_validator

from safereport.datafiles import (
    AtLeastOne,
    DataFile,
    DataModel,
    Entry,
    Kind,
    NonEmptyText,
    Problem,
    ReviewStatus,
    Text,
    WholeNumber,
    invalid,
    one_of,
    register,
)

CHECK_KINDS = ("said", "understood", "legal")


class Check(DataModel):
    key: NonEmptyText
    kind: Annotated[NonEmptyText, one_of(CHECK_KINDS)]
    # The content library's key message this check is about (data/content/messages).
    key_message: NonEmptyText
    question: NonEmptyText
    # Only for kind = "legal": answers that sound kind and are false where there is no firewall.
    wrong_answers: tuple[NonEmptyText, ...] = ()

    @model_validator(mode="after")
    def _wrong_answers_only_for_legal(self) -> Any:
        if self.kind == "legal" and len(self.wrong_answers) < 2:
            raise invalid(f"{self.key}: a legal check lists at least two wrong answers")
        if self.kind != "legal" and self.wrong_answers:
            raise invalid(f"{self.key}: only a legal check has wrong answers")
        return self


class Step(DataModel):
    key: NonEmptyText
    situation: NonEmptyText
    model_answer: NonEmptyText
    check: AtLeastOne[Check]


class Scenario(DataFile):
    slug: NonEmptyText
    title: NonEmptyText
    summary: NonEmptyText
    order: WholeNumber
    # Where in the seeds it comes from, for reviewers.
    source: NonEmptyText
    # Jurisdictions it plays in; a scenario with a legal check plays only where
    # data/police/options.toml says there is no firewall.
    jurisdictions: AtLeastOne[NonEmptyText]
    review_status: ReviewStatus = ReviewStatus.DRAFT
    reviewer: Text = ""
    step: AtLeastOne[Step]

    @model_validator(mode="after")
    def _keys_once(self) -> Any:
        keys = [c.key for s in self.step for c in s.check]
        if len(keys) != len(set(keys)):
            raise invalid(f"{self.slug}: a check key appears twice")
        steps = [s.key for s in self.step]
        if len(steps) != len(set(steps)):
            raise invalid(f"{self.slug}: a step key appears twice")
        return self

    @property
    def checks(self) -> list[Check]:
        return [c for s in self.step for c in s.check]

    @property
    def has_legal_check(self) -> bool:
        return any(c.kind == "legal" for c in self.checks)

    def entries(self) -> Iterable[Entry]:
        return [Entry(f"{self.slug}:{s.key}", self.review_status) for s in self.step]


def _check(files: Mapping[str, Scenario], related: Mapping[str, Mapping[str, Any]]) -> Iterable[Problem]:
    slugs = [s.slug for s in files.values()]
    messages = {variant.slug for variant in related.get("content.messages", {}).values()}
    firewall: dict[str, bool] = {}
    for options in related.get("police.options", {}).values():
        firewall.update({j.code: j.firewall for j in options.jurisdiction})
    for name, scenario in files.items():
        if slugs.count(scenario.slug) > 1:
            yield Problem(name, scenario.slug, "this scenario slug appears twice")
        for check in scenario.checks:
            if check.key_message not in messages:
                yield Problem(name, check.key, f"no key message {check.key_message!r} in data/content/messages")
        if scenario.has_legal_check:
            for code in scenario.jurisdictions:
                if firewall.get(code, firewall.get("*", True)):
                    yield Problem(
                        name, code, "a legal check plays only where data/police/options.toml says there is no firewall"
                    )


register(
    Kind(
        name="training.scenarios",
        title="training: practice scenarios with self-checks tied to key messages",
        directory="training",
        pattern="*.toml",
        model=Scenario,
        check=_check,
        needs=("content.messages", "police.options"),
    )
)
