"""Error pages for both front ends: calm, translated, never a stack trace."""

import sys

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation

from safereport.core.errors import database_away
from safereport.core.slots import Busy


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
    # Django calls this inside its `except`: the error being handled is known.
    error = sys.exc_info()[1]
    # No Argon2 slot came free in time on a page without its own answer (ADR 0032 §5):
    # the same calm "nothing was lost, try again" as a database away, with Retry-After.
    if isinstance(error, Busy) or database_away(error):
        return database_unavailable(request)
    return render(request, _template(request, "500"), status=500)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The database is away (a restart, a fail-over): say so calmly, with a 503 and Retry-After.

    Rendered without the request's context processors, which would read the
    session or the signed-in user from the very database that is away. Every
    write is one transaction, so nothing was half-saved (docs/adr/0028).
    """
    # In the language of the path asked for: the failure may come before the
    # locale middleware ran, and the thread may still hold the language of
    # this worker's previous request (a staff member's, say).
    language = translation.get_language_from_path(request.path_info) or translation.get_language()
    with translation.override(language):
        body = loader.render_to_string(_template(request, "503"))
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response
