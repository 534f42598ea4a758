from django.apps import AppConfig


class ReliefConfig(AppConfig):
    name = "safereport.relief"
    label = "relief"

    def ready(self) -> None:
        from safereport.core import compartments
        from safereport.relief import services

        # Papers about migration status are sealed to the person's compartment key (ADR 0033, 2026-12-02):
        # an unlock re-seals those kept from before the key pair; deleting the compartment drops them.
        compartments.register(
            "relief papers", unlocked=services.papers_on_unlock, deleted=services.papers_on_compartment_deleted
        )
