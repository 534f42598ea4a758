from django.urls import path

from safereport.content import views

app_name = "content"

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("<slug:slug>/<slug:variant>/<slug:language>/approve/", views.review_approve, name="review_approve"),
    path("strings/", views.string_list, name="string_list"),
    path("strings/<slug:language>/<slug:key>/", views.string_review, name="string_review"),
    path("strings/<slug:language>/<slug:key>/check/", views.string_check, name="string_check"),
]
