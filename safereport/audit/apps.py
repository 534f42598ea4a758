from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safereport.audit"
    label = "audit"
