"""Health probes and the request log (docs/adr/0028).

`HealthMiddleware` is the first middleware: a probe from the container engine,
systemd or the reverse proxy reaches the app port over plain HTTP, often with
a Host the site does not serve, so it must be answered before host validation
and the HTTPS redirect. It answers exactly two paths, GET or HEAD only, with
one word and no cookie:

    /healthz/live   200 "ok"   the process answers (no database touched)
    /healthz/ready  200 "ok" | 503 "unavailable"   both databases answer

Nothing else is revealed: no version, no database name, no reason (the reason
goes to the log). These are not views, so no URL configuration and no access
rule is involved; they expose nothing a view could protect.

`RequestLogMiddleware` writes one JSON line per request to the
`safereport.requests` logger: a request id, the front end, the method, the
route *template* (`staff/cases/<uuid:case_id>/`, never the path with its ids
or tokens), the view name, the status and the duration. Never the address,
the user agent, the query string, a form value or a cookie.
"""

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from safereport.ops.selectors import service_ready

LIVE_PATH = "/healthz/live"
READY_PATH = "/healthz/ready"
REQUEST_ID_HEADER = "X-Request-ID"
# A request id the reverse proxy set (nginx $request_id: 32 hex digits) is
# kept so its lines and ours can be joined; anything else is replaced.
_PROXY_REQUEST_ID = re.compile(r"^[0-9a-fA-F-]{16,64}$")

request_log = logging.getLogger("safereport.requests")


def _plain(text: str, status: int) -> HttpResponse:
    response = HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in (LIVE_PATH, READY_PATH):
            if request.method not in ("GET", "HEAD"):
                return _plain("method not allowed", 405)
            if request.path_info == LIVE_PATH:
                return _plain("ok", 200)
            return _plain("ok", 200) if service_ready() else _plain("unavailable", 503)
        return self.get_response(request)


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _PROXY_REQUEST_ID.match(given) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]  # our own attribute, for error pages and logs
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        request_log.info(
            "request",
            extra={
                "fields": {
                    "request_id": request_id,
                    "front_end": getattr(request, "front_end", ""),
                    "method": request.method if request.method in _METHODS else "OTHER",
                    "route": ("/" + match.route) if match is not None else "(no route)",
                    "view": match.view_name if match is not None else "",
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                }
            },
        )
        response[REQUEST_ID_HEADER] = request_id
        return response


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
