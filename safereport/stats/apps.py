from django.apps import AppConfig


class StatsConfig(AppConfig):
    name = "safereport.stats"
    label = "stats"
