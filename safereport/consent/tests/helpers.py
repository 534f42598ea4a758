"""Helpers for the consent tests (fixtures are in conftest.py)."""

from safereport.consent import services
from safereport.consent.models import Channel, Decision, Understanding
from safereport.consent.purposes import Purpose
from safereport.core.categories import DataCategory as C


def give(world, case, categories, *, purpose=Purpose.INVESTIGATION, organisation="police", kind="", explicit=False, decision=Decision.GIVEN, **extra):
    recipient = None if kind else world.organisations[organisation]
    return services.consent_record(
        case=case,
        categories=categories,
        purpose=purpose,
        decision=decision,
        understanding=Understanding.UNDERSTOOD,
        channel=Channel.STAFF,
        recipient_organisation=recipient,
        recipient_kind=kind,
        explicit=explicit,
        explained_by=world.staff["doctor"],
        language="en",
        **extra,
    )


POLICE_DEFAULT = {C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS}
