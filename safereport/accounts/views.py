import base64
from uuid import UUID

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from config import locales
from safereport.accounts import forms, selectors, services, sessions
from safereport.accounts.models import ReviewScope, StaffUser
from safereport.accounts.permissions import Permission, Role
from safereport.accounts.sessions import StaffRequest
from safereport.audit.actors import Actor
from safereport.core.access import public_view, requires, signed_in_view, unverified_staff_view
from safereport.core.languages import language_label


@public_view
class StaffLoginView(LoginView):
    template_name = "accounts/login.html"
    form_class = forms.StaffLoginForm
    redirect_authenticated_user = False

    def get_success_url(self) -> str:
        user = self.request.user
        assert isinstance(user, StaffUser)  # form_valid() has just signed this user in
        services.record_sign_in(user=user, step="password")
        return sessions.second_factor_url(user, next_url=sessions.safe_next(self.request, ""))


def _totp_qr_data_uri(device: TOTPDevice) -> str:
    # Inline PNG: no JavaScript, no request to another host, shown once.
    png = segno.make(device.config_url, error="m").png_data_uri(scale=4)
    return png


@unverified_staff_view
@require_http_methods(["GET", "POST"])
def totp_setup(request: StaffRequest) -> HttpResponse:
    user = request.user
    if sessions.has_confirmed_totp(user):
        # A stolen password must never be enough to enrol a second device.
        return redirect(sessions.second_factor_url(user, next_url=sessions.safe_next(request, "")))
    device = services.totp_device_for_enrolment(user=user)
    form = forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            services.totp_enrolment_confirm(device=device)
            sessions.second_factor_passed(request, device)
            return redirect(sessions.safe_next(request, reverse("accounts:home")))
        form.add_error("token", _("That code did not match. Check the time on your phone and try the newest code."))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/totp_setup.html",
        {"form": form, "qr": _totp_qr_data_uri(device), "secret": secret, "next": sessions.safe_next(request, "")},
    )


@unverified_staff_view
@require_http_methods(["GET", "POST"])
def totp_verify(request: StaffRequest) -> HttpResponse:
    user = request.user
    device = selectors.totp_device_confirmed(user=user)
    if device is None:
        return redirect("accounts:totp_setup")
    form = forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Too many wrong codes. Wait a minute, then try again."))
        elif device.verify_token(form.cleaned_data["token"]):
            sessions.second_factor_passed(request, device)
            services.record_sign_in(user=user, step="totp")
            return redirect(sessions.safe_next(request, reverse("accounts:home")))
        else:
            form.add_error("token", _("That code did not match. Try the newest code from your app."))
    return render(request, "accounts/totp_verify.html", {"form": form, "next": sessions.safe_next(request, "")})


@signed_in_view
@require_http_methods(["GET", "POST"])
def reauthenticate(request: StaffRequest) -> HttpResponse:
    form = forms.ReauthenticateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=request.user.username, password=form.cleaned_data["password"])
        device = selectors.totp_device_confirmed(user=request.user)
        if user is None or user.pk != request.user.pk:
            form.add_error("password", _("That password is not right."))
        elif device is None or not device.verify_token(form.cleaned_data["token"]):
            form.add_error("token", _("That code did not match. Try the newest code from your app."))
        else:
            sessions.mark_authenticated_now(request)
            return redirect(sessions.safe_next(request, reverse("accounts:home")))
    return render(request, "accounts/reauthenticate.html", {"form": form, "next": sessions.safe_next(request, "")})


@unverified_staff_view
@require_POST
def sign_out(request: StaffRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@signed_in_view
@require_POST
def sign_out_everywhere(request: StaffRequest) -> HttpResponse:
    services.staff_logout_everywhere(user=request.user)
    logout(request)
    return redirect("accounts:login")


@signed_in_view
@require_GET
def home(request: StaffRequest) -> HttpResponse:
    return render(request, "accounts/home.html")


@signed_in_view
@require_http_methods(["GET", "POST"])
def profile(request: StaffRequest) -> HttpResponse:
    """Your own settings: the language of your pages (ADR 0036)."""
    user = request.user
    organisation_language = user.organisation.language if user.organisation is not None else "en"
    form = forms.LanguageForm(
        request.POST or None, initial={"language": user.language}, organisation_language=organisation_language
    )
    if request.method == "POST" and form.is_valid():
        services.staff_language_set(user=user, language=form.cleaned_data["language"])
        # The page that confirms it is already in the language chosen.
        translation.activate(user.staff_language)
        request.LANGUAGE_CODE = user.staff_language
        return render(request, "accounts/profile_done.html", {"language_name": locales.LOCALES_BY_CODE[user.staff_language].endonym})
    return render(request, "accounts/profile.html", {"form": form})


@requires(Permission.ACCOUNTS_STAFF_LIST)
@require_GET
def staff_list(request: StaffRequest) -> HttpResponse:
    return render(request, "accounts/staff_list.html", {"colleagues": selectors.colleagues_of(actor=request.user)})


@requires(Permission.ACCOUNTS_INVITATION_CREATE, recent_auth=True)
@require_http_methods(["GET", "POST"])
def invitation_create(request: StaffRequest) -> HttpResponse:
    organisation = request.user.organisation
    if organisation is None:  # AccessPolicyMiddleware lets no one without an organisation get here
        raise PermissionDenied
    form = forms.InvitationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            _invitation, token = services.invitation_create(
                organisation=organisation,
                roles=form.cleaned_data["roles"],
                invited_by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error("roles", error)
        else:
            link = request.build_absolute_uri(reverse("accounts:invitation_accept", args=[token]))
            return render(request, "accounts/invitation_created.html", {"link": link})
    return render(request, "accounts/invitation_form.html", {"form": form})


@public_view
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_find(token=token)
    if invitation is None or not invitation.is_usable():
        return render(request, "accounts/invitation_invalid.html", status=410)
    form = forms.AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(
                token=token, username=form.cleaned_data["username"], password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your account is ready. Sign in, then set up your authenticator app."))
            return redirect("accounts:login")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})


@requires(Permission.ACCOUNTS_STAFF_DEACTIVATE, recent_auth=True)
@require_POST
def staff_deactivate(request: StaffRequest, staff_id: UUID) -> HttpResponse:
    colleague = selectors.colleague_get_for(actor=request.user, staff_id=staff_id)
    try:
        services.staff_deactivate(user=colleague, actor_user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The account is deactivated and signed out everywhere."))
    return redirect("accounts:staff_list")


# --- the organisation's language and a reviewer's scope (ADR 0036, issue 20) ------------
# The DPO, who grants roles (Permission.ACCOUNTS_INVITATION_CREATE), manages both.

_ORGANISATION_LANGUAGE = "accounts:organisation_language"


@requires(Permission.ACCOUNTS_INVITATION_CREATE)
@require_http_methods(["GET", "POST"])
def organisation_language(request: StaffRequest) -> HttpResponse:
    organisation = request.user.organisation
    assert organisation is not None  # AccessPolicyMiddleware lets no one without an organisation get here
    form = forms.OrganisationLanguageForm(request.POST or None, initial={"language": organisation.language})
    if request.method == "POST" and form.is_valid():
        request.session[_ORGANISATION_LANGUAGE] = form.cleaned_data["language"]
        return redirect("accounts:organisation_language_check")
    return render(request, "accounts/organisation_language.html", {"form": form, "organisation": organisation},
                  status=400 if form.errors else 200)


@requires(Permission.ACCOUNTS_INVITATION_CREATE)
@require_http_methods(["GET", "POST"])
def organisation_language_check(request: StaffRequest) -> HttpResponse:
    """Check before the whole organisation's pages change; the only POST that changes them."""
    organisation = request.user.organisation
    assert organisation is not None
    form = forms.OrganisationLanguageForm({"language": request.session.get(_ORGANISATION_LANGUAGE, "")})
    if not form.is_valid():
        return redirect("accounts:organisation_language")
    language = form.cleaned_data["language"]
    following = selectors.colleagues_of(actor=request.user).filter(is_active=True, language="").count()
    context = {"organisation": organisation, "language_name": locales.LOCALES_BY_CODE[language].endonym,
               "following": following}
    if request.method == "POST":
        services.organisation_language_set(organisation=organisation, language=language, actor=Actor.staff(request.user))
        request.session.pop(_ORGANISATION_LANGUAGE, None)
        # Staff without their own choice (this DPO too, perhaps) see the new language at once.
        translation.activate(request.user.staff_language)
        request.LANGUAGE_CODE = request.user.staff_language
        return render(request, "accounts/organisation_language_done.html", context)
    return render(request, "accounts/organisation_language_check.html", context)


def _reviewer_or_404(request: StaffRequest, staff_id: UUID) -> StaffUser:
    colleague = selectors.colleague_get_for(actor=request.user, staff_id=staff_id)
    if Role.TRANSLATION_REVIEWER not in colleague.roles:
        raise Http404
    return colleague


def _scope_key(colleague: StaffUser) -> str:
    return f"accounts:reviewer_scope:{colleague.public_id}"


@requires(Permission.ACCOUNTS_INVITATION_CREATE, recent_auth=True)
@require_http_methods(["GET", "POST"])
def reviewer_scope(request: StaffRequest, staff_id: UUID) -> HttpResponse:
    colleague = _reviewer_or_404(request, staff_id)
    form = forms.ReviewerScopeForm(
        request.POST or None, initial={"languages": colleague.review_languages, "scope": colleague.review_scope}
    )
    if request.method == "POST" and form.is_valid():
        request.session[_scope_key(colleague)] = {"languages": form.cleaned_data["languages"], "scope": form.cleaned_data["scope"]}
        return redirect("accounts:reviewer_scope_check", staff_id=colleague.public_id)
    return render(request, "accounts/reviewer_scope.html", {"form": form, "colleague": colleague},
                  status=400 if form.errors else 200)


@requires(Permission.ACCOUNTS_INVITATION_CREATE, recent_auth=True)
@require_http_methods(["GET", "POST"])
def reviewer_scope_check(request: StaffRequest, staff_id: UUID) -> HttpResponse:
    colleague = _reviewer_or_404(request, staff_id)
    form = forms.ReviewerScopeForm(request.session.get(_scope_key(colleague)) or None)
    if not form.is_bound or not form.is_valid():
        return redirect("accounts:reviewer_scope", staff_id=colleague.public_id)
    languages = form.cleaned_data["languages"]
    context = {
        "colleague": colleague,
        "language_names": [language_label(code) for code in languages],
        "scope_label": ReviewScope(form.cleaned_data["scope"]).label,
    }
    if request.method == "POST":
        try:
            services.reviewer_scope_set(user=colleague, languages=languages, scope=form.cleaned_data["scope"],
                                        actor_user=request.user)
        except ValidationError as error:
            context["problem"] = error.messages[0]
            return render(request, "accounts/reviewer_scope_check.html", context, status=400)
        request.session.pop(_scope_key(colleague), None)
        return render(request, "accounts/reviewer_scope_done.html", context)
    return render(request, "accounts/reviewer_scope_check.html", context)
