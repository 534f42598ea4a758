from django.apps import AppConfig


class PoliceConfig(AppConfig):
    name = "safereport.police"
    label = "police"
