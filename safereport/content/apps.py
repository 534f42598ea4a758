from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "safereport.content"
    label = "content"
    verbose_name = "Information library"
