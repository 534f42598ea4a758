from django.urls import path

from safereport.police import views

app_name = "police"

urlpatterns = [
    # The centre: a consultation booked at the person's wish.
    path("cases/<uuid:case_id>/consultations/new/", views.plan, name="plan"),
    path("consultations/<uuid:consultation_id>/", views.consultation, name="consultation"),
    path("consultations/<uuid:consultation_id>/book/", views.book, name="book"),
    path("consultations/<uuid:consultation_id>/agree-time/", views.agree_time, name="agree_time"),
    path("consultations/<uuid:consultation_id>/reflect/", views.reflect, name="reflect"),
    path("consultations/<uuid:consultation_id>/decide/", views.decide, name="decide"),
    path("consultations/<uuid:consultation_id>/cancel/", views.cancel, name="cancel"),
    path("consultations/<uuid:consultation_id>/hand-over/", views.hand_over, name="hand_over"),
    # Reports filed on the person's behalf (the centre here; the intermediary's own record).
    path("cases/<uuid:case_id>/reports/new/", views.report_new, name="report_new"),
    # An NGO or municipal desk: the people who named it in a referral consent, by case code only.
    path("people/", views.people, name="people"),
    path("people/<uuid:case_id>/report/", views.person_report, name="person_report"),
    path("reports/", views.reports_filed, name="reports_filed"),
    path("reports/<uuid:report_id>/", views.report, name="report"),
    path("reports/<uuid:report_id>/relay/", views.report_relay, name="report_relay"),
    # A municipal desk's own inbox: people who wrote to the desk from the portal (ADR 0037).
    path("desk/", views.desk_inbox, name="desk_inbox"),
    path("desk/<uuid:case_id>/", views.desk_contact, name="desk_contact"),
    # The DPO: which municipal desks the portal's contact form offers (ADR 0037, amended).
    path("desks/", views.desks_for_portal, name="desks_for_portal"),
    path("desks/<uuid:desk_id>/", views.desk_for_portal, name="desk_for_portal"),
    # The police unit: what is addressed to it, never a case.
    path("unit/", views.unit_inbox, name="unit_inbox"),
    path("unit/consultations/<uuid:consultation_id>/", views.unit_consultation, name="unit_consultation"),
    path("unit/consultations/<uuid:consultation_id>/answer/", views.unit_answer, name="unit_answer"),
    path("unit/consultations/<uuid:consultation_id>/held/", views.unit_held, name="unit_held"),
    path("unit/reports/<uuid:report_id>/", views.unit_report, name="unit_report"),
    path("unit/reports/<uuid:report_id>/reply/", views.unit_reply, name="unit_reply"),
    path(
        "unit/consultations/<uuid:consultation_id>/outcome/", views.unit_consultation_outcome, name="unit_consultation_outcome"
    ),
    path("unit/reports/<uuid:report_id>/outcome/", views.unit_report_outcome, name="unit_report_outcome"),
]
