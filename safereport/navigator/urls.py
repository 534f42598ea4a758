from django.urls import path

from safereport.navigator import views

app_name = "navigator"

# Portal (under the language prefix): /<lang>/rights/...
urlpatterns = [
    path("", views.victim, name="victim"),
    path("professional/", views.professional, name="professional"),
]

# Staff front end: /staff/navigator/ (namespace "navigator_staff").
staff_urlpatterns = [
    path("", views.staff_professional, name="professional"),
]
