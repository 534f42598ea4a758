"""Front-end routing, per-front-end sessions, and privacy headers.

The victim portal and the staff side run in one process but never share a
URLconf, a session cookie or a session lifetime (SecureDrop keeps its source
and journalist interfaces apart the same way).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

PORTAL = "portal"
STAFF = "staff"


def front_end_for(request: HttpRequest) -> str:
    if settings.STAFF_HOSTS:
        host = request.META.get("HTTP_HOST", "").rsplit(":", 1)[0].lower()
        return STAFF if host in settings.STAFF_HOSTS else PORTAL
    return STAFF if request.path_info.startswith(settings.STAFF_PATH_PREFIX) else PORTAL


class FrontEndMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.front_end = front_end_for(request)  # type: ignore[attr-defined]  # our own attribute, read by later middleware
        request.urlconf = settings.STAFF_URLCONF if request.front_end == STAFF else settings.PORTAL_URLCONF  # type: ignore[attr-defined]  # front_end is ours; urlconf is Django's per-request hook
        return self.get_response(request)


@dataclass(frozen=True)
class SessionPolicy:
    cookie_name: str
    idle_seconds: int


def session_policy_for(front_end: str) -> SessionPolicy:
    if front_end == STAFF:
        return SessionPolicy("sr_staff", settings.STAFF_SESSION_IDLE_SECONDS)
    return SessionPolicy("sr_portal", settings.PORTAL_SESSION_IDLE_SECONDS)


LAST_SEEN_KEY = "_sr_last_seen"


class FrontEndSessionMiddleware(SessionMiddleware):
    """Django's session middleware, with one cookie name and idle limit per front end.

    Django reads a single global cookie policy; we need two, so this copies the
    small response half of SessionMiddleware with the policy passed in. Cookies
    never carry Expires (they end with the browser), and a session idle for
    longer than the policy allows is emptied on the next request.
    """

    def process_request(self, request: HttpRequest) -> None:
        policy = session_policy_for(getattr(request, "front_end", PORTAL))
        request.session_policy = policy  # type: ignore[attr-defined]  # our own attribute, read in process_response
        request.session = self.SessionStore(request.COOKIES.get(policy.cookie_name))
        last_seen = request.session.get(LAST_SEEN_KEY)
        now = int(time.time())
        if last_seen is not None and now - int(last_seen) > policy.idle_seconds:
            request.session.flush()
            request.session_expired = True  # type: ignore[attr-defined]  # our own attribute, read by the pages that say so
        elif not request.session.is_empty():
            request.session[LAST_SEEN_KEY] = now

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        policy: SessionPolicy | None = getattr(request, "session_policy", None)
        if policy is None:
            return response
        try:
            accessed = request.session.accessed
            modified = request.session.modified
            empty = request.session.is_empty() or set(request.session.keys()) <= {LAST_SEEN_KEY}
        except AttributeError:
            return response
        if policy.cookie_name in request.COOKIES and empty:
            response.delete_cookie(policy.cookie_name, path="/", samesite=settings.SESSION_COOKIE_SAMESITE)
            patch_vary_headers(response, ("Cookie",))
            return response
        if modified and not empty and response.status_code < 500:
            request.session.setdefault(LAST_SEEN_KEY, int(time.time()))
            try:
                request.session.save()
            except UpdateError as error:
                raise SessionInterrupted("The session was ended by another request.") from error
            session_key = request.session.session_key
            assert session_key is not None  # save() has just created it
            response.set_cookie(
                policy.cookie_name,
                session_key,
                max_age=None,  # no Expires: the cookie ends with the browser
                path="/",
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
            accessed = True
        if accessed:
            patch_vary_headers(response, ("Cookie",))
        return response


class PrivacyHeadersMiddleware:
    """Nothing SafeReport serves may be cached, indexed, or use device features."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path_info.startswith(settings.STATIC_URL):
            # A shared phone's back button or cache must not show what was typed.
            response["Cache-Control"] = "no-store, max-age=0"
            response["Pragma"] = "no-cache"
            response["X-Robots-Tag"] = "noindex, nofollow"
        response["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        return response
