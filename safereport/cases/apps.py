from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "safereport.cases"
    label = "cases"
