from django.urls import path

from safereport.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.StaffLoginView.as_view(), name="login"),
    path("sign-in/code/", views.totp_verify, name="totp_verify"),
    path("sign-in/set-up-code/", views.totp_setup, name="totp_setup"),
    path("sign-in/again/", views.reauthenticate, name="reauthenticate"),
    path("sign-out/", views.sign_out, name="logout"),
    path("sign-out/everywhere/", views.sign_out_everywhere, name="logout_everywhere"),
    path("join/<secret:token>/", views.invitation_accept, name="invitation_accept"),
    path("profile/", views.profile, name="profile"),
    path("organisation/staff/", views.staff_list, name="staff_list"),
    path("organisation/staff/invite/", views.invitation_create, name="invitation_create"),
    path("organisation/staff/<uuid:staff_id>/deactivate/", views.staff_deactivate, name="staff_deactivate"),
    path("organisation/staff/<uuid:staff_id>/review/", views.reviewer_scope, name="reviewer_scope"),
    path("organisation/staff/<uuid:staff_id>/review/check/", views.reviewer_scope_check, name="reviewer_scope_check"),
    path("organisation/language/", views.organisation_language, name="organisation_language"),
    path("organisation/language/check/", views.organisation_language_check, name="organisation_language_check"),
]
