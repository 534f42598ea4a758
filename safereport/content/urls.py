from django.urls import path

from safereport.content import views

app_name = "content"

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("<slug:slug>/<slug:variant>/<slug:language>/approve/", views.review_approve, name="review_approve"),
]
