"""Staff pages of the recipient registry: the register, a proposal, approval, ending (ADR 0014)."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.permissions import Permission
from safereport.accounts.policies import roles_grant
from safereport.accounts.sessions import StaffRequest
from safereport.core.access import requires
from safereport.partners import forms, selectors, services
from safereport.partners.errors import PartnershipRefused


def _register_context(request: StaffRequest, **extra: object) -> dict[str, object]:
    roles = request.user.roles
    context: dict[str, object] = {
        "rows": selectors.register_for(request.user),
        "may_propose": roles_grant(roles, Permission.PARTNERS_PARTNERSHIP_PROPOSE),
        "may_approve": roles_grant(roles, Permission.PARTNERS_PARTNERSHIP_APPROVE),
        "may_end": roles_grant(roles, Permission.PARTNERS_PARTNERSHIP_REVOKE),
        "end_form": forms.EndForm(),
    }
    context.update(extra)
    return context


@requires(Permission.PARTNERS_REGISTER_READ)
@require_GET
def register(request: StaffRequest) -> HttpResponse:
    return render(request, "partners/register.html", _register_context(request))


@requires(Permission.PARTNERS_PARTNERSHIP_PROPOSE, recent_auth=True)
@require_http_methods(["GET", "POST"])
def propose(request: StaffRequest) -> HttpResponse:
    form = forms.ProposeForm(request.POST or None, organisations=selectors.organisations_to_propose(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.partnership_propose(
                actor=request.user,
                organisation=data["organisation"],
                agreement_reference=data["agreement_reference"],
                agreement_date=data["agreement_date"],
                purposes=data["purposes"],
                public_names=form.public_names(),
                cross_border_reason=data["cross_border_reason"],
            )
        except PartnershipRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Proposed. Nothing can be sent to this organisation until a case manager approves the partnership."),
            )
            return redirect("partners:register")
    status = 400 if request.method == "POST" else 200
    return render(request, "partners/propose.html", {"form": form}, status=status)


@requires(Permission.PARTNERS_PARTNERSHIP_APPROVE, recent_auth=True)
@require_POST
def approve(request: StaffRequest, partnership_id: UUID) -> HttpResponse:
    partnership = selectors.partnership_get_for(actor=request.user, partnership_id=partnership_id)
    try:
        services.partnership_approve(actor=request.user, partnership=partnership)
    except PartnershipRefused as refusal:
        messages.error(request, _("Not approved: %(reason)s") % {"reason": refusal.message})
    else:
        messages.success(request, _("Approved. The organisation can now receive what people agree to share with it."))
    return redirect("partners:register")


@requires(Permission.PARTNERS_PARTNERSHIP_REVOKE)
@require_POST
def end(request: StaffRequest, partnership_id: UUID) -> HttpResponse:
    partnership = selectors.partnership_get_for(actor=request.user, partnership_id=partnership_id)
    form = forms.EndForm(request.POST)
    if not form.is_valid():
        return render(request, "partners/register.html", _register_context(request, end_form=form, ending=partnership), status=400)
    try:
        services.partnership_revoke(actor=request.user, partnership=partnership, reason=form.cleaned_data["reason"])
    except PartnershipRefused as refusal:
        messages.error(request, _("Not recorded: %(reason)s") % {"reason": refusal.message})
    else:
        messages.success(
            request, _("Ended. Nothing more goes to this organisation, and what it was sent can no longer be opened.")
        )
    return redirect("partners:register")
