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
* the key is the path (which carries the language) plus the settings a page
  depends on, so one language never answers for another;
* the host is checked as on the full path (DisallowedHost), and a plain-HTTP
  request in production still takes the full path to its HTTPS redirect.

`SAFEREPORT_INFORMATION_CACHE_SECONDS` sets how long a page is kept (600 by
default; 0 turns it off, as the test settings do unless a test turns it on).
"""

import re
from collections.abc import Callable
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from config.locales import LANGUAGE_CODES
from safereport.core.middleware import PORTAL

INFORMATION_PATH = re.compile(r"^/(?P<language>[a-z]{2,3})/(?:help-now/|about/[a-z0-9-]+/)?$")
PER_REQUEST_HEADERS = frozenset({"x-request-id"})


class InformationPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def _key(self, request: HttpRequest) -> str | None:
        seconds: int = settings.PORTAL_INFORMATION_CACHE_SECONDS
        if (
            not seconds
            or request.method != "GET"
            or getattr(request, "front_end", None) != PORTAL
            or request.META.get("QUERY_STRING")
            or "sr_portal" in request.COOKIES
            or (settings.SECURE_SSL_REDIRECT and not request.is_secure())
        ):
            return None
        match = INFORMATION_PATH.match(request.path_info)
        if match is None or match.group("language") not in LANGUAGE_CODES:
            return None
        request.get_host()  # a host this server does not answer to is refused here as on the full path
        production = "p" if settings.IS_PRODUCTION else "d"
        return f"sr:info:{settings.DEFAULT_JURISDICTION}:{production}:{request.path_info}"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        kept = cache.get(key)
        if kept is not None:
            content, headers, route, view_name = kept
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            # What ops.RequestLogMiddleware reads to name the route in its log line and metrics.
            request.resolver_match = SimpleNamespace(route=route, view_name=view_name)  # type: ignore[assignment]  # only .route and .view_name are read
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
            headers = [(name, value) for name, value in response.items() if name.lower() not in PER_REQUEST_HEADERS]
            cache.set(key, (response.content, headers, match.route, match.view_name), settings.PORTAL_INFORMATION_CACHE_SECONDS)
        return response
