"""Reads: the scenarios, a trainee's own attempts, a trainer's view of their trainees (ADR 0035).

Everything is scoped to the person asking: a trainee reaches only their own
attempts; a trainer only the trainees of their own (training) organisation.
Anything else is a 404, as if it did not exist.
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone, translation

from config.locales import DEFAULT_LOCALE
from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.datafiles import load, normalise_language
from safereport.police.selectors import options_for
from safereport.training.datafiles import Check, Scenario, Step
from safereport.training.models import Answer, Attempt


def scenarios() -> list[Scenario]:
    files: dict[str, Scenario] = load("training.scenarios")
    return sorted(files.values(), key=lambda s: (s.order, s.slug))


class Words(str):
    """A scenario's text with the language it is written in, so a page marks an English fallback with lang="en"."""

    language: str

    def __new__(cls, text: str, language: str) -> "Words":
        words = super().__new__(cls, text)
        words.language = language
        return words


def _words(english: str, translated: str | None, language: str) -> Words:
    if translated and translated.strip():
        return Words(translated, language)
    return Words(english, DEFAULT_LOCALE)


def localised(played: Scenario, language: str | None) -> Scenario:
    """The scenario as a page shows it: the reader's staff language, else English, text by text.

    Keys, kinds and key messages stay as they are (answers are recorded by key);
    only the words change. Each word is a `Words`, carrying its language.
    """
    code = normalise_language(language)
    text = played.texts.get(code)
    if text is None:
        code = DEFAULT_LOCALE
    steps = []
    for step in played.step:
        words = text.steps.get(step.key) if text is not None else None
        checks = []
        for check in step.check:
            wrong = words.wrong_answers.get(check.key, ()) if words is not None else ()
            checks.append(
                check.model_copy(
                    update={
                        "question": _words(check.question, words.questions.get(check.key) if words else None, code),
                        "wrong_answers": tuple(
                            _words(english, wrong[n] if len(wrong) == len(check.wrong_answers) else None, code)
                            for n, english in enumerate(check.wrong_answers)
                        ),
                    }
                )
            )
        steps.append(
            step.model_copy(
                update={
                    "situation": _words(step.situation, words.situation if words else None, code),
                    "model_answer": _words(step.model_answer, words.model_answer if words else None, code),
                    "check": tuple(checks),
                }
            )
        )
    return played.model_copy(
        update={
            "title": _words(played.title, text.title if text else None, code),
            "summary": _words(played.summary, text.summary if text else None, code),
            # The review status the reader needs is that of the words they read.
            "review_status": text.status if text is not None else played.review_status,
            "step": tuple(steps),
        }
    )


def scenario(slug: str) -> Scenario | None:
    return next((s for s in scenarios() if s.slug == slug), None)


def scenario_or_404(slug: str) -> Scenario:
    found = scenario(slug)
    if found is None:
        raise Http404("no such scenario")
    return found


def is_training_organisation(organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.kind == OrganisationKind.TRAINING_CENTRE


def playable_in(organisation: Organisation | None) -> list[Scenario]:
    """The scenarios a training organisation's trainees play: those written for its jurisdiction."""
    if organisation is None or not is_training_organisation(organisation):
        return []
    return [s for s in scenarios() if organisation.jurisdiction.upper() in s.jurisdictions]


# --- the honest legal answer: from data/police/options.toml, never from a scenario ----------


def honest_answer(jurisdiction: str) -> str:
    """What may honestly be said about the police and immigration here (the no-firewall warning)."""
    options = options_for(jurisdiction)
    if options.warning is None:
        raise ValueError(f"{jurisdiction}: the police options give no warning to teach")
    return options.warning.value


@dataclass(frozen=True)
class Choice:
    value: str  # "honest" or "wrong_<n>"
    text: str


def legal_choices(*, check: Check, jurisdiction: str, attempt: Attempt) -> list[Choice]:
    """The honest answer among the wrong ones, in an order fixed per attempt (not always first)."""
    choices = [Choice("honest", honest_answer(jurisdiction))]
    choices += [Choice(f"wrong_{n}", text) for n, text in enumerate(check.wrong_answers)]
    random.Random(f"{attempt.public_id}:{check.key}").shuffle(choices)  # noqa: S311 - an order on screen, not a secret
    return choices


# --- a trainee's own attempts --------------------------------------------------------------


def attempts_of(*, trainee: StaffUser) -> QuerySet[Attempt]:
    return Attempt.objects.filter(trainee=trainee).order_by("-created_at")


def attempt_get_for_trainee(*, actor: StaffUser, attempt_id: UUID) -> Attempt:
    return get_object_or_404(Attempt.objects.select_related("case", "trainee__organisation"), public_id=attempt_id, trainee=actor)


def answered_steps(attempt: Attempt) -> set[str]:
    return set(attempt.answers.values_list("step", flat=True))


def next_step(attempt: Attempt, played: Scenario) -> Step | None:
    done = answered_steps(attempt)
    return next((s for s in played.step if s.key not in done), None)


def step_or_404(played: Scenario, key: str) -> Step:
    found = next((s for s in played.step if s.key == key), None)
    if found is None:
        raise Http404("no such step")
    return found


@dataclass
class ScenarioStatus:
    scenario: Scenario
    open_attempt: Attempt | None = None
    completed: Attempt | None = None


def trainee_overview(*, trainee: StaffUser) -> list[ScenarioStatus]:
    """Each scenario the trainee may play: the attempt under way, the latest completed one."""
    attempts = list(attempts_of(trainee=trainee))
    overview = []
    for played in playable_in(trainee.organisation):
        mine = [a for a in attempts if a.scenario == played.slug]
        overview.append(
            ScenarioStatus(
                played,
                open_attempt=next((a for a in mine if a.completed_at is None), None),
                completed=next((a for a in mine if a.completed_at is not None), None),
            )
        )
    return overview


# --- what a trainer sees ---------------------------------------------------------------------


def trainees_of(*, trainer: StaffUser) -> QuerySet[StaffUser]:
    """The trainees of the trainer's own organisation (a training organisation)."""
    if trainer.organisation_id is None:
        return StaffUser.objects.none()
    found = StaffUser.objects.filter(organisation_id=trainer.organisation_id, is_active=True).order_by("username")
    return found.filter(pk__in=[u.pk for u in found if Role.TRAINEE in u.roles])


def trainee_get_for_trainer(*, actor: StaffUser, staff_id: UUID) -> StaffUser:
    return get_object_or_404(trainees_of(trainer=actor), public_id=staff_id)


@dataclass(frozen=True)
class WeakPoint:
    key_message: str
    check_kind: str
    missed: int


@dataclass
class Progress:
    trainee: StaffUser
    completed: dict[str, Attempt] = field(default_factory=dict)  # scenario slug → latest completed attempt
    under_way: set[str] = field(default_factory=set)
    weak_points: list[WeakPoint] = field(default_factory=list)


def progress_of(*, trainee: StaffUser) -> Progress:
    progress = Progress(trainee)
    for attempt in attempts_of(trainee=trainee):
        if attempt.completed_at is None:
            progress.under_way.add(attempt.scenario)
        else:
            progress.completed.setdefault(attempt.scenario, attempt)
    missed = Counter(
        (a.key_message, a.check_kind)
        for a in Answer.objects.filter(attempt__trainee=trainee, met=False).only("key_message", "check_kind")
    )
    progress.weak_points = [WeakPoint(k, kind, n) for (k, kind), n in sorted(missed.items(), key=lambda item: (-item[1], item[0]))]
    return progress


def progress_for(*, trainer: StaffUser) -> list[Progress]:
    return [progress_of(trainee=trainee) for trainee in trainees_of(trainer=trainer)]


def answers_of(attempt: Attempt) -> list[Answer]:
    return list(attempt.answers.order_by("created_at", "pk"))


# --- the certificate ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Certificate:
    trainee: StaffUser
    organisation: Organisation | None
    completed: list[tuple[Scenario, Attempt]]
    printed_on: object
    language: str  # the trainee's staff language: the certificate is theirs, whoever prints it


def certificate_of(*, trainee: StaffUser) -> Certificate:
    progress = progress_of(trainee=trainee)
    language = trainee.staff_language
    by_slug = {s.slug: localised(s, language) for s in scenarios()}
    completed = [(by_slug[slug], attempt) for slug, attempt in progress.completed.items() if slug in by_slug]
    completed.sort(key=lambda pair: (pair[0].order, pair[0].slug))
    return Certificate(trainee, trainee.organisation, completed, timezone.localdate(), language)


def _no_fetch(url: str, *args: object, **kwargs: object) -> None:
    raise ValueError(f"a certificate fetches nothing: {url}")


def certificate_html(certificate: Certificate) -> str:
    # In the trainee's language even when their trainer, reading another language, prints it.
    with translation.override(certificate.language):
        return render_to_string("training/certificate.html", {"certificate": certificate, "for_pdf": True})


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate of completion as a PDF (WeasyPrint, local fonts only; no network fetches)."""
    from weasyprint import HTML

    html = certificate_html(certificate)
    pdf: bytes = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    return pdf


# --- words for what the pages show -------------------------------------------------------------


def key_message_title(slug: str, *, language: str = "en") -> str:
    """The key message's title as the content library words it (never its slug on screen)."""
    from safereport.content.selectors import MessageNotApplicable, UnknownMessage, message_get

    try:
        return message_get(slug=slug, language=language).title
    except (MessageNotApplicable, UnknownMessage):
        return slug.replace("-", " ").capitalize()


def legal_source(jurisdiction: str) -> tuple[str, bool]:
    """Where the honest answer comes from, and whether a lawyer has reviewed it."""
    options = options_for(jurisdiction)
    return "; ".join(options.sources), options.review_status == "reviewed"
