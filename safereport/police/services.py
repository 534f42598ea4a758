"""Changes to consultations: keyword-only, atomic, each writing its audit event in the same transaction.

Status changes run through `CONSULTATION` (core.workflow): permitted, locked,
audited as `police:consultation:transition`. A step that also records
something (the time proposed, who attended) records it in the same
transaction as the transition.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case, Companion, PoliceTalk, ReportingStatus
from safereport.cases.services import message_send_from_centre, reporting_status_set
from safereport.consent.selectors import consents_in_force
from safereport.consent.services import disclosure_build
from safereport.core.purposes import Purpose

# Callers catch these two from here.
from safereport.core.workflow import TransitionNotAllowed as TransitionNotAllowed
from safereport.core.workflow import TransitionNotPermitted as TransitionNotPermitted
from safereport.core.workflow import Workflow
from safereport.police import selectors
from safereport.police.messages import REPORT_ANSWERED
from safereport.police.models import (
    DECISIONS,
    CompanionPart,
    Consultation,
    ConsultationStatus,
    ContactPolicy,
    ContactRoute,
    IdentityReleased,
    ImmigrationAction,
    IntermediatedReport,
    InvestigationReason,
    OutcomeCode,
    Place,
    PoliceAnswer,
    RecordType,
    ReportOutcome,
    Venue,
    new_pseudonym,
)
from safereport.police.policies import clean_phone, clean_reference, identity_allowed, releases_no_more_than


class ConsultationError(ValueError):
    """The consultation cannot be recorded like that; the message says why, in words."""


def _case_ref(consultation: Consultation) -> str:
    return str(Case.objects.values_list("public_id", flat=True).get(pk=consultation.case_id))


CONSULTATION = Workflow(
    Consultation,
    entity="police:consultation",
    record=record,
    subject=lambda c: f"consultation:{c.public_id}",
    case_ref=_case_ref,
    changed_at="status_changed_at",
)


def _step(consultation: Consultation, name: str, actor: StaffUser, **fields: Any) -> Consultation:
    """Apply transition `name` and record `fields` with it, in one transaction.

    A refusal is applied (and so audited) outside the transaction, so that
    rolling back does not drop the audit event of the refusal.
    """
    declared = CONSULTATION.transitions.get(name)
    if declared is None or not actor.has_perm(declared.permission):
        CONSULTATION.apply(consultation, name, user=actor, actor=Actor.staff(actor))  # raises, audited
    with transaction.atomic():
        CONSULTATION.apply(consultation, name, user=actor, actor=Actor.staff(actor))
        for field, value in fields.items():
            setattr(consultation, field, value)
        if fields:
            consultation.save(update_fields=list(fields))
    return consultation


def _future(when: dt.datetime | None) -> dt.datetime:
    if when is None or when <= timezone.now():
        raise ConsultationError("Choose a time in the future.")
    return when


@transaction.atomic
def consultation_plan(
    *,
    case: Case,
    actor: StaffUser,
    police_unit: Organisation,
    topics: Iterable[str],
    place: str,
    companion: str,
    interpreter: bool,
    no_firewall_warning_told: bool,
) -> Consultation:
    """The centre starts a consultation at the person's wish. Nothing reaches the police until it is booked.

    The unit must be a partner of the centre for investigations now (never a
    unit chosen by its kind), and where the jurisdiction has no firewall the
    person must have been given the warning first.
    """
    if police_unit.pk not in {p.organisation.pk for p in selectors.police_units_for(case)}:
        raise ConsultationError("This police unit is not a partner of the centre for this.")
    if not selectors.has_firewall(police_unit.jurisdiction) and not no_firewall_warning_told:
        raise ConsultationError("Tell the person the warning about the police first, and say that you did.")
    if place not in Place.values or companion not in Companion.values:
        raise ConsultationError("Choose the place and whether someone comes along.")
    talk: PoliceTalk | None = selectors.latest_police_talk(case)
    consultation = Consultation.objects.create(
        case=case,
        police_talk=talk,
        care_centre_id=case.care_centre_id,
        police_unit=police_unit,
        pseudonym=new_pseudonym(),
        topics=sorted({t for t in topics if t in PoliceTalk.TOPICS}),
        place=place,
        companion=companion,
        interpreter=interpreter,
        no_firewall_warning_told=no_firewall_warning_told,
        booked_by=actor,
    )
    record(
        "police:consultation:planned",
        actor=Actor.staff(actor),
        subject=f"consultation:{consultation.public_id}",
        case_ref=str(case.public_id),
        details={"police_unit": police_unit.name, "topics": ",".join(consultation.topics), "place": place},
    )
    return consultation


def consultation_book(*, consultation: Consultation, actor: StaffUser, proposed_for: dt.datetime | None) -> Consultation:
    """Propose a time to the unit: from now on the unit sees the consultation (pseudonym, topics, time, place)."""
    when = _future(proposed_for)
    consultation = _step(consultation, "book", actor, proposed_for=when)
    case = Case.objects.get(pk=consultation.case_id)
    if case.reporting_status in {ReportingStatus.NOT_DECIDED, ReportingStatus.NOT_REPORTING, ReportingStatus.THINKING}:
        reporting_status_set(case=case, status=ReportingStatus.INFORMAL_TALK_ARRANGED, actor=Actor.staff(actor))
    return consultation


@transaction.atomic
def consultation_answer(
    *, consultation: Consultation, actor: StaffUser, answer: str, other_time: dt.datetime | None = None
) -> Consultation:
    """The officer accepts the proposed time or proposes another. The person reads it in the portal."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status != ConsultationStatus.BOOKED:
        raise ConsultationError("This consultation is not waiting for an answer.")
    if answer == PoliceAnswer.ACCEPTED:
        locked.police_answer, locked.police_proposed_for, locked.agreed_for = answer, None, locked.proposed_for
    elif answer == PoliceAnswer.OTHER_TIME:
        locked.police_answer, locked.police_proposed_for, locked.agreed_for = answer, _future(other_time), None
    else:
        raise ConsultationError("Choose an answer.")
    locked.answered_at = timezone.now()
    if locked.days_to_reply is None:
        locked.days_to_reply = max((timezone.localdate(locked.answered_at) - timezone.localdate(locked.created_at)).days, 0)
    locked.save(update_fields=["police_answer", "police_proposed_for", "agreed_for", "answered_at", "days_to_reply"])
    record(
        "police:consultation:answered",
        actor=Actor.staff(actor),
        subject=f"consultation:{locked.public_id}",
        case_ref=_case_ref(locked),
        details={"answer": answer},
    )
    return locked


@transaction.atomic
def consultation_time_agree(*, consultation: Consultation, actor: StaffUser) -> Consultation:
    """The person agreed to the time the police proposed (the centre records it)."""
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if locked.status != ConsultationStatus.BOOKED or locked.police_answer != PoliceAnswer.OTHER_TIME:
        raise ConsultationError("The police have not proposed another time.")
    locked.agreed_for = locked.police_proposed_for
    locked.save(update_fields=["agreed_for"])
    record(
        "police:consultation:time_agreed",
        actor=Actor.staff(actor),
        subject=f"consultation:{locked.public_id}",
        case_ref=_case_ref(locked),
    )
    return locked


def consultation_held(
    *,
    consultation: Consultation,
    actor: StaffUser,
    held_on: dt.date,
    companion_part: str,
    interpreter_attended: bool,
    contact_route: str,
    contact_route_detail: str = "",
) -> Consultation:
    """The officer records that the talk was held, who attended which part, and how the person can reach the unit."""
    if companion_part not in CompanionPart.values or contact_route not in ContactRoute.values:
        raise ConsultationError("Say who came along and how the person can reach the unit.")
    if held_on > timezone.localdate():
        raise ConsultationError("The date is in the future.")
    phone = ""
    if contact_route == ContactRoute.UNIT_PHONE:
        phone = clean_phone(contact_route_detail) or ""
        if not phone:
            raise ConsultationError("Write the unit's phone number (digits, spaces, + ( ) and - only).")
    with transaction.atomic():
        consultation = _step(
            consultation,
            "record_held",
            actor,
            held_on=held_on,
            companion_part=companion_part,
            interpreter_attended=interpreter_attended,
            contact_route=contact_route,
            contact_route_detail=phone,
        )
        record(
            "police:consultation:details_recorded",
            actor=Actor.staff(actor),
            subject=f"consultation:{consultation.public_id}",
            case_ref=_case_ref(consultation),
            details={"companion_part": companion_part, "contact_route": contact_route},
        )
    return consultation


def consultation_reflect(*, consultation: Consultation, actor: StaffUser, until: dt.date) -> Consultation:
    """Time to think, until a date agreed with the person (no fixed period)."""
    if until < timezone.localdate():
        raise ConsultationError("The date is in the past.")
    return _step(consultation, "reflect", actor, reflection_until=until)


def _reporting_decision_consented(consultation: Consultation) -> bool:
    case = Case.objects.get(pk=consultation.case_id)
    return any(
        e.purpose == Purpose.INVESTIGATION and e.recipient_organisation_id == consultation.police_unit_id
        for e in consents_in_force(case)
    )


def consultation_decide(*, consultation: Consultation, actor: StaffUser, decision: str) -> Consultation:
    """The person's decision after the talk, as they told the centre.

    A report only with a consent in force for this unit: the formal report is
    then handed over as a consented package (consent.disclosure_build), never
    from the consultation itself.
    """
    if decision not in DECISIONS:
        raise ConsultationError("Choose what the person decided.")
    if decision == "convert_to_report" and not _reporting_decision_consented(consultation):
        raise ConsultationError(
            "The person has not given consent to share anything with this police unit. Record their consent first."
        )
    consultation = _step(consultation, decision, actor, decided_at=timezone.now())
    status = {
        "decide_not_to_report": ReportingStatus.NOT_REPORTING,
        "convert_to_report": ReportingStatus.REPORTED,
    }.get(decision)
    if status is not None:
        reporting_status_set(
            case=Case.objects.get(pk=consultation.case_id), status=status, actor=Actor.staff(actor)
        )
    return consultation


def consultation_cancel(*, consultation: Consultation, actor: StaffUser) -> Consultation:
    return _step(consultation, "cancel", actor)


# --- reports through an intermediary --------------------------------------------------------


class ReportError(ValueError):
    """The report cannot be filed or answered like that; the message says why, in words."""


def identity_released_now(*, case: Case, police_unit: Organisation) -> IdentityReleased:
    """The most identity the person has released to this unit, read from the ledger now."""
    consented = {
        e.category
        for e in consents_in_force(case)
        if e.purpose == Purpose.INVESTIGATION and e.recipient_organisation_id == police_unit.pk
    }
    return identity_allowed(consented)


def _may_act_for(actor: StaffUser, case: Case) -> bool:
    """The case's own centre, or an organisation the person agreed may help them (a referral consent in force)."""
    if actor.organisation_id is None:
        return False
    if actor.organisation_id == case.care_centre_id:
        return True
    return any(
        e.purpose == Purpose.REFERRAL and e.recipient_organisation_id == actor.organisation_id
        for e in consents_in_force(case)
    )


def _refuse_report(*, case: Case, actor: StaffUser, reason: str) -> None:
    # Written on its own, so the refusal stays in the log when the caller's work is rolled back.
    record(
        "police:report:refused",
        actor=Actor.staff(actor),
        subject=f"case:{case.public_id}",
        case_ref=str(case.public_id),
        details={"reason": reason},
    )


def report_file(
    *,
    case: Case,
    actor: StaffUser,
    police_unit: Organisation,
    identity: str,
    reference: str,
    venue: str,
) -> IntermediatedReport:
    """File a report on the person's behalf. Never more identity than the person released to this unit."""
    file_number = clean_reference(reference)
    if identity not in IdentityReleased.values or venue not in Venue.values or file_number is None:
        raise ReportError(
            "Choose the identity released and the venue, and give your file number "
            "(capitals, digits and - / . _ only, never a name)."
        )
    if not _may_act_for(actor, case):
        _refuse_report(case=case, actor=actor, reason="intermediary_not_agreed_by_person")
        raise ReportError("The person has not agreed that your organisation acts for them.")
    if police_unit.pk not in {p.organisation.pk for p in selectors.police_units_for(case)}:
        _refuse_report(case=case, actor=actor, reason="police_unit_not_a_partner")
        raise ReportError("This police unit is not a partner of the centre for this.")
    allowed = identity_released_now(case=case, police_unit=police_unit)
    if not releases_no_more_than(identity, allowed):
        _refuse_report(case=case, actor=actor, reason="more_identity_than_released")
        raise ReportError(
            "The person has not released that much to this police unit. Record their consent first, or release less."
        )
    intermediary = actor.organisation
    assert intermediary is not None  # _may_act_for refused anyone without an organisation
    with transaction.atomic():
        report = IntermediatedReport.objects.create(
            case=case,
            intermediary=intermediary,
            filed_by=actor,
            police_unit=police_unit,
            pseudonym=new_pseudonym(),
            identity_released=identity,
            intermediary_reference=file_number,
            venue=venue,
        )
        record(
            "police:report:filed",
            actor=Actor.staff(actor),
            subject=f"report:{report.public_id}",
            case_ref=str(case.public_id),
            details={"police_unit": police_unit.name, "identity_released": identity, "venue": venue},
        )
    return report


@transaction.atomic
def report_reply(
    *,
    report: IntermediatedReport,
    actor: StaffUser,
    record_type: str,
    contact_policy: str,
    investigation_started: bool,
    reason: str,
    replied_on: dt.date,
    immigration_action: str,
) -> IntermediatedReport:
    """The police unit's reply, into the intermediary's record: codes and a date, no narrative."""
    if (
        record_type not in RecordType.values
        or contact_policy not in ContactPolicy.values
        or reason not in InvestigationReason.values
        or immigration_action not in ImmigrationAction.values
    ):
        raise ReportError("Choose the record type, the contact policy, why, and any immigration-related action.")
    if replied_on > timezone.localdate():
        raise ReportError("The date is in the future.")
    locked = IntermediatedReport.objects.select_for_update().get(pk=report.pk)
    if locked.replied_on is not None:
        raise ReportError("This report has been answered already.")
    if contact_policy == ContactPolicy.DIRECT and locked.identity_released != IdentityReleased.FULL:
        # The police cannot contact someone whose contact details they were never given.
        raise ReportError("Direct contact is possible only when the person released their contact details.")
    locked.record_type, locked.contact_policy = record_type, contact_policy
    locked.investigation_started, locked.investigation_reason = investigation_started, reason
    locked.replied_on, locked.replied_by, locked.immigration_action = replied_on, actor, immigration_action
    locked.days_to_reply = max((replied_on - timezone.localdate(locked.created_at)).days, 0)
    locked.save(
        update_fields=[
            "record_type", "contact_policy", "investigation_started", "investigation_reason", "replied_on", "replied_by",
            "immigration_action", "days_to_reply",
        ]
    )
    record(
        "police:report:replied",
        actor=Actor.staff(actor),
        subject=f"report:{locked.public_id}",
        case_ref=str(Case.objects.values_list("public_id", flat=True).get(pk=locked.case_id)),
        details={"record_type": record_type, "contact_policy": contact_policy, "investigation_started": investigation_started},
    )
    return locked


@transaction.atomic
def report_relay(*, report: IntermediatedReport, actor: StaffUser) -> IntermediatedReport:
    """The intermediary passes the police's answer on: a message in the person's portal, in their language."""
    locked = IntermediatedReport.objects.select_for_update().get(pk=report.pk)
    if locked.replied_on is None:
        raise ReportError("The police have not answered yet.")
    if locked.relayed_at is not None:
        raise ReportError("The person has been told already.")
    case = Case.objects.get(pk=locked.case_id)
    with translation.override(case.preferred_language or None):
        text = str(REPORT_ANSWERED)
    message_send_from_centre(case=case, author=actor, text=text)
    locked.relayed_at = timezone.now()
    locked.save(update_fields=["relayed_at"])
    record(
        "police:report:relayed",
        actor=Actor.staff(actor),
        subject=f"report:{locked.public_id}",
        case_ref=str(case.public_id),
    )
    return locked


# --- formal handover and outcomes -------------------------------------------------------------


def consultation_hand_over(*, consultation: Consultation, actor: StaffUser) -> Consultation:
    """The person decided to report: send the package their consent allows to the unit (the sharing policy decides).

    disclosure_build refuses (and audits) anything the ledger does not allow;
    it runs outside this function's transaction so that its refusal stays in
    the log. Raises consent's DisclosureRefused.
    """
    if consultation.status != ConsultationStatus.REPORT or consultation.package_id is not None:
        raise ConsultationError("Only a consultation the person decided to turn into a report is handed over, once.")
    case = Case.objects.get(pk=consultation.case_id)
    package = disclosure_build(
        case=case, recipient=consultation.police_unit, purpose=Purpose.INVESTIGATION, actor=actor
    )
    with transaction.atomic():
        consultation.package = package
        consultation.save(update_fields=["package"])
        record(
            "police:consultation:handed_over",
            actor=Actor.staff(actor),
            subject=f"consultation:{consultation.public_id}",
            case_ref=str(case.public_id),
            details={"package": str(package.public_id), "categories": ",".join(package.categories)},
        )
    return consultation


@transaction.atomic
def outcome_record(
    *,
    actor: StaffUser,
    code: str,
    occurred_on: dt.date,
    consultation: Consultation | None = None,
    report: IntermediatedReport | None = None,
) -> ReportOutcome:
    """The unit records what became of a formal report: a code and a date."""
    if code not in OutcomeCode.values:
        raise ReportError("Choose what happened.")
    if occurred_on > timezone.localdate():
        raise ReportError("The date is in the future.")
    if (consultation is None) == (report is None):
        raise ReportError("An outcome is about one report.")
    if consultation is not None and (consultation.status != ConsultationStatus.REPORT or consultation.package_id is None):
        raise ReportError("This consultation was not handed over as a report.")
    about = consultation or report
    assert about is not None
    outcome = ReportOutcome.objects.create(
        police_unit_id=about.police_unit_id,
        consultation=consultation,
        report=report,
        code=code,
        occurred_on=occurred_on,
        recorded_by=actor,
    )
    record(
        "police:outcome:recorded",
        actor=Actor.staff(actor),
        subject=f"outcome:{outcome.public_id}",
        case_ref=str(Case.objects.values_list("public_id", flat=True).get(pk=about.case_id)),
        details={"code": code},
    )
    return outcome


# --- a municipal desk's own inbox (ADR 0037) ------------------------------------------------


@transaction.atomic
def desk_reply(*, case: Case, actor: StaffUser, text: str) -> None:
    """The desk answers a person who wrote to it from the portal: a message in their portal conversation.

    Only for a record the portal opened at the actor's own desk
    (selectors.desk_contact_get_for); sealed and audited like the centre's
    messages (`cases:message:sent`).
    """
    selectors.desk_contact_get_for(actor=actor, case_id=case.public_id)
    message_send_from_centre(case=case, author=actor, text=text)


class DeskPortalRefused(Exception):
    """Why a desk cannot be opened to the portal, in words for the DPO."""


@transaction.atomic
def desk_portal_set(*, desk: Organisation, open_to_portal: bool, actor: StaffUser) -> Organisation:
    """Open or close a municipal desk to contact from the portal (ADR 0037, amended 2026-12-02).

    Opening puts the desk on the portal's contact form: people who choose it
    write to it, and the desk holds their records. Only an active municipal
    desk with someone to read its inbox (a coordinator or caseworker) may be
    opened, or people would write into a box nobody opens. Closing takes it
    off the form only: people who already wrote keep their conversation, and
    the desk keeps answering them.
    """
    desk = Organisation.objects.select_for_update().get(pk=desk.pk)
    if open_to_portal:
        if desk.kind != OrganisationKind.MUNICIPAL_DESK:
            raise DeskPortalRefused(_("Only a municipal desk can be opened to the portal."))
        if not desk.is_active:
            raise DeskPortalRefused(_("This desk is not active. An inactive desk cannot be opened to the portal."))
        if selectors.desk_inbox_readers(desk) == 0:
            raise DeskPortalRefused(
                _(
                    "Nobody at this desk can read what people write: it has no active coordinator or caseworker. "
                    "Invite one first, then open the desk."
                )
            )
    if desk.portal_contact_open != open_to_portal:
        desk.portal_contact_open = open_to_portal
        desk.save(update_fields=["portal_contact_open"])
        record(
            "police:desk_portal:opened" if open_to_portal else "police:desk_portal:closed",
            actor=Actor.staff(actor),
            subject=f"organisation:{desk.public_id}",
            details={"jurisdiction": desk.jurisdiction},
        )
    return desk
