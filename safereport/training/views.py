"""Thin views: parse a form, call one service or selector, render or redirect (ADR 0035)."""

from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.permissions import Permission
from safereport.accounts.sessions import StaffRequest
from safereport.core.access import requires
from safereport.training import forms, selectors, services
from safereport.training.datafiles import Scenario, Step
from safereport.training.models import Attempt


def _check_kind_words() -> dict[str, str]:
    return {
        "said": _("Was it said?"),
        "understood": _("Was understanding checked?"),
        "legal": _("Was the honest legal answer given?"),
    }


def _shown(played: Scenario) -> Scenario:
    """The scenario in the reader's staff language (the one the middleware activated), else English."""
    return selectors.localised(played, get_language())


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _step_form(attempt: Attempt, step: Step, data: object = None) -> forms.StepForm:
    jurisdiction = attempt.case.care_centre.jurisdiction
    legal = {
        check.key: selectors.legal_choices(check=check, jurisdiction=jurisdiction, attempt=attempt)
        for check in step.check
        if check.kind == "legal"
    }
    return forms.StepForm(data, step=step, legal_choices=legal)


# --- the trainee ------------------------------------------------------------------------------


@requires(Permission.TRAINING_SCENARIO_PLAY)
@require_GET
def home(request: StaffRequest) -> HttpResponse:
    overview = selectors.trainee_overview(trainee=request.user)
    for status in overview:
        status.scenario = _shown(status.scenario)
    return render(
        request,
        "training/home.html",
        {"overview": overview, "completed": sum(1 for s in overview if s.completed is not None)},
    )


@requires(Permission.TRAINING_SCENARIO_PLAY)
@require_POST
def start(request: StaffRequest, slug: str) -> HttpResponse:
    try:
        attempt = services.attempt_start(trainee=request.user, scenario_slug=slug)
    except services.TrainingRefused as refusal:
        return render(request, "training/refused.html", {"reason": str(refusal)}, status=409)
    return redirect("training:attempt", attempt_id=attempt.public_id)


def _results(request: StaffRequest, attempt: Attempt, played: Scenario) -> HttpResponse:
    answers = {a.check_key: a for a in selectors.answers_of(attempt)}
    jurisdiction = attempt.case.care_centre.jurisdiction
    steps = [(step, [(check, answers.get(check.key)) for check in step.check]) for step in played.step]
    return render(
        request,
        "training/results.html",
        {
            "attempt": attempt,
            "scenario": played,
            "steps": steps,
            "kinds": _check_kind_words(),
            "honest": selectors.honest_answer(jurisdiction) if played.has_legal_check else "",
            "missed": sum(1 for a in answers.values() if not a.met),
        },
    )


@requires(Permission.TRAINING_SCENARIO_PLAY)
@require_http_methods(["GET", "POST"])
def attempt(request: StaffRequest, attempt_id: UUID) -> HttpResponse:
    found = selectors.attempt_get_for_trainee(actor=request.user, attempt_id=attempt_id)
    played = _shown(selectors.scenario_or_404(found.scenario))
    step = selectors.next_step(found, played)
    if step is None:
        return _results(request, found, played)
    form = _step_form(found, step, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_answer(attempt=found, actor=request.user, step_key=step.key, answers=form.cleaned_data)
        except services.TrainingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("training:step_answered", attempt_id=found.public_id, step=step.key)
    number = [s.key for s in played.step].index(step.key) + 1
    return render(
        request,
        "training/step.html",
        {
            "attempt": found,
            "scenario": played,
            "step": step,
            "number": number,
            "steps": len(played.step),
            "answered": played.step[: number - 1],
            "form": form,
            "kinds": _check_kind_words(),
        },
    )


@requires(Permission.TRAINING_SCENARIO_PLAY)
@require_GET
def step_answered(request: StaffRequest, attempt_id: UUID, step: str) -> HttpResponse:
    """What was recorded for a step, and what the seed's professional said."""
    found = selectors.attempt_get_for_trainee(actor=request.user, attempt_id=attempt_id)
    played = _shown(selectors.scenario_or_404(found.scenario))
    answered = selectors.step_or_404(played, step)
    answers = {a.check_key: a for a in selectors.answers_of(found) if a.step == answered.key}
    if not answers:
        return redirect("training:attempt", attempt_id=found.public_id)
    jurisdiction = found.case.care_centre.jurisdiction
    source, reviewed = selectors.legal_source(jurisdiction)
    return render(
        request,
        "training/step_answered.html",
        {
            "attempt": found,
            "scenario": played,
            "step": answered,
            "checks": [(check, answers.get(check.key)) for check in answered.check],
            "kinds": _check_kind_words(),
            "honest": selectors.honest_answer(jurisdiction)
            if any(c.kind == "legal" for c in answered.check)
            else "",
            "legal_source": source,
            "legal_reviewed": reviewed,
            "finished": found.completed_at is not None or selectors.next_step(found, played) is None,
        },
    )


@requires(Permission.TRAINING_SCENARIO_PLAY)
@require_GET
def certificate(request: StaffRequest) -> HttpResponse:
    return _pdf(services.certificate_print(actor=request.user, trainee=request.user), "certificate.pdf")


# --- the trainer ------------------------------------------------------------------------------


@requires(Permission.TRAINING_SCENARIO_READ)
@require_GET
def scenario_list(request: StaffRequest) -> HttpResponse:
    return render(request, "training/scenarios.html", {"scenarios": [_shown(s) for s in selectors.scenarios()]})


@requires(Permission.TRAINING_SCENARIO_READ)
@require_GET
def scenario_detail(request: StaffRequest, slug: str) -> HttpResponse:
    played = _shown(selectors.scenario_or_404(slug))
    jurisdiction = request.user.organisation.jurisdiction if request.user.organisation else ""
    honest = ""
    if played.has_legal_check and jurisdiction.upper() in played.jurisdictions:
        honest = selectors.honest_answer(jurisdiction)
    return render(
        request,
        "training/scenario.html",
        {
            "scenario": played,
            "kinds": _check_kind_words(),
            "titles": {c.key: selectors.key_message_title(c.key_message, language=get_language()) for c in played.checks},
            "honest": honest,
            "jurisdiction": jurisdiction,
        },
    )


@requires(Permission.TRAINING_PROGRESS_READ)
@require_GET
def trainees(request: StaffRequest) -> HttpResponse:
    progress = selectors.progress_for(trainer=request.user)
    scenario_list = [_shown(s) for s in selectors.playable_in(request.user.organisation) or selectors.scenarios()]
    return render(
        request,
        "training/trainees.html",
        {"progress": progress, "scenarios": scenario_list, "titles": _titles(progress), "kinds": _check_kind_words()},
    )


def _titles(progress: list[selectors.Progress]) -> dict[str, str]:
    return {w.key_message: selectors.key_message_title(w.key_message, language=get_language()) for p in progress for w in p.weak_points}


@requires(Permission.TRAINING_PROGRESS_READ)
@require_GET
def trainee(request: StaffRequest, staff_id: UUID) -> HttpResponse:
    person = selectors.trainee_get_for_trainer(actor=request.user, staff_id=staff_id)
    progress = selectors.progress_of(trainee=person)
    scenario_list = [_shown(s) for s in selectors.playable_in(request.user.organisation) or selectors.scenarios()]
    return render(
        request,
        "training/trainee.html",
        {
            "person": person,
            "progress": progress,
            "scenarios": scenario_list,
            "titles": _titles([progress]),
            "kinds": _check_kind_words(),
            "certificate_url": reverse("training:trainee_certificate", args=[person.public_id]),
        },
    )


@requires(Permission.TRAINING_PROGRESS_READ)
@require_GET
def trainee_certificate(request: StaffRequest, staff_id: UUID) -> HttpResponse:
    person = selectors.trainee_get_for_trainer(actor=request.user, staff_id=staff_id)
    return _pdf(services.certificate_print(actor=request.user, trainee=person), "certificate.pdf")
