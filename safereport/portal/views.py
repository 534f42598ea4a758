"""Victim-facing pages. Thin: they call other apps' selectors and services.

Every view here is public; the person using it has no account and is never
asked who they are.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from config import locales
from safereport.core.access import public_view


@public_view
@require_GET
def choose_language(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/choose_language.html")


@public_view
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


@public_view
@require_GET
def leave(request: HttpRequest) -> HttpResponse:
    """Quick exit: forget this visit and go somewhere unremarkable.

    Works without JavaScript. The session is destroyed server-side, and
    Clear-Site-Data asks the browser to drop our cookies, storage and cache,
    so the back button cannot bring back anything that was typed.
    """
    language = request.GET.get("l", "")
    locale = locales.LOCALES_BY_CODE.get(language) or locales.LOCALES_BY_CODE[get_language() or "en"]
    request.session.flush()
    response = HttpResponseRedirect(locale.neutral_exit_url)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response
