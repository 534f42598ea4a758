"""Reads of consultations, scoped to who asks, and of the options per jurisdiction.

The centre reads a consultation through its case (`cases.selectors.case_get_for`
404s for anyone outside the care team). A police user reads only
consultations addressed to their own unit, from centres their unit is a
partner of for investigations now (partners.readable_scopes), and reads them
as `PoliceConsultation`: a record with no field for the case, its code, the
person's name or contact. A police user never reaches a case.
"""

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind, Permission
from safereport.accounts.policies import ROLE_PERMISSIONS
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case, Companion, PoliceTalk
from safereport.cases.selectors import ShownMessage, case_get_for, conversation_for_staff
from safereport.consent.models import ConsentEvent, Decision
from safereport.consent.selectors import consents_in_force
from safereport.core.purposes import Purpose
from safereport.datafiles import load_one
from safereport.partners.selectors import Partner, partners_for, readable_scopes
from safereport.police.datafiles import ANYWHERE, JurisdictionOptions, PoliceOptions
from safereport.police.models import (
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
)

INBOX_SHOWN = 50


# --- options per jurisdiction (data/police/options.toml) --------------------------------


def options_for(jurisdiction: str) -> JurisdictionOptions:
    """The jurisdiction's entry, or the one for everywhere else (no firewall known)."""
    options: PoliceOptions = load_one("police.options")
    by_code = {j.code: j for j in options.jurisdiction}
    return by_code.get(jurisdiction.upper(), by_code[ANYWHERE])


def has_firewall(jurisdiction: str) -> bool:
    return options_for(jurisdiction).firewall


# --- the centre's side --------------------------------------------------------------------


def police_units_for(case: Case) -> list[Partner]:
    """The police units the centre may book with: partners for investigations now, never by kind alone."""
    return partners_for(
        care_centre_id=case.care_centre_id, purpose=Purpose.INVESTIGATION, kinds={OrganisationKind.POLICE_UNIT}
    )


def consultations_of(case: Case) -> list[Consultation]:
    return list(Consultation.objects.filter(case=case).select_related("police_unit").order_by("-created_at")[:50])


def latest_police_talk(case: Case) -> PoliceTalk | None:
    """The wish for a talk recorded on the case page, which a booking builds on."""
    return case.police_talks.order_by("-created_at").first()


def consultation_get_for_centre(*, actor: StaffUser, consultation_id: UUID) -> Consultation:
    """404 unless the actor sees the consultation's case (the care team)."""
    consultation = (
        Consultation.objects.filter(public_id=consultation_id).select_related("case", "police_unit").first()
    )
    if consultation is None:
        raise Http404
    case_get_for(actor=actor, case_id=consultation.case.public_id)
    return consultation


# --- the police side ----------------------------------------------------------------------


@dataclass(frozen=True)
class PoliceConsultation:
    """All a police unit learns about a consultation. No case, code, name or contact: by construction."""

    public_id: UUID
    pseudonym: str
    topics: tuple[str, ...]
    place: str
    companion: str
    interpreter: bool
    proposed_for: datetime | None
    police_answer: str
    police_proposed_for: datetime | None
    agreed_for: datetime | None
    held_on: date | None
    companion_part: str
    contact_route: str
    contact_route_detail: str
    status: str
    status_label: str
    requested_on: date


# The only columns a police page reads: `case` is not among them.
POLICE_COLUMNS = (
    "public_id", "pseudonym", "topics", "place", "companion", "interpreter", "proposed_for", "police_answer",
    "police_proposed_for", "agreed_for", "held_on", "companion_part", "contact_route", "contact_route_detail",
    "status", "created_at",
)


@functools.cache
def _labels(choices: type) -> dict[str, object]:
    # The lazy labels themselves: translated when str() is taken, in the language of the request.
    return dict(zip(choices.values, choices.labels, strict=True))  # type: ignore[attr-defined]  # TextChoices


def _label(choices: type, value: str) -> str:
    return str(_labels(choices).get(value, "")) if value else ""


def _as_police_sees_it(row: dict[str, object]) -> PoliceConsultation:
    topics = row["topics"] if isinstance(row["topics"], list) else []
    created = row["created_at"]
    assert isinstance(created, datetime)
    return PoliceConsultation(
        public_id=row["public_id"],  # type: ignore[arg-type]  # a UUIDField's value
        pseudonym=str(row["pseudonym"]),
        topics=tuple(str(PoliceTalk.TOPICS.get(t, "")) for t in topics if t in PoliceTalk.TOPICS),
        place=_label(Place, str(row["place"])),
        companion=_label(Companion, str(row["companion"])),
        interpreter=bool(row["interpreter"]),
        proposed_for=row["proposed_for"],  # type: ignore[arg-type]  # a nullable date or flag column read from .values()
        police_answer=_label(PoliceAnswer, str(row["police_answer"])),
        police_proposed_for=row["police_proposed_for"],  # type: ignore[arg-type]  # a nullable date or flag column read from .values()
        agreed_for=row["agreed_for"],  # type: ignore[arg-type]  # a nullable date or flag column read from .values()
        held_on=row["held_on"],  # type: ignore[arg-type]  # a nullable date or flag column read from .values()
        companion_part=_label(CompanionPart, str(row["companion_part"])),
        contact_route=_label(ContactRoute, str(row["contact_route"])),
        contact_route_detail=str(row["contact_route_detail"]),
        status=str(row["status"]),
        status_label=_label(ConsultationStatus, str(row["status"])),
        requested_on=created.date(),
    )


def _partner_centres(actor: StaffUser) -> set[int]:
    """The centres the actor's unit is a partner of for investigations now; read once per request (per user object)."""
    cached = actor.__dict__.get("_police_partner_centres")
    if cached is None:
        cached = (
            {
                centre
                for centre, purpose, _since in readable_scopes(organisation_id=actor.organisation_id)
                if purpose == Purpose.INVESTIGATION
            }
            if actor.organisation_id is not None
            else set()
        )
        actor.__dict__["_police_partner_centres"] = cached
    return set(cached)


def _addressed_to_unit(actor: StaffUser) -> QuerySet[Consultation]:
    """Consultations for the actor's unit from centres it is a partner of for investigations now."""
    centres = _partner_centres(actor)
    if actor.organisation_id is None or not centres:
        return Consultation.objects.none()
    # Consideration stays at the centre: the unit sees a consultation once it is booked.
    return Consultation.objects.filter(
        Q(police_unit_id=actor.organisation_id) & Q(care_centre_id__in=centres)
        & ~Q(status=ConsultationStatus.CONSIDERING)
    )


def police_inbox(actor: StaffUser) -> list[PoliceConsultation]:
    rows = _addressed_to_unit(actor).order_by("-created_at").values(*POLICE_COLUMNS)[:INBOX_SHOWN]
    return [_as_police_sees_it(row) for row in rows]


def consultation_for_unit(*, actor: StaffUser, consultation_id: UUID) -> Consultation:
    """The row, for a service the officer calls; 404 (audited, without any case) for another unit's."""
    consultation = _addressed_to_unit(actor).filter(public_id=consultation_id).first()
    if consultation is None:
        record(
            "police:consultation:access_refused",
            actor=Actor.staff(actor),
            subject=f"consultation:{consultation_id}",
            details={"reason": "not_addressed_to_unit"},
        )
        raise Http404
    return consultation


def police_view(consultation: Consultation) -> PoliceConsultation:
    row = Consultation.objects.filter(pk=consultation.pk).values(*POLICE_COLUMNS).get()
    return _as_police_sees_it(row)


def police_consultation_open(*, actor: StaffUser, consultation_id: UUID) -> PoliceConsultation:
    """The officer's page of one consultation: an audited read (the person sees it happened)."""
    consultation = consultation_for_unit(actor=actor, consultation_id=consultation_id)
    record(
        "police:consultation:opened",
        actor=Actor.staff(actor),
        subject=f"consultation:{consultation.public_id}",
        case_ref=str(Case.objects.values_list("public_id", flat=True).get(pk=consultation.case_id)),
    )
    return police_view(consultation)


# --- the person's side (portal) -----------------------------------------------------------


@dataclass(frozen=True)
class PersonConsultation:
    status: str
    place: str
    companion: str
    interpreter: bool
    proposed_for: datetime | None
    police_answer: str  # a PoliceAnswer value, put in words by the page
    police_proposed_for: datetime | None
    agreed_for: datetime | None
    held_on: date | None
    contact_route: str
    contact_route_detail: str
    reflection_until: date | None


def consultations_for_person(case: Case) -> list[PersonConsultation]:
    return [
        PersonConsultation(
            status=c.status,
            place=c.place,
            companion=c.companion,
            interpreter=c.interpreter,
            proposed_for=c.proposed_for,
            police_answer=c.police_answer,
            police_proposed_for=c.police_proposed_for,
            agreed_for=c.agreed_for,
            held_on=c.held_on,
            contact_route=c.contact_route,
            contact_route_detail=c.contact_route_detail,
            reflection_until=c.reflection_until,
        )
        for c in Consultation.objects.filter(case=case).exclude(status=ConsultationStatus.CANCELLED).order_by(
            "-created_at"
        )[:20]
    ]


# --- reports through an intermediary --------------------------------------------------------


def reports_of(case: Case) -> list[IntermediatedReport]:
    return list(
        IntermediatedReport.objects.filter(case=case).select_related("police_unit", "intermediary").order_by("-created_at")[:50]
    )


def reports_filed_by(actor: StaffUser) -> list[IntermediatedReport]:
    """The reports the actor's organisation filed, newest first (the intermediary's own list)."""
    if actor.organisation_id is None:
        return []
    return list(
        IntermediatedReport.objects.filter(intermediary_id=actor.organisation_id)
        .select_related("police_unit")
        .order_by("-created_at")[:INBOX_SHOWN]
    )


@dataclass(frozen=True)
class PersonForIntermediary:
    """Someone who named the intermediary in a referral consent in force: their case code, nothing else."""

    case_id: UUID
    code: str
    care_centre_id: int


@dataclass(frozen=True)
class UnitForIntermediary:
    """A police unit an intermediary may file with (a partner of the person's centre), and whether a firewall covers it."""

    name: str
    jurisdiction: str
    firewall: bool


PEOPLE_SHOWN = 200


def people_for_intermediary(actor: StaffUser) -> list[PersonForIntermediary]:
    """The people whose referral consent naming the actor's organisation is in force, by case code.

    One read of the ledger rows naming this organisation for referral: the
    latest decision per (case, category) holds, as in `consents_in_force`
    (a row naming an organisation has no recipient kind, so that is its scope).
    """
    if actor.organisation_id is None:
        return []
    now = timezone.now()
    latest: dict[tuple[int, str], tuple[bool, PersonForIntermediary]] = {}
    rows = (
        ConsentEvent.objects.filter(purpose=Purpose.REFERRAL, recipient_organisation_id=actor.organisation_id)
        .order_by("pk")
        .values_list("case_id", "category", "decision", "expires_at", "case__public_id", "case__code", "case__care_centre_id")
    )
    for case_pk, category, decision, expires_at, public_id, code, centre_id in rows:
        holds = decision == Decision.GIVEN and (expires_at is None or expires_at > now)
        latest[(case_pk, category)] = (holds, PersonForIntermediary(case_id=public_id, code=code, care_centre_id=centre_id))
    shown = {person.case_id: person for holds, person in latest.values() if holds}
    return sorted(shown.values(), key=lambda person: person.code)[:PEOPLE_SHOWN]


def police_units_for_people(people: Iterable[PersonForIntermediary]) -> list[UnitForIntermediary]:
    """The police units partnered with the centres of these people, each with whether a firewall covers it."""
    units: dict[str, UnitForIntermediary] = {}
    for centre_id in sorted({person.care_centre_id for person in people}):
        for partner in partners_for(care_centre_id=centre_id, purpose=Purpose.INVESTIGATION, kinds={OrganisationKind.POLICE_UNIT}):
            jurisdiction = partner.organisation.jurisdiction
            units.setdefault(
                str(partner.public_id),
                UnitForIntermediary(name=partner.name.value, jurisdiction=jurisdiction, firewall=has_firewall(jurisdiction)),
            )
    return sorted(units.values(), key=lambda unit: unit.name)


def person_get_for_intermediary(*, actor: StaffUser, case_id: UUID) -> Case:
    """The case of someone who named the actor's organisation in a referral consent in force; 404 otherwise.

    The intermediary is handed the case only to file for the person; its pages
    show the case code and nothing else of it.
    """
    case = Case.objects.filter(public_id=case_id).select_related("care_centre").first()
    if case is None or actor.organisation_id is None or not any(
        e.purpose == Purpose.REFERRAL and e.recipient_organisation_id == actor.organisation_id
        for e in consents_in_force(case)
    ):
        raise Http404
    return case


def report_get_for_intermediary(*, actor: StaffUser, report_id: UUID) -> IntermediatedReport:
    """404 unless the actor's organisation filed it (and, at the centre, the actor sees the case)."""
    report = (
        IntermediatedReport.objects.filter(public_id=report_id, intermediary_id=actor.organisation_id)
        .select_related("case", "police_unit", "intermediary")
        .first()
    )
    if report is None or actor.organisation_id is None:
        raise Http404
    if report.case.care_centre_id == actor.organisation_id:
        case_get_for(actor=actor, case_id=report.case.public_id)
    return report


@dataclass(frozen=True)
class PoliceReport:
    """All a police unit learns from a report filed for someone: no case, code, name or contact."""

    public_id: UUID
    pseudonym: str
    intermediary: str
    intermediary_reference: str
    venue: str
    identity_released: str
    identity_label: str
    filed_on: date
    record_type: str
    contact_policy: str
    investigation_started: bool | None
    investigation_reason: str
    replied_on: date | None


REPORT_COLUMNS = (
    "public_id", "pseudonym", "intermediary__name", "intermediary_reference", "venue", "identity_released",
    "created_at", "record_type", "contact_policy", "investigation_started", "investigation_reason", "replied_on",
)


def _report_as_police_sees_it(row: dict[str, object]) -> PoliceReport:
    created = row["created_at"]
    assert isinstance(created, datetime)
    return PoliceReport(
        public_id=row["public_id"],  # type: ignore[arg-type]  # a UUIDField's value
        pseudonym=str(row["pseudonym"]),
        intermediary=str(row["intermediary__name"]),
        intermediary_reference=str(row["intermediary_reference"]),
        venue=_label(Venue, str(row["venue"])),
        identity_released=str(row["identity_released"]),
        identity_label=_label(IdentityReleased, str(row["identity_released"])),
        filed_on=created.date(),
        record_type=_label(RecordType, str(row["record_type"])),
        contact_policy=_label(ContactPolicy, str(row["contact_policy"])),
        investigation_started=row["investigation_started"],  # type: ignore[arg-type]  # a nullable date or flag column read from .values()
        investigation_reason=_label(InvestigationReason, str(row["investigation_reason"])),
        replied_on=row["replied_on"],  # type: ignore[arg-type]  # a nullable date or flag column read from .values()
    )


def _reports_to_unit(actor: StaffUser) -> QuerySet[IntermediatedReport]:
    centres = _partner_centres(actor)
    if actor.organisation_id is None or not centres:
        return IntermediatedReport.objects.none()
    return IntermediatedReport.objects.filter(police_unit_id=actor.organisation_id, case__care_centre_id__in=centres)


def police_reports(actor: StaffUser) -> list[PoliceReport]:
    rows = _reports_to_unit(actor).order_by("-created_at").values(*REPORT_COLUMNS)[:INBOX_SHOWN]
    return [_report_as_police_sees_it(row) for row in rows]


def report_for_unit(*, actor: StaffUser, report_id: UUID) -> IntermediatedReport:
    report = _reports_to_unit(actor).filter(public_id=report_id).first()
    if report is None:
        record(
            "police:report:access_refused",
            actor=Actor.staff(actor),
            subject=f"report:{report_id}",
            details={"reason": "not_addressed_to_unit"},
        )
        raise Http404
    return report


def police_report_view(report: IntermediatedReport) -> PoliceReport:
    return _report_as_police_sees_it(IntermediatedReport.objects.filter(pk=report.pk).values(*REPORT_COLUMNS).get())


def police_report_open(*, actor: StaffUser, report_id: UUID) -> PoliceReport:
    report = report_for_unit(actor=actor, report_id=report_id)
    record(
        "police:report:opened",
        actor=Actor.staff(actor),
        subject=f"report:{report.public_id}",
        case_ref=str(Case.objects.values_list("public_id", flat=True).get(pk=report.case_id)),
    )
    return police_report_view(report)


@dataclass(frozen=True)
class PersonReport:
    identity_released: str
    venue: str
    filed_on: date
    replied_on: date | None
    record_type: str
    contact_policy: str
    investigation_started: bool | None
    investigation_reason: str


def reports_for_person(case: Case) -> list[PersonReport]:
    """Reports made for the person; the police's answer once the intermediary has passed it on."""
    return [
        PersonReport(
            identity_released=r.identity_released,
            venue=r.venue,
            filed_on=r.created_at.date(),
            replied_on=r.replied_on if r.relayed_at else None,
            record_type=r.record_type if r.relayed_at else "",
            contact_policy=r.contact_policy if r.relayed_at else "",
            investigation_started=r.investigation_started if r.relayed_at else None,
            investigation_reason=r.investigation_reason if r.relayed_at else "",
        )
        for r in IntermediatedReport.objects.filter(case=case).order_by("-created_at")[:20]
    ]


# --- outcomes ------------------------------------------------------------------------------


def outcomes_of(*, consultation_id: UUID | None = None, report_id: UUID | None = None) -> list[ReportOutcome]:
    """Outcomes recorded about one consultation or one report, by its public id (dates and codes only)."""
    if consultation_id is not None:
        return list(ReportOutcome.objects.filter(consultation__public_id=consultation_id))
    if report_id is not None:
        return list(ReportOutcome.objects.filter(report__public_id=report_id))
    return []


@dataclass(frozen=True)
class PersonOutcome:
    code: str
    occurred_on: date


def outcomes_for_person(case: Case) -> list[PersonOutcome]:
    return [
        PersonOutcome(code, occurred_on)
        for code, occurred_on in ReportOutcome.objects.filter(
            Q(consultation__case=case) | Q(report__case=case)
        ).order_by("occurred_on", "id").values_list("code", "occurred_on")[:50]
    ]


def outcome_label(code: str) -> str:
    return _label(OutcomeCode, code)


# --- per police unit figures, for oversight (the statistics issue reads these) ----------------

NOT_RECORDED = "not_recorded"


def median_of(histogram: Counter[int]) -> float | None:
    """The median of the values a histogram {value: count} counts (the mean of the two middle ones if even)."""
    total = sum(histogram.values())
    if not total:
        return None
    middle = ((total - 1) // 2, total // 2)
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        for position in middle:
            if seen <= position < seen + histogram[value]:
                found.append(value)
        seen += histogram[value]
    return (found[0] + found[-1]) / 2


_median = median_of  # the name the police tests know


@dataclass(frozen=True)
class UnitFigures:
    """What one police unit did with what reached it. Counts only: no case, no person.

    `immigration_actions` counts each value the unit recorded, "none" included,
    and replies that recorded nothing under "not_recorded", so a unit that
    reports nothing is visible as such. `reply_days` is a histogram {whole days
    to reply: how many replies}, consultations and reports together; `outcomes`
    counts the outcome codes recorded (the statistics app reads these figures).
    """

    police_unit_id: int
    police_unit: str
    consultations_requested: int = 0
    consultations_held: int = 0
    consultations_converted: int = 0
    reports_received: int = 0
    reports_replied: int = 0
    median_days_to_reply: float | None = None
    contact_policies: dict[str, int] = field(default_factory=dict)
    immigration_actions: dict[str, int] = field(default_factory=dict)
    reply_days: dict[int, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    jurisdiction: str = ""


def unit_figures(
    *,
    unit_ids: Iterable[int] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    jurisdiction: str = "",
    using: str = "default",
) -> list[UnitFigures]:
    """Figures per police unit: consultations requested / held / converted, intermediated reports,
    median days to reply, contact policy used, immigration-related actions ("none" explicit), outcomes.

    `since` / `until` keep what was asked in that period (consultations and reports by the day
    they were made, outcomes by the day they happened); `using` names the database to read
    (the statistics replica). Every unit in scope has its figures, those with nothing too.
    """
    from django.db.models import Count

    units = Organisation.objects.using(using).filter(kind=OrganisationKind.POLICE_UNIT)
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    if jurisdiction:
        units = units.filter(jurisdiction=jurisdiction)
    found = {pk: (name, code) for pk, name, code in units.values_list("pk", "name", "jurisdiction")}
    names = {pk: name for pk, (name, _code) in found.items()}

    def made_in(queryset: QuerySet[Any]) -> QuerySet[Any]:
        if since is not None:
            queryset = queryset.filter(created_at__gte=since)
        if until is not None:
            queryset = queryset.filter(created_at__lt=until)
        return queryset

    consultations = (
        made_in(Consultation.objects.using(using).filter(police_unit_id__in=names, proposed_for__isnull=False))
        .values("police_unit_id")
        .annotate(
            requested=Count("id"),
            held=Count("id", filter=Q(held_on__isnull=False)),
            converted=Count("id", filter=Q(status__in=[ConsultationStatus.REPORT, ConsultationStatus.INTELLIGENCE])),
        )
        .order_by()
    )
    reports = made_in(IntermediatedReport.objects.using(using).filter(police_unit_id__in=names))
    received = dict(
        reports.values("police_unit_id").annotate(n=Count("id")).order_by().values_list("police_unit_id", "n")
    )
    policies: dict[int, Counter[str]] = {unit: Counter() for unit in names}
    actions: dict[int, Counter[str]] = {unit: Counter() for unit in names}
    for unit, policy, action, count in (
        reports.filter(replied_on__isnull=False)
        .values("police_unit_id", "contact_policy", "immigration_action")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("police_unit_id", "contact_policy", "immigration_action", "n")
    ):
        policies[unit][policy] += count
        actions[unit][action or NOT_RECORDED] += count
    # A histogram of days to reply per unit, counted by the database; the median is read from it.
    days: dict[int, Counter[int]] = {unit: Counter() for unit in names}
    for model in (IntermediatedReport, Consultation):
        for unit, waited, count in (
            made_in(model.objects.using(using).filter(police_unit_id__in=names, days_to_reply__isnull=False))
            .values("police_unit_id", "days_to_reply")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("police_unit_id", "days_to_reply", "n")
        ):
            if waited is not None:  # filtered out above; said again for the type checker
                days[unit][int(waited)] += count
    outcomes: dict[int, Counter[str]] = {unit: Counter() for unit in names}
    happened = ReportOutcome.objects.using(using).filter(police_unit_id__in=names)
    if since is not None:
        happened = happened.filter(occurred_on__gte=since.date())
    if until is not None:
        happened = happened.filter(occurred_on__lt=until.date())
    for unit, code, count in happened.values("police_unit_id", "code").annotate(n=Count("id")).order_by().values_list(
        "police_unit_id", "code", "n"
    ):
        outcomes[unit][code] += count
    by_unit = {row["police_unit_id"]: row for row in consultations}
    figures = []
    for unit, name in sorted(names.items(), key=lambda item: (item[1], item[0])):
        row = by_unit.get(unit, {})
        figures.append(
            UnitFigures(
                police_unit_id=unit,
                police_unit=name,
                consultations_requested=row.get("requested", 0),
                consultations_held=row.get("held", 0),
                consultations_converted=row.get("converted", 0),
                reports_received=received.get(unit, 0),
                reports_replied=sum(policies[unit].values()),
                median_days_to_reply=median_of(days[unit]),
                contact_policies=dict(policies[unit]),
                immigration_actions={ImmigrationAction.NONE.value: 0, **actions[unit]},
                reply_days=dict(days[unit]),
                outcomes=dict(outcomes[unit]),
                jurisdiction=found[unit][1],
            )
        )
    return figures


# --- a municipal desk's own inbox (ADR 0037) ------------------------------------------------


@dataclass(frozen=True)
class DeskContact:
    """One person who wrote to the desk from the portal, as the desk's inbox lists them: the code and dates."""

    case_id: UUID
    code: str
    written_at: datetime | None
    answered: bool


DESK_INBOX_SHOWN = 200


def _desk_contacts(actor: StaffUser) -> QuerySet[Case]:
    """The records the portal opened at the actor's own desk; none for anyone else.

    A record at a desk is the desk's, not a care centre's: no centre, police
    unit or other organisation reaches it here, and the desk reaches no
    centre's case here.
    """
    organisation = actor.organisation
    if organisation is None or organisation.kind != OrganisationKind.MUNICIPAL_DESK:
        return Case.objects.none()
    return Case.objects.filter(care_centre_id=organisation.pk)


def desk_inbox_for(actor: StaffUser) -> list[DeskContact]:
    """Who wrote to the desk, newest message first, by case code; the messages themselves only on opening one."""
    rows = (
        _desk_contacts(actor)
        .order_by(F("last_victim_message_at").desc(nulls_last=True), "-pk")
        .values_list("public_id", "code", "last_victim_message_at", "last_centre_reply_at")[:DESK_INBOX_SHOWN]
    )
    return [
        DeskContact(case_id=public_id, code=code, written_at=written, answered=replied is not None and (written is None or replied >= written))
        for public_id, code, written, replied in rows
    ]


def desk_contact_get_for(*, actor: StaffUser, case_id: UUID) -> Case:
    """A record of the actor's own desk; 404 for any other (another desk's, a centre's)."""
    case = _desk_contacts(actor).filter(public_id=case_id).first()
    if case is None:
        raise Http404
    return case


def desk_conversation_for(*, actor: StaffUser, case: Case) -> list[ShownMessage]:
    """The conversation, opened as the centre's staff open it: one audit event, in the person's access history."""
    messages, _appointments = conversation_for_staff(case=case, actor=actor)
    return messages


# --- which desks the portal offers (ADR 0037, amended 2026-12-02) -----------------------------

# The roles that read and answer a desk's inbox: a desk without one of them would hold
# people's messages that nobody reads.
DESK_INBOX_ROLES = frozenset(role for role, permissions in ROLE_PERMISSIONS.items() if Permission.POLICE_DESK_INBOX in permissions)


@dataclass(frozen=True)
class DeskForPortal:
    """A municipal desk as the DPO decides on it: open or not, who would read, and the police it would work with."""

    desk: Organisation
    readers: int
    police_units: list[str]
    firewall: bool

    @property
    def may_open(self) -> bool:
        return self.desk.is_active and self.readers > 0


def desk_inbox_readers(desk: Organisation) -> int:
    """Active staff of the desk whose role reads its inbox (coordinator, caseworker)."""
    roles = StaffUser.objects.filter(organisation=desk, is_active=True).values_list("roles", flat=True)
    return sum(1 for held in roles if DESK_INBOX_ROLES.intersection(held))


def _desk_for_portal(desk: Organisation) -> DeskForPortal:
    units = Organisation.objects.filter(kind=OrganisationKind.POLICE_UNIT, jurisdiction=desk.jurisdiction, is_active=True)
    return DeskForPortal(
        desk=desk,
        readers=desk_inbox_readers(desk),
        police_units=list(units.order_by("name").values_list("name", flat=True)),
        firewall=has_firewall(desk.jurisdiction),
    )


def desks_for_portal() -> list[DeskForPortal]:
    """Every municipal desk of the deployment, active or not: the DPO decides which the portal offers."""
    desks = Organisation.objects.filter(kind=OrganisationKind.MUNICIPAL_DESK).order_by("name")
    return [_desk_for_portal(desk) for desk in desks]


def desk_for_portal_get(*, desk_id: UUID) -> DeskForPortal:
    """One municipal desk by its public id; 404 for anything else (a centre, a police unit)."""
    desk = Organisation.objects.filter(kind=OrganisationKind.MUNICIPAL_DESK, public_id=desk_id).first()
    if desk is None:
        raise Http404
    return _desk_for_portal(desk)
