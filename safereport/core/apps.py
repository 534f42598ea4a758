from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safereport.core"
    label = "core"

    def ready(self) -> None:
        from safereport.core import checks  # noqa: F401  (registers system checks)
