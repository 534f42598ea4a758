"""Changes to kits, their custody and their clocks (issue 14, docs/adr/0026).

Every status change goes through `KIT` (core.workflow: permitted, locked,
audited as `evidence:kit:transition`). Fields a transition brings with it
(the disposal date of an extension, the police unit of a release) are saved
on the locked row in the same transaction, just before the transition.

Who may run which transition is the permission the model declares:
staff by their roles; the housekeeping clock and the person's own choices
in the portal through the two grants below, which no role holds, so no
staff member can make a kit "fall due" or "ask for destruction" for the
person.

A release reaches the police only if the person reported to the police and
agreed, in the consent ledger, to share forensic samples with that very
partnered police unit; the consent engine (`disclosure_build`) builds the
package that goes with it. Anything else is refused and the refusal audited.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind
from safereport.accounts.permissions import Permission as P
from safereport.accounts.policies import roles_grant
from safereport.accounts.services import WitnessCheck
from safereport.audit.actors import Actor
from safereport.audit.services import Entry, record, record_many
from safereport.cases.models import Case, ReportingStatus
from safereport.cases.services import message_post_notice
from safereport.consent.policies import permitted_categories
from safereport.consent.selectors import ledger_entries
from safereport.consent.services import DisclosureRefused, disclosure_build
from safereport.core.categories import DataCategory
from safereport.core.purposes import Purpose
from safereport.core.workflow import TransitionNotAllowed as TransitionNotAllowed
from safereport.core.workflow import Workflow
from safereport.evidence import datafiles, policies
from safereport.evidence.models import (
    DESTROYABLE,
    KEPT,
    AgeBand,
    Condition,
    CustodyAction,
    CustodyEvent,
    DestructionReason,
    DestructionRecord,
    Holder,
    Item,
    ItemClass,
    ItemKind,
    Kit,
    KitStatus,
    StorageLocation,
    TemperatureCheck,
    TemperatureSource,
)
from safereport.partners.selectors import recipient_verdict


class EvidenceRefused(Exception):
    """Not done, and why (a word the page turns into a sentence); the refusal is audited."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _Grant:
    """The one permission a non-staff actor holds for the workflow's check."""

    def __init__(self, permission: str) -> None:
        self.permission = str(permission)

    def has_perm(self, permission: str) -> bool:
        return permission == self.permission


CLOCK = _Grant(P.EVIDENCE_KIT_CLOCK)
PERSON = _Grant(P.EVIDENCE_KIT_PERSON_CHOICE)
CLOCK_ACTOR = Actor.system("evidence clock")


def _subject(kit: Kit) -> str:
    return f"kit:{kit.public_id}"


def _case_ref(kit: Kit) -> str:
    if kit.case_id is None:
        return ""
    return str(Case.objects.filter(pk=kit.case_id).values_list("public_id", flat=True).first() or "")


KIT = Workflow(Kit, entity="evidence:kit", record=record, subject=_subject, case_ref=_case_ref, changed_at="status_changed_at")


def _locked(kit: Kit) -> Kit:
    return Kit.objects.select_for_update().get(pk=kit.pk)


def _release_refused(reason: str, *, kit: Kit, actor: Actor) -> EvidenceRefused:
    record(
        "evidence:kit_release:refused",
        actor=actor,
        subject=_subject(kit),
        case_ref=_case_ref(kit),
        details={"reason": reason},
    )
    return EvidenceRefused(reason)


def _destroy_refused(reason: str, *, kit: Kit, actor: Actor) -> EvidenceRefused:
    record(
        "evidence:kit_destroy:refused",
        actor=actor,
        subject=_subject(kit),
        case_ref=_case_ref(kit),
        details={"reason": reason},
    )
    return EvidenceRefused(reason)


def _rule(rule_id: str) -> datafiles.EvidenceRule:
    found = datafiles.rule(rule_id)
    if found is None:
        raise EvidenceRefused("unknown_rule")
    return found


def _dates(kit: Kit, rule: datafiles.EvidenceRule) -> tuple[dt.date | None, dt.date | None]:
    clock = rule.clock()
    disposal = policies.disposal_date(
        clock,
        exam_started_on=kit.exam_started_on,
        minor=kit.age_band == AgeBand.MINOR,
        extensions=kit.extensions,
        destruction_requested_on=kit.destruction_requested_on,
    )
    return disposal, policies.notice_date(clock, disposal_on=disposal)


def _custody(kit: Kit, *, action: str, by: StaffUser, **fields: object) -> CustodyEvent:
    event = CustodyEvent(kit=kit, action=action, at=timezone.now(), by=by, **fields)
    event.save()
    return event


def _same_centre(actor: StaffUser, kit: Kit) -> None:
    if actor.organisation_id != kit.care_centre_id:
        raise EvidenceRefused("other_centre")


# --- collecting --------------------------------------------------------------------


@transaction.atomic
def kit_collect(
    *,
    case: Case,
    actor: StaffUser,
    exam_started_on: dt.date,
    rule_id: str,
    age_band: str = AgeBand.ADULT,
    items: Iterable[tuple[str, str]] = (),
) -> Kit:
    """Record a kit at the examination: its barcode, the rule its clock follows, its first items (class, kind)."""
    rule = _rule(rule_id)
    if actor.organisation_id != case.care_centre_id:
        raise EvidenceRefused("other_centre")
    if rule.jurisdiction != case.care_centre.jurisdiction.upper():
        raise EvidenceRefused("rule_of_other_jurisdiction")
    if age_band not in AgeBand.values:
        raise EvidenceRefused("unknown_age_band")
    kit = Kit(case=case, care_centre=case.care_centre, exam_started_on=exam_started_on, rule_id=rule.id, age_band=age_band)
    kit.disposal_on, kit.notice_on = _dates(kit, rule)
    kit.save()
    _custody(kit, action=CustodyAction.COLLECTED, by=actor, to_party=case.care_centre.name)
    record(
        "evidence:kit:collected",
        actor=Actor.staff(actor),
        subject=_subject(kit),
        case_ref=str(case.public_id),
        details={"rule": rule.id, "disposal_on": kit.disposal_on.isoformat() if kit.disposal_on else "unknown"},
    )
    for item_class, kind in items:
        _item_add(kit, actor=actor, item_class=item_class, kind=kind)
    return kit


def _code(text: str, refusal: str) -> str:
    """An optional seal or badge number held to its shape (policies.clean_code); refused otherwise."""
    if not text.strip():
        return ""
    value = policies.clean_code(text)
    if value is None:
        raise EvidenceRefused(refusal)
    return value


def _item_add(kit: Kit, *, actor: StaffUser, item_class: str, kind: str, seal_number: str = "") -> Item:
    if item_class not in ItemClass.values:
        raise EvidenceRefused("unknown_item_class")
    if kind not in ItemKind.values:
        raise EvidenceRefused("unknown_item_kind")
    seal_number = _code(seal_number, "bad_seal_number")
    item = Item.objects.create(kit=kit, item_class=item_class, kind=kind, seal_number=seal_number)
    _custody(kit, action=CustodyAction.COLLECTED, by=actor, item=item, seal_number=seal_number)
    record(
        "evidence:item:added",
        actor=Actor.staff(actor),
        subject=_subject(kit),
        case_ref=_case_ref(kit),
        details={"item_class": item_class, "kind": kind},
    )
    return item


@transaction.atomic
def item_add(*, kit: Kit, actor: StaffUser, item_class: str, kind: str, seal_number: str = "") -> Item:
    kit = _locked(kit)
    _same_centre(actor, kit)
    if kit.status not in (KitStatus.COLLECTED, *KEPT):
        raise EvidenceRefused("kit_not_with_the_centre")
    return _item_add(kit, actor=actor, item_class=item_class, kind=kind, seal_number=seal_number)


# --- custody -------------------------------------------------------------------------

# What `custody_record` writes; handing over, returning and destroying have their own services.
PLAIN_ACTIONS = (CustodyAction.SEALED, CustodyAction.MOVED, CustodyAction.STORED, CustodyAction.CHECKED)


@transaction.atomic
def custody_record(
    *,
    kit: Kit,
    actor: StaffUser,
    action: str,
    location: StorageLocation | None = None,
    item: Item | None = None,
    seal_number: str = "",
    condition: str = "",
) -> CustodyEvent:
    """Seal, move, store or check a kit (or one item). Storing a new kit puts it in storage."""
    kit = _locked(kit)
    _same_centre(actor, kit)
    if action not in PLAIN_ACTIONS:
        raise EvidenceRefused("unknown_action")
    if kit.holder != Holder.CENTRE or kit.status == KitStatus.DESTROYED:
        raise EvidenceRefused("kit_not_with_the_centre")
    if item is not None and item.kit_id != kit.pk:
        raise EvidenceRefused("item_of_other_kit")
    if condition and condition not in Condition.values:
        raise EvidenceRefused("unknown_condition")
    seal_number = _code(seal_number, "bad_seal_number")
    moving = action in (CustodyAction.MOVED, CustodyAction.STORED)
    if moving and (location is None or location.care_centre_id != kit.care_centre_id or not location.is_active):
        raise EvidenceRefused("location_needed")
    event = _custody(
        kit, action=action, by=actor, item=item, location=location, seal_number=seal_number, condition=condition
    )
    if location is not None and action in (CustodyAction.MOVED, CustodyAction.STORED):
        kit.location = location
        kit.save(update_fields=["location"])
    record(
        "evidence:custody:recorded",
        actor=Actor.staff(actor),
        subject=_subject(kit),
        case_ref=_case_ref(kit),
        details={"action": action, "location": location.name if location else "", "condition": condition},
    )
    if action == CustodyAction.STORED and kit.status == KitStatus.COLLECTED:
        KIT.apply(kit, "store", user=actor, actor=Actor.staff(actor))
    return event


def _witness_ok(witness: StaffUser | None, *, actor: StaffUser, kit: Kit) -> bool:
    """A second member of the centre's staff, signed up and allowed to handle evidence."""
    return (
        witness is not None
        and witness.pk != actor.pk
        and witness.is_active
        and witness.organisation_id == kit.care_centre_id
        and roles_grant(witness.roles, P.EVIDENCE_KIT_MANAGE)
    )


def _witness_refusal(witness: StaffUser | None, check: WitnessCheck | None, *, actor: StaffUser, kit: Kit) -> str | None:
    """Why the witness does not count, or None: a second member of the centre who proved who they are."""
    if not _witness_ok(witness, actor=actor, kit=kit):
        return "no_witness"
    if check is None or not check.confirmed:
        return (check.reason if check is not None else "") or "witness_not_confirmed"
    return None


def kit_destroy(
    *, kit: Kit, actor: StaffUser, witness: StaffUser | None, reason: str, witness_check: WitnessCheck | None
) -> DestructionRecord:
    """Destroy a kit with a second staff witness; a destruction record (no case, no person) remains.

    The witness confirms with their own password and authenticator code on
    the same form (`accounts.services.witness_confirm` makes `witness_check`).
    Refused, and audited, without a valid and confirmed witness, before the
    rule allows it, or for a kit the centre no longer holds.
    """
    refusal = None
    with transaction.atomic():
        locked = _locked(kit)
        today = timezone.localdate()
        rule = datafiles.rule(locked.rule_id)
        if actor.organisation_id != locked.care_centre_id:
            refusal = "other_centre"
        elif locked.status not in DESTROYABLE or locked.holder != Holder.CENTRE:
            refusal = "kit_not_with_the_centre"
        elif (refused_witness := _witness_refusal(witness, witness_check, actor=actor, kit=locked)) is not None:
            refusal = refused_witness
        elif reason not in DestructionReason.values:
            refusal = "unknown_reason"
        elif not _may_destroy_now(locked, rule, today=today):
            refusal = "not_due"
        if refusal is None:
            assert witness is not None  # noqa: S101  (checked by _witness_ok)
            items = locked.items.count()
            _custody(locked, action=CustodyAction.DESTROYED, by=actor, witness=witness)
            locked.location = None
            locked.save(update_fields=["location"])
            KIT.apply(locked, "destroy", user=actor, actor=Actor.staff(actor))
            certificate = DestructionRecord(
                barcode=locked.barcode,
                care_centre_id=locked.care_centre_id,
                rule_id=locked.rule_id,
                reason=reason,
                destroyed_at=timezone.now(),
                destroyed_by=actor,
                witness=witness,
                items=items,
            )
            certificate.save()
            record(
                "evidence:kit:destroyed",
                actor=Actor.staff(actor),
                subject=_subject(locked),
                case_ref=_case_ref(locked),
                details={"rule": locked.rule_id, "reason": reason, "certificate": str(certificate.public_id)},
            )
            return certificate
    raise _destroy_refused(refusal, kit=kit, actor=Actor.staff(actor))


def _may_destroy_now(kit: Kit, rule: datafiles.EvidenceRule | None, *, today: dt.date) -> bool:
    """Never before the rule allows: due, asked for (when the rule's wait is over or it sets none), or past the date."""
    if kit.status == KitStatus.DUE:
        return True
    if kit.status == KitStatus.DESTRUCTION_REQUESTED:
        waits = rule is not None and rule.destroy_days_after_request is not None
        return not waits or (kit.disposal_on is not None and kit.disposal_on <= today)
    return kit.disposal_on is not None and kit.disposal_on <= today


@transaction.atomic
def item_return(*, item: Item, actor: StaffUser, witness: StaffUser | None = None) -> Item:
    """Give a returnable item (clothing) back to the person; samples are never returned."""
    kit = _locked(item.kit)
    _same_centre(actor, kit)
    item = Item.objects.select_for_update().get(pk=item.pk)
    if item.item_class != ItemClass.RETURNABLE:
        raise EvidenceRefused("samples_are_not_returned")
    if item.returned_on is not None or kit.holder != Holder.CENTRE or kit.status == KitStatus.DESTROYED:
        raise EvidenceRefused("not_returnable_now")
    if kit.status in (KitStatus.RELEASE_AGREED, KitStatus.TRANSFERRED, KitStatus.AT_LAB):
        # Scotland s.14: not once the police asked for it.
        raise EvidenceRefused("police_have_asked")
    item.returned_on = timezone.localdate()
    item.save(update_fields=["returned_on"])
    _custody(kit, action=CustodyAction.RETURNED, by=actor, item=item, witness=witness, to_party="the person")
    record(
        "evidence:item:returned",
        actor=Actor.staff(actor),
        subject=_subject(kit),
        case_ref=_case_ref(kit),
        details={"item_class": item.item_class},
    )
    return item


# --- release to the police -----------------------------------------------------------


@dataclass(frozen=True)
class ReleaseCheck:
    """Whether a kit may go to this police unit now, and if not why (a word)."""

    refusal: str | None

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def release_check(*, kit: Kit, police_unit: Organisation) -> ReleaseCheck:
    """The person reported, and agreed to release forensic samples to this partnered police unit."""
    case = Case.objects.filter(pk=kit.case_id).first() if kit.case_id else None
    if case is None:
        return ReleaseCheck("record_erased")
    if kit.status not in (*KEPT, KitStatus.DUE):
        return ReleaseCheck("not_in_storage")
    rule = datafiles.rule(kit.rule_id)
    if (rule is None or rule.release_needs_police_report) and case.reporting_status != ReportingStatus.REPORTED:
        return ReleaseCheck("no_police_report")
    if police_unit.kind != OrganisationKind.POLICE_UNIT:
        return ReleaseCheck("not_a_police_unit")
    verdict = recipient_verdict(
        care_centre_id=kit.care_centre_id, organisation_id=police_unit.pk, purpose=Purpose.INVESTIGATION
    )
    if verdict.refusal is not None:
        return ReleaseCheck(verdict.refusal)
    permitted = permitted_categories(
        ledger_entries(case, purpose=Purpose.INVESTIGATION),
        organisation_id=police_unit.pk,
        kind=police_unit.kind,
        purpose=Purpose.INVESTIGATION,
        at=timezone.now(),
        partner_since=verdict.partner_since,
    )
    if DataCategory.FORENSIC_SAMPLES not in permitted:
        return ReleaseCheck("no_consent")
    return ReleaseCheck(None)


def kit_release(*, kit: Kit, police_unit: Organisation, actor: StaffUser) -> Kit:
    """Agree the release of a kit to a partnered police unit (then hand it over with a witness).

    Refused and audited unless the person reported to the police and the
    consent ledger holds their consent to release forensic samples to this
    unit. The consent engine builds the package that goes with the kit (what
    the ledger allows, never more; never health notes the person did not agree
    to). Call outside a transaction: refusals are written on their own.
    """
    staff = Actor.staff(actor)
    if actor.organisation_id != kit.care_centre_id:
        raise _release_refused("other_centre", kit=kit, actor=staff)
    check = release_check(kit=kit, police_unit=police_unit)
    if check.refusal is not None:
        raise _release_refused(check.refusal, kit=kit, actor=staff)
    case = Case.objects.get(evidence_kits=kit)
    try:
        package = disclosure_build(case=case, recipient=police_unit, purpose=Purpose.INVESTIGATION, actor=actor)
    except DisclosureRefused as refused:
        raise _release_refused(str(refused)[:60], kit=kit, actor=staff) from refused
    with transaction.atomic():
        locked = _locked(kit)
        locked.police_unit = police_unit
        locked.release_package_ref = str(package.public_id)
        locked.save(update_fields=["police_unit", "release_package_ref"])
        KIT.apply(locked, "agree_release", user=actor, actor=staff)
        record(
            "evidence:kit:released",
            actor=staff,
            subject=_subject(locked),
            case_ref=str(case.public_id),
            details={"recipient": police_unit.name[:200], "package": str(package.public_id)},
        )
    return locked


def kit_hand_over(
    *, kit: Kit, actor: StaffUser, witness: StaffUser | None, receiver_ref: str, witness_check: WitnessCheck | None
) -> Kit:
    """Hand a released kit to its police unit, with a second staff witness who confirmed who they are.

    The receiving officer is known by their badge or reference number, held to
    a shape with no room for a name (policies.clean_code). A refusal is
    audited (`evidence:kit_hand_over:refused`), outside the transaction that
    it undid.
    """
    refusal = None
    with transaction.atomic():
        locked = _locked(kit)
        if actor.organisation_id != locked.care_centre_id:
            refusal = "other_centre"
        elif locked.status != KitStatus.RELEASE_AGREED or locked.police_unit is None:
            refusal = "release_not_agreed"
        elif (refused_witness := _witness_refusal(witness, witness_check, actor=actor, kit=locked)) is not None:
            refusal = refused_witness
        elif not receiver_ref.strip():
            refusal = "receiver_needed"
        elif not policies.clean_code(receiver_ref):
            refusal = "bad_receiver_ref"
        if refusal is None:
            assert locked.police_unit is not None  # noqa: S101  (checked above)
            _custody(
                locked,
                action=CustodyAction.HANDED_OVER,
                by=actor,
                witness=witness,
                from_party=locked.care_centre.name,
                to_party=locked.police_unit.name[:200],
                receiver_ref=_code(receiver_ref, "bad_receiver_ref"),
                location=locked.location,
            )
            locked.holder = Holder.POLICE
            locked.location = None
            locked.save(update_fields=["holder", "location"])
            KIT.apply(locked, "transfer", user=actor, actor=Actor.staff(actor))
            return locked
    record(
        "evidence:kit_hand_over:refused",
        actor=Actor.staff(actor),
        subject=_subject(kit),
        case_ref=_case_ref(kit),
        details={"reason": refusal},
    )
    raise EvidenceRefused(refusal)


@transaction.atomic
def kit_mark_at_lab(*, kit: Kit, actor: StaffUser) -> Kit:
    """The police unit that holds the kit says the laboratory has it now."""
    locked = _locked(kit)
    if locked.police_unit_id is None or actor.organisation_id != locked.police_unit_id:
        raise EvidenceRefused("not_your_kit")
    locked.holder = Holder.LAB
    locked.save(update_fields=["holder"])
    KIT.apply(locked, "reach_lab", user=actor, actor=Actor.staff(actor))
    return locked


# --- the person's choices (portal) -------------------------------------------------------


def _person_kit(kit: Kit, case: Case) -> Kit:
    locked = _locked(kit)
    if locked.case_id != case.pk:
        raise EvidenceRefused("not_your_kit")
    return locked


@transaction.atomic
def kit_extend_for_person(*, kit: Kit, case: Case) -> Kit:
    """The person asks to keep the kit longer, where the rule allows (Ireland: one more year)."""
    locked = _person_kit(kit, case)
    rule = _rule(locked.rule_id)
    if not policies.may_extend(rule.clock(), extensions=locked.extensions):
        raise EvidenceRefused("rule_allows_no_extension")
    locked.extensions += 1
    locked.disposal_on, locked.notice_on = _dates(locked, rule)
    locked.save(update_fields=["extensions", "disposal_on", "notice_on"])
    return KIT.apply(locked, "extend", user=PERSON, actor=Actor.victim())


@transaction.atomic
def kit_destruction_request_for_person(*, kit: Kit, case: Case) -> Kit:
    """The person asks for destruction; the rule says when (Scotland: after 30 days)."""
    locked = _person_kit(kit, case)
    rule = _rule(locked.rule_id)
    locked.destruction_requested_on = timezone.localdate()
    locked.disposal_on, locked.notice_on = _dates(locked, rule)
    locked.save(update_fields=["destruction_requested_on", "disposal_on", "notice_on"])
    return KIT.apply(locked, "request_destruction", user=PERSON, actor=Actor.victim())


@transaction.atomic
def kit_release_request_for_person(*, kit: Kit, case: Case) -> Kit:
    """The person asks the centre to release the kit to the police; staff check report and consent."""
    locked = _person_kit(kit, case)
    if locked.status not in (*KEPT, KitStatus.DUE):
        raise EvidenceRefused("not_in_storage")
    locked.release_requested_on = timezone.localdate()
    locked.save(update_fields=["release_requested_on"])
    record("evidence:kit:release_asked", actor=Actor.victim(), subject=_subject(locked), case_ref=str(case.public_id))
    return locked


@transaction.atomic
def item_return_request_for_person(*, item: Item, case: Case) -> Item:
    locked = _person_kit(item.kit, case)
    item = Item.objects.select_for_update().get(public_id=item.public_id, kit=locked)
    if item.item_class != ItemClass.RETURNABLE or item.returned_on is not None:
        raise EvidenceRefused("samples_are_not_returned")
    item.return_requested_on = timezone.localdate()
    item.save(update_fields=["return_requested_on"])
    record("evidence:item:return_asked", actor=Actor.victim(), subject=_subject(locked), case_ref=str(case.public_id))
    return item


# --- storage and freezers -----------------------------------------------------------------


@transaction.atomic
def location_add(
    *, actor: StaffUser, name: str, frozen: bool, min_celsius: Decimal | None, max_celsius: Decimal | None
) -> StorageLocation:
    if actor.organisation_id is None:
        raise EvidenceRefused("other_centre")
    if StorageLocation.objects.filter(care_centre_id=actor.organisation_id, name=name.strip()[:120]).exists():
        raise EvidenceRefused("name_taken")
    location = StorageLocation.objects.create(
        care_centre_id=actor.organisation_id, name=name.strip()[:120], frozen=frozen, min_celsius=min_celsius, max_celsius=max_celsius
    )
    record("evidence:location:added", actor=Actor.staff(actor), subject=f"location:{location.public_id}", details={"frozen": frozen})
    return location


def _check(location: StorageLocation, *, celsius: Decimal, measured_at: dt.datetime, by: StaffUser, source: str) -> TemperatureCheck:
    low = float(location.min_celsius) if location.min_celsius is not None else None
    high = float(location.max_celsius) if location.max_celsius is not None else None
    check = TemperatureCheck(
        location=location,
        measured_at=measured_at,
        celsius=celsius,
        in_range=not policies.out_of_range(float(celsius), low=low, high=high),
        source=source,
        by=by,
    )
    check.save()
    return check


@transaction.atomic
def temperature_record(*, location: StorageLocation, actor: StaffUser, celsius: Decimal, measured_at: dt.datetime | None = None) -> TemperatureCheck:
    if actor.organisation_id != location.care_centre_id:
        raise EvidenceRefused("other_centre")
    check = _check(location, celsius=celsius, measured_at=measured_at or timezone.now(), by=actor, source=TemperatureSource.STAFF)
    record(
        "evidence:temperature:recorded",
        actor=Actor.staff(actor),
        subject=f"location:{location.public_id}",
        details={"celsius": str(celsius), "in_range": check.in_range},
    )
    return check


class BadTemperatureFile(ValueError):
    """A line of the freezer's log could not be read; nothing was imported."""


@transaction.atomic
def temperatures_import(*, location: StorageLocation, actor: StaffUser, text: str) -> int:
    """Import a freezer log: lines of `ISO date-time,celsius` (a header line is allowed). All or nothing."""
    if actor.organisation_id != location.care_centre_id:
        raise EvidenceRefused("other_centre")
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip():
            continue
        if len(row) < 2:
            raise BadTemperatureFile(f"line {number}: expected a time and a temperature")
        try:
            when = dt.datetime.fromisoformat(row[0].strip())
            celsius = Decimal(row[1].strip())
        except (ValueError, InvalidOperation):
            if number == 1:
                continue  # a header
            raise BadTemperatureFile(f"line {number}: expected a time and a temperature") from None
        if timezone.is_naive(when):
            when = timezone.make_aware(when)
        rows.append((when, celsius))
    out_of_range = 0
    for when, celsius in rows:
        out_of_range += not _check(location, celsius=celsius, measured_at=when, by=actor, source=TemperatureSource.CSV).in_range
    record(
        "evidence:temperature:imported",
        actor=Actor.staff(actor),
        subject=f"location:{location.public_id}",
        details={"rows": len(rows), "out_of_range": out_of_range},
    )
    return len(rows)


# --- the clocks (housekeeping) -------------------------------------------------------------

SWEEP_BATCH = 200


def _case_refs(kits: list[Kit]) -> dict[int, str]:
    """The case reference of many kits in one read (the clock's audit events)."""
    cases = {kit.case_id for kit in kits if kit.case_id is not None}
    public = dict(Case.objects.filter(pk__in=cases).values_list("pk", "public_id")) if cases else {}
    return {kit.pk: str(public[kit.case_id]) if kit.case_id in public else "" for kit in kits}


def _record_many(rows: list[tuple[str, Actor, str, str, dict[str, object]]]) -> int:
    return record_many([Entry(action, actor, subject, case_ref, details) for action, actor, subject, case_ref, details in rows])  # type: ignore[arg-type]  # details are built above from str and int values only


def _sweep(name: str, filters: dict[str, object], then: Callable[[Kit], None] | None = None) -> int:
    """Run `name` on every kit matching `filters`, one audit event each, a batch per transaction.

    Reads ids in batches by primary key on the (status, date) indexes, so
    memory does not grow with the number of kits. Each batch is one
    transaction: the kits locked and changed with one UPDATE, their audit
    events appended in one INSERT (`Workflow.apply_many`, `audit.record_many`),
    and `then` (the notice to the person) run on each changed kit inside it:
    all of a batch happens, or none of it and the next sweep tries again. A
    kit someone changed meanwhile is left as it is.
    """
    changed, last = 0, 0
    while True:
        batch = list(
            Kit.objects.filter(pk__gt=last, **filters).order_by("pk").values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        if not batch:
            return changed
        with transaction.atomic():
            kits = KIT.apply_many(
                batch, name, user=CLOCK, actor=CLOCK_ACTOR, record_many=_record_many, case_refs=_case_refs
            )
            if then is not None:
                for kit in kits:
                    then(kit)
        changed += len(kits)
        last = batch[-1]


def _notice_text(kit: Kit, *, disposal_on: dt.date, language: str) -> str:
    """The notice before destruction, in the person's language, with the date in that language's format."""
    with translation.override(language):
        return gettext(
            "The evidence kept from your examination (kit %(barcode)s) is to be destroyed on %(date)s, "
            "as the rule that applies to it says. Before then you can ask to keep it longer (where the rule "
            "allows), to release it to the police, or to have clothing given back: open “Evidence kept from "
            "your examination” in your pages. If you do nothing, it will be destroyed on that day."
        ) % {"barcode": kit.barcode, "date": date_format(disposal_on, "DATE_FORMAT")}


def _notify_person(kit: Kit) -> None:
    """Tell the person in their portal conversation, and nowhere else (ADR 0026 §13)."""
    # `kit` is the whole row as the clock locked and changed it (Workflow.apply_many).
    case = Case.objects.filter(pk=kit.case_id).first() if kit.case_id else None
    if case is None or kit.disposal_on is None:
        return  # erased: nobody to tell
    message = message_post_notice(
        case=case, text=_notice_text(kit, disposal_on=kit.disposal_on, language=case.preferred_language or "en"), sent_by="evidence clock"
    )
    record(
        "evidence:kit:notice_sent",
        actor=CLOCK_ACTOR,
        subject=_subject(kit),
        case_ref=str(case.public_id),
        details={"message": str(message.public_id), "disposal_on": kit.disposal_on.isoformat()},
    )


def kits_clock_sweep(*, today: dt.date | None = None) -> dict[str, int]:
    """Move kits whose notice or disposal date has come. Idempotent: safe to run every minute.

    A kit that reaches its notice date sends the person one notice in their
    portal messages, in their language, in the same transaction as the
    transition: a second sweep finds the kit already noticed and sends none.
    """
    today = today or timezone.localdate()
    notices = _sweep(
        "give_notice", {"status__in": [KitStatus.STORED, KitStatus.EXTENDED], "notice_on__lte": today}, then=_notify_person
    )
    due = _sweep("fall_due", {"status__in": list(KEPT), "disposal_on__lte": today})
    return {"notice_given": notices, "due": due}


def housekeeping_clocks() -> str:
    counts = kits_clock_sweep()
    return f"{counts['notice_given']} destruction notices given, {counts['due']} kits fell due"


# --- erasure -------------------------------------------------------------------------------


def kits_on_case_erased(*, case: Case, actor: Actor, on: dt.date) -> None:
    """Called by consent's erasure (core.erasure) inside its transaction, before the case row goes.

    A kit the centre still holds is to be destroyed (when the rule allows:
    Scotland waits 30 days); one with the police stays with them. Either way
    the kit loses its link to the case, and the destruction record that
    follows names nobody.
    """
    for kit in Kit.objects.select_for_update().filter(case=case).order_by("pk"):
        kept = kit.status in (KitStatus.RELEASE_AGREED, KitStatus.TRANSFERRED, KitStatus.AT_LAB)
        kit.erased_on = on
        if kit.status in (KitStatus.COLLECTED, *KEPT):
            rule = datafiles.rule(kit.rule_id)
            kit.destruction_requested_on = on
            if rule is not None:
                kit.disposal_on, kit.notice_on = _dates(kit, rule)
            kit.save(update_fields=["erased_on", "destruction_requested_on", "disposal_on", "notice_on"])
            KIT.apply(kit, "erase", user=CLOCK, actor=actor)
        else:
            kit.save(update_fields=["erased_on"])
        record(
            "evidence:kit:erased",
            actor=actor,
            subject=_subject(kit),
            case_ref=str(case.public_id),
            details={"kept_by_police": kept, "rule": kit.rule_id},
        )
        Kit.objects.filter(pk=kit.pk).update(case=None)
