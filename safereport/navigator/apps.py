from django.apps import AppConfig


class NavigatorConfig(AppConfig):
    name = "safereport.navigator"
    label = "navigator"
    verbose_name = "Rights navigator"
