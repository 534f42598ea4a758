from uuid import UUID

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_totp.models import TOTPDevice

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind


def colleagues_of(*, actor: StaffUser) -> QuerySet[StaffUser]:
    return StaffUser.objects.filter(organisation=actor.organisation).order_by("username")


def colleague_get_for(*, actor: StaffUser, staff_id: UUID) -> StaffUser:
    # Staff of another organisation do not exist as far as this actor can tell.
    return get_object_or_404(colleagues_of(actor=actor), public_id=staff_id)


def organisations_open_to_contact() -> QuerySet[Organisation]:
    """Where a person can write from the portal: the care centres, and the municipal
    desks a DPO opened to portal contact (ADR 0037, amended), active ones only."""
    desks = Q(kind=OrganisationKind.MUNICIPAL_DESK, portal_contact_open=True)
    return Organisation.objects.filter(Q(kind=OrganisationKind.CARE_CENTRE) | desks, is_active=True).order_by("name")


def organisation_open_to_contact(*, public_id: str) -> Organisation | None:
    return organisations_open_to_contact().filter(public_id=public_id).first()


def totp_device_confirmed(*, user: StaffUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()
