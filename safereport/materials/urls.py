from django.urls import path

from safereport.materials import views

app_name = "materials"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:kind>/<slug:language>.pdf", views.sheet_pdf, name="sheet_pdf"),
]
