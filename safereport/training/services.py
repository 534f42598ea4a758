"""Changes: start a scenario on a new synthetic case, record a step's self-checks (ADR 0035).

Keyword-only, atomic, each writing its audit event in the same transaction.
Training events carry no case reference: a synthetic case is nobody's.
"""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case
from safereport.training import policies, selectors
from safereport.training.models import Answer, AnswerKind, Attempt


class TrainingRefused(Exception):
    """The trainee may not do this (the page says why, in words)."""


@transaction.atomic
def attempt_start(*, trainee: StaffUser, scenario_slug: str) -> Attempt:
    """A new synthetic case in the trainee's training organisation, and the scenario played on it."""
    organisation = trainee.organisation
    if organisation is None or not selectors.is_training_organisation(organisation):
        raise TrainingRefused("Scenarios are played only in a training organisation.")
    played = selectors.scenario(scenario_slug)
    if played is None or played not in selectors.playable_in(organisation):
        raise TrainingRefused("This scenario is not played in your training organisation.")
    open_attempt = Attempt.objects.filter(trainee=trainee, scenario=played.slug, completed_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    # No receipt code: nobody real can ever write into a synthetic case (training/guards.py).
    case = Case.objects.create(care_centre=organisation, preferred_language="en")
    attempt = Attempt.objects.create(trainee=trainee, scenario=played.slug, case=case)
    record(
        "training:attempt:started",
        actor=Actor.staff(trainee),
        subject=f"training_attempt:{attempt.public_id}",
        details={"scenario": played.slug, "synthetic_case": case.code},
    )
    return attempt


@transaction.atomic
def step_answer(*, attempt: Attempt, actor: StaffUser, step_key: str, answers: Mapping[str, str]) -> Attempt:
    """The trainee's self-checks on the next step; the attempt is complete after the last one.

    `answers` maps each check's key to "yes"/"not_yet" (said, understood) or
    "honest"/"wrong_<n>" (legal).
    """
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.trainee_id != actor.pk:
        raise TrainingRefused("This is someone else's practice.")
    if attempt.completed_at is not None:
        raise TrainingRefused("This scenario is already complete.")
    played = selectors.scenario_or_404(attempt.scenario)
    step = selectors.next_step(attempt, played)
    if step is None or step.key != step_key:
        raise TrainingRefused("This step has already been answered.")
    rows = []
    for check in step.check:
        given = answers.get(check.key, "")
        kind = AnswerKind.WRONG if given.startswith("wrong_") and check.kind == "legal" else given
        if kind not in policies.ANSWERS_BY_KIND[check.kind]:
            raise TrainingRefused("Every question of the step needs an answer.")
        rows.append(
            Answer(
                attempt=attempt,
                step=step.key,
                check_key=check.key,
                key_message=check.key_message,
                check_kind=check.kind,
                answer=kind,
                met=policies.is_met(check_kind=check.kind, answer=kind),
            )
        )
    Answer.objects.bulk_create(rows)
    record(
        "training:step:answered",
        actor=Actor.staff(actor),
        subject=f"training_attempt:{attempt.public_id}",
        details={"scenario": played.slug, "step": step.key, "met": sum(r.met for r in rows), "checks": len(rows)},
    )
    if selectors.next_step(attempt, played) is None:
        attempt.completed_at = timezone.now()
        attempt.save(update_fields=["completed_at"])
        record(
            "training:attempt:completed",
            actor=Actor.staff(actor),
            subject=f"training_attempt:{attempt.public_id}",
            details={"scenario": played.slug},
        )
    return attempt


@transaction.atomic
def certificate_print(*, actor: StaffUser, trainee: StaffUser) -> bytes:
    """The certificate as a PDF; printing it is recorded."""
    certificate = selectors.certificate_of(trainee=trainee)
    pdf = selectors.certificate_pdf(certificate)
    record(
        "training:certificate:printed",
        actor=Actor.staff(actor),
        subject=f"training_certificate:{trainee.public_id}",
        details={"scenarios": len(certificate.completed)},
    )
    return pdf
