from django.http import HttpResponse
from django.urls import path


def forgot_to_declare(request):
    return HttpResponse("this must never be served")


urlpatterns = [path("undeclared/", forgot_to_declare)]
handler403 = "safereport.core.views.permission_denied"
