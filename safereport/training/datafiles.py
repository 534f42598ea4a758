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

Staff-facing English, with a ``[[texts]]`` block per staff language (nl, fr,
es, it; ADR 0036): the same title, summary, situations, model answers, check
questions and wrong answers, keyed by the step and check keys, each block with
its own review status. A block must have every text the English has (``safereport
data check`` says which is missing); a language without a block falls back to
English on the pages, marked ``lang="en"``. Reviewers read these files without
reading Python.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from pydantic import field_validator, model_validator

from config.locales import DEFAULT_LOCALE, STAFF_LANGUAGE_CODES
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
    blocks_by_language,
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


class StepText(DataModel):
    """One step's words in one language; checks by their key."""

    situation: Text = ""
    model_answer: Text = ""
    questions: dict[str, Text] = {}
    wrong_answers: dict[str, tuple[Text, ...]] = {}


class ScenarioText(DataModel):
    """A scenario's words in one staff language. Completeness is checked against
    the English by `_check`, so the problem names the missing text."""

    language: Annotated[NonEmptyText, one_of([c for c in STAFF_LANGUAGE_CODES if c != DEFAULT_LOCALE])]
    status: ReviewStatus = ReviewStatus.DRAFT
    reviewer: Text = ""
    # Who wrote the draft and how, said honestly for the reviewer.
    note: Text = ""
    title: Text = ""
    summary: Text = ""
    steps: dict[str, StepText] = {}


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
    texts: dict[str, ScenarioText] = {}

    @field_validator("texts", mode="before")
    @classmethod
    def _by_language(cls, value: Any) -> Any:
        return blocks_by_language(value)

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
        english = [Entry(f"{self.slug}:{s.key}", self.review_status) for s in self.step]
        return english + [Entry(f"{self.slug} [{code}]", text.status) for code, text in self.texts.items()]


PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[sd]")


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def translation_problems(scenario: Scenario, language: str) -> Iterable[str]:
    """What a language block lacks or adds against the English, in words a reviewer can act on."""
    text = scenario.texts[language]
    pairs: list[tuple[str, str, str]] = [("title", scenario.title, text.title), ("summary", scenario.summary, text.summary)]
    for step in scenario.step:
        words = text.steps.get(step.key)
        if words is None:
            yield f"step {step.key!r} has no {language} text"
            continue
        pairs += [
            (f"step {step.key!r} situation", step.situation, words.situation),
            (f"step {step.key!r} model_answer", step.model_answer, words.model_answer),
        ]
        for check in step.check:
            pairs.append((f"check {check.key!r} question", check.question, words.questions.get(check.key, "")))
            if check.wrong_answers and len(words.wrong_answers.get(check.key, ())) != len(check.wrong_answers):
                yield f"check {check.key!r} needs {len(check.wrong_answers)} wrong answers in {language}"
        for key in sorted(set(words.questions) | set(words.wrong_answers)):
            if key not in {c.key for c in step.check}:
                yield f"step {step.key!r} has no check {key!r} (the {language} text names one)"
    for key in sorted(set(text.steps) - {s.key for s in scenario.step}):
        yield f"no step {key!r} (the {language} text names one)"
    for where, english, translated in pairs:
        if not translated.strip():
            yield f"{where} is missing in {language}"
        elif _placeholders(english) != _placeholders(translated):
            yield f"{where}: the placeholders differ from the English in {language}"


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
        for language in scenario.texts:
            for problem in translation_problems(scenario, language):
                yield Problem(name, f"texts [{language}]", problem)
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
