"""Deny by default: every view must declare who may use it, or nobody may.

Mirrors manage.get.gov's "has explicit access" check. A view without a
declaration is refused with 403 and an error in the log naming it, so a
forgotten decorator fails closed in development and in the URL × role test.
"""

import logging
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from config import locales
from safereport.accounts import policies, sessions
from safereport.accounts.models import StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.core.access import Audience, access_rule_of
from safereport.core.middleware import PORTAL

logger = logging.getLogger(__name__)


class AccessPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        rule = access_rule_of(view_func)
        if rule is None:
            logger.error("View %s declares no access rule; refused.", getattr(view_func, "__qualname__", view_func))
            raise PermissionDenied
        if rule.audience is Audience.PUBLIC:
            return None
        if getattr(request, "front_end", PORTAL) == PORTAL:
            # The portal has no staff views; if one were ever routed there, refuse.
            raise PermissionDenied
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
        if not user.is_active or user.organisation is None or not user.organisation.is_active:
            raise PermissionDenied
        if rule.audience is Audience.UNVERIFIED_STAFF:
            return None
        if not user.is_verified():
            return redirect(sessions.second_factor_url(user, next_url=request.get_full_path()))
        if rule.audience is Audience.SIGNED_IN:
            return None
        if not policies.roles_grant(user.roles, rule.permission or ""):
            if rule.hide_case_from_outsiders and "case_id" in view_kwargs:
                case_ref = str(view_kwargs["case_id"])
                record(
                    "cases:case:access_refused",
                    actor=Actor.staff(user),
                    subject=f"case:{case_ref}",
                    case_ref=case_ref,
                    details={"permission": rule.permission or ""},
                )
                raise Http404
            raise PermissionDenied
        if rule.recent_auth and not sessions.recently_authenticated(request):
            return redirect(f"{reverse('accounts:reauthenticate')}?next={request.get_full_path()}")
        return None


class StaffLanguageMiddleware:
    """Staff pages speak the staff member's language (ADR 0036).

    Their own choice, else their organisation's, else English; always one of
    the staff languages in config/locales.py. Before signing in, the browser's
    preferred language if it is a staff language. Portal requests are left to
    Django's LocaleMiddleware (the language is in their URL). Placed after the
    authentication middleware, so it knows who is asking.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(request, "front_end", PORTAL) == PORTAL:
            return self.get_response(request)
        language = staff_language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        return response


def staff_language_for(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and isinstance(user, StaffUser):
        return user.staff_language
    wanted = translation.get_language_from_request(request)
    return wanted if wanted in locales.STAFF_LANGUAGE_CODES else locales.DEFAULT_LOCALE
