"""Kept information pages answered in front of Django (issue 18, docs/adr/0034).

`portal.middleware.InformationPageCacheMiddleware` keeps a start, information
or "help now" page per language once the full path has made it. That saves
the template and the database, but each kept answer still crossed Django's
request object, the URL configuration choice, the request log middleware and
the response machinery. This WSGI layer (config/wsgi.py wraps Django in it)
answers the same pages before any of that, for the narrowest set of requests:

* GET, no query string, and **no Cookie header at all**: anyone who carries
  any cookie (a portal session, a staff session, a CSRF cookie) goes through
  Django, where the middleware decides as before;
* a path the middleware keeps (start, information, help-now in a served language);
* a Host Django would accept (validated against ALLOWED_HOSTS as Django does;
  a forwarded host, a staff host or anything unsure goes through Django, which
  refuses or routes it);
* in production with the HTTPS redirect on, only a request that is secure as
  Django judges it (the plain-HTTP one goes through to its redirect).

It never decides on its own what may be kept: it only keeps what the
middleware handed out in the request environ (`KEPT_PAGE_ENVIRON_KEY`), a
200 without cookies, with the headers the full path sent. It answers with
those headers in the same order plus the request's own X-Request-ID, as
Django would, and writes the same request log line and metrics. Each process
keeps its own copy for PORTAL_INFORMATION_CACHE_SECONDS; a restart empties it.
"""

import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http.request import split_domain_port, validate_host

from safereport.core.middleware import PORTAL
from safereport.ops.middleware import REQUEST_ID_HEADER, log_request, request_id_for
from safereport.portal.middleware import KEPT_PAGE_ENVIRON_KEY, KeptPage, information_key, is_information_path

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _scheme(environ: dict[str, Any]) -> str:
    """As HttpRequest.scheme: the proxy's header when configured and present, else the server's."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return str(environ.get("wsgi.url_scheme", "http"))


def _host_accepted(environ: dict[str, Any]) -> bool:
    """True only when Django would accept the Host and route it to the portal; unsure is False."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        return False
    host = environ.get("HTTP_HOST", "")
    domain, _port = split_domain_port(host)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return False
    return host.rsplit(":", 1)[0].lower() not in settings.STAFF_HOSTS


def kept_page_key(environ: dict[str, Any]) -> str | None:
    """The key of the kept page this request may be answered with, or None: Django answers."""
    if (
        not settings.PORTAL_INFORMATION_CACHE_SECONDS
        or environ.get("REQUEST_METHOD") != "GET"
        or environ.get("QUERY_STRING")
        or environ.get("HTTP_COOKIE")
        or environ.get("SCRIPT_NAME")
        or not is_information_path(environ.get("PATH_INFO", ""))
        or not _host_accepted(environ)
    ):
        return None
    scheme = _scheme(environ)
    if settings.SECURE_SSL_REDIRECT and scheme != "https":
        return None
    return information_key(environ["PATH_INFO"], scheme=scheme)


class KeptPages:
    def __init__(self, application: WSGIApp):
        self.application = application
        # key → (monotonic expiry, page). At most languages × kept paths × 2 schemes entries.
        self.pages: dict[str, tuple[float, KeptPage]] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        key = kept_page_key(environ)
        if key is None:
            return self.application(environ, start_response)
        started = time.perf_counter()
        entry = self.pages.get(key)
        if entry is not None and entry[0] > time.monotonic():
            return self._answer(environ, entry[1], start_response, started)
        result = self.application(environ, start_response)
        page = environ.get(KEPT_PAGE_ENVIRON_KEY)
        if isinstance(page, KeptPage):
            self.pages[key] = (time.monotonic() + settings.PORTAL_INFORMATION_CACHE_SECONDS, page)
        return result

    def _answer(
        self, environ: dict[str, Any], page: KeptPage, start_response: Callable[..., Any], started: float
    ) -> Iterable[bytes]:
        request_id = request_id_for(environ.get("HTTP_X_REQUEST_ID", ""))
        start_response("200 OK", [*page.headers, (REQUEST_ID_HEADER, request_id)])
        log_request(
            request_id=request_id, front_end=PORTAL, method="GET", route="/" + page.route, view=page.view_name,
            status=200, seconds=time.perf_counter() - started,
        )
        return [page.content]
