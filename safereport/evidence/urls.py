from django.urls import path

from safereport.evidence import views

app_name = "evidence"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("for-case/<uuid:case_id>/new/", views.kit_new, name="kit_new"),
    path("kits/<uuid:kit_id>/", views.kit, name="kit"),
    path("kits/<uuid:kit_id>/custody-record/", views.custody_record, name="custody_record"),
    path("kits/<uuid:kit_id>/custody-record.pdf", views.custody_record_pdf, name="custody_record_pdf"),
    path("kits/<uuid:kit_id>/retention-notice/", views.retention_notice, name="retention_notice"),
    path("kits/<uuid:kit_id>/retention-notice.pdf", views.retention_notice_pdf, name="retention_notice_pdf"),
    path("kits/<uuid:kit_id>/label.svg", views.kit_label, name="label"),
    path("kits/<uuid:kit_id>/items/", views.item_add, name="item_add"),
    path("kits/<uuid:kit_id>/custody/", views.custody, name="custody"),
    path("kits/<uuid:kit_id>/destroy/", views.destroy, name="destroy"),
    path("kits/<uuid:kit_id>/hand-over/", views.hand_over, name="hand_over"),
    path("kits/<uuid:kit_id>/return/", views.item_return, name="item_return"),
    path("kits/<uuid:kit_id>/release/", views.release, name="release"),
    path("storage/", views.storage, name="storage"),
    path("storage/<uuid:location_id>/temperature/", views.temperature, name="temperature"),
    path("storage/<uuid:location_id>/import/", views.temperature_import, name="temperature_import"),
    path("received/", views.received, name="received"),
    path("received/<uuid:kit_id>/", views.received_kit, name="received_kit"),
    path("received/<uuid:kit_id>/custody-record.pdf", views.received_kit_pdf, name="received_kit_pdf"),
    path("received/<uuid:kit_id>/at-lab/", views.received_at_lab, name="received_at_lab"),
]
