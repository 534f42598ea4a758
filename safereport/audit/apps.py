from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "safereport.audit"
    label = "audit"

    def ready(self) -> None:
        # The system check (anchors kept out of the main database) and the
        # daily anchoring of the chain (docs/adr/0021).
        from safereport.audit import anchors
        from safereport.core import housekeeping

        housekeeping.register("audit anchor", anchors.housekeeping_anchor)
