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

`/metrics` (Prometheus text format) exists only when SAFEREPORT_METRICS_TOKEN
is set, and only for a GET carrying `Authorization: Bearer <token>`; anything
else falls through to the ordinary 404. It gives counts, never who or which:
requests and latency per view name (per process, labelled with its pid), the
new contacts nobody has taken, the overdue care-plan items. The reverse proxy
keeps the path to the machine itself as well (deploy/nginx, deploy/compose).

`RequestLogMiddleware` writes one JSON line per request to the
`safereport.requests` logger: a request id, the front end, the method, the
route *template* (`staff/cases/<uuid:case_id>/`, never the path with its ids
or tokens), the view name, the status and the duration. Never the address,
the user agent, the query string, a form value or a cookie.
"""

import hmac
import logging
import os
import re
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from safereport.ops.selectors import service_ready, workload_counts

LIVE_PATH = "/healthz/live"
READY_PATH = "/healthz/ready"
METRICS_PATH = "/metrics"
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
        if request.path_info == METRICS_PATH and _metrics_allowed(request):
            response = HttpResponse(metrics_text(), content_type="text/plain; version=0.0.4; charset=utf-8")
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


def _metrics_allowed(request: HttpRequest) -> bool:
    """Only with the configured token; otherwise the path does not exist (a normal 404 follows)."""
    token = settings.METRICS_TOKEN
    if not token or request.method != "GET":
        return False
    given = request.META.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ")
    return hmac.compare_digest(given.encode(), token.encode())


# --- per-process request counters (each gunicorn worker counts its own; the pid label tells them apart)

_lock = threading.Lock()
_requests: defaultdict[tuple[str, str, str], int] = defaultdict(int)
_durations: defaultdict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
# Upper bounds of the latency histogram, in seconds.
BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
_buckets: defaultdict[str, list[int]] = defaultdict(lambda: [0] * len(BUCKETS))


def _count(view: str, method: str, status: int, seconds: float) -> None:
    with _lock:
        _requests[(view, method, f"{status // 100}xx")] += 1
        total = _durations[view]
        total[0] += seconds
        total[1] += 1
        for index, bound in enumerate(BUCKETS):
            if seconds <= bound:
                _buckets[view][index] += 1


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def metrics_text() -> str:
    """Prometheus text format: requests and latency per view (this process), the work waiting (all)."""
    pid = str(os.getpid())
    lines = [
        "# HELP safereport_requests_total Requests answered by this process, per view, method and status class.",
        "# TYPE safereport_requests_total counter",
    ]
    with _lock:
        requests = sorted(_requests.items())
        durations = sorted((view, list(total)) for view, total in _durations.items())
        buckets = {view: list(counts) for view, counts in _buckets.items()}
    for (view, method, status), count in requests:
        lines.append(
            f'safereport_requests_total{{pid="{pid}",view="{_label(view)}",method="{method}",status="{status}"}} {count}'
        )
    lines += [
        "# HELP safereport_request_duration_seconds Time to answer, per view (this process).",
        "# TYPE safereport_request_duration_seconds histogram",
    ]
    for view, (seconds, answered) in durations:
        labels = f'pid="{pid}",view="{_label(view)}"'
        for bound, in_bucket in zip(BUCKETS, buckets[view], strict=True):
            lines.append(f'safereport_request_duration_seconds_bucket{{{labels},le="{bound}"}} {in_bucket}')
        lines.append(f'safereport_request_duration_seconds_bucket{{{labels},le="+Inf"}} {int(answered)}')
        lines.append(f"safereport_request_duration_seconds_sum{{{labels}}} {seconds:.6f}")
        lines.append(f"safereport_request_duration_seconds_count{{{labels}}} {int(answered)}")
    work = workload_counts()
    lines += [
        "# HELP safereport_new_contacts_waiting Cases at first contact that nobody has taken yet.",
        "# TYPE safereport_new_contacts_waiting gauge",
        f"safereport_new_contacts_waiting {work.new_contacts_waiting}",
        "# HELP safereport_care_plan_items_overdue Open care-plan items past their due date.",
        "# TYPE safereport_care_plan_items_overdue gauge",
        f"safereport_care_plan_items_overdue {work.care_plan_items_overdue}",
    ]
    return "\n".join(lines) + "\n"


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request_id_for(request.META.get("HTTP_X_REQUEST_ID", ""))
        request.request_id = request_id  # type: ignore[attr-defined]  # our own attribute, for error pages and logs
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        log_request(
            request_id=request_id,
            front_end=getattr(request, "front_end", ""),
            method=request.method or "",
            route=("/" + match.route) if match is not None else "(no route)",
            view=match.view_name if match is not None else "",
            status=response.status_code,
            seconds=time.perf_counter() - started,
        )
        response[REQUEST_ID_HEADER] = request_id
        return response


def request_id_for(given: str) -> str:
    """The reverse proxy's id when it looks like one (to join its lines with ours), else a new one."""
    return given if _PROXY_REQUEST_ID.match(given) else uuid.uuid4().hex


def log_request(*, request_id: str, front_end: str, method: str, route: str, view: str, status: int, seconds: float) -> None:
    """The request's one log line and its metrics (also written by the kept-page layer, ops.wsgi)."""
    method = method if method in _METHODS else "OTHER"
    _count(view or "(no route)", method, status, seconds)
    request_log.info(
        "request",
        extra={
            "fields": {
                "request_id": request_id,
                "front_end": front_end,
                "method": method,
                "route": route,
                "view": view,
                "status": status,
                "duration_ms": round(seconds * 1000, 1),
            }
        },
    )


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
