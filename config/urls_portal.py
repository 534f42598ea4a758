"""The victim portal. It contains no staff route at all (a test checks this)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path

from safereport.portal import urls as portal_urls
from safereport.portal.views import pages as portal_views

handler400 = "safereport.core.views.bad_request"
handler403 = "safereport.core.views.permission_denied"
handler404 = "safereport.core.views.not_found"
handler500 = "safereport.core.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    # Quick exit lives outside the language prefix so one address always works.
    path("leave", portal_views.leave, name="leave"),
    path("", portal_views.choose_language, name="choose_language"),
]
urlpatterns += i18n_patterns(
    path("", include("safereport.portal.urls")),
    path("rights/", include("safereport.navigator.urls")),
    path("mine/", include((portal_urls.mine_urlpatterns, "mine"))),
    prefix_default_language=True,
)
