from django.urls import path

from safereport.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
]
