from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "safereport.portal"
    label = "portal"
