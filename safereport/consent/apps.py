from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "safereport.consent"
    label = "consent"

    def ready(self) -> None:
        # The recipient registry sits below consent and cannot call it; it
        # announces an ended partnership, and the packages sent under it are
        # shredded in the same transaction (ADR 0014).
        from safereport.consent.services.recipients import on_partnership_ended
        from safereport.partners.signals import partnership_ended

        partnership_ended.connect(on_partnership_ended, dispatch_uid="consent.packages_shred_unreadable")
