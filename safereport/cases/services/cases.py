"""Changes to cases that come from the portal or the centre's inbox.

Each service is one transaction that also writes its audit event; sealed text
is sealed here and nowhere else.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from safereport.accounts.models import Organisation, StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases import receipts
from safereport.cases.models import (
    Appointment,
    AppointmentStatus,
    Case,
    Encounter,
    ErasedReceipt,
    PortalMessage,
    Sender,
)
from safereport.cases.sealing import language_set, seal_field
from safereport.core import once


@dataclass(frozen=True)
class PortalContact:
    care_centre: Organisation
    message: str
    help_kinds: list[str]
    preferred_language: str
    interpreter_language: str
    companion: str
    may_contact: bool
    contact_how_and_when: str
    may_leave_message: bool
    # Only with interpreter_language "other": the name the person wrote, sealed.
    interpreter_language_other: str = ""


def _subject(case: Case) -> str:
    return f"case:{case.public_id}"


def case_open_from_portal(*, contact: PortalContact, form_token: once.FormToken) -> tuple[Case, str] | None:
    """A new anonymous contact. Returns the case and its receipt code (shown once).

    The form's one-time token is spent in the same transaction, so the same form
    sent twice (a reload, a double click, two at the same moment) opens one case:
    for every post after the first this returns None and changes nothing (ADR 0023).
    """
    for _attempt in range(5):
        code = receipts.new_receipt_code()
        lookup = receipts.receipt_lookup_hash(code)
        try:
            with transaction.atomic():
                once.spend(form_token)
                case = _create_contact_case(contact=contact, lookup=lookup)
            return case, code
        except once.AlreadySpent:
            return None
        except IntegrityError:
            # 1 in 10^16 per pair: a collision means draw another code, never reuse.
            continue
    raise RuntimeError("Could not draw a unique receipt code.")


def _create_contact_case(*, contact: PortalContact, lookup: str) -> Case:
    now = timezone.now()
    case = Case(
        care_centre=contact.care_centre,
        receipt_lookup=lookup,
        preferred_language=contact.preferred_language,
        companion=contact.companion,
        help_kinds=sorted(set(contact.help_kinds)),
        may_contact=contact.may_contact,
        may_leave_message=contact.may_leave_message and contact.may_contact,
        last_victim_message_at=now,
    )
    language_set(
        case=case,
        record=case,
        field="interpreter_language",
        code=contact.interpreter_language,
        other=contact.interpreter_language_other,
    )
    case.save()
    if contact.may_contact and contact.contact_how_and_when:
        case.contact_preferences_sealed = seal_field(
            case=case, record=case, field="contact_preferences_sealed", text=contact.contact_how_and_when
        )
        case.save(update_fields=["contact_preferences_sealed"])
    message = PortalMessage.objects.create(case=case, sender=Sender.VICTIM, body_sealed=b"")
    message.body_sealed = seal_field(case=case, record=message, field="body_sealed", text=contact.message)
    message.save(update_fields=["body_sealed"])
    record("cases:case:opened_from_portal", actor=Actor.victim(), subject=_subject(case), case_ref=str(case.public_id))
    return case


@dataclass(frozen=True)
class ReceiptFound:
    case: Case | None
    # The code belonged to a record the person erased (cases.ErasedReceipt).
    erased: bool = False


def receipt_find(*, typed_code: str) -> ReceiptFound:
    """The record a typed code opens, or whether it opened one that was erased.

    One hash per try: the hash is the cost the code throttles protect.
    """
    code = receipts.normalise(typed_code)
    if code is None:
        return ReceiptFound(None)
    lookup = receipts.receipt_lookup_hash(code)
    case = Case.objects.filter(receipt_lookup=lookup).first()
    if case is not None:
        return ReceiptFound(case)
    return ReceiptFound(None, erased=ErasedReceipt.objects.filter(lookup=lookup).exists())


def case_find_by_receipt(*, typed_code: str) -> Case | None:
    return receipt_find(typed_code=typed_code).case


def receipt_retire(*, case: Case) -> None:
    """Keep only the hash of an erased record's code (called by the erasure, in its transaction)."""
    if case.receipt_lookup:
        ErasedReceipt.objects.get_or_create(lookup=case.receipt_lookup)


@transaction.atomic
def message_send_from_victim(*, case: Case, text: str) -> PortalMessage:
    message = PortalMessage.objects.create(case=case, sender=Sender.VICTIM, body_sealed=b"")
    message.body_sealed = seal_field(case=case, record=message, field="body_sealed", text=text)
    message.save(update_fields=["body_sealed"])
    Case.objects.filter(pk=case.pk).update(last_victim_message_at=message.created_at)
    record("cases:message:received", actor=Actor.victim(), subject=_subject(case), case_ref=str(case.public_id))
    return message


def message_reply(
    *, case: Case, author: StaffUser, text: str, form_token: once.FormToken, take: bool = False
) -> PortalMessage | None:
    """A staff reply typed on the case page: it takes effect once (ADR 0032).

    The reply form's one-time token is spent in the same transaction as the
    message, so the same form sent twice — a second click, a reload, Send
    pressed again after an answer lost with a crashed app server, two posts at
    the same moment on two app servers — stores one reply. For every post after
    the first this returns None and changes nothing. With `take` the author
    also takes the case in the same transaction ("Take this case and send
    reply", issue 13 §11).
    """
    try:
        with transaction.atomic():
            once.spend(form_token)
            if take:
                return case_take_and_reply(case=case, actor=author, text=text)
            return message_send_from_centre(case=case, author=author, text=text)
    except once.AlreadySpent:
        return None


@transaction.atomic
def message_send_from_centre(*, case: Case, author: StaffUser, text: str) -> PortalMessage:
    message = PortalMessage.objects.create(case=case, sender=Sender.CENTRE, author=author, body_sealed=b"")
    message.body_sealed = seal_field(case=case, record=message, field="body_sealed", text=text)
    message.save(update_fields=["body_sealed"])
    # An intermediary passing something on (an NGO or desk the person named)
    # has not read the person's messages for the centre, nor answered them.
    if author.organisation_id == case.care_centre_id:
        Case.objects.filter(pk=case.pk).update(last_centre_reply_at=message.created_at)
        PortalMessage.objects.filter(case=case, sender=Sender.VICTIM, read_by_centre_at=None).update(
            read_by_centre_at=message.created_at
        )
    record("cases:message:sent", actor=Actor.staff(author), subject=_subject(case), case_ref=str(case.public_id))
    return message


@transaction.atomic
def message_post_notice(*, case: Case, text: str, sent_by: str) -> PortalMessage:
    """A notice from the centre, written by the software (no staff author), into the person's portal conversation.

    Sealed like every message (ADR 0016). It goes nowhere else: the portal
    conversation is the one channel every person has; another channel only
    where the person opted into it (none is wired yet). `sent_by` names the
    sending part of the software for the audit log (such as "evidence clock").
    """
    message = PortalMessage.objects.create(case=case, sender=Sender.CENTRE, author=None, body_sealed=b"")
    message.body_sealed = seal_field(case=case, record=message, field="body_sealed", text=text)
    message.save(update_fields=["body_sealed"])
    record("cases:message:notice", actor=Actor.system(sent_by), subject=_subject(case), case_ref=str(case.public_id))
    return message


@transaction.atomic
def case_take_and_reply(*, case: Case, actor: StaffUser, text: str) -> PortalMessage:
    """Take a new contact and answer it in one step (issue 13 §11): both events or neither."""
    case_assign(case=case, assignee=actor, actor=actor)
    return message_send_from_centre(case=case, author=actor, text=text)


@transaction.atomic
def case_assign(*, case: Case, assignee: StaffUser, actor: StaffUser) -> None:
    case.assigned_staff.add(assignee)
    record(
        "cases:case:assigned",
        actor=Actor.staff(actor),
        subject=_subject(case),
        case_ref=str(case.public_id),
        details={"assignee_role": ",".join(assignee.roles)},
    )


@transaction.atomic
def appointment_request(
    *,
    case: Case,
    kind: str,
    interpreter_language: str,
    companion: str,
    access_needs: str,
    safe_times: str,
    interpreter_language_other: str = "",
) -> Appointment:
    appointment = Appointment(case=case, kind=kind, companion=companion)
    language_set(
        case=case, record=appointment, field="interpreter_language", code=interpreter_language, other=interpreter_language_other
    )
    if access_needs:
        appointment.access_needs_sealed = seal_field(
            case=case, record=appointment, field="access_needs_sealed", text=access_needs
        )
    if safe_times:
        appointment.safe_times_sealed = seal_field(case=case, record=appointment, field="safe_times_sealed", text=safe_times)
    appointment.save()
    Case.objects.filter(pk=case.pk).update(last_victim_message_at=timezone.now())
    record("cases:appointment:requested", actor=Actor.victim(), subject=_subject(case), case_ref=str(case.public_id))
    return appointment


@transaction.atomic
def appointment_propose(
    *, appointment: Appointment, actor: StaffUser, proposed_for: datetime, note: str, confirmed: bool = False
) -> Appointment:
    appointment.proposed_for = proposed_for
    appointment.status = AppointmentStatus.CONFIRMED if confirmed else AppointmentStatus.PROPOSED
    if note:
        appointment.centre_note_sealed = seal_field(
            case=appointment.case, record=appointment, field="centre_note_sealed", text=note
        )
    appointment.save()
    Case.objects.filter(pk=appointment.case_id).update(last_centre_reply_at=timezone.now())
    record(
        "cases:appointment:proposed",
        actor=Actor.staff(actor),
        subject=_subject(appointment.case),
        case_ref=str(appointment.case.public_id),
    )
    return appointment


@transaction.atomic
def appointment_answer(*, appointment: Appointment, accept: bool) -> Appointment:
    if appointment.status != AppointmentStatus.PROPOSED:
        return appointment
    appointment.status = AppointmentStatus.CONFIRMED if accept else AppointmentStatus.DECLINED
    appointment.save(update_fields=["status"])
    Case.objects.filter(pk=appointment.case_id).update(last_victim_message_at=timezone.now())
    record(
        "cases:appointment:accepted" if accept else "cases:appointment:declined",
        actor=Actor.victim(),
        subject=_subject(appointment.case),
        case_ref=str(appointment.case.public_id),
    )
    return appointment


ENCOUNTER_TEXT_FIELDS = (
    "account_sealed",
    "injuries_sealed",
    "medical_history_sealed",
    "sexual_health_sealed",
    "mental_health_sealed",
    "safety_sealed",
    "notes_sealed",
)


@transaction.atomic
def encounter_record(
    *,
    case: Case,
    professional: StaffUser,
    kind: str,
    occurred_at: datetime,
    texts: dict[str, str],
    companion_present: bool = False,
    interpreter_language: str = "",
    interpreter_language_other: str = "",
    breaks_taken: int = 0,
) -> Encounter:
    """Record an encounter; `texts` maps sealed field names to what was written."""
    unknown = set(texts) - set(ENCOUNTER_TEXT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown encounter fields: {sorted(unknown)}")
    encounter = Encounter(
        case=case,
        kind=kind,
        occurred_at=occurred_at,
        professional=professional,
        companion_present=companion_present,
        breaks_taken=breaks_taken,
    )
    language_set(
        case=case, record=encounter, field="interpreter_language", code=interpreter_language, other=interpreter_language_other
    )
    for field, text in texts.items():
        if text:
            setattr(encounter, field, seal_field(case=case, record=encounter, field=field, text=text))
    encounter.save()
    record(
        "cases:encounter:recorded",
        actor=Actor.staff(professional),
        subject=_subject(case),
        case_ref=str(case.public_id),
        details={"kind": kind, "categories": ",".join(sorted(Encounter.sensitive_fields[f] for f in texts if texts[f]))},
    )
    return encounter
