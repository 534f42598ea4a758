"""Staff views of relief procedures: the organisation that carries one, and nobody else.

Thin: parse a form, call one selector or service, render. Every recording
action ends on a page that says what was recorded.
"""

import datetime as dt
from uuid import UUID

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.permissions import Permission
from safereport.accounts.sessions import StaffRequest
from safereport.core.access import requires
from safereport.relief import forms, selectors, services
from safereport.relief.models import CertificationRequest, ItemStatus, Procedure

P = Permission.RELIEF_PROCEDURE_MANAGE


def _today() -> dt.date:
    return timezone.localdate()


def _recorded(request: StaffRequest, *, what: str, back: str, back_label: str) -> HttpResponse:
    return render(request, "relief/recorded.html", {"what": what, "back": back, "back_label": back_label})


def _to_procedure(request: StaffRequest, procedure: Procedure, what: str) -> HttpResponse:
    return _recorded(
        request, what=what, back=reverse("relief:procedure", args=[procedure.public_id]), back_label=_("Back to the procedure")
    )


@requires(P)
@require_GET
def home(request: StaffRequest) -> HttpResponse:
    return render(
        request,
        "relief/home.html",
        {
            "reminders": selectors.reminders_for(request.user, today=_today()),
            "procedures": selectors.procedures_of(request.user).select_related("case").order_by("-opened_on", "pk")[:200],
            "people": selectors.people_for(request.user),
        },
    )


@requires(P)
@require_http_methods(["GET", "POST"])
def open_procedure(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = selectors.person_get(actor=request.user, case_id=case_id)
    form = forms.OpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = services.procedure_open(
                actor=request.user, case=case, mechanism=form.cleaned_data["mechanism"], opened_on=form.cleaned_data["opened_on"]
            )
        except services.ReliefError:
            form.add_error(None, _("This procedure cannot be opened for this person now."))
        else:
            return _to_procedure(request, procedure, _("The procedure is open. You are responsible for its reminders."))
    return render(request, "relief/open.html", {"code": case.code, "case_id": case.public_id, "form": form}, status=400 if request.method == "POST" else 200)


def _page_context(request: StaffRequest, procedure: Procedure, **forms_given: object) -> dict[str, object]:
    page = selectors.procedure_page(procedure, today=_today())
    steps = [(s.id, s.name) for s in page.steps if s.done_on is None]
    return {
        "page": page,
        "step_form": forms_given.get("step_form") or forms.StepForm(steps=steps),
        "clock_form": forms_given.get("clock_form") or forms.ClockForm(unlocked=page.unlocked),
        "item_statuses": ItemStatus.choices,
        "file_form": forms_given.get("file_form"),
    }


@requires(P)
@require_GET
def procedure(request: StaffRequest, procedure_id: UUID) -> HttpResponse:
    found = selectors.procedure_get(actor=request.user, procedure_id=procedure_id, audit=True)
    return render(request, "relief/procedure.html", _page_context(request, found))


@requires(P)
@require_POST
def step(request: StaffRequest, procedure_id: UUID) -> HttpResponse:
    found = selectors.procedure_get(actor=request.user, procedure_id=procedure_id)
    page = selectors.procedure_page(found, today=_today())
    form = forms.StepForm(request.POST, steps=[(s.id, s.name) for s in page.steps if s.done_on is None])
    if form.is_valid():
        try:
            services.procedure_step_record(
                actor=request.user, procedure=found, step=form.cleaned_data["step"], done_on=form.cleaned_data["done_on"]
            )
        except (services.ReliefError, services.TransitionNotAllowed):
            form.add_error(None, _("This step cannot be recorded now."))
        else:
            return _to_procedure(request, found, _("The step is recorded, with its date."))
    return render(request, "relief/procedure.html", _page_context(request, found, step_form=form), status=400)


@requires(P)
@require_POST
def clock(request: StaffRequest, procedure_id: UUID) -> HttpResponse:
    found = selectors.procedure_get(actor=request.user, procedure_id=procedure_id)
    form = forms.ClockForm(request.POST, unlocked=selectors.unlocked(found))
    if form.is_valid():
        try:
            services.clock_add(
                actor=request.user, procedure=found, kind=form.cleaned_data["kind"], due_on=form.cleaned_data["due_on"],
                today=_today(),
            )
        except services.ReliefError as error:
            form.add_error("kind", str(error))
        else:
            return _to_procedure(request, found, _("The date is added to the procedure's deadlines."))
    return render(request, "relief/procedure.html", _page_context(request, found, clock_form=form), status=400)


@requires(P)
@require_POST
def checklist(request: StaffRequest, procedure_id: UUID) -> HttpResponse:
    found = selectors.procedure_get(actor=request.user, procedure_id=procedure_id)
    form = forms.ChecklistForm(request.POST)
    if form.is_valid():
        try:
            services.checklist_item_set(
                actor=request.user, procedure=found, item=form.cleaned_data["item"], status=form.cleaned_data["status"]
            )
        except services.ReliefError:
            pass
        else:
            return _to_procedure(request, found, _("The document's status is recorded."))
    context = _page_context(request, found)
    context["checklist_error"] = _("Choose where this document stands.")
    return render(request, "relief/procedure.html", context, status=400)


@requires(P)
@require_POST
def file_add(request: StaffRequest, procedure_id: UUID) -> HttpResponse:
    """Keep a paper for one checklist item, sealed in the vault (ADR 0033, 2026-12-02)."""
    found = selectors.procedure_get(actor=request.user, procedure_id=procedure_id)
    form = forms.FileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.file_add(
                actor=request.user, procedure=found, item=form.cleaned_data["item"], content=form.cleaned_data["upload"].read()
            )
        except services.ReliefError as error:
            form.add_error("upload", str(error))
        else:
            return _to_procedure(request, found, _("The paper is kept, sealed, with the procedure."))
    return render(request, "relief/procedure.html", _page_context(request, found, file_form=form), status=400)


@requires(P)
@require_GET
def file_download(request: StaffRequest, file_id: UUID) -> HttpResponse:
    """Download a kept paper: audited; a paper about migration status only during the person's unlock."""
    found = selectors.file_get(actor=request.user, file_id=file_id)
    try:
        content = services.file_open(actor=request.user, found=found)
    except services.NotUnlocked:
        return render(request, "relief/file_locked.html", {"procedure": found.procedure}, status=403)
    response = HttpResponse(content, content_type=found.media_type)
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[found.media_type]
    response["Content-Disposition"] = f'attachment; filename="{found.item}.{extension}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@requires(P)
@require_POST
def withdraw(request: StaffRequest, procedure_id: UUID) -> HttpResponse:
    found = selectors.procedure_get(actor=request.user, procedure_id=procedure_id)
    try:
        services.procedure_withdraw(actor=request.user, procedure=found, on=_today())
    except services.TransitionNotAllowed:
        context = _page_context(request, found)
        context["withdraw_error"] = _("This procedure is already closed.")
        return render(request, "relief/procedure.html", context, status=400)
    return _to_procedure(request, found, _("The procedure is withdrawn. Its deadlines are stopped."))


@requires(P)
@require_GET
def packet(request: StaffRequest, procedure_id: UUID) -> HttpResponse:
    """The filing packet, for the person or their lawyer to file: SafeReport sends nothing anywhere."""
    found = selectors.procedure_get(actor=request.user, procedure_id=procedure_id)
    page = selectors.procedure_page(found, today=_today())
    language = page.described.authority_language if page.described else "en"
    with translation.override(language):
        html = render_to_string("relief/packet.html", {"page": page, "for_pdf": True, "today": _today()})
    services.packet_printed(actor=request.user, procedure=found)
    response = HttpResponse(selectors.render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="packet-{found.mechanism}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


# --- certifying agencies and certification requests -----------------------------------------


@requires(P)
@require_http_methods(["GET", "POST"])
def agencies(request: StaffRequest) -> HttpResponse:
    form = forms.AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_add(actor=request.user, **form.cleaned_data)
        except services.ReliefError as error:
            form.add_error("name", str(error))
        else:
            return _recorded(
                request, what=_("The agency is in the directory."), back=reverse("relief:agencies"), back_label=_("Certifying agencies")
            )
    return render(
        request,
        "relief/agencies.html",
        {"form": form, "agencies": selectors.agencies_for(request.user)},
        status=400 if request.method == "POST" else 200,
    )


@requires(P)
@require_http_methods(["GET", "POST"])
def certification_new(request: StaffRequest, procedure_id: UUID) -> HttpResponse:
    found = selectors.procedure_get(actor=request.user, procedure_id=procedure_id)
    form = forms.RequestForm(request.POST or None, agencies=list(selectors.agencies_for(request.user)))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.certification_create(
                actor=request.user,
                procedure=found,
                agency=form.chosen_agency,
                form=form.cleaned_data["form"],
                official_role=form.cleaned_data["official_role"],
                requested_by=form.cleaned_data["requested_by"],
                law=form.cleaned_data["law"],
                family_loss_on=form.cleaned_data["family_loss_on"],
            )
        except services.ReliefError as error:
            form.add_error(None, str(error))
        else:
            return _recorded(
                request,
                what=_("The request is prepared. Record the date it is sent to start the agency's clock."),
                back=reverse("relief:certification", args=[created.public_id]),
                back_label=_("Open the request"),
            )
    return render(
        request, "relief/certification_new.html", {"procedure": found, "form": form}, status=400 if request.method == "POST" else 200
    )


def _certification_context(found: CertificationRequest, form: forms.CertificationActForm | None = None) -> dict[str, object]:
    unlocked = selectors.unlocked(found.procedure)
    return {
        "request_": found,
        "form": form or forms.CertificationActForm(unlocked=unlocked),
        "unlocked": unlocked,
        **selectors.certification_view(found, today=_today()),
    }


@requires(P)
@require_GET
def certification(request: StaffRequest, certification_id: UUID) -> HttpResponse:
    found = selectors.certification_get(actor=request.user, certification_id=certification_id)
    return render(request, "relief/certification.html", _certification_context(found))


@requires(P)
@require_POST
def certification_act(request: StaffRequest, certification_id: UUID) -> HttpResponse:
    found = selectors.certification_get(actor=request.user, certification_id=certification_id)
    form = forms.CertificationActForm(request.POST, unlocked=selectors.unlocked(found.procedure))
    if form.is_valid():
        try:
            services.certification_act(
                actor=request.user, request=found, action=form.cleaned_data["action"], on=form.cleaned_data["on"],
                reason=form.cleaned_data.get("reason") or "", today=_today(),
            )
        except services.ReliefError as error:
            form.add_error(None, str(error))
        except services.TransitionNotAllowed:
            form.add_error("action", _("This cannot be recorded from where the request stands now."))
        else:
            return _recorded(
                request,
                what=_("Recorded for the certification request."),
                back=reverse("relief:certification", args=[found.public_id]),
                back_label=_("Back to the request"),
            )
    return render(request, "relief/certification.html", _certification_context(found, form), status=400)
