from django.urls import path

from safereport.portal import views

app_name = "portal"

# Neutral words only: a path can show up in a shared phone's history.
urlpatterns = [
    path("", views.home, name="home"),
    path("write/", views.contact, name="contact"),
    path("back/", views.come_back, name="come_back"),
    path("messages/", views.conversation, name="conversation"),
    path("messages/send/", views.send_message, name="send_message"),
    path("visit/", views.appointment, name="appointment"),
    path("visit/answer/", views.appointment_answer, name="appointment_answer"),
    path("close/", views.end_session, name="end_session"),
    path("messages/choice/", views.reporting_choice, name="reporting_choice"),
    path("help-now/", views.help_now, name="help_now"),
    path("about/<slug:slug>/", views.information, name="information"),
]
