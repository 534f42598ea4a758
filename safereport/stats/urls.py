from django.urls import path

from safereport.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.index, name="index"),
    path("compare/", views.compare, name="compare"),
    path("compare/<slug:key>.csv", views.compare_csv, name="compare_csv"),
    path("tables/<slug:key>/", views.table, name="table"),
    path("tables/<slug:key>/export.csv", views.export_csv, name="export_csv"),
    path("tables/<slug:key>/metadata.csv", views.metadata_csv, name="metadata_csv"),
    path("tables/<slug:key>/export.json", views.export_json, name="export_json"),
    path("tables/<slug:key>/research-release/", views.release_new, name="release_new"),
    path("research-releases/<uuid:release_id>/", views.release_detail, name="release_detail"),
    path("rules/", views.rules, name="rules"),
    path("budgets/", views.budgets, name="budgets"),
    path("budgets/set/", views.budget_set, name="budget_set"),
]
