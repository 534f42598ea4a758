"""The person's copy of their own data (GDPR art. 15): giving it is recorded,
so the person's access history shows it too."""

from django.db import transaction

from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases import selectors as case_selectors
from safereport.cases.models import Case
from safereport.consent import selectors
from safereport.consent.services.common import case_ref_of


@transaction.atomic
def own_data_copy_give(*, case: Case, downloaded: bool) -> dict[str, object]:
    """Everything the person may see of their record, for the page or the PDF."""
    record(
        "consent:own_data:downloaded" if downloaded else "consent:own_data:viewed",
        actor=Actor.victim(),
        subject=f"case:{case.public_id}",
        case_ref=case_ref_of(case),
    )
    return {
        "messages_shown": selectors.conversation_named_for_victim(case),
        "appointments": case_selectors.appointments_for_victim(case=case),
        "consents": selectors.consents_for_victim(case),
        "shared": selectors.shared_for_victim(case),
        "told_overrides": selectors.overrides_told_to_victim(case),
        "history": selectors.access_history_for_victim(case),
    }
