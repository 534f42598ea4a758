from django.apps import AppConfig


class MaterialsConfig(AppConfig):
    name = "safereport.materials"
    label = "materials"
    verbose_name = "Posters, flyers and cards"
