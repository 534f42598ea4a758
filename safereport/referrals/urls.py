from django.urls import path

from safereport.referrals import views

app_name = "referrals"

urlpatterns = [
    path("directory/", views.directory, name="directory"),
    path("directory/new/", views.directory_new, name="directory_new"),
    path("directory/load/", views.directory_load, name="directory_load"),
    path("directory/<uuid:service_id>/", views.directory_edit, name="directory_edit"),
    path("incoming/", views.incoming, name="incoming"),
    path("incoming/<uuid:referral_id>/", views.incoming_update, name="incoming_update"),
    path("for-case/<uuid:case_id>/", views.referral_send, name="send"),
]
