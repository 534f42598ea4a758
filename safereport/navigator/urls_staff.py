from django.urls import path

from safereport.navigator import views

app_name = "navigator_staff"

# Staff front end: /staff/navigator/
urlpatterns = [
    path("", views.staff_professional, name="professional"),
]
