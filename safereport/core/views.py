"""Error pages for both front ends: calm, translated, never a stack trace."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _template(request: HttpRequest, name: str) -> str:
    front = getattr(request, "front_end", "portal")
    return f"portal/errors/{name}.html" if front == "portal" else f"core/errors/{name}.html"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # The form could not be accepted; nothing was saved. Tell the person why in
    # plain words and let them go back; the browser still has what they typed.
    return render(request, _template(request, "csrf"), status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, _template(request, "400"), status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, _template(request, "403"), status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, _template(request, "404"), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, _template(request, "500"), status=500)
