"""Staff views for case work: dashboard, status, encounters, key messages,
needs and care plan, summary sheet, referrals, police talk.

Each view parses a form, calls one service, redirects; the selectors 404 for
anyone outside the case (cases_visible_to).
"""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.permissions import Permission
from safereport.accounts.sessions import StaffRequest
from safereport.audit.actors import Actor
from safereport.cases import forms, selectors, services
from safereport.cases.models import Case
from safereport.cases.selectors import summary
from safereport.cases.services.transitions import CLOSE_REASONS
from safereport.content import selectors as content
from safereport.core.access import requires
from safereport.core.languages import language_label


def _case(request: StaffRequest, case_id: UUID) -> Case:
    return selectors.case_get_for(actor=request.user, case_id=case_id)


def _back(case: Case, anchor: str = "") -> HttpResponse:
    response = redirect("cases:detail", case_id=case.public_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@requires(Permission.CASES_CASE_LIST)
@require_GET
def dashboard(request: StaffRequest) -> HttpResponse:
    return render(request, "cases/dashboard.html", {"dashboard": selectors.dashboard_for(request.user)})


@requires(Permission.CASES_CASE_UPDATE)
@require_POST
def transition(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    form = forms.TransitionForm(request.POST)
    if form.is_valid() and form.cleaned_data["transition"] == "close":
        # Closing asks for confirmation and a reason on its own page (issue 13 §11).
        return redirect("cases:close", case_id=case.public_id)
    try:
        if not form.is_valid():
            raise services.TransitionNotAllowed("no transition given")
        services.case_transition(case=case, name=form.cleaned_data["transition"], actor=request.user)
    except services.TransitionNotAllowed:
        messages.error(request, _("That change of status is not possible now. Nothing was changed."))
    else:
        messages.success(request, _("Status changed: %(status)s.") % {"status": case.get_status_display()})
    return _back(case, "status")


@requires(Permission.CASES_CASE_UPDATE)
@require_http_methods(["GET", "POST"])
def close(request: StaffRequest, case_id: UUID) -> HttpResponse:
    """"Close case": are you sure, and why (a reason from a list, recorded on the audit event, shown as words)."""
    case = _case(request, case_id)
    form = forms.CloseCaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            services.case_close(case=case, reason=reason, actor=request.user)
        except services.TransitionNotAllowed:
            messages.error(request, _("That change of status is not possible now. Nothing was changed."))
        else:
            messages.success(request, _("Case closed. Reason: %(reason)s.") % {"reason": CLOSE_REASONS[reason]})
        return _back(case, "status")
    status = 400 if request.method == "POST" else 200
    return render(request, "cases/close.html", {"case": case, "form": form}, status=status)


@requires(Permission.CASES_CASE_UPDATE)
@require_POST
def reporting_status(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    form = forms.ReportingStatusForm(request.POST)
    if form.is_valid():
        services.reporting_status_set(
            case=case, status=form.cleaned_data["reporting_status"], actor=Actor.staff(request.user)
        )
        messages.success(request, _("Recorded what the person said about the police: %(status)s.") % {"status": case.get_reporting_status_display()})
    else:
        messages.error(request, _("Choose what the person told us."))
    return _back(case, "status")


@requires(Permission.CASES_CASE_UPDATE)
@require_POST
def crime_type(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    form = forms.CrimeTypeForm(request.POST)
    if form.is_valid():
        services.crime_type_record(case=case, actor=request.user, crime_type=form.cleaned_data["crime_type"])
        messages.success(request, _("Saved for statistics: %(kind)s.") % {"kind": case.get_crime_type_display()})
    else:
        # Only a tampered or stale form gets here (the choices are a list): say what to do, change nothing.
        messages.error(request, _('Choose one kind of harm from the list, or "Not recorded". Nothing was changed.'))
    return _back(case, "crime-type")


@requires(Permission.CASES_CASE_UPDATE)
@require_POST
def name_as_given(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    form = forms.NameAsGivenForm(request.POST)
    if form.is_valid():
        services.name_as_given_set(case=case, actor=request.user, name=form.cleaned_data["name"])
        messages.success(request, _("Name saved.") if form.cleaned_data["name"] else _("Name removed."))
    return _back(case, "status")


def _key_messages(case: Case):
    # In the reader's language (ADR 0036); the slugs, not the titles, are what is recorded.
    return content.key_messages_for(language=get_language() or "en", jurisdiction=case.care_centre.jurisdiction)


@requires(Permission.CASES_ENCOUNTER_RECORD)
@require_http_methods(["GET", "POST"])
def encounter_new(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    form = forms.EncounterForm(request.POST or None, key_messages=_key_messages(case))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.encounter_record_with_key_messages(
            case=case,
            professional=request.user,
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            texts={name: data[name] for name in forms.ENCOUNTER_TEXT_LABELS if data.get(name)},
            key_messages=form.key_message_entries(),
            companion_present=data["companion_present"],
            interpreter_language=data["interpreter_language"],
            interpreter_language_other=data["interpreter_language_other"],
            breaks_taken=data["breaks_taken"],
        )
        messages.success(request, _("Encounter saved."))
        return _back(case, "encounters")
    progress = selectors.key_message_progress(case=case)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "cases/encounter_form.html",
        {"case": case, "form": form, "prompts": selectors.prompts_for_next_professional(progress)},
        status=status,
    )


@requires(Permission.CASES_ENCOUNTER_READ)
@require_GET
def encounter_detail(request: StaffRequest, case_id: UUID, encounter_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    encounter = selectors.encounter_get_for(case=case, encounter_id=encounter_id)
    texts = selectors.encounter_open_for_staff(case=case, encounter=encounter, actor=request.user)
    shown = [
        (forms.ENCOUNTER_TEXT_LABELS[name], texts[name])
        for name in forms.ENCOUNTER_TEXT_LABELS
        if name in texts
    ]
    key_messages = list(encounter.key_messages.order_by("id"))
    # Another language's name was opened (and audited) with the other sealed fields.
    interpreter = texts.get("interpreter_language_other_sealed") or language_label(encounter.interpreter_language)
    return render(
        request,
        "cases/encounter_detail.html",
        {"case": case, "encounter": encounter, "texts": shown, "key_messages": key_messages, "interpreter": interpreter},
    )


@requires(Permission.CASES_CASE_UPDATE)
@require_http_methods(["GET", "POST"])
def needs(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    form = forms.NeedsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.needs_assessment_record(
            case=case, actor=request.user, needs=services.NeedsInput(**form.cleaned_data)
        )
        messages.success(
            request, _("Assessment saved. The care plan below was drafted from it: check owners and dates.")
        )
        return _back(case, "care-plan")
    return render(
        request,
        "cases/needs_form.html",
        {"case": case, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@requires(Permission.CASES_CASE_UPDATE)
@require_POST
def care_plan_add(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    form = forms.CarePlanItemForm(request.POST, organisation=case.care_centre)
    if form.is_valid():
        data = form.cleaned_data
        services.care_plan_item_add(
            case=case,
            actor=request.user,
            kind=data["kind"],
            owner=data["owner"],
            due_on=data["due_on"],
            detail=data["detail"],
        )
    else:
        messages.error(request, _("The care plan item was not added: say what, who and by when."))
    return _back(case, "care-plan")


@requires(Permission.CASES_CASE_UPDATE)
@require_POST
def care_plan_status(request: StaffRequest, case_id: UUID, item_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    item = selectors.care_plan_item_get_for(case=case, item_id=item_id)
    form = forms.CarePlanStatusForm(request.POST)
    if form.is_valid():
        services.care_plan_item_set_status(item=item, actor=request.user, status=form.cleaned_data["status"])
    return _back(case, "care-plan")


@requires(Permission.CASES_CASE_UPDATE)
@require_POST
def crisis_numbers(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    lines = content.crisis_numbers_for(jurisdiction=case.care_centre.jurisdiction, language="en")
    form = forms.CrisisNumbersForm(request.POST, lines=lines)
    if form.is_valid():
        services.crisis_numbers_record_given(
            case=case, actor=request.user, number_ids=form.cleaned_data["numbers"]
        )
    return _back(case, "care-plan")


@requires(Permission.CASES_CASE_UPDATE)
@require_POST
def police_talk(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    form = forms.PoliceTalkForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        services.police_talk_request(
            case=case,
            actor=request.user,
            companion=data["companion"],
            topics=data["topics"],
            planned_for=data["planned_for"],
        )
        messages.success(request, _("Saved. Nothing has been sent to the police."))
    else:
        messages.error(request, _("Say whether someone comes along."))
    return _back(case, "police-talk")


@requires(Permission.CASES_SUMMARY_PRINT)
@require_GET
def summary_sheet(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    safe = request.GET.get("variant") == "safe"
    sheet = summary.sheet_for(case=case, actor=request.user, safe_to_carry=safe)
    return render(request, "cases/summary.html", {"sheet": sheet, "case": case})


@requires(Permission.CASES_SUMMARY_PRINT)
@require_GET
def summary_pdf(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = _case(request, case_id)
    safe = request.GET.get("variant") == "safe"
    sheet = summary.sheet_for(case=case, actor=request.user, safe_to_carry=safe)
    response = HttpResponse(summary.render_pdf(sheet), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="notes.pdf"'
    response["Cache-Control"] = "no-store"
    return response
