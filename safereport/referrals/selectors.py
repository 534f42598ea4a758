"""Reads of the referral directory and of referrals, scoped to who asks.

Partner staff see only referrals addressed to their organisation, never the case.
"""

from uuid import UUID

from django.http import Http404

from safereport.accounts.models import StaffUser
from safereport.cases.models import Case
from safereport.referrals.models import Referral, ReferralService


def directory_for(*, jurisdiction: str, include_inactive: bool = False) -> list[ReferralService]:
    services = ReferralService.objects.filter(jurisdiction=jurisdiction.upper()).select_related(
        "organisation"
    )
    if not include_inactive:
        services = services.filter(is_active=True)
    return list(services)


def directory_service_get(*, service_id: UUID, jurisdiction: str | None = None) -> ReferralService:
    services = ReferralService.objects.filter(public_id=service_id)
    if jurisdiction is not None:
        services = services.filter(jurisdiction=jurisdiction.upper())
    found = services.first()
    if found is None:
        raise Http404
    return found


def referrals_incoming_for(actor: StaffUser) -> list[Referral]:
    """Partner staff see only referrals addressed to their organisation; never the case."""
    if actor.organisation_id is None:
        return []
    return list(
        Referral.objects.filter(recipient_id=actor.organisation_id)
        .select_related("service")
        .order_by("-created_at")[:200]
    )


def referral_incoming_get_for(*, actor: StaffUser, referral_id: UUID) -> Referral:
    referral = Referral.objects.filter(public_id=referral_id, recipient_id=actor.organisation_id).first()
    if actor.organisation_id is None or referral is None:
        raise Http404
    return referral


def referrals_of(*, case: Case) -> list[Referral]:
    return list(case.referrals.select_related("service").order_by("-created_at")[:100])
