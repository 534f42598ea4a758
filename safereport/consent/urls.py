from django.urls import path

from safereport.consent import views

app_name = "consent"

urlpatterns = [
    path("cases/<uuid:case_id>/", views.case_consents, name="case"),
    path("cases/<uuid:case_id>/record/", views.record_consent, name="record"),
    path("cases/<uuid:case_id>/record/check/", views.record_check, name="record_check"),
    path("cases/<uuid:case_id>/clinical/", views.record_clinical, name="clinical"),
    path("cases/<uuid:case_id>/packages/preview/", views.preview_package, name="preview"),
    path("cases/<uuid:case_id>/packages/", views.build_package, name="build"),
    path("cases/<uuid:case_id>/migration/", views.migration, name="migration"),
    path("cases/<uuid:case_id>/overrides/", views.override_request, name="override_request"),
    path("overrides/<uuid:override_id>/", views.override_detail, name="override"),
    path("overrides/<uuid:override_id>/decide/", views.override_decide, name="override_decide"),
    path("overrides/<uuid:override_id>/send/", views.override_send, name="override_send"),
    path("overrides/<uuid:override_id>/safe-to-tell/", views.override_safe_to_tell, name="override_safe_to_tell"),
    path("packages/", views.inbox, name="inbox"),
    path("packages/<uuid:package_id>/", views.package_detail, name="package"),
    path("packages/<uuid:package_id>/print/", views.package_print, name="package_print"),
    path("register/processing/", views.processing, name="processing"),
    path("register/overrides/", views.override_register, name="override_register"),
    path("register/counts/", views.counts, name="counts"),
    path("register/erasures/", views.erasure_register, name="erasure_register"),
]
