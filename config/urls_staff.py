"""The staff front end. Everything here requires sign-in + TOTP unless marked public."""

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic.base import RedirectView

from safereport.core.access import public_view
from safereport.navigator import urls as navigator_urls

handler400 = "safereport.core.views.bad_request"
handler403 = "safereport.core.views.permission_denied"
handler404 = "safereport.core.views.not_found"
handler500 = "safereport.core.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("staff/", include("safereport.accounts.urls")),
    path("staff/cases/", include("safereport.cases.urls")),
    path("staff/consent/", include("safereport.consent.urls")),
    path("staff/referrals/", include("safereport.referrals.urls")),
    path("staff/evidence/", include("safereport.evidence.urls")),
    path("staff/partners/", include("safereport.partners.urls")),
    path("staff/police/", include("safereport.police.urls")),
    path("staff/relief/", include("safereport.relief.urls")),
    path("staff/stats/", include("safereport.stats.urls")),
    path("staff/materials/", include("safereport.materials.urls")),
    path("staff/training/", include("safereport.training.urls")),
    path("staff/translations/", include("safereport.content.urls")),
    path("staff/navigator/", include((navigator_urls.staff_urlpatterns, "navigator_staff"))),
]

if settings.STAFF_HOSTS:
    # On a dedicated staff host name, the bare host leads to sign-in.
    urlpatterns.append(path("", public_view(RedirectView.as_view(url="/staff/", permanent=False)), name="staff_root"))
