"""Reads for case work, scoped to the person asking (through cases_visible_to).

Query counts are constant: every list is one query with a limit, whatever
the number of cases or encounters (bench/casework.py prints them).
"""

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, gettext

from safereport.accounts.models import StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import (
    Appointment,
    AppointmentStatus,
    CarePlanItem,
    CarePlanItemStatus,
    Case,
    CaseStatus,
    Encounter,
    EncounterKind,
    KeyMessageRecord,
    NeedsAssessment,
    Understanding,
)
from safereport.cases.sealing import open_for_staff, open_sealed
from safereport.cases.selectors.cases import cases_visible_to
from safereport.content import selectors as content
from safereport.core.languages import language_label

DASHBOARD_LIMIT = 50

# §5.1 r11, §5.2 r5: safety and confidentiality must be said again at
# different times, even when understood the first time.
REPEAT_AT_DIFFERENT_TIMES = {"no-immigration-contact", "confidentiality-and-data", "your-choice"}


@dataclass(frozen=True)
class Dashboard:
    my_cases: list[Case]
    unanswered: list[Case]
    follow_ups_due: list[CarePlanItem]
    appointments_today: list[Appointment]


def dashboard_for(actor: StaffUser) -> Dashboard:
    """Four queries, whatever the size of the centre."""
    visible = cases_visible_to(actor)
    # Assigned to me in my own centre is always visible to me; asking it
    # directly spares the visibility subqueries (13 ms → 1 ms at 50,000 cases).
    mine = (
        Case.objects.filter(care_centre_id=actor.organisation_id, assigned_staff=actor)
        .exclude(status=CaseStatus.CLOSED)
        .only("public_id", "code", "status", "reporting_status", "preferred_language", "created_at")
        .order_by("-created_at")[:DASHBOARD_LIMIT]
    )
    if visible.query.is_empty():  # not a care centre: no cases at all
        mine = mine.none()
    unanswered = (
        visible.filter(last_victim_message_at__isnull=False)
        .filter(
            Q(last_centre_reply_at__isnull=True) | Q(last_centre_reply_at__lt=F("last_victim_message_at"))
        )
        .only("public_id", "code", "last_victim_message_at", "preferred_language")
        .order_by("last_victim_message_at")[:DASHBOARD_LIMIT]
    )
    today = timezone.localdate()
    follow_ups = (
        CarePlanItem.objects.filter(
            owner=actor, status=CarePlanItemStatus.OPEN, due_on__lte=today, case__in=visible.values("pk")
        )
        .select_related("case")
        .only("public_id", "kind", "due_on", "case__public_id", "case__code")
        .order_by("due_on", "id")[:DASHBOARD_LIMIT]
    )
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    appointments = (
        Appointment.objects.filter(
            proposed_for__gte=start,
            proposed_for__lt=start + dt.timedelta(days=1),
            status__in=[AppointmentStatus.PROPOSED, AppointmentStatus.CONFIRMED],
            case__in=visible.values("pk"),
        )
        .select_related("case")
        .only(
            "public_id",
            "kind",
            "status",
            "proposed_for",
            "interpreter_language",
            "companion",
            "case__public_id",
            "case__code",
        )
        .order_by("proposed_for")[:DASHBOARD_LIMIT]
    )
    return Dashboard(list(mine), list(unanswered), list(follow_ups), list(appointments))


# --- key messages: what this person has been told and understood so far ------


@dataclass
class MessageProgress:
    slug: str
    title: str
    times_given: int = 0
    professionals: set[int] = field(default_factory=set)
    last_understanding: str = Understanding.NOT_CHECKED
    ever_understood: bool = False
    repeat_requested: bool = False

    @property
    def state(self) -> str:
        if self.times_given == 0:
            return "not_yet"
        if self.repeat_requested:
            return "repeat"
        if self.last_understanding != Understanding.UNDERSTOOD:
            return "not_confirmed"
        if self.slug in REPEAT_AT_DIFFERENT_TIMES and self.times_given < 2:
            return "say_again_later"
        return "understood"

    @property
    def last_understanding_label(self) -> str:
        return str(Understanding(self.last_understanding).label)

    @property
    def prompt(self) -> str:
        return {
            "not_yet": gettext("Not told yet. Ask whether they would like to hear about it."),
            "repeat": gettext("Asked to be repeated. Say it again, in short pieces."),
            "not_confirmed": gettext("Told, but understanding not confirmed. Check gently: it is not a test."),
            "say_again_later": gettext("Understood once. Reassure again now: safety messages need repeating."),
            "understood": "",
        }[self.state]


def key_message_progress(*, case: Case) -> list[MessageProgress]:
    """Across every encounter and professional, in display order. Two queries."""
    # Titles in the reader's language (ADR 0036).
    applicable = content.key_messages_for(language=get_language() or "en", jurisdiction=case.care_centre.jurisdiction)
    progress = {m.slug: MessageProgress(slug=m.slug, title=m.title) for m in applicable}
    rows = (
        KeyMessageRecord.objects.filter(case=case)
        .order_by("encounter__occurred_at", "encounter_id")
        .values_list("slug", "given", "understanding", "repeat", "encounter__professional_id")
    )
    for slug, given, understanding, repeat, professional_id in rows:
        entry = progress.get(slug)
        if entry is None:
            continue  # a message that no longer applies here
        if given:
            entry.times_given += 1
            entry.professionals.add(professional_id)
            entry.last_understanding = understanding
            entry.ever_understood = entry.ever_understood or understanding == Understanding.UNDERSTOOD
            entry.repeat_requested = repeat
        elif repeat:
            entry.repeat_requested = True
    return list(progress.values())


def prompts_for_next_professional(progress: list[MessageProgress]) -> list[MessageProgress]:
    order = {"repeat": 0, "not_confirmed": 1, "say_again_later": 2, "not_yet": 3}
    return sorted((p for p in progress if p.state != "understood"), key=lambda p: order[p.state])


# --- case page ----------------------------------------------------------------


ENCOUNTERS_SHOWN = 50
ENCOUNTERS_MAX = 2000


@dataclass(frozen=True)
class EncounterRow:
    public_id: UUID
    kind_label: str
    occurred_at: dt.datetime
    professional: str
    companion_present: bool
    interpreter_language: str
    breaks_taken: int


def encounters_of(*, case: Case, show_all: bool = False) -> tuple[list[EncounterRow], int]:
    """The encounter list for the case page: metadata only, nothing unsealed.

    The latest ENCOUNTERS_SHOWN (one query, plus one count); "show all" lists
    up to ENCOUNTERS_MAX. Rows are plain values so the template does no
    lookups per row: a long case must not make the page slow at 3 a.m.
    """
    labels = dict(EncounterKind.choices)
    rows = case.encounters.order_by("-occurred_at", "-id").values_list(
        "public_id",
        "kind",
        "occurred_at",
        "professional__username",
        "companion_present",
        "interpreter_language",
        "breaks_taken",
    )[: ENCOUNTERS_MAX if show_all else ENCOUNTERS_SHOWN]
    shown = [
        # The label only ("another language"): the list opens nothing sealed.
        EncounterRow(public_id, str(labels.get(kind, kind)), occurred_at, username, companion, language_label(interpreter), breaks)
        for public_id, kind, occurred_at, username, companion, interpreter, breaks in rows
    ]
    total = case.encounters.count() if len(shown) >= ENCOUNTERS_SHOWN and not show_all else len(shown)
    return shown, total


def encounter_get_for(*, case: Case, encounter_id: UUID) -> Encounter:
    encounter = case.encounters.select_related("professional").filter(public_id=encounter_id).first()
    if encounter is None:
        raise Http404
    return encounter


def encounter_open_for_staff(*, case: Case, encounter: Encounter, actor: StaffUser) -> dict[str, str]:
    """Each sealed field a professional opens is its own audit event (vault.unseal_audited)."""
    return {
        name: open_for_staff(
            case=case, record=encounter, field=name, actor=Actor.staff(actor), action="cases:encounter:read"
        )
        for name in Encounter.sensitive_fields
        if getattr(encounter, name)
    }


def latest_needs_assessment(*, case: Case) -> NeedsAssessment | None:
    return case.needs_assessments.select_related("assessed_by").first()


def care_plan_of(*, case: Case, actor: StaffUser) -> list[tuple[CarePlanItem, str]]:
    items = list(case.care_plan.select_related("owner").order_by("status", "due_on", "id")[:100])
    if any(item.detail_sealed for item in items):
        record(
            "cases:care_plan:read",
            actor=Actor.staff(actor),
            subject=f"case:{case.public_id}",
            case_ref=str(case.public_id),
        )
    return [(item, open_sealed(case=case, record=item, field="detail_sealed")) for item in items]


def care_plan_item_get_for(*, case: Case, item_id: UUID) -> CarePlanItem:
    item = case.care_plan.filter(public_id=item_id).first()
    if item is None:
        raise Http404
    return item


def next_appointment(*, case: Case) -> Appointment | None:
    return (
        case.appointments.filter(status=AppointmentStatus.CONFIRMED, proposed_for__gte=timezone.now())
        .order_by("proposed_for")
        .first()
    )
