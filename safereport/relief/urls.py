from django.urls import path

from safereport.relief import views

app_name = "relief"

urlpatterns = [
    path("", views.home, name="home"),
    path("people/<uuid:case_id>/open/", views.open_procedure, name="open"),
    path("agencies/", views.agencies, name="agencies"),
    path("<uuid:procedure_id>/", views.procedure, name="procedure"),
    path("<uuid:procedure_id>/step/", views.step, name="step"),
    path("<uuid:procedure_id>/clock/", views.clock, name="clock"),
    path("<uuid:procedure_id>/checklist/", views.checklist, name="checklist"),
    path("<uuid:procedure_id>/files/", views.file_add, name="file_add"),
    path("files/<uuid:file_id>/", views.file_download, name="file"),
    path("<uuid:procedure_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:procedure_id>/packet.pdf", views.packet, name="packet"),
    path("<uuid:procedure_id>/certifications/new/", views.certification_new, name="certification_new"),
    path("certifications/<uuid:certification_id>/", views.certification, name="certification"),
    path("certifications/<uuid:certification_id>/record/", views.certification_act, name="certification_act"),
]
