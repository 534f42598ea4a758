"""The portal's information pages, kept ready per language (docs/adr/0034).

A start page, an information page or the "help now" page is the same for
every visitor who has not started a session: it is made from the data files
and the interface catalogue alone, per language, and touches no database
(tests hold it to that). So the first visitor's page is kept in Django's cache
and the next visitors get it from there, without the rest of the middleware
stack, the URL resolver or the template engine.

What keeps this safe:

* only GET, only the portal front end, only these paths, no query string;
* never for a request that carries the portal's session cookie: the person
  who has written sees pages that may know it, and their session's idle clock
  must run, so their requests take the full path;
* only a 200 answer that set no cookie is kept, and it is kept with the
  headers the full path gave it (CSP, no-store, no-referrer, …); the request
  id is the request's own (set outside, by ops.RequestLogMiddleware);
* the key is the path (which carries the language), the scheme (HSTS is
  sent over HTTPS only) and the settings a page depends on, so one language
  never answers for another;
* the host is checked as on the full path (DisallowedHost), and a plain-HTTP
  request in production still takes the full path to its HTTPS redirect.

The page kept (or found) here is also handed out in the request's environ
(KEPT_PAGE_ENVIRON_KEY) to the WSGI layer in front of Django
(safereport.ops.wsgi), which answers cookie-less visitors from it without
entering Django; what may be kept is decided here only.

`SAFEREPORT_INFORMATION_CACHE_SECONDS` sets how long a page is kept (600 by
default; 0 turns it off, as the test settings do unless a test turns it on).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from config.locales import LANGUAGE_CODES
from safereport.core.middleware import PORTAL

INFORMATION_PATH = re.compile(r"^/(?P<language>[a-z]{2,3})/(?:help-now/|about/[a-z0-9-]+/)?$")
PER_REQUEST_HEADERS = frozenset({"x-request-id"})
# Where the page kept by this request is handed to the WSGI layer in front of
# Django (safereport.ops.wsgi), which keeps it too and answers the next
# cookie-less visitors without entering Django at all.
KEPT_PAGE_ENVIRON_KEY = "safereport.kept_page"


@dataclass(frozen=True)
class KeptPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]  # as the full path sent them, without the per-request id
    route: str  # what the request log names (the route template and the view), never the path
    view_name: str


def is_information_path(path_info: str) -> bool:
    match = INFORMATION_PATH.match(path_info)
    return match is not None and match.group("language") in LANGUAGE_CODES


def information_key(path_info: str, *, scheme: str) -> str:
    """The path holds the language; the scheme decides whether the page carries HSTS."""
    production = "p" if settings.IS_PRODUCTION else "d"
    return f"sr:info:{settings.DEFAULT_JURISDICTION}:{production}:{scheme}:{path_info}"


class InformationPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def _key(self, request: HttpRequest) -> str | None:
        if (
            not settings.PORTAL_INFORMATION_CACHE_SECONDS
            or request.method != "GET"
            or getattr(request, "front_end", None) != PORTAL
            or request.META.get("QUERY_STRING")
            or "sr_portal" in request.COOKIES
            or (settings.SECURE_SSL_REDIRECT and not request.is_secure())
            or not is_information_path(request.path_info)
        ):
            return None
        request.get_host()  # a host this server does not answer to is refused here as on the full path
        return information_key(request.path_info, scheme="https" if request.is_secure() else "http")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        kept: KeptPage | None = cache.get(key)
        if kept is not None:
            request.META[KEPT_PAGE_ENVIRON_KEY] = kept
            response = HttpResponse(kept.content)
            for name, value in kept.headers:
                response[name] = value
            # What ops.RequestLogMiddleware reads to name the route in its log line and metrics.
            request.resolver_match = SimpleNamespace(route=kept.route, view_name=kept.view_name)  # type: ignore[assignment]  # only .route and .view_name are read
            return response
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and match is not None
            and not response.has_header("Set-Cookie")
        ):
            headers = tuple((name, value) for name, value in response.items() if name.lower() not in PER_REQUEST_HEADERS)
            kept = KeptPage(response.content, headers, match.route, match.view_name)
            cache.set(key, kept, settings.PORTAL_INFORMATION_CACHE_SECONDS)
            request.META[KEPT_PAGE_ENVIRON_KEY] = kept
        return response
