"""Staff session facts: second factor, recent authentication."""

import time
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import rotate_token
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

if TYPE_CHECKING:
    from safereport.accounts.models import StaffUser

REAUTHENTICATED_AT = "_sr_reauth_at"


class StaffRequest(HttpRequest):
    """The request a staff view receives; an annotation only (Django passes its own request).

    AccessPolicyMiddleware lets a request through to a view marked @signed_in_view,
    @requires(...) or @unverified_staff_view only for a signed-in staff member, so
    there `request.user` is never AnonymousUser. Annotate staff views with this.
    """

    user: "StaffUser"


def has_confirmed_totp(user: "StaffUser") -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_url(user: "StaffUser", *, next_url: str = "") -> str:
    name = "accounts:totp_verify" if has_confirmed_totp(user) else "accounts:totp_setup"
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return reverse(name) + query


def second_factor_passed(request: HttpRequest, device: TOTPDevice) -> None:
    """Both factors are proven: mark the session verified under a new key.

    Django gives a new key at the password step; the key a browser held
    between password and code must not become a verified session too (a key
    seen there, in a shared browser or planted before, would otherwise open
    the staff side once the code is typed). The CSRF secret is renewed with
    it, as Django's own login does (docs/adr/0022).
    """
    otp_login(request, device)
    request.session.cycle_key()
    rotate_token(request)
    mark_authenticated_now(request)


def mark_authenticated_now(request: HttpRequest) -> None:
    request.session[REAUTHENTICATED_AT] = int(time.time())


def recently_authenticated(request: HttpRequest) -> bool:
    at = request.session.get(REAUTHENTICATED_AT)
    return at is not None and time.time() - int(at) <= settings.STAFF_REAUTH_SECONDS


def safe_next(request: HttpRequest, fallback: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and candidate.startswith(settings.STAFF_PATH_PREFIX):
        return candidate
    return fallback
