"""Staff views of the police app: the centre books and follows a consultation; the police unit answers.

Thin: parse a form, call one selector or service, render. A police user's
pages are drawn from `selectors.PoliceConsultation` only (no case, code,
name or contact), and their URLs name a consultation, never a case.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms as django_forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.permissions import Permission
from safereport.accounts.sessions import StaffRequest
from safereport.cases.models import Case
from safereport.cases.selectors import case_get_for
from safereport.consent.services import DisclosureRefused
from safereport.core.access import requires
from safereport.partners.selectors import Partner
from safereport.police import forms, selectors, services
from safereport.police.datafiles import JurisdictionOptions
from safereport.police.models import Consultation, ConsultationStatus, IdentityReleased, PoliceAnswer, Venue


def _recorded(request: StaffRequest, *, what: str, back: str, back_label: str) -> HttpResponse:
    """The page after each recording action: it says what was recorded."""
    return render(request, "police/recorded.html", {"what": what, "back": back, "back_label": back_label})


MOVED_ON = gettext_lazy("That is not possible now: the consultation has moved on.")


def _carried_out(form: django_forms.Form, act: Callable[[dict[str, Any]], object], *, field: str | None = None) -> bool:
    """Run one service on a valid form. A refusal goes on the form (under `field`), and nothing is recorded."""
    if not form.is_valid():
        return False
    try:
        act(form.cleaned_data)
    except (services.ConsultationError, services.ReportError) as error:
        form.add_error(field, str(error))
    except services.TransitionNotAllowed:
        form.add_error(None, str(MOVED_ON))
    else:
        return True
    return False


def _recorded_for_centre(request: StaffRequest, consultation: Consultation, what: str) -> HttpResponse:
    return _recorded(request, what=what, back=_back(consultation), back_label=_("Back to the consultation"))


# --- the centre ---------------------------------------------------------------------------


@requires(Permission.POLICE_CONSULTATION_MANAGE, hide_case_from_outsiders=True)
@require_http_methods(["GET", "POST"])
def plan(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(actor=request.user, case_id=case_id)
    units = selectors.police_units_for(case)
    options = selectors.options_for(case.care_centre.jurisdiction)
    # The warning follows the police units offered: a partner across a border may work under no firewall.
    unprotected = [
        selectors.options_for(p.organisation.jurisdiction)
        for p in units
        if not selectors.has_firewall(p.organisation.jurisdiction)
    ]
    warning = unprotected[0] if unprotected else options
    # What the person asked for on the case page is where the plan starts.
    talk = selectors.latest_police_talk(case)
    initial = {"topics": talk.topics, "companion": talk.companion} if talk is not None else {}
    form = forms.PlanForm(request.POST or None, units=units, warn=bool(unprotected), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_plan(
                case=case,
                actor=request.user,
                police_unit=form.unit,
                topics=form.cleaned_data["topics"],
                place=form.cleaned_data["place"],
                companion=form.cleaned_data["companion"],
                interpreter=form.cleaned_data["interpreter"] == "yes",
                no_firewall_warning_told=bool(form.cleaned_data.get("warning_told")),
            )
        except services.ConsultationError as error:
            form.add_error(None, str(error))
        else:
            return _recorded(
                request,
                what=_("The consultation is planned. The police unit sees nothing until you book a time."),
                back=reverse("police:consultation", args=[consultation.public_id]),
                back_label=_("Book a time"),
            )
    return render(
        request,
        "police/plan.html",
        {"case": case, "form": form, "options": options, "warning": warning, "units": units},
        status=400 if request.method == "POST" else 200,
    )


def _centre_page(
    request: StaffRequest, consultation: Consultation, *, status: int = 200, **bound: object
) -> HttpResponse:
    context: dict[str, object] = {
        "consultation": consultation,
        "statuses": ConsultationStatus,
        "answers": PoliceAnswer,
        "book_form": forms.BookForm(),
        "reflect_form": forms.ReflectForm(),
        "decide_form": forms.DecideForm(),
        "options": selectors.options_for(consultation.police_unit.jurisdiction),
    }
    context["outcomes"] = selectors.outcomes_of(consultation_id=consultation.public_id)
    context.update(bound)
    return render(request, "police/consultation.html", context, status=status)


@requires(Permission.POLICE_CONSULTATION_MANAGE)
@require_GET
def consultation(request: StaffRequest, consultation_id: UUID) -> HttpResponse:
    found = selectors.consultation_get_for_centre(actor=request.user, consultation_id=consultation_id)
    return _centre_page(request, found)


def _back(consultation: Consultation) -> str:
    return reverse("police:consultation", args=[consultation.public_id])


@requires(Permission.POLICE_CONSULTATION_MANAGE)
@require_POST
def book(request: StaffRequest, consultation_id: UUID) -> HttpResponse:
    found = selectors.consultation_get_for_centre(actor=request.user, consultation_id=consultation_id)
    form = forms.BookForm(request.POST)
    booked = _carried_out(
        form,
        lambda data: services.consultation_book(consultation=found, actor=request.user, proposed_for=data["proposed_for"]),
        field="proposed_for",
    )
    if booked:
        return _recorded_for_centre(
            request,
            found,
            _("Booked. The police unit now sees the pseudonym, the topics, the time and the place, and nothing else."),
        )
    return _centre_page(request, found, status=400, book_form=form)


@requires(Permission.POLICE_CONSULTATION_MANAGE)
@require_POST
def agree_time(request: StaffRequest, consultation_id: UUID) -> HttpResponse:
    found = selectors.consultation_get_for_centre(actor=request.user, consultation_id=consultation_id)
    try:
        services.consultation_time_agree(consultation=found, actor=request.user)
    except services.ConsultationError as error:
        return _centre_page(request, found, status=400, page_error=str(error))
    return _recorded_for_centre(request, found, _("Recorded: the person agreed to the time the police proposed."))


@requires(Permission.POLICE_CONSULTATION_MANAGE)
@require_POST
def reflect(request: StaffRequest, consultation_id: UUID) -> HttpResponse:
    found = selectors.consultation_get_for_centre(actor=request.user, consultation_id=consultation_id)
    form = forms.ReflectForm(request.POST)
    reflecting = _carried_out(
        form,
        lambda data: services.consultation_reflect(consultation=found, actor=request.user, until=data["until"]),
        field="until",
    )
    if reflecting:
        return _recorded_for_centre(request, found, _("Recorded: the person takes time to think, until the date you agreed."))
    return _centre_page(request, found, status=400, reflect_form=form)


@requires(Permission.POLICE_CONSULTATION_MANAGE)
@require_POST
def decide(request: StaffRequest, consultation_id: UUID) -> HttpResponse:
    found = selectors.consultation_get_for_centre(actor=request.user, consultation_id=consultation_id)
    form = forms.DecideForm(request.POST)
    decided = _carried_out(
        form,
        lambda data: services.consultation_decide(consultation=found, actor=request.user, decision=data["decision"]),
        field="decision",
    )
    if decided:
        # The status is read after the decision: it names what was decided.
        return _recorded_for_centre(request, found, _("Recorded: %(decision)s.") % {"decision": found.get_status_display()})
    return _centre_page(request, found, status=400, decide_form=form)


@requires(Permission.POLICE_CONSULTATION_MANAGE)
@require_POST
def cancel(request: StaffRequest, consultation_id: UUID) -> HttpResponse:
    found = selectors.consultation_get_for_centre(actor=request.user, consultation_id=consultation_id)
    try:
        services.consultation_cancel(consultation=found, actor=request.user)
    except services.TransitionNotAllowed:
        return _centre_page(request, found, status=400, page_error=str(MOVED_ON))
    return _recorded_for_centre(request, found, _("The consultation is cancelled."))


# --- the police unit ----------------------------------------------------------------------


@requires(Permission.POLICE_INBOX_READ)
@require_GET
def unit_inbox(request: StaffRequest) -> HttpResponse:
    return render(
        request,
        "police/unit_inbox.html",
        {
            "consultations": selectors.police_inbox(request.user),
            "reports": selectors.police_reports(request.user),
            # One reverse per page, not per row: the links differ only by the id.
            "consultation_base": reverse("police:unit_inbox") + "consultations/",
            "report_base": reverse("police:unit_inbox") + "reports/",
        },
    )


def _unit_page(
    request: StaffRequest, shown: selectors.PoliceConsultation, *, status: int = 200, **bound: object
) -> HttpResponse:
    context: dict[str, object] = {
        "consultation": shown,
        "answer_form": forms.AnswerForm(),
        "held_form": forms.HeldForm(),
        "outcome_form": forms.OutcomeForm(),
        "outcomes": selectors.outcomes_of(consultation_id=shown.public_id),
    }
    context.update(bound)
    return render(request, "police/unit_consultation.html", context, status=status)


@requires(Permission.POLICE_INBOX_READ)
@require_GET
def unit_consultation(request: StaffRequest, consultation_id: UUID) -> HttpResponse:
    shown = selectors.police_consultation_open(actor=request.user, consultation_id=consultation_id)
    return _unit_page(request, shown)


def _unit_back(consultation_id: UUID) -> str:
    return reverse("police:unit_consultation", args=[consultation_id])


@requires(Permission.POLICE_CONSULTATION_ANSWER)
@require_POST
def unit_answer(request: StaffRequest, consultation_id: UUID) -> HttpResponse:
    found = selectors.consultation_for_unit(actor=request.user, consultation_id=consultation_id)
    form = forms.AnswerForm(request.POST)
    answered = _carried_out(
        form,
        lambda data: services.consultation_answer(
            consultation=found, actor=request.user, answer=data["answer"], other_time=data.get("other_time")
        ),
    )
    if answered:
        return _recorded(
            request,
            what=_("Your answer is recorded. The centre and the person will read it."),
            back=_unit_back(consultation_id),
            back_label=_("Back to the consultation"),
        )
    return _unit_page(request, selectors.police_view(found), status=400, answer_form=form)


@requires(Permission.POLICE_CONSULTATION_ANSWER)
@require_POST
def unit_held(request: StaffRequest, consultation_id: UUID) -> HttpResponse:
    found = selectors.consultation_for_unit(actor=request.user, consultation_id=consultation_id)
    form = forms.HeldForm(request.POST)
    held = _carried_out(
        form,
        lambda data: services.consultation_held(
            consultation=found,
            actor=request.user,
            held_on=data["held_on"],
            companion_part=data["companion_part"],
            interpreter_attended=data["interpreter_attended"] == "yes",
            contact_route=data["contact_route"],
            contact_route_detail=data["contact_route_detail"],
        ),
    )
    if held:
        return _recorded(
            request,
            what=_("Recorded: the talk was held. The person can read how to reach your unit."),
            back=_unit_back(consultation_id),
            back_label=_("Back to the consultation"),
        )
    return _unit_page(request, selectors.police_view(found), status=400, held_form=form)


# --- reports through an intermediary --------------------------------------------------------


@requires(Permission.POLICE_REPORT_FILE, hide_case_from_outsiders=True)
@require_http_methods(["GET", "POST"])
def report_new(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(actor=request.user, case_id=case_id)
    units = selectors.police_units_for(case)
    form = forms.ReportForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_file(
                case=case,
                actor=request.user,
                police_unit=form.unit,
                identity=form.cleaned_data["identity"],
                reference=form.cleaned_data["reference"],
                venue=form.cleaned_data["venue"],
            )
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            return _recorded(
                request,
                what=_("The report is filed. The police unit sees the made-up name, your reference and the identity released, nothing more."),
                back=reverse("police:report", args=[report.public_id]),
                back_label=_("The report"),
            )
    return render(
        request,
        "police/report_new.html",
        {
            "case": case,
            "form": form,
            "units": units,
            "options": selectors.options_for(case.care_centre.jurisdiction),
            "released": {p.organisation.pk: services.identity_released_now(case=case, police_unit=p.organisation) for p in units},
        },
        status=400 if request.method == "POST" else 200,
    )


# --- an NGO or municipal desk files for the people who named it ----------------------------


def _warning_for(case: Case, units: list[Partner]) -> JurisdictionOptions:
    """The no-firewall warning follows the units offered: a partner across a border may work under none."""
    unprotected = [p for p in units if not selectors.has_firewall(p.organisation.jurisdiction)]
    jurisdiction = unprotected[0].organisation.jurisdiction if unprotected else case.care_centre.jurisdiction
    return selectors.options_for(jurisdiction)


@requires(Permission.POLICE_INTERMEDIARY_FILE)
@require_GET
def people(request: StaffRequest) -> HttpResponse:
    people = selectors.people_for_intermediary(request.user)
    return render(
        request, "police/people.html", {"people": people, "units": selectors.police_units_for_people(people)}
    )


@requires(Permission.POLICE_INTERMEDIARY_FILE)
@require_http_methods(["GET", "POST"])
def person_report(request: StaffRequest, case_id: UUID) -> HttpResponse:
    """Fill in, check the answers, file. Each POST carries every answer; only "File the report" records."""
    case = selectors.person_get_for_intermediary(actor=request.user, case_id=case_id)
    units = selectors.police_units_for(case)
    allowed = {str(p.public_id): services.identity_released_now(case=case, police_unit=p.organisation) for p in units}
    form = forms.IntermediaryReportForm(request.POST or None, units=units, allowed=allowed)
    step = request.POST.get("step", "")
    if request.method == "POST" and step != "change" and form.is_valid():
        if step != "file":
            return render(
                request,
                "police/person_report_check.html",
                {
                    "code": case.code,
                    "form": form,
                    "unit": form.unit,
                    "identity": IdentityReleased(form.cleaned_data["identity"]).label,
                    "venue": Venue(form.cleaned_data["venue"]).label,
                },
            )
        try:
            report = services.report_file(
                case=case,
                actor=request.user,
                police_unit=form.unit,
                identity=form.cleaned_data["identity"],
                reference=form.cleaned_data["reference"],
                venue=form.cleaned_data["venue"],
            )
        except services.ReportError as error:
            form.add_error(None, str(error))
        else:
            return _recorded(
                request,
                what=_(
                    "The report is filed for %(code)s. The police unit sees a made-up name, your reference and the "
                    "identity released, nothing more."
                )
                % {"code": case.code},
                back=reverse("police:report", args=[report.public_id]),
                back_label=_("The report"),
            )
    return render(
        request,
        "police/person_report.html",
        {
            "code": case.code,
            "form": form,
            "released": [
                (p.name.value, allowed[str(p.public_id)].label, not selectors.has_firewall(p.organisation.jurisdiction))
                for p in units
            ],
            "units": units,
            "options": _warning_for(case, units),
        },
        status=400 if request.method == "POST" and step != "change" else 200,
    )


@requires(Permission.POLICE_REPORT_FILE)
@require_GET
def reports_filed(request: StaffRequest) -> HttpResponse:
    return render(request, "police/reports_filed.html", {"reports": selectors.reports_filed_by(request.user)})


@requires(Permission.POLICE_REPORT_FILE)
@require_GET
def report(request: StaffRequest, report_id: UUID) -> HttpResponse:
    found = selectors.report_get_for_intermediary(actor=request.user, report_id=report_id)
    return render(request, "police/report.html", {"report": found})


@requires(Permission.POLICE_REPORT_FILE)
@require_POST
def report_relay(request: StaffRequest, report_id: UUID) -> HttpResponse:
    found = selectors.report_get_for_intermediary(actor=request.user, report_id=report_id)
    try:
        services.report_relay(report=found, actor=request.user)
    except services.ReportError as error:
        return render(request, "police/report.html", {"report": found, "page_error": str(error)}, status=400)
    return _recorded(
        request,
        what=_("The person was told in their messages, in their language, that the police answered."),
        back=reverse("police:report", args=[found.public_id]),
        back_label=_("The report"),
    )


def _unit_report_page(
    request: StaffRequest, shown: selectors.PoliceReport, *, status: int = 200, **bound: object
) -> HttpResponse:
    context: dict[str, object] = {
        "report": shown,
        "reply_form": forms.ReplyForm(),
        "outcome_form": forms.OutcomeForm(),
        "outcomes": selectors.outcomes_of(report_id=shown.public_id),
    }
    context.update(bound)
    return render(request, "police/unit_report.html", context, status=status)


@requires(Permission.POLICE_INBOX_READ)
@require_GET
def unit_report(request: StaffRequest, report_id: UUID) -> HttpResponse:
    return _unit_report_page(request, selectors.police_report_open(actor=request.user, report_id=report_id))


@requires(Permission.POLICE_REPORT_REPLY)
@require_POST
def unit_reply(request: StaffRequest, report_id: UUID) -> HttpResponse:
    found = selectors.report_for_unit(actor=request.user, report_id=report_id)
    form = forms.ReplyForm(request.POST)
    replied = _carried_out(
        form,
        lambda data: services.report_reply(
            report=found,
            actor=request.user,
            record_type=data["record_type"],
            contact_policy=data["contact_policy"],
            investigation_started=data["investigation_started"] == "yes",
            reason=data["reason"],
            replied_on=data["replied_on"],
            immigration_action=data["immigration_action"],
        ),
    )
    if replied:
        return _recorded(
            request,
            what=_("Your reply is recorded. The organisation that reported passes it on to the person."),
            back=reverse("police:unit_report", args=[report_id]),
            back_label=_("Back to the report"),
        )
    return _unit_report_page(request, selectors.police_report_view(found), status=400, reply_form=form)


# --- formal handover and outcomes -------------------------------------------------------------


@requires(Permission.POLICE_CONSULTATION_MANAGE)
@require_POST
def hand_over(request: StaffRequest, consultation_id: UUID) -> HttpResponse:
    found = selectors.consultation_get_for_centre(actor=request.user, consultation_id=consultation_id)
    try:
        services.consultation_hand_over(consultation=found, actor=request.user)
    except services.ConsultationError as error:
        return _centre_page(request, found, status=400, page_error=str(error))
    except DisclosureRefused:
        return _centre_page(
            request,
            found,
            status=400,
            page_error=_("Not sent: the person's consents allow nothing to be shared with this unit. Nothing was shared."),
        )
    return _recorded_for_centre(
        request, found, _("The report was handed over: the police unit received exactly what the person agreed to share.")
    )


def _outcome(request: StaffRequest, *, consultation_id: UUID | None = None, report_id: UUID | None = None) -> HttpResponse:
    form = forms.OutcomeForm(request.POST)
    consultation = (
        selectors.consultation_for_unit(actor=request.user, consultation_id=consultation_id)
        if consultation_id is not None
        else None
    )
    report = selectors.report_for_unit(actor=request.user, report_id=report_id) if report_id is not None else None
    recorded = _carried_out(
        form,
        lambda data: services.outcome_record(
            actor=request.user, code=data["code"], occurred_on=data["occurred_on"], consultation=consultation, report=report
        ),
    )
    if recorded:
        back = (
            reverse("police:unit_consultation", args=[consultation_id])
            if consultation_id is not None
            else reverse("police:unit_report", args=[report_id])
        )
        return _recorded(request, what=_("The outcome is recorded."), back=back, back_label=_("Back to the report"))
    if consultation is not None:
        return _unit_page(request, selectors.police_view(consultation), status=400, outcome_form=form)
    assert report is not None
    return _unit_report_page(request, selectors.police_report_view(report), status=400, outcome_form=form)


@requires(Permission.POLICE_REPORT_REPLY)
@require_POST
def unit_consultation_outcome(request: StaffRequest, consultation_id: UUID) -> HttpResponse:
    return _outcome(request, consultation_id=consultation_id)


@requires(Permission.POLICE_REPORT_REPLY)
@require_POST
def unit_report_outcome(request: StaffRequest, report_id: UUID) -> HttpResponse:
    return _outcome(request, report_id=report_id)


# --- a municipal desk's own inbox (ADR 0037) ------------------------------------------------


@requires(Permission.POLICE_DESK_INBOX)
@require_GET
def desk_inbox(request: StaffRequest) -> HttpResponse:
    return render(request, "police/desk_inbox.html", {"contacts": selectors.desk_inbox_for(request.user)})


@requires(Permission.POLICE_DESK_INBOX)
@require_http_methods(["GET", "POST"])
def desk_contact(request: StaffRequest, case_id: UUID) -> HttpResponse:
    """One person who wrote to the desk: their messages, and the desk's answer."""
    case = selectors.desk_contact_get_for(actor=request.user, case_id=case_id)
    form = forms.DeskReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.desk_reply(case=case, actor=request.user, text=form.cleaned_data["message"])
        return _recorded(
            request, what=_("Your answer is in the person's messages. They read it when they come back with their code."),
            back=reverse("police:desk_contact", args=[case.public_id]), back_label=_("Back to the conversation"),
        )
    messages = selectors.desk_conversation_for(actor=request.user, case=case)
    return render(
        request, "police/desk_contact.html", {"case": case, "messages": messages, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- which desks the portal offers (ADR 0037, amended) -----------------------------------------


@requires(Permission.POLICE_DESK_PORTAL_MANAGE)
@require_GET
def desks_for_portal(request: StaffRequest) -> HttpResponse:
    return render(request, "police/desks_for_portal.html", {"desks": selectors.desks_for_portal()})


@requires(Permission.POLICE_DESK_PORTAL_MANAGE, recent_auth=True)
@require_http_methods(["GET", "POST"])
def desk_for_portal(request: StaffRequest, desk_id: UUID) -> HttpResponse:
    """Open or close one desk: choose, check what it means, confirm. Only "confirm" records."""
    facts = selectors.desk_for_portal_get(desk_id=desk_id)
    form = forms.DeskPortalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("step") != "confirm":
            return render(request, "police/desk_for_portal_check.html", {"facts": facts, "form": form, "opening": form.opening})
        try:
            services.desk_portal_set(desk=facts.desk, open_to_portal=form.opening, actor=request.user)
        except services.DeskPortalRefused as error:
            form.add_error(None, str(error))
        else:
            what = (
                _("%(desk)s is open to the portal. People can now choose it on the contact form.")
                if form.opening
                else _("%(desk)s is closed to the portal. It is no longer on the contact form; people who already wrote keep their conversation.")
            ) % {"desk": facts.desk.name}
            return _recorded(request, what=what, back=reverse("police:desks_for_portal"), back_label=_("Desks on the portal"))
    return render(
        request, "police/desk_for_portal.html", {"facts": facts, "form": form},
        status=400 if request.method == "POST" else 200,
    )
