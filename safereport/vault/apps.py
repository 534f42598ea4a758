from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "safereport.vault"
    label = "vault"
