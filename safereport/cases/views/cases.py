from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from safereport.accounts.permissions import Permission
from safereport.accounts.policies import roles_grant
from safereport.accounts.sessions import StaffRequest
from safereport.cases import forms, selectors, services
from safereport.cases.selectors import casework_context
from safereport.core import once
from safereport.core.access import requires

# The reply form's one-time token (safereport.core.once, ADR 0032), bound to
# its case: a token from one case's page sends nothing to another case.
REPLY_FORM = "cases:reply"


def reply_purpose(case) -> str:
    return f"{REPLY_FORM}:{case.public_id}"


@requires(Permission.CASES_CASE_LIST)
@require_GET
def case_list(request: StaffRequest) -> HttpResponse:
    cases = selectors.cases_visible_to(request.user).order_by("-created_at")[:200]
    return render(request, "cases/case_list.html", {"cases": cases})


@requires(Permission.CASES_CASE_LIST)
@require_GET
def inbox(request: StaffRequest) -> HttpResponse:
    return render(request, "cases/inbox.html", selectors.inbox_for(request.user))


def _detail_context(request: StaffRequest, case, **forms_in_use):
    conversation, appointments = selectors.conversation_for_staff(case=case, actor=request.user)
    context = {
        "case": case,
        "conversation": conversation,
        "appointments": appointments,
        "contact_preferences": selectors.contact_preferences_for_staff(case=case, actor=request.user)
        if case.may_contact
        else "",
        "reply_form": forms.ReplyForm(),
        "reply_token": once.issue(reply_purpose(case)).value,
        "propose_form": forms.ProposeAppointmentForm(),
        "assign_form": forms.AssignForm(organisation=case.care_centre),
        "assigned": list(case.assigned_staff.all()),
        "is_assigned": case.assigned_staff.filter(pk=request.user.pk).exists(),
    }
    context.update(
        casework_context(case=case, actor=request.user, show_all_encounters=request.GET.get("encounters") == "all")
    )
    context.update(forms_in_use)
    return context


@requires(Permission.CASES_CASE_READ, hide_case_from_outsiders=True)
@require_GET
def case_detail(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_open_for(actor=request.user, case_id=case_id)
    return render(request, "cases/case_detail.html", _detail_context(request, case))


@requires(Permission.CASES_MESSAGE_REPLY)
@require_POST
def reply(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_get_for(actor=request.user, case_id=case_id)
    token = once.read(request.POST.get("form_token", ""), purpose=reply_purpose(case))
    if token is not None and once.is_spent(token):
        # The same form again (a second click, Send pressed again after a lost answer): it is already saved.
        return _reply_already_saved(request, case)
    form = forms.ReplyForm(request.POST)
    if form.is_valid() and token is None:
        # No token, or one too old to tell whether it was used: nothing is saved, the text stays.
        form.add_error(
            None,
            _("This page was open for a long time. If your reply is not in the conversation above, press Send reply again."),
        )
    if not form.is_valid():
        # A refused post keeps its token (it was not spent); a missing or stale one is replaced.
        reply_token = (token or once.issue(reply_purpose(case))).value
        context = _detail_context(request, case, reply_form=form, reply_token=reply_token)
        return render(request, "cases/case_detail.html", context, status=400)
    assert token is not None
    # "Take this case and send reply": one POST from the inbox's case page (issue 13 §11).
    take = request.POST.get("take") == "1" and roles_grant(request.user.roles, Permission.CASES_CASE_TAKE)
    sent = services.message_reply(case=case, author=request.user, text=form.cleaned_data["message"], form_token=token, take=take)
    if sent is None:  # sent twice at the same moment: the other post saved it
        return _reply_already_saved(request, case)
    if take:
        messages.success(request, _("You took this case and your reply is saved. The person sees it when they come back with their code."))
    else:
        messages.success(request, _("Reply saved. The person sees it when they come back with their code."))
    return redirect("cases:detail", case_id=case.public_id)


def _reply_already_saved(request: StaffRequest, case) -> HttpResponse:
    messages.info(request, _("This reply was already saved; it was not sent a second time."))
    return redirect("cases:detail", case_id=case.public_id)


@requires(Permission.CASES_CASE_TAKE)
@require_POST
def take(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_get_for(actor=request.user, case_id=case_id)
    services.case_assign(case=case, assignee=request.user, actor=request.user)
    messages.success(request, _("You took this case."))
    return redirect("cases:detail", case_id=case.public_id)


@requires(Permission.CASES_CASE_ASSIGN)
@require_POST
def assign(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_get_for(actor=request.user, case_id=case_id)
    form = forms.AssignForm(request.POST, organisation=case.care_centre)
    if not form.is_valid():
        return render(request, "cases/case_detail.html", _detail_context(request, case, assign_form=form), status=400)
    assignee = form.cleaned_data["assignee"]
    services.case_assign(case=case, assignee=assignee, actor=request.user)
    messages.success(request, _("Case assigned to %(name)s.") % {"name": assignee.username})
    return redirect("cases:detail", case_id=case.public_id)


@requires(Permission.CASES_APPOINTMENT_MANAGE)
@require_POST
def propose_appointment(request: StaffRequest, case_id: UUID, appointment_id: UUID) -> HttpResponse:
    case = selectors.case_get_for(actor=request.user, case_id=case_id)
    appointment = selectors.appointment_get_for(actor=request.user, case=case, appointment_id=appointment_id)
    form = forms.ProposeAppointmentForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/case_detail.html", _detail_context(request, case, propose_form=form), status=400)
    services.appointment_propose(
        appointment=appointment,
        actor=request.user,
        proposed_for=form.cleaned_data["proposed_for"],
        note=form.cleaned_data["note"],
        confirmed=form.cleaned_data["confirmed"],
    )
    if form.cleaned_data["confirmed"]:
        messages.success(request, _("Visit confirmed. The person sees the time in their messages."))
    else:
        messages.success(request, _("Time proposed. The person can accept it or ask for another in their messages."))
    return redirect("cases:detail", case_id=case.public_id)
