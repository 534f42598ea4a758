from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "safereport.relief"
    label = "relief"
