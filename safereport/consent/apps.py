from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "safereport.consent"
    label = "consent"
