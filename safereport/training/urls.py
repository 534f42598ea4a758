from django.urls import path

from safereport.training import views

app_name = "training"

urlpatterns = [
    # The trainee's side: scenarios on synthetic cases of their training organisation.
    path("", views.home, name="home"),
    path("scenarios/<slug:slug>/start/", views.start, name="start"),
    path("attempts/<uuid:attempt_id>/", views.attempt, name="attempt"),
    path("attempts/<uuid:attempt_id>/steps/<slug:step>/", views.step_answered, name="step_answered"),
    path("certificate.pdf", views.certificate, name="certificate"),
    # The trainer's side.
    path("scenarios/", views.scenario_list, name="scenarios"),
    path("scenarios/<slug:slug>/", views.scenario_detail, name="scenario"),
    path("trainees/", views.trainees, name="trainees"),
    path("trainees/<uuid:staff_id>/", views.trainee, name="trainee"),
    path("trainees/<uuid:staff_id>/certificate.pdf", views.trainee_certificate, name="trainee_certificate"),
]
