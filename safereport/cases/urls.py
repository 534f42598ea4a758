from django.urls import path

from safereport.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("inbox/", views.inbox, name="inbox"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/reply/", views.reply, name="reply"),
    path("<uuid:case_id>/take/", views.take, name="take"),
    path("<uuid:case_id>/assign/", views.assign, name="assign"),
    path(
        "<uuid:case_id>/appointments/<uuid:appointment_id>/propose/",
        views.propose_appointment,
        name="propose_appointment",
    ),
]
