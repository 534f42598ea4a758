from django.apps import AppConfig


class DatafilesConfig(AppConfig):
    name = "safereport.datafiles"
    label = "datafiles"
    verbose_name = "Data files"
