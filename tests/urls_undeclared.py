from django.http import HttpResponse
from django.urls import include, path


def forgot_to_declare(request):
    return HttpResponse("this must never be served")


urlpatterns = [path("undeclared/", forgot_to_declare), path("en/", include("safereport.portal.urls"))]
handler403 = "safereport.core.views.permission_denied"
