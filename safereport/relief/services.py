"""Changes to relief procedures: keyword-only, atomic, each writing its audit event in the same transaction.

Status changes of procedures and certification requests run through the
one workflow mechanism (core.workflow): permitted, locked, audited as
`relief:procedure:transition` and `relief:certification:transition`. A step
that also records dates records them in the same transaction. Clocks are
rows with their due date computed once by the clock engine (policies), so
reminders are one indexed query.

Nothing here sends anything anywhere: filing is the person's act, and the
packet (selectors.packet) is for them or their lawyer to take.
"""

import datetime as dt

from django.db import transaction

from safereport.accounts.models import StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case
from safereport.consent.selectors import compartment_public_key, compartment_unlocked
from safereport.consent.services import compartment_private_key_for_staff

# Callers catch these two from here.
from safereport.core.workflow import TransitionNotAllowed as TransitionNotAllowed
from safereport.core.workflow import TransitionNotPermitted as TransitionNotPermitted
from safereport.core.workflow import Workflow
from safereport.partners.selectors import denylist_match
from safereport.relief import datafiles, selectors
from safereport.relief.models import (
    AgencyKind,
    CertificationRequest,
    CertificationStatus,
    CertifyingAgency,
    ChecklistFile,
    ChecklistItem,
    Clock,
    ClockKind,
    DenialReason,
    ItemStatus,
    OfficialRole,
    Procedure,
    ProcedureStatus,
    RequestedBy,
    StepRecord,
)
from safereport.relief.policies import MAX_FILE_BYTES, Calendar, Unit, due_date, file_type
from safereport.vault.services import (
    SealContext,
    is_sealed_to_public_key,
    seal,
    seal_to_public_key,
    unseal,
    unseal_with_private_key,
)


class ReliefError(ValueError):
    """The change cannot be recorded like that; the message says why, in words."""


def _case_ref(procedure: Procedure) -> str:
    return str(Case.objects.values_list("public_id", flat=True).get(pk=procedure.case_id))


PROCEDURE = Workflow(
    Procedure,
    entity="relief:procedure",
    record=record,
    subject=lambda p: f"relief:{p.public_id}",
    case_ref=_case_ref,
    changed_at="status_changed_at",
)

CERTIFICATION = Workflow(
    CertificationRequest,
    entity="relief:certification",
    record=record,
    subject=lambda c: f"certification:{c.public_id}",
    case_ref=lambda c: _case_ref(Procedure.objects.get(pk=c.procedure_id)),
    changed_at="status_changed_at",
)


def _audit(*, action: str, actor: StaffUser, procedure: Procedure, **details: str) -> None:
    record(action, actor=Actor.staff(actor), subject=f"relief:{procedure.public_id}", case_ref=_case_ref(procedure),
           details=details or None)


# --- procedures ----------------------------------------------------------------------


def procedure_open(*, actor: StaffUser, case: Case, mechanism: str, opened_on: dt.date) -> Procedure:
    """A legal service, NGO or the centre opens a procedure for a person who named it.

    Refused (and audited, outside the transaction so the refusal stays)
    unless `selectors.carry_refusal` finds nothing against it.
    """
    described = datafiles.procedure(mechanism)
    refusal = selectors.carry_refusal(actor=actor, case=case) or (None if described else "mechanism_unknown")
    if refusal is not None or described is None or actor.organisation_id is None:
        record(
            "relief:procedure_open:refused",
            actor=Actor.staff(actor),
            subject=f"case:{case.public_id}",
            case_ref=str(case.public_id),
            details={"reason": refusal or "no_organisation", "mechanism": mechanism[:20]},
        )
        raise ReliefError(refusal or "no_organisation")
    with transaction.atomic():
        procedure = Procedure.objects.create(
            case=case, mechanism=mechanism, organisation_id=actor.organisation_id, responsible=actor, opened_on=opened_on
        )
        ChecklistItem.objects.bulk_create(ChecklistItem(procedure=procedure, item=d.id) for d in described.documents)
        _audit(action="relief:procedure:opened", actor=actor, procedure=procedure, mechanism=mechanism)
    return procedure


def _calendar(procedure: Procedure, subdivision: str = "") -> Calendar:
    described = datafiles.procedure(procedure.mechanism)
    return Calendar(described.holiday_country if described else procedure.case.care_centre.jurisdiction, subdivision)


def procedure_step_record(*, actor: StaffUser, procedure: Procedure, step: str, done_on: dt.date) -> StepRecord:
    """Record a step of the mechanism; a step that moves the status moves it; its clocks start."""
    described = datafiles.procedure(procedure.mechanism)
    found = described.step(step) if described else None
    if found is None:
        raise ReliefError("That step is not one of this procedure's steps.")
    if procedure.status not in (ProcedureStatus.PREPARING, ProcedureStatus.UNDER_WAY):
        raise ReliefError("This procedure is closed.")
    with transaction.atomic():
        # Any step taken starts a procedure still being prepared; a deciding step then decides it.
        if procedure.status == ProcedureStatus.PREPARING:
            PROCEDURE.apply(procedure, "start", user=actor, actor=Actor.staff(actor))
        if found.moves in ("grant", "refuse"):
            PROCEDURE.apply(procedure, found.moves, user=actor, actor=Actor.staff(actor))
        written = StepRecord.objects.create(procedure=procedure, step=step, done_on=done_on, recorded_by=actor)
        assert described is not None
        calendar = _calendar(procedure)
        for rule in described.clocks:
            if rule.starts == step:
                Clock.objects.create(
                    procedure=procedure,
                    kind=ClockKind.MECHANISM,
                    rule=rule.id,
                    started_on=done_on,
                    due_on=due_date(done_on, rule.amount, rule.unit, calendar),
                    legal_source=rule.legal_source,
                    binding=rule.binding,
                )
        # A step taken meets the clocks that waited for it (the 6 months end when the petition is filed).
        if step in _STEPS_THAT_STOP:
            Clock.objects.filter(procedure=procedure, rule__in=_STEPS_THAT_STOP[step], stopped_on__isnull=True).update(
                stopped_on=done_on
            )
        if found.moves in ("grant", "refuse"):
            Clock.objects.filter(procedure=procedure, stopped_on__isnull=True, certification__isnull=True).update(
                stopped_on=done_on
            )
        _audit(action="relief:step:recorded", actor=actor, procedure=procedure, step=step)
    return written


# Which mechanism clocks a step meets (by clock id in data/relief/).
_STEPS_THAT_STOP: dict[str, tuple[str, ...]] = {
    "petition_filed": ("signature_validity",),
    "permit_issued": ("questura_decision",),
    "permit_refused": ("questura_decision",),
    "provisional_permit_granted": ("decision_silence",),
}


def procedure_withdraw(*, actor: StaffUser, procedure: Procedure, on: dt.date) -> Procedure:
    if not actor.has_perm(PROCEDURE.transitions["withdraw"].permission):
        PROCEDURE.apply(procedure, "withdraw", user=actor, actor=Actor.staff(actor))  # raises, audited
    with transaction.atomic():
        PROCEDURE.apply(procedure, "withdraw", user=actor, actor=Actor.staff(actor))
        Clock.objects.filter(procedure=procedure, stopped_on__isnull=True).update(stopped_on=on)
    return procedure


_DATED_CLOCKS = {
    ClockKind.AGE_OUT: "The child's 21st birthday, entered by the lawyer (derivative eligibility ends)",
    # Its meaning (a removal date, a hearing) touches migration status and is not stored.
    ClockKind.CONFIDENTIAL_DATE: "Entered during an unlock the person granted",
}


class NotUnlocked(ReliefError):
    """A fact touching migration status is entered only while the person's unlock runs."""


def _require_unlock(procedure: Procedure) -> None:
    if not compartment_unlocked(case=Case.objects.get(pk=procedure.case_id)):
        raise NotUnlocked("The person has not opened their sealed compartment to you now.")


@transaction.atomic
def clock_add(*, actor: StaffUser, procedure: Procedure, kind: str, due_on: dt.date, today: dt.date) -> Clock:
    """A dated clock the lawyer knows of: a child's age-out; a date the person shared during an unlock."""
    if kind not in _DATED_CLOCKS:
        raise ReliefError("Choose what the date is.")
    if kind == ClockKind.CONFIDENTIAL_DATE:
        _require_unlock(procedure)
    clock = Clock.objects.create(
        procedure=procedure, kind=kind, started_on=today, due_on=due_on, legal_source=_DATED_CLOCKS[ClockKind(kind)]
    )
    _audit(action="relief:clock:added", actor=actor, procedure=procedure, kind=kind)
    return clock


@transaction.atomic
def checklist_item_set(*, actor: StaffUser, procedure: Procedure, item: str, status: str) -> ChecklistItem:
    if status not in ItemStatus.values:
        raise ReliefError("Choose where this document stands.")
    found = ChecklistItem.objects.select_for_update().filter(procedure=procedure, item=item).first()
    if found is None:
        raise ReliefError("That document is not on this procedure's list.")
    found.status = status
    found.save(update_fields=["status", "updated_at"])
    _audit(action="relief:checklist:updated", actor=actor, procedure=procedure, item=item, status=status)
    return found


# --- papers on the checklist, sealed in the vault (ADR 0033, 2026-12-02) ----------------------


def file_seal_context(found: ChecklistFile, field: str) -> SealContext:
    case_id = Case.objects.values_list("public_id", flat=True).get(relief_procedures__pk=found.procedure_id)
    return SealContext(owner=f"case:{case_id}", record=f"relief.ChecklistFile:{found.public_id}", field=field)


MIGRATION_FIELD = "migration_content_sealed"


def _kept(value: bytes | memoryview | None) -> bytes:
    """A sealed column's bytes (memoryview on PostgreSQL); the check constraint keeps the one in use filled."""
    if value is None:
        raise ReliefError("This paper has no content kept.")
    return bytes(value)


def file_add(*, actor: StaffUser, procedure: Procedure, item: str, content: bytes) -> ChecklistFile:
    """Seal a paper for one item of the checklist; the item is then in hand.

    PDF, JPEG or PNG (by their first bytes), at most 10 MiB. A paper for an
    item touching migration status is taken only during the person's unlock,
    and sealed to their compartment's public key: from then on only their
    private key, copied for the centre during an unlock, opens it (ADR 0033,
    2026-12-02). A public key is no secret; the unlock rule stays so that such
    a paper arrives only while the person is taking part.
    """
    described = datafiles.procedure(procedure.mechanism)
    wanted = next((d for d in (described.documents if described else ()) if d.id == item), None)
    if wanted is None:
        raise ReliefError("That document is not on this procedure's list.")
    if not content or len(content) > MAX_FILE_BYTES:
        raise ReliefError("The file must be at most 10 MB and not empty.")
    media_type = file_type(content[:16])
    if media_type is None:
        raise ReliefError("Only PDF, JPEG or PNG files can be kept.")
    public_key = None
    if wanted.migration_status:
        _require_unlock(procedure)
        # An unlock always leaves a key pair (consent makes one when the person unlocks).
        public_key = compartment_public_key(case=Case(pk=procedure.case_id))
        if public_key is None:
            raise NotUnlocked("The person has not opened their sealed compartment to you now.")
    with transaction.atomic():
        found = ChecklistFile(procedure=procedure, item=item, media_type=media_type, size=len(content), added_by=actor)
        if public_key is None:
            found.content_sealed = seal(content, context=file_seal_context(found, "content_sealed"))
        else:
            found.migration_content_sealed = seal_to_public_key(
                content, public_key=public_key, context=file_seal_context(found, MIGRATION_FIELD)
            )
        found.save()
        ChecklistItem.objects.filter(procedure=procedure, item=item).update(status=ItemStatus.IN_HAND)
        _audit(action="relief:file:added", actor=actor, procedure=procedure, item=item)
    return found


def file_open(*, actor: StaffUser, found: ChecklistFile) -> bytes:
    """The paper's bytes, for a download: audited; a migration-status paper only during the person's unlock.

    Such a paper opens with the compartment's private key, which exists for
    the centre only while the unlock runs. One kept from before the key pair
    (sealed under the case key alone) opens as before, during an unlock, and
    is re-sealed to the key there and then (`papers_on_unlock` does it at
    the unlock already; this catches a paper added in between).
    """
    procedure = Procedure.objects.get(pk=found.procedure_id)
    if not found.touches_migration_status:
        with transaction.atomic():
            _audit(action="relief:file:opened", actor=actor, procedure=procedure, item=found.item)
        return unseal(_kept(found.content_sealed), context=file_seal_context(found, "content_sealed"))
    _require_unlock(procedure)
    case = Case.objects.get(pk=procedure.case_id)
    private_key = compartment_private_key_for_staff(case=case)
    if private_key is None:
        raise NotUnlocked("The person has not opened their sealed compartment to you now.")
    context = file_seal_context(found, MIGRATION_FIELD)
    sealed = _kept(found.migration_content_sealed)
    with transaction.atomic():
        _audit(action="relief:file:opened", actor=actor, procedure=procedure, item=found.item)
        if not is_sealed_to_public_key(sealed, context=context):
            public_key = compartment_public_key(case=case)
            if public_key is not None:
                _reseal_to_public_key(found, sealed, public_key)
            return unseal(sealed, context=context)
    return unseal_with_private_key(sealed, private_key=private_key, context=context)


def _reseal_to_public_key(found: ChecklistFile, sealed: bytes, public_key: bytes) -> None:
    context = file_seal_context(found, MIGRATION_FIELD)
    resealed = seal_to_public_key(unseal(sealed, context=context), public_key=public_key, context=context)
    ChecklistFile.objects.filter(pk=found.pk).update(migration_content_sealed=resealed)
    record(
        "relief:file:resealed",
        actor=Actor.system("relief papers"),
        subject=f"relief:{found.procedure.public_id}",
        case_ref=_case_ref(found.procedure),
        details={"item": found.item},
    )


def papers_on_unlock(*, case: Case, public_key: bytes) -> None:
    """The person unlocked (core.compartments): papers kept under the case key alone go to their key.

    Papers about migration status added before compartments had key pairs
    were sealed under the case key only; a data migration could not re-seal
    them (there may be no key pair, and making one needs the person's code).
    They stay readable as before (only during an unlock) until this moment.
    """
    papers = ChecklistFile.objects.filter(procedure__case=case, migration_content_sealed__isnull=False).select_related(
        "procedure"
    )
    for found in papers:
        sealed = _kept(found.migration_content_sealed)
        if not is_sealed_to_public_key(sealed, context=file_seal_context(found, MIGRATION_FIELD)):
            _reseal_to_public_key(found, sealed, public_key)


def papers_on_compartment_deleted(*, case: Case) -> None:
    """The person deleted their compartment, and its private key with it: the papers sealed to it go too.

    They could never be opened again, so none is left behind to look kept;
    their checklist items are needed again unless another paper holds them.
    """
    papers = list(ChecklistFile.objects.filter(procedure__case=case, migration_content_sealed__isnull=False))
    for found in papers:
        procedure = Procedure.objects.get(pk=found.procedure_id)
        found.delete()
        if not ChecklistFile.objects.filter(procedure=procedure, item=found.item).exists():
            ChecklistItem.objects.filter(procedure=procedure, item=found.item).update(status=ItemStatus.NEEDED)
        record(
            "relief:file:removed",
            actor=Actor.victim(),
            subject=f"relief:{procedure.public_id}",
            case_ref=_case_ref(procedure),
            details={"item": found.item},
        )


# --- certifying agencies ---------------------------------------------------------------


def agency_add(*, actor: StaffUser, name: str, kind: str, jurisdiction: str, region: str) -> CertifyingAgency:
    """Add a certifying agency to the directory. An immigration-enforcement body cannot be one (ADR 0014)."""
    name = " ".join(name.split())
    if not name or kind not in AgencyKind.values:
        raise ReliefError("Give the agency's name and what kind of agency it is.")
    match = denylist_match(name)
    if match is not None:
        record(
            "relief:agency_add:refused",
            actor=Actor.staff(actor),
            subject="relief:agency",
            details={"reason": "on_immigration_denylist", "listed": match.key},
        )
        raise ReliefError("This body enforces immigration law. It cannot be a certifying agency here.")
    if actor.organisation_id is None:
        raise ReliefError("Only staff of an organisation add agencies.")
    with transaction.atomic():
        agency = CertifyingAgency.objects.create(
            name=name, kind=kind, jurisdiction=jurisdiction.upper()[:2], region=region.strip()[:80],
            added_by_id=actor.organisation_id,
        )
        record("relief:agency:added", actor=Actor.staff(actor), subject=f"agency:{agency.public_id}")
    return agency


# --- certification requests --------------------------------------------------------------


@transaction.atomic
def certification_create(
    *,
    actor: StaffUser,
    procedure: Procedure,
    agency: CertifyingAgency,
    form: str,
    official_role: str,
    requested_by: str,
    law: str,
    family_loss_on: dt.date | None,
) -> CertificationRequest:
    if official_role not in OfficialRole.values or requested_by not in RequestedBy.values:
        raise ReliefError("Choose who signs and who asks.")
    if law and datafiles.certification_law(law) is None:
        raise ReliefError("That law is not in the list.")
    request = CertificationRequest.objects.create(
        procedure=procedure,
        agency=agency,
        form=form,
        official_role=official_role,
        requested_by=requested_by,
        law=law,
        family_loss_on=family_loss_on,
    )
    _audit(action="relief:certification:created", actor=actor, procedure=procedure, form=form)
    return request


def _certification_step(
    request: CertificationRequest, name: str, actor: StaffUser, **fields: object
) -> CertificationRequest:
    """Apply transition `name` and record `fields` with it. A refusal is audited outside the transaction."""
    declared = CERTIFICATION.transitions.get(name)
    if declared is None or not actor.has_perm(declared.permission):
        CERTIFICATION.apply(request, name, user=actor, actor=Actor.staff(actor))  # raises, audited
    with transaction.atomic():
        CERTIFICATION.apply(request, name, user=actor, actor=Actor.staff(actor))
        for field, value in fields.items():
            setattr(request, field, value)
        if fields:
            request.save(update_fields=list(fields))
    return request


def _law_clocks(request: CertificationRequest, submitted_on: dt.date) -> list[Clock]:
    """The agency's clocks under its law: the usual one, and the shorter ones that apply. The earliest wins."""
    law = datafiles.certification_law(request.law) if request.law else None
    if law is None:
        return []
    calendar = Calendar(law.jurisdiction, law.holiday_subdivision)
    procedure = request.procedure

    def clock(kind: str, amount: int, unit: Unit) -> Clock:
        return Clock(
            procedure=procedure, certification=request, kind=kind, rule=law.id, started_on=submitted_on,
            due_on=due_date(submitted_on, amount, unit, calendar), legal_source=law.legal_source,
        )

    clocks = [clock(ClockKind.RESPONSE, law.response_amount, law.response_unit)]
    if (
        request.family_loss_on is not None
        and law.family_loss_amount
        and law.family_loss_window_days
        and (request.family_loss_on - submitted_on).days <= law.family_loss_window_days
    ):
        clocks.append(clock(ClockKind.FAMILY_LOSS_RESPONSE, law.family_loss_amount, Unit.DAYS))
    return clocks


_ANSWER_CLOCKS = (ClockKind.RESPONSE, ClockKind.FAMILY_LOSS_RESPONSE)


def certification_shorten_in_confidence(
    *, actor: StaffUser, request: CertificationRequest, today: dt.date
) -> CertificationRequest:
    """The person, during an unlock they granted, says they are in removal proceedings.

    Nothing of the fact is stored: the agency's running answer clock takes
    the law's shorter due date (Illinois 21 business days, California 14
    days, …) under the same words and legal source as before, and the audit
    event names neither the fact nor the clock's length (ADR 0033, 2026-12-02).
    """
    _require_unlock(request.procedure)
    law = datafiles.certification_law(request.law) if request.law else None
    if law is None or not law.removal_amount or not law.removal_unit:
        raise ReliefError("The law that applies to this agency sets no shorter deadline.")
    if request.status != CertificationStatus.REQUESTED or request.submitted_on is None:
        raise ReliefError("Record the date the request was sent first; the shorter deadline runs from it.")
    shorter = due_date(
        request.submitted_on, law.removal_amount, law.removal_unit, Calendar(law.jurisdiction, law.holiday_subdivision)
    )
    with transaction.atomic():
        running = (
            Clock.objects.select_for_update()
            .filter(certification=request, kind=ClockKind.RESPONSE, stopped_on__isnull=True)
            .order_by("due_on", "pk")
            .first()
        )
        if running is None:
            raise ReliefError("The agency's deadline is no longer running.")
        if shorter < running.due_on:
            running.due_on = shorter
            running.save(update_fields=["due_on"])
        _audit(action="relief:clock:added", actor=actor, procedure=request.procedure)
    return request


def certification_submit(*, actor: StaffUser, request: CertificationRequest, submitted_on: dt.date) -> CertificationRequest:
    with transaction.atomic():
        _certification_step(request, "submit", actor, submitted_on=submitted_on)
        Clock.objects.bulk_create(_law_clocks(request, submitted_on))
    return request


def _stop(request: CertificationRequest, kinds: tuple[str, ...], on: dt.date) -> None:
    Clock.objects.filter(certification=request, kind__in=kinds, stopped_on__isnull=True).update(stopped_on=on)


def certification_sign(*, actor: StaffUser, request: CertificationRequest, signed_on: dt.date) -> CertificationRequest:
    """The agency signed: its clocks stop; the signature's own validity clock (US-U: 6 months) starts."""
    with transaction.atomic():
        _certification_step(request, "sign", actor, answered_on=signed_on, signed_on=signed_on)
        _stop(request, _ANSWER_CLOCKS, signed_on)
        _signature_step(actor, request, signed_on)
    return request


def _signature_step(actor: StaffUser, request: CertificationRequest, signed_on: dt.date) -> None:
    procedure = Procedure.objects.get(pk=request.procedure_id)
    described = datafiles.procedure(procedure.mechanism)
    if described is not None and described.step("certification_signed") is not None:
        procedure_step_record(actor=actor, procedure=procedure, step="certification_signed", done_on=signed_on)


def certification_deny(
    *, actor: StaffUser, request: CertificationRequest, denied_on: dt.date, reason: str
) -> CertificationRequest:
    """The agency refused, with the reason it gave (or "none given", which some laws forbid: the page says so)."""
    if reason not in DenialReason.values:
        raise ReliefError("Choose the reason the agency gave, or “No reason given”.")
    with transaction.atomic():
        _certification_step(request, "deny", actor, answered_on=denied_on, denial_reason=reason)
        _stop(request, _ANSWER_CLOCKS, denied_on)
    return request


def certification_no_response(*, actor: StaffUser, request: CertificationRequest, today: dt.date) -> CertificationRequest:
    """Record that the agency did not answer in time: only once its earliest clock has run out."""
    due = selectors.certification_due(request)
    if due is None or due.due_on >= today:
        raise ReliefError("The agency's time to answer has not run out yet.")
    return _certification_step(request, "record_no_response", actor)


def certification_appeal(*, actor: StaffUser, request: CertificationRequest, filed_on: dt.date) -> CertificationRequest:
    """An appeal to the agency where the law gives one (Illinois): the agency's answer clock starts."""
    law = datafiles.certification_law(request.law) if request.law else None
    if law is None or law.appeal_answer_amount is None or law.appeal_answer_unit is None:
        raise ReliefError("The law that applies to this agency gives no appeal to the agency.")
    with transaction.atomic():
        _certification_step(request, "appeal", actor, appeal_filed_on=filed_on)
        Clock.objects.create(
            procedure_id=request.procedure_id, certification=request, kind=ClockKind.APPEAL_ANSWER, rule=law.id,
            started_on=filed_on,
            due_on=due_date(filed_on, law.appeal_answer_amount, law.appeal_answer_unit,
                            Calendar(law.jurisdiction, law.holiday_subdivision)),
            legal_source=law.legal_source,
        )
    return request


def certification_appeal_answer(
    *, actor: StaffUser, request: CertificationRequest, answered_on: dt.date, signed: bool
) -> CertificationRequest:
    with transaction.atomic():
        if signed:
            _certification_step(request, "appeal_sign", actor, appeal_answered_on=answered_on, signed_on=answered_on)
            _signature_step(actor, request, answered_on)
        else:
            _certification_step(request, "appeal_deny", actor, appeal_answered_on=answered_on)
        _stop(request, (ClockKind.APPEAL_ANSWER,), answered_on)
    return request


def certification_court_action(*, actor: StaffUser, request: CertificationRequest, filed_on: dt.date) -> CertificationRequest:
    with transaction.atomic():
        _certification_step(request, "go_to_court", actor, court_action_filed_on=filed_on)
        _stop(request, (*_ANSWER_CLOCKS, ClockKind.APPEAL_ANSWER), filed_on)
    return request


def certification_withdraw(*, actor: StaffUser, request: CertificationRequest, on: dt.date) -> CertificationRequest:
    with transaction.atomic():
        _certification_step(request, "withdraw", actor)
        _stop(request, _ANSWER_CLOCKS, on)
    return request


def certification_act(
    *, actor: StaffUser, request: CertificationRequest, action: str, on: dt.date, reason: str, today: dt.date
) -> CertificationRequest:
    """What the page's one form records: the action chosen, on its date."""
    if on > today:
        raise ReliefError("The date cannot be in the future.")
    if action == "submit":
        return certification_submit(actor=actor, request=request, submitted_on=on)
    if action == "sign":
        return certification_sign(actor=actor, request=request, signed_on=on)
    if action == "deny":
        return certification_deny(actor=actor, request=request, denied_on=on, reason=reason)
    if action == "no_response":
        return certification_no_response(actor=actor, request=request, today=on)
    if action == "appeal":
        return certification_appeal(actor=actor, request=request, filed_on=on)
    if action in ("appeal_signed", "appeal_denied"):
        return certification_appeal_answer(actor=actor, request=request, answered_on=on, signed=action == "appeal_signed")
    if action == "court":
        return certification_court_action(actor=actor, request=request, filed_on=on)
    if action == "withdraw":
        return certification_withdraw(actor=actor, request=request, on=on)
    if action == "in_confidence":
        return certification_shorten_in_confidence(actor=actor, request=request, today=today)
    raise ReliefError("Choose what happened.")


@transaction.atomic
def packet_printed(*, actor: StaffUser, procedure: Procedure) -> None:
    """The packet leaves on paper, in the hands of the person or their lawyer: the print is audited."""
    _audit(action="relief:packet:printed", actor=actor, procedure=procedure)
