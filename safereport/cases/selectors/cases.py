"""Reads of cases, always scoped to the person asking.

Need to know: a case nobody has taken yet is visible to the care staff of its
centre (someone must pick up a new contact at 3 a.m.); once assigned, only the
assigned staff and the centre's case managers see it. Everybody else gets 404,
as if the case did not exist.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.http import Http404

from safereport.accounts.models import StaffUser
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Appointment, Case, PortalMessage, Sender
from safereport.cases.sealing import language_shown, open_for_staff, open_sealed


def _assignments():
    return Case.assigned_staff.through.objects.filter(case_id=OuterRef("pk"))


def cases_visible_to(actor: StaffUser) -> QuerySet[Case]:
    organisation = actor.organisation
    if organisation is None or organisation.kind != OrganisationKind.CARE_CENTRE:
        return Case.objects.none()
    in_centre = Case.objects.filter(care_centre=organisation).annotate(has_assignee=Exists(_assignments()))
    if Role.CASE_MANAGER in actor.roles:
        return in_centre
    assigned_to_actor = Exists(_assignments().filter(staffuser_id=actor.pk))
    return in_centre.filter(Q(has_assignee=False) | assigned_to_actor)


def case_get_for(*, actor: StaffUser, case_id: UUID) -> Case:
    case = cases_visible_to(actor).filter(public_id=case_id).first()
    if case is None:
        raise Http404
    return case


# --- the portal conversation --------------------------------------------------


def case_open_for(*, actor: StaffUser, case_id: UUID) -> Case:
    """The case page: the same refusal as `case_get_for`, and the opening is an
    audit event (the person sees it in their access history)."""
    case = case_get_for(actor=actor, case_id=case_id)
    record("cases:case:opened", actor=Actor.staff(actor), subject=f"case:{case.public_id}", case_ref=str(case.public_id))
    return case


@dataclass(frozen=True)
class ShownMessage:
    from_centre: bool
    text: str
    sent_at: datetime
    # A message an intermediary (an NGO or desk the person named) sent: its
    # organisation, so the person's pages can name it by its public name
    # (consent.selectors.conversation_named_for_victim) instead of "the centre".
    organisation_id: int | None = None
    sender_name: str = ""
    sender_language: str = ""


@dataclass(frozen=True)
class ShownAppointment:
    public_id: UUID
    kind_label: str
    status: str
    status_label: str
    proposed_for: datetime | None
    centre_note: str
    interpreter_language: str
    companion_label: str
    access_needs: str
    safe_times: str


def _intermediary_of(case: Case, message: PortalMessage) -> int | None:
    if message.sender != Sender.CENTRE or message.author is None:
        return None
    organisation_id = message.author.organisation_id
    return organisation_id if organisation_id not in (None, case.care_centre_id) else None


def _messages(case: Case, *, for_staff: bool = False) -> list[ShownMessage]:
    # Staff read an intermediary's registered name; the person's pages use the
    # public name the centre gives it (consent.selectors.conversation_named_for_victim).
    return [
        ShownMessage(
            from_centre=message.sender == Sender.CENTRE,
            text=open_sealed(case=case, record=message, field="body_sealed"),
            sent_at=message.created_at,
            organisation_id=_intermediary_of(case, message),
            sender_name=message.author.organisation.name
            if for_staff and message.author is not None and _intermediary_of(case, message) is not None
            and message.author.organisation is not None
            else "",
        )
        for message in case.messages.select_related("author__organisation")
    ]


def _appointments(case: Case) -> list[ShownAppointment]:
    return [
        ShownAppointment(
            public_id=a.public_id,
            kind_label=a.get_kind_display(),
            status=a.status,
            status_label=a.get_status_display(),
            proposed_for=a.proposed_for,
            centre_note=open_sealed(case=case, record=a, field="centre_note_sealed"),
            interpreter_language=language_shown(case=case, record=a, field="interpreter_language"),
            companion_label=a.get_companion_display(),
            access_needs=open_sealed(case=case, record=a, field="access_needs_sealed"),
            safe_times=open_sealed(case=case, record=a, field="safe_times_sealed"),
        )
        for a in case.appointments.all()
    ]


def conversation_for_victim(*, case: Case) -> list[ShownMessage]:
    return _messages(case)


def appointments_for_victim(*, case: Case) -> list[ShownAppointment]:
    return _appointments(case)


def appointment_of_case(*, case: Case, appointment_id: UUID) -> Appointment | None:
    return case.appointments.filter(public_id=appointment_id).first()


def conversation_for_staff(*, case: Case, actor: StaffUser) -> tuple[list[ShownMessage], list[ShownAppointment]]:
    """One audit event for opening the conversation, naming no content."""
    record(
        "cases:conversation:read", actor=Actor.staff(actor), subject=f"case:{case.public_id}", case_ref=str(case.public_id)
    )
    return _messages(case, for_staff=True), _appointments(case)


def contact_preferences_for_staff(*, case: Case, actor: StaffUser) -> str:
    return open_for_staff(
        case=case, record=case, field="contact_preferences_sealed", actor=Actor.staff(actor), action="cases:contact_preferences:read"
    )


# --- the centre's inbox ------------------------------------------------------


def inbox_for(actor: StaffUser) -> dict[str, list[Case]]:
    visible = cases_visible_to(actor).prefetch_related("assigned_staff")
    waiting = visible.filter(last_victim_message_at__isnull=False).filter(
        Q(last_centre_reply_at__isnull=True) | Q(last_centre_reply_at__lt=F("last_victim_message_at"))
    )
    return {
        "waiting_for_answer": list(waiting.order_by("last_victim_message_at")[:100]),
        # has_assignee is annotated by cases_visible_to, which the stubs cannot follow.
        "not_yet_assigned": list(visible.filter(has_assignee=False).order_by("created_at")[:100]),  # type: ignore[misc]  # annotation
    }


def appointment_get_for(*, actor: StaffUser, case: Case, appointment_id: UUID) -> Appointment:
    appointment = case.appointments.filter(public_id=appointment_id).first()
    if appointment is None:
        raise Http404
    return appointment
