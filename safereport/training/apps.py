from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "safereport.training"
    label = "training"

    def ready(self) -> None:
        # The database rules that keep synthetic cases in (core.guards).
        from safereport.training import guards  # noqa: F401
