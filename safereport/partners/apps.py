from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "safereport.partners"
    label = "partners"

    def ready(self) -> None:
        # The database rules of the recipient registry (core.guards): declared once, here.
        from safereport.partners import guards  # noqa: F401
