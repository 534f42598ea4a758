from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from safereport.accounts.models import StaffUser


def colleagues_of(*, actor: StaffUser) -> QuerySet[StaffUser]:
    return StaffUser.objects.filter(organisation=actor.organisation).order_by("username")


def colleague_get_for(*, actor: StaffUser, staff_id: UUID) -> StaffUser:
    # Staff of another organisation do not exist as far as this actor can tell.
    return get_object_or_404(colleagues_of(actor=actor), public_id=staff_id)
