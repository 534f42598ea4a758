"""Staff views of referrals: sending one from a case, the directory (DPO), incoming referrals (partners)."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.permissions import Permission
from safereport.accounts.policies import roles_grant
from safereport.accounts.sessions import StaffRequest
from safereport.audit.actors import Actor
from safereport.cases.selectors import case_get_for
from safereport.core.access import requires
from safereport.referrals import forms, selectors, services
from safereport.referrals.models import ReferralService, ReferralStatus


def _own_jurisdiction(request: StaffRequest) -> str:
    # Only staff of an organisation hold directory permissions; "" matches no entry.
    return request.user.organisation.jurisdiction if request.user.organisation else ""


def _back_to_case(case_id: UUID) -> HttpResponse:
    return redirect(reverse("cases:detail", args=[case_id]) + "#referrals")


@requires(Permission.CASES_REFERRAL_SEND)
@require_POST
def referral_send(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(actor=request.user, case_id=case_id)
    form = forms.ReferralForm(request.POST, jurisdiction=case.care_centre.jurisdiction)
    if not form.is_valid():
        messages.error(request, _("Choose a partner from the directory."))
        return _back_to_case(case.public_id)
    try:
        services.referral_send(
            case=case,
            service=form.cleaned_data["service"],
            actor=request.user,
            share_data=form.cleaned_data["share_data"],
        )
    except services.ReferralRefused:
        messages.error(
            request,
            _(
                "Not sent: the person has not consented to share this with this partner. Nothing was shared. Ask them, record their consent, then try again."
            ),
        )
        return _back_to_case(case.public_id)
    service = form.cleaned_data["service"]
    if service.organisation_id is None:
        # A partner outside SafeReport receives nothing from here: the worker hands over by phone or on paper (issue 13 §15).
        messages.success(
            request,
            _(
                "Recorded: a hand-over to %(name)s by phone or on paper. SafeReport sent them nothing. "
                "The steps are under Warm referrals."
            )
            % {"name": service.name},
        )
    else:
        messages.success(request, _("Referral sent to %(name)s.") % {"name": service.name})
    return _back_to_case(case.public_id)



@requires(Permission.REFERRALS_DIRECTORY_READ)
@require_GET
def directory(request: StaffRequest) -> HttpResponse:
    jurisdiction = request.user.organisation.jurisdiction if request.user.organisation else ""
    can_manage = roles_grant(request.user.roles, Permission.REFERRALS_DIRECTORY_MANAGE)
    entries = selectors.directory_for(jurisdiction=jurisdiction, include_inactive=can_manage)
    return render(request, "referrals/directory.html", {"services": entries, "jurisdiction": jurisdiction})


def _directory_form(request: StaffRequest, instance: ReferralService | None = None) -> HttpResponse:
    form = forms.ReferralServiceForm(request.POST or None, instance=instance)
    jurisdiction = _own_jurisdiction(request)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["jurisdiction"].upper() != jurisdiction:
            form.add_error("jurisdiction", _("You can edit only your own jurisdiction's directory."))
        else:
            services.directory_service_save(form=form, actor=request.user)
            return redirect("referrals:directory")
    return render(
        request,
        "referrals/directory_form.html",
        {"form": form, "service": instance},
        status=400 if request.method == "POST" else 200,
    )


@requires(Permission.REFERRALS_DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def directory_new(request: StaffRequest) -> HttpResponse:
    return _directory_form(request)


@requires(Permission.REFERRALS_DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def directory_edit(request: StaffRequest, service_id: UUID) -> HttpResponse:
    service = selectors.directory_service_get(
        service_id=service_id, jurisdiction=_own_jurisdiction(request)
    )
    return _directory_form(request, service)


@requires(Permission.REFERRALS_DIRECTORY_MANAGE)
@require_POST
def directory_load(request: StaffRequest) -> HttpResponse:
    count = services.referral_directory_load(actor=Actor.staff(request.user))
    messages.success(request, _("%(count)s entries loaded from the reviewed data files.") % {"count": count})
    return redirect("referrals:directory")


@requires(Permission.REFERRALS_INCOMING_READ)
@require_GET
def incoming(request: StaffRequest) -> HttpResponse:
    return render(
        request,
        "referrals/incoming.html",
        {"referrals": selectors.referrals_incoming_for(request.user), "statuses": ReferralStatus},
    )


@requires(Permission.REFERRALS_INCOMING_UPDATE)
@require_POST
def incoming_update(request: StaffRequest, referral_id: UUID) -> HttpResponse:
    referral = selectors.referral_incoming_get_for(actor=request.user, referral_id=referral_id)
    form = forms.PartnerUpdateForm(request.POST)
    try:
        if not form.is_valid():
            raise ValueError
        services.referral_partner_update(
            referral=referral, actor=request.user, status=form.cleaned_data["status"]
        )
    except ValueError:
        messages.error(request, _("That change is not possible now."))
    return redirect("referrals:incoming")
