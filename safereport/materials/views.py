"""The catalogue of a centre's posters, flyers and cards, for its staff to download or print."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.locales import LOCALES
from safereport.accounts.permissions import Permission
from safereport.accounts.sessions import StaffRequest
from safereport.core.access import requires
from safereport.materials import selectors


def _centre_name(request: StaffRequest) -> str:
    organisation = request.user.organisation
    return organisation.name if organisation is not None else ""


@requires(Permission.MATERIALS_CATALOGUE_READ)
@require_GET
def catalogue(request: StaffRequest) -> HttpResponse:
    return render(request, "materials/catalogue.html", selectors.catalogue_for(centre=_centre_name(request)))


@requires(Permission.MATERIALS_CATALOGUE_READ)
@require_GET
def sheet_pdf(request: StaffRequest, kind: str, language: str) -> HttpResponse:
    if kind not in selectors.KINDS_BY_KEY or language not in {locale.code for locale in LOCALES}:
        raise Http404
    try:
        filename, pdf = selectors.sheet_pdf(
            centre=_centre_name(request), kind=kind, language=language, portal_url=settings.PORTAL_PUBLIC_URL
        )
    except (selectors.UnknownCentre, ValueError):
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
