"""Reads of relief procedures, always scoped to the person asking.

Who may carry a procedure for a person: staff of their own centre, or of a
legal service, NGO or municipal desk the person named in a referral consent
in force and that is a partner of the centre for referrals now (ADR 0014,
0016). Everyone else gets a 404.
"""

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.db import connections
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import get_language

from safereport.accounts.models import StaffUser
from safereport.accounts.permissions import OrganisationKind
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case
from safereport.consent.models import ConsentEvent
from safereport.consent.selectors import compartment_unlocked, consents_in_force
from safereport.core.purposes import Purpose
from safereport.datafiles.fallback import in_language
from safereport.partners.selectors import recipient_verdict
from safereport.relief import datafiles
from safereport.relief.models import (
    OPEN,
    CertificationRequest,
    CertificationStatus,
    CertifyingAgency,
    ChecklistFile,
    ChecklistItem,
    Clock,
    ClockKind,
    Procedure,
    StepRecord,
)
from safereport.relief.policies import REMINDER_DAYS, RunningClock, Stage, earliest, stage

CARRIERS = frozenset({OrganisationKind.LEGAL_SERVICE, OrganisationKind.NGO, OrganisationKind.MUNICIPAL_DESK})


def carry_refusal(*, actor: StaffUser, case: Case) -> str | None:
    """Why the actor's organisation may not carry a procedure for this person now; None if it may."""
    organisation = actor.organisation
    if organisation is None or not organisation.is_active:
        return "no_organisation"
    if organisation.pk == case.care_centre_id:
        return None
    if organisation.kind not in CARRIERS:
        return "not_a_legal_service_ngo_or_centre"
    named = any(
        e.purpose == Purpose.RELIEF_APPLICATION and e.recipient_organisation_id == organisation.pk for e in consents_in_force(case)
    )
    if not named:
        return "person_did_not_name_organisation"
    verdict = recipient_verdict(care_centre_id=case.care_centre_id, organisation_id=organisation.pk, purpose=Purpose.RELIEF_APPLICATION)
    return verdict.refusal


@dataclass(frozen=True)
class Person:
    case_id: UUID
    code: str


PEOPLE_SHOWN = 200


def people_for(actor: StaffUser) -> list[Person]:
    """The people the actor may open a procedure for, by case code: who named their organisation, or their centre's."""
    organisation = actor.organisation
    if organisation is None:
        return []
    if organisation.kind == OrganisationKind.CARE_CENTRE:
        rows = Case.objects.filter(care_centre=organisation).order_by("code").values_list("public_id", "code")
        return [Person(case_id=p, code=c) for p, c in rows[:PEOPLE_SHOWN]]
    seen: dict[UUID, Person] = {}
    case_ids = (
        ConsentEvent.objects.filter(purpose=Purpose.RELIEF_APPLICATION, recipient_organisation=organisation)
        .values_list("case_id", flat=True)
        .distinct()
    )
    for case in Case.objects.filter(pk__in=case_ids).order_by("code")[:PEOPLE_SHOWN]:
        if carry_refusal(actor=actor, case=case) is None:
            seen[case.public_id] = Person(case_id=case.public_id, code=case.code)
    return list(seen.values())


def person_get(*, actor: StaffUser, case_id: UUID) -> Case:
    case = Case.objects.filter(public_id=case_id).select_related("care_centre").first()
    if case is None or carry_refusal(actor=actor, case=case) is not None:
        raise Http404
    return case


def procedures_of(actor: StaffUser) -> QuerySet[Procedure]:
    """Procedures the actor's organisation carries (404 for every other)."""
    if actor.organisation_id is None:
        return Procedure.objects.none()
    return Procedure.objects.filter(organisation_id=actor.organisation_id)


def procedure_get(*, actor: StaffUser, procedure_id: UUID, audit: bool = False) -> Procedure:
    """404 unless the actor's organisation carries it and may still carry it for this person."""
    procedure = procedures_of(actor).filter(public_id=procedure_id).select_related("case", "case__care_centre").first()
    if procedure is None or carry_refusal(actor=actor, case=procedure.case) is not None:
        raise Http404
    if audit:
        record(
            "relief:procedure:viewed",
            actor=Actor.staff(actor),
            subject=f"relief:{procedure.public_id}",
            case_ref=str(procedure.case.public_id),
        )
    return procedure


def certification_get(*, actor: StaffUser, certification_id: UUID) -> CertificationRequest:
    request = CertificationRequest.objects.filter(public_id=certification_id).select_related("agency", "procedure").first()
    if request is None:
        raise Http404
    procedure_get(actor=actor, procedure_id=request.procedure.public_id)
    return request


def file_get(*, actor: StaffUser, file_id: UUID) -> ChecklistFile:
    """A kept paper, for whoever may see its procedure; 404 for anyone else."""
    found = ChecklistFile.objects.filter(public_id=file_id).select_related("procedure").first()
    if found is None:
        raise Http404
    procedure_get(actor=actor, procedure_id=found.procedure.public_id)
    return found


def certification_due(request: CertificationRequest) -> Clock | None:
    """The agency's earliest open answer clock (the shortest applicable deadline wins)."""
    return (
        Clock.objects.filter(
            certification=request,
            stopped_on__isnull=True,
            kind__in=(ClockKind.RESPONSE, ClockKind.FAMILY_LOSS_RESPONSE),
        )
        .order_by("due_on", "pk")
        .first()
    )


def agencies_for(actor: StaffUser) -> QuerySet[CertifyingAgency]:
    return CertifyingAgency.objects.all()


# --- clocks and reminders ------------------------------------------------------------------


def running(clock: Clock) -> RunningClock:
    return RunningClock(kind=clock.kind, due=clock.due_on, legal_source=clock.legal_source, binding=clock.binding)


@dataclass(frozen=True)
class Reminder:
    procedure_id: UUID
    mechanism: str
    case_code: str
    due_on: dt.date
    kind: str
    legal_source: str
    binding: bool
    stage: Stage


def reminders_for(actor: StaffUser, *, today: dt.date, limit: int = 50) -> list[Reminder]:
    """The responsible person's reminders: per open procedure, its earliest open clock, if due within 30 days or overdue.

    One query for the earliest due date per procedure (an index on open
    clocks by due date), one for the clocks that hold those dates.
    """
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    # Most staff carry no procedure: an indexed look at their own procedures first,
    # so their start page never groups everyone else's clocks.
    if not Procedure.objects.filter(responsible=actor, status__in=OPEN).exists():
        return []
    # Per procedure, its earliest open clock by one seek in the partial index of open clocks
    # (a correlated subquery, not a GROUP BY over every clock: see reminder_counts).
    first_open = Clock.objects.filter(procedure=OuterRef("pk"), stopped_on__isnull=True).order_by("due_on").values("due_on")[:1]
    earliest_due = (
        Procedure.objects.filter(responsible=actor, status__in=OPEN)
        .annotate(first=Subquery(first_open))
        .filter(first__lte=horizon)
        .order_by("first", "pk")
        .values("first", procedure_id=F("pk"))[:limit]
    )
    firsts = {row["procedure_id"]: row["first"] for row in earliest_due}
    if not firsts:
        return []
    condition = Q()
    for procedure_id, first in firsts.items():
        condition |= Q(procedure_id=procedure_id, due_on=first)
    clocks: dict[int, list[Clock]] = {}
    for clock in Clock.objects.filter(condition, stopped_on__isnull=True).select_related("procedure", "procedure__case"):
        clocks.setdefault(clock.procedure_id, []).append(clock)
    reminders = []
    for procedure_id in firsts:
        group = clocks.get(procedure_id, [])
        winner = earliest(running(c) for c in group)
        if winner is None:
            continue
        clock = next(c for c in group if c.kind == winner.kind and c.due_on == winner.due)
        reminders.append(
            Reminder(
                procedure_id=clock.procedure.public_id,
                mechanism=clock.procedure.mechanism,
                case_code=clock.procedure.case.code,
                due_on=clock.due_on,
                kind=clock.kind,
                legal_source=clock.legal_source,
                binding=clock.binding,
                stage=stage(clock.due_on, today),
            )
        )
    return reminders


# --- the procedure page ----------------------------------------------------------------------


@dataclass(frozen=True)
class StepRow:
    id: str
    name: str
    actor: str
    legal_source: str
    done_on: dt.date | None


@dataclass(frozen=True)
class ClockRow:
    clock: Clock
    name: str
    stage: Stage


@dataclass(frozen=True)
class DocumentRow:
    id: str
    name: str
    kind: str
    migration_status: bool
    legal_source: str
    status: str
    files: tuple[ChecklistFile, ...] = ()


@dataclass(frozen=True)
class ProcedurePage:
    procedure: Procedure
    described: datafiles.Procedure | None
    steps: list[StepRow]
    next_step: StepRow | None
    clocks: list[ClockRow]
    next_clock: ClockRow | None
    documents: list[DocumentRow]
    certifications: list[CertificationRequest]
    # The person's unlock of their sealed compartment is running: facts touching migration status may be entered.
    unlocked: bool


def clock_name(clock: Clock, described: datafiles.Procedure | None) -> str:
    if clock.kind == ClockKind.MECHANISM and described is not None:
        rule = next((r for r in described.clocks if r.id == clock.rule), None)
        if rule is not None:
            return rule.name
    return str(ClockKind(clock.kind).label)


def procedure_page(procedure: Procedure, *, today: dt.date) -> ProcedurePage:
    described = datafiles.procedure(procedure.mechanism)
    done = {s.step: s.done_on for s in StepRecord.objects.filter(procedure=procedure)}
    steps = [
        StepRow(id=s.id, name=s.name, actor=s.actor, legal_source=s.legal_source, done_on=done.get(s.id))
        for s in (described.steps if described else ())
    ]
    open_clocks = [
        ClockRow(clock=c, name=clock_name(c, described), stage=stage(c.due_on, today))
        for c in Clock.objects.filter(procedure=procedure, stopped_on__isnull=True).order_by("due_on", "pk")
    ]
    winner = earliest(running(row.clock) for row in open_clocks)
    next_clock = next((r for r in open_clocks if winner and r.clock.due_on == winner.due and r.clock.kind == winner.kind), None)
    statuses = dict(ChecklistItem.objects.filter(procedure=procedure).values_list("item", "status"))
    files: dict[str, list[ChecklistFile]] = {}
    for kept in ChecklistFile.objects.filter(procedure=procedure).defer("content_sealed", "migration_content_sealed"):
        files.setdefault(kept.item, []).append(kept)
    documents = [
        DocumentRow(
            id=d.id, name=d.name, kind=d.kind, migration_status=d.migration_status, legal_source=d.legal_source,
            status=statuses.get(d.id, "needed"), files=tuple(files.get(d.id, ())),
        )
        for d in (described.documents if described else ())
    ]
    # The next step: the first of the mechanism's steps not yet taken that decides nothing by itself.
    next_step = next((s for s in steps if s.done_on is None), None)
    return ProcedurePage(
        procedure=procedure,
        described=described,
        steps=steps,
        next_step=next_step,
        clocks=open_clocks,
        next_clock=next_clock,
        documents=documents,
        certifications=list(
            CertificationRequest.objects.filter(procedure=procedure).select_related("agency").order_by("created_at")
        ),
        unlocked=unlocked(procedure),
    )


def unlocked(procedure: Procedure) -> bool:
    """Whether the person's unlock of their sealed compartment runs now (consent, DESIGN.md §3.3)."""
    return compartment_unlocked(case=Case(pk=procedure.case_id))


# --- the person's own view (portal) ------------------------------------------------------------


@dataclass(frozen=True)
class PersonView:
    mechanism: str
    name: str
    name_language: str
    status: str
    # True where a text is shown in English because the data has none in the person's language yet.
    english_only: bool
    # True where a text is shown in the person's language from the data's draft translations.
    draft_translation: bool
    next_step: str
    next_step_language: str
    next_date: dt.date | None
    # The data's name of the clock (a mechanism's deadline); "" for the other clocks,
    # which the person's page names in its own translated words by `next_date_kind`.
    next_date_what: str
    next_date_language: str
    next_date_kind: str


def person_has_procedure(case: Case) -> bool:
    return Procedure.objects.filter(case=case).exists()


def for_person(case: Case, *, today: dt.date) -> list[PersonView]:
    """What the person sees of their procedures: which, the next step and the next date (no agency, no clock law).

    The names come from data/relief/ in the person's language where the data
    has it (drafts by engineering: the page says so), else in English, marked.
    """
    language = get_language() or "en"
    views = []
    for procedure in Procedure.objects.filter(case=case).order_by("opened_on", "pk"):
        page = procedure_page(procedure, today=today)
        described = page.described
        name = in_language(described.names, language) if described else None
        step = None
        if page.next_step and procedure.status in OPEN and described is not None:
            found = next((s for s in described.steps if s.id == page.next_step.id), None)
            step = in_language(found.names, language) if found else None
        clock = page.next_clock.clock if page.next_clock else None
        what = None
        if clock is not None and clock.kind == ClockKind.MECHANISM and described is not None:
            rule = next((r for r in described.clocks if r.id == clock.rule), None)
            what = in_language(rule.names, language) if rule else None
        shown = [t for t in (name, step, what) if t is not None]
        views.append(
            PersonView(
                mechanism=procedure.mechanism,
                name=name.value if name else procedure.mechanism,
                name_language=name.language if name else "en",
                status=procedure.status,
                english_only=any(t.is_fallback for t in shown),
                draft_translation=any(t.language != "en" and not t.is_fallback for t in shown),
                next_step=step.value if step else "",
                next_step_language=step.language if step else language,
                next_date=clock.due_on if clock else None,
                next_date_what=what.value if what else "",
                next_date_language=what.language if what else language,
                next_date_kind=clock.kind if clock else "",
            )
        )
    return views


def open_statuses() -> tuple[str, ...]:
    return tuple(str(s) for s in OPEN)


ANSWERED = (CertificationStatus.SIGNED, CertificationStatus.DENIED)


@dataclass(frozen=True)
class CertificationClock:
    clock: Clock
    name: str
    stage: Stage


def certification_view(request: CertificationRequest, *, today: dt.date) -> dict[str, object]:
    """The request's clocks (open and met), the earliest open one, and what its law requires of a denial."""
    law = datafiles.certification_law(request.law) if request.law else None
    clocks = [
        CertificationClock(clock=c, name=str(ClockKind(c.kind).label), stage=stage(c.due_on, today))
        for c in Clock.objects.filter(certification=request).order_by("due_on", "pk")
    ]
    open_clocks = [c for c in clocks if c.clock.stopped_on is None]
    winner = earliest(running(c.clock) for c in open_clocks)
    first = next((c for c in open_clocks if winner and c.clock.due_on == winner.due and c.clock.kind == winner.kind), None)
    return {
        "law": law,
        "clocks": clocks,
        "next_clock": first,
        "reason_missing": bool(law and law.denial_reason_required and request.denial_reason == "none_given"),
    }


def _no_fetch(url: str, *args: object, **kwargs: object) -> None:
    raise ValueError(f"a relief packet fetches nothing: {url}")


def render_pdf(html: str) -> bytes:
    """A printable page as a PDF (WeasyPrint, local fonts only; no network fetches)."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    return pdf


def reminder_counts(*, today: dt.date) -> dict[str, int]:
    """Across every open procedure: how many have their earliest open clock at each reminder stage.

    One query: the earliest open clock of each open procedure, read by one
    seek in the partial index of open clocks by procedure and due date,
    counted per due date inside the database, so what comes back is at most
    one row per day of the 30-day horizon and the overdue days, never one
    per procedure; memory stays flat however many procedures there are
    (bench/relief.py). A correlated MIN, not a GROUP BY over the clocks:
    without table statistics SQLite ran the GROUP BY through the index on
    (stopped_on, due_on) and a lookup of every clock row, 1.65 s over
    400,000 clocks against 0.2 s this way (ADR 0033, 2026-12-02). Django
    cannot aggregate over an aggregate, hence the SQL, built from the
    models' own table and column names.
    """
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    counts = dict.fromkeys((str(s) for s in Stage if s is not Stage.LATER), 0)
    clock, procedure = Clock._meta.db_table, Procedure._meta.db_table
    sql = (
        f"SELECT earliest, COUNT(*) FROM ("  # noqa: S608 (table names from the models, values as parameters)
        f" SELECT (SELECT MIN(c.due_on) FROM {clock} c WHERE c.procedure_id = p.id AND c.stopped_on IS NULL) AS earliest"
        f" FROM {procedure} p WHERE p.status IN (%s, %s)"
        f") firsts WHERE earliest <= %s GROUP BY earliest"
    )
    with connections[Clock.objects.db].cursor() as cursor:
        cursor.execute(sql, [*(str(s) for s in OPEN), horizon])
        for earliest, n in cursor.fetchall():
            day = earliest if isinstance(earliest, dt.date) else dt.date.fromisoformat(str(earliest))
            counts[str(stage(day, today))] += n
    return counts
