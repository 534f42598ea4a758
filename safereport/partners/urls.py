from django.urls import path

from safereport.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.register, name="register"),
    path("propose/", views.propose, name="propose"),
    path("<uuid:partnership_id>/approve/", views.approve, name="approve"),
    path("<uuid:partnership_id>/end/", views.end, name="end"),
]
