from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "safereport.core"
    label = "core"

    def ready(self) -> None:
        from django.urls import register_converter

        from safereport.core import checks  # noqa: F401  (registers system checks)
        from safereport.core.logging import SecretConverter

        # `<secret:…>` in a route: the segment is redacted in every log (core.logging).
        register_converter(SecretConverter, "secret")
