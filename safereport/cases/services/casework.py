"""Services for a professional's work on a case: key messages given at an
encounter, the individual needs assessment and the care plan it produces,
crisis numbers handed over, and the informal police talk (case side).

Each service is one transaction that writes its audit event; sealed text is
sealed here. Audit details name categories and kinds, never what was said.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import (
    CarePlanItem,
    CarePlanItemKind,
    CarePlanItemStatus,
    Case,
    CrimeType,
    Encounter,
    KeyMessageRecord,
    NeedsAssessment,
    PoliceTalk,
    PoliceTalkStatus,
    ReportingStatus,
    Understanding,
)
from safereport.cases.sealing import seal_field
from safereport.cases.services.cases import encounter_record
from safereport.cases.services.transitions import reporting_status_set
from safereport.content import selectors as content


def _subject(case: Case) -> str:
    return f"case:{case.public_id}"


@dataclass(frozen=True)
class KeyMessageEntry:
    slug: str
    given: bool
    understanding: str = Understanding.NOT_CHECKED
    repeat: bool = False


@transaction.atomic
def encounter_record_with_key_messages(
    *,
    case: Case,
    professional: StaffUser,
    kind: str,
    occurred_at: dt.datetime,
    texts: dict[str, str],
    key_messages: list[KeyMessageEntry],
    companion_present: bool = False,
    interpreter_language: str = "",
    interpreter_language_other: str = "",
    breaks_taken: int = 0,
) -> Encounter:
    """An encounter and, in the same transaction, which key messages were given and understood."""
    encounter = encounter_record(
        case=case,
        professional=professional,
        kind=kind,
        occurred_at=occurred_at,
        texts=texts,
        companion_present=companion_present,
        interpreter_language=interpreter_language,
        interpreter_language_other=interpreter_language_other,
        breaks_taken=breaks_taken,
    )
    known = set(content.message_slugs())
    rows = []
    for entry in key_messages:
        if entry.slug not in known:
            raise ValueError(f"unknown key message {entry.slug!r}")
        if not (entry.given or entry.repeat):
            continue
        if entry.understanding not in Understanding.values:
            raise ValueError(f"unknown understanding {entry.understanding!r}")
        rows.append(
            KeyMessageRecord(
                case=case,
                encounter=encounter,
                slug=entry.slug,
                reference=_reference(case, entry.slug) if entry.given else "",
                given=entry.given,
                understanding=entry.understanding if entry.given else Understanding.NOT_CHECKED,
                # Not understood means it must be said again, whatever was ticked.
                repeat=entry.repeat
                or (
                    entry.given
                    and entry.understanding in {Understanding.NOT_UNDERSTOOD, Understanding.PARTLY}
                ),
            )
        )
    KeyMessageRecord.objects.bulk_create(rows)
    if rows:
        record(
            "cases:key_messages:recorded",
            actor=Actor.staff(professional),
            subject=_subject(case),
            case_ref=str(case.public_id),
            details={
                "given": sum(r.given for r in rows),
                "understood": sum(r.understanding == Understanding.UNDERSTOOD for r in rows),
            },
        )
    return encounter


def _reference(case: Case, slug: str) -> str:
    """Exactly which words were given: the person's language, the centre's jurisdiction."""
    try:
        message = content.message_get(
            slug=slug, language=case.preferred_language or "en", jurisdiction=case.care_centre.jurisdiction
        )
    except LookupError:
        return slug
    return message.reference


# --- needs assessment → care plan --------------------------------------------


@dataclass
class NeedsInput:
    accommodation_needed: bool = False
    accommodation_types: list[str] = field(default_factory=list)
    psychological_care: str = NeedsAssessment.Psychological.NOT_ASSESSED
    migration_needs: list[str] = field(default_factory=list)
    basic_needs: list[str] = field(default_factory=list)
    threatened: bool = False
    family_abroad_threatened: bool = False
    self_harm: str = NeedsAssessment.SelfHarm.NOT_ASKED
    safety_notes: str = ""
    mental_health_notes: str = ""
    other_needs: str = ""


def _plan_for(needs: NeedsInput, today: dt.date) -> list[tuple[str, int]]:
    """(care-plan item kind, days until due) the assessment calls for. Urgent first."""
    plan: list[tuple[str, int]] = []
    if "may_leave_soon" in needs.migration_needs:
        # §6.4 r1.3: a person in transit may not come back; give everything now.
        plan.append((CarePlanItemKind.INFORMATION, 0))
    if needs.accommodation_needed:
        plan.append((CarePlanItemKind.ACCOMMODATION, 0))
    if "medication" in needs.basic_needs:
        plan.append((CarePlanItemKind.MEDICATION, 0))
    if set(needs.basic_needs) - {"medication"}:
        plan.append((CarePlanItemKind.BASIC_NEEDS, 0))
    if needs.threatened or needs.family_abroad_threatened:
        plan.append((CarePlanItemKind.SAFETY, 1))
    if needs.psychological_care in {
        NeedsAssessment.Psychological.SHORT_TERM,
        NeedsAssessment.Psychological.REFERRAL,
    }:
        plan.append((CarePlanItemKind.PSYCHOLOGICAL, 3))
    if "needs_migrant_organisation" in needs.migration_needs:
        plan.append((CarePlanItemKind.LEGAL, 7))
    if needs.self_harm in {NeedsAssessment.SelfHarm.THOUGHTS, NeedsAssessment.SelfHarm.PLAN}:
        # §6.4 scenario: "someone to call you in a couple of days"; sooner with a plan.
        plan.append(
            (CarePlanItemKind.FOLLOW_UP_CALL, 0 if needs.self_harm == NeedsAssessment.SelfHarm.PLAN else 2)
        )
    return plan


@transaction.atomic
def needs_assessment_record(*, case: Case, actor: StaffUser, needs: NeedsInput) -> NeedsAssessment:
    """Record the individual assessment (§6.4 r1) and draft the care plan from it.

    Items already open for the same kind are not duplicated: a second
    assessment refines the plan, it does not double it.
    """
    assessment = NeedsAssessment.objects.create(
        case=case,
        assessed_by=actor,
        accommodation_needed=needs.accommodation_needed,
        accommodation_types=sorted(set(needs.accommodation_types) & set(NeedsAssessment.ACCOMMODATION_TYPES)),
        psychological_care=needs.psychological_care,
        migration_needs=sorted(set(needs.migration_needs) & set(NeedsAssessment.MIGRATION_NEEDS)),
        basic_needs=sorted(set(needs.basic_needs) & set(NeedsAssessment.BASIC_NEEDS)),
        threatened=needs.threatened,
        family_abroad_threatened=needs.family_abroad_threatened,
        self_harm=needs.self_harm,
    )
    for name, text in (
        ("safety_notes_sealed", needs.safety_notes),
        ("mental_health_notes_sealed", needs.mental_health_notes),
        ("other_needs_sealed", needs.other_needs),
    ):
        if text:
            setattr(assessment, name, seal_field(case=case, record=assessment, field=name, text=text))
    assessment.save()
    today = timezone.localdate()
    open_kinds = set(case.care_plan.filter(status=CarePlanItemStatus.OPEN).values_list("kind", flat=True))
    created = 0
    for kind, days in _plan_for(needs, today):
        if kind in open_kinds:
            continue
        CarePlanItem.objects.create(
            case=case, assessment=assessment, kind=kind, owner=actor, due_on=today + dt.timedelta(days=days)
        )
        created += 1
    record(
        "cases:needs:assessed",
        actor=Actor.staff(actor),
        subject=_subject(case),
        case_ref=str(case.public_id),
        details={
            "care_plan_items_created": created,
            "self_harm_risk": needs.self_harm in {"thoughts", "plan"},
        },
    )
    return assessment


@transaction.atomic
def care_plan_item_add(
    *, case: Case, actor: StaffUser, kind: str, owner: StaffUser, due_on: dt.date, detail: str = ""
) -> CarePlanItem:
    if kind not in CarePlanItemKind.values:
        raise ValueError(f"unknown care plan item kind {kind!r}")
    item = CarePlanItem.objects.create(case=case, kind=kind, owner=owner, due_on=due_on)
    if detail:
        item.detail_sealed = seal_field(case=case, record=item, field="detail_sealed", text=detail)
        item.save(update_fields=["detail_sealed"])
    record(
        "cases:care_plan:item_added",
        actor=Actor.staff(actor),
        subject=_subject(case),
        case_ref=str(case.public_id),
        details={"kind": kind},
    )
    return item


@transaction.atomic
def care_plan_item_set_status(*, item: CarePlanItem, actor: StaffUser, status: str) -> CarePlanItem:
    if status not in CarePlanItemStatus.values:
        raise ValueError(f"unknown status {status!r}")
    item.status = status
    item.done_at = timezone.now() if status == CarePlanItemStatus.DONE else None
    item.save(update_fields=["status", "done_at"])
    record(
        "cases:care_plan:item_status",
        actor=Actor.staff(actor),
        subject=_subject(item.case),
        case_ref=str(item.case.public_id),
        details={"kind": item.kind, "status": status},
    )
    return item


@transaction.atomic
def crisis_numbers_record_given(*, case: Case, actor: StaffUser, number_ids: list[str]) -> Case:
    """Which crisis lines the person was given (§6.4 scenario: 'some numbers you can call')."""
    known = {
        line.id
        for line in content.crisis_numbers_for(jurisdiction=case.care_centre.jurisdiction, language="en")
    }
    chosen = sorted(set(number_ids) & known)
    now = timezone.now()
    given = sorted(set(case.crisis_numbers_given) | set(chosen))
    Case.objects.filter(pk=case.pk).update(crisis_numbers_given=given, crisis_numbers_given_at=now)
    case.crisis_numbers_given, case.crisis_numbers_given_at = given, now
    record(
        "cases:crisis_numbers:given",
        actor=Actor.staff(actor),
        subject=_subject(case),
        case_ref=str(case.public_id),
        details={"count": len(chosen)},
    )
    return case


@transaction.atomic
def name_as_given_set(*, case: Case, actor: StaffUser, name: str) -> Case:
    """Any name the person chose to give; none is fine (§6.2 scenario)."""
    case.name_as_given_sealed = (
        seal_field(case=case, record=case, field="name_as_given_sealed", text=name) if name else None
    )
    case.save(update_fields=["name_as_given_sealed"])
    record(
        "cases:name_as_given:set",
        actor=Actor.staff(actor),
        subject=_subject(case),
        case_ref=str(case.public_id),
        details={"given": bool(name)},
    )
    return case


@transaction.atomic
def crime_type_record(*, case: Case, actor: StaffUser, crime_type: str) -> Case:
    """The coarse kind of harm the person said they suffered, or "not recorded" (ADR 0031 §10).

    A code from the list, chosen by staff from what the person said: never derived
    from a sealed field. It is counted in statistics and goes into no package.
    """
    if crime_type not in CrimeType.values:
        raise ValueError(f"unknown crime type {crime_type!r}")
    previous = Case.objects.select_for_update().only("crime_type").get(pk=case.pk).crime_type
    Case.objects.filter(pk=case.pk).update(crime_type=crime_type)
    case.crime_type = crime_type
    record(
        "cases:crime_type:recorded",
        actor=Actor.staff(actor),
        subject=_subject(case),
        case_ref=str(case.public_id),
        details={"from": previous, "to": crime_type},
    )
    return case


# --- informal police talk, case side (§6.5 rec. 2) -----------------------------


@transaction.atomic
def police_talk_request(
    *, case: Case, actor: StaffUser, companion: str, topics: list[str], planned_for: dt.datetime | None = None
) -> PoliceTalk:
    """Record that the person wants an informal, anonymous talk with the police.

    Nothing is sent to the police here: the police side (a later issue) sees
    only that a talk is wanted, the topics and whether someone comes along.
    When a time is agreed, the person's reporting status says so — because the
    person asked for the talk, not because staff decided it.
    """
    talk = PoliceTalk.objects.create(
        case=case,
        arranged_by=actor,
        companion=companion,
        topics=[t for t in topics if t in PoliceTalk.TOPICS],
        planned_for=planned_for,
        status=PoliceTalkStatus.ARRANGED if planned_for else PoliceTalkStatus.WANTED,
    )
    record(
        "cases:police_talk:requested",
        actor=Actor.staff(actor),
        subject=_subject(case),
        case_ref=str(case.public_id),
        details={"topics": ",".join(talk.topics), "companion": companion, "arranged": bool(planned_for)},
    )
    if planned_for and case.reporting_status in {
        ReportingStatus.NOT_DECIDED,
        ReportingStatus.NOT_REPORTING,
        ReportingStatus.THINKING,
    }:
        reporting_status_set(
            case=case, status=ReportingStatus.INFORMAL_TALK_ARRANGED, actor=Actor.staff(actor)
        )
    return talk
