from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "safereport.evidence"
    label = "evidence"

    def ready(self) -> None:
        from safereport.core import erasure, housekeeping
        from safereport.evidence import services

        # The clocks run with every `safereport housekeeping` (safe every minute).
        housekeeping.register("evidence clocks", services.housekeeping_clocks)
        # Erasing a case (consent, a floor below) asks for its kits' destruction.
        erasure.register("evidence kits", services.kits_on_case_erased)
