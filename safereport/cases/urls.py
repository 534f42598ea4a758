from django.urls import path

from safereport.cases.views import cases as views
from safereport.cases.views import casework as cw

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("inbox/", views.inbox, name="inbox"),
    path("dashboard/", cw.dashboard, name="dashboard"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/reply/", views.reply, name="reply"),
    path("<uuid:case_id>/take/", views.take, name="take"),
    path("<uuid:case_id>/assign/", views.assign, name="assign"),
    path(
        "<uuid:case_id>/appointments/<uuid:appointment_id>/propose/",
        views.propose_appointment,
        name="propose_appointment",
    ),
    path("<uuid:case_id>/status/", cw.transition, name="transition"),
    path("<uuid:case_id>/close/", cw.close, name="close"),
    path("<uuid:case_id>/reporting/", cw.reporting_status, name="reporting_status"),
    path("<uuid:case_id>/crime-type/", cw.crime_type, name="crime_type"),
    path("<uuid:case_id>/name/", cw.name_as_given, name="name_as_given"),
    path("<uuid:case_id>/encounters/new/", cw.encounter_new, name="encounter_new"),
    path("<uuid:case_id>/encounters/<uuid:encounter_id>/", cw.encounter_detail, name="encounter_detail"),
    path("<uuid:case_id>/needs/", cw.needs, name="needs"),
    path("<uuid:case_id>/care-plan/", cw.care_plan_add, name="care_plan_add"),
    path("<uuid:case_id>/care-plan/<uuid:item_id>/", cw.care_plan_status, name="care_plan_status"),
    path("<uuid:case_id>/crisis-numbers/", cw.crisis_numbers, name="crisis_numbers"),
    path("<uuid:case_id>/police-talk/", cw.police_talk, name="police_talk"),
    path("<uuid:case_id>/summary/", cw.summary_sheet, name="summary"),
    path("<uuid:case_id>/summary.pdf", cw.summary_pdf, name="summary_pdf"),
]
