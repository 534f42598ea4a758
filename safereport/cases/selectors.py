"""Reads of cases, always scoped to the person asking.

Need to know: a case nobody has taken yet is visible to the care staff of its
centre (someone must pick up a new contact at 3 a.m.); once assigned, only the
assigned staff and the centre's case managers see it. Everybody else gets 404,
as if the case did not exist.
"""

from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from safereport.accounts.models import StaffUser
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.cases.models import Case


def cases_visible_to(actor: StaffUser) -> QuerySet[Case]:
    organisation = actor.organisation
    if organisation is None or organisation.kind != OrganisationKind.CARE_CENTRE:
        return Case.objects.none()
    in_centre = Case.objects.filter(care_centre=organisation)
    if Role.CASE_MANAGER in actor.roles:
        return in_centre
    return (
        in_centre.annotate(assignee_count=Count("assigned_staff"))
        .filter(Q(assignee_count=0) | Q(assigned_staff=actor))
        .distinct()
    )


def case_get_for(*, actor: StaffUser, case_id: UUID) -> Case:
    case = cases_visible_to(actor).filter(public_id=case_id).first()
    if case is None:
        raise Http404
    return case
