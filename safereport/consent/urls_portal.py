from django.urls import path

from safereport.consent import views_portal

app_name = "mine"

# Neutral words only: a path can show up in a shared phone's history.
urlpatterns = [
    path("", views_portal.overview, name="overview"),
    path("agree/", views_portal.give, name="give"),
    path("take-back/", views_portal.withdraw, name="withdraw"),
    path("copy/", views_portal.download, name="download"),
    path("copy.pdf", views_portal.download_pdf, name="download_pdf"),
    path("private-note/", views_portal.sealed, name="sealed"),
    path("remove/", views_portal.erase, name="erase"),
]
