"""Reads of kits, custody logs, storage and worklists, scoped to who asks.

Centre staff see the kits of their centre whose case they may see (and kits
whose record was erased, which belong to nobody); a police unit sees only
kits released to it, as a custody record and a list of items, never a case
and never a health note. Opening a kit's page is an audited read.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property

from config.locales import DEFAULT_LOCALE, LANGUAGE_CODES, RTL_LANGUAGE_CODES
from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind
from safereport.accounts.permissions import Permission as P
from safereport.accounts.policies import roles_grant
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case
from safereport.cases.selectors import cases_visible_to
from safereport.core import bidi
from safereport.core.purposes import Purpose
from safereport.evidence import datafiles, policies
from safereport.evidence.models import (
    DESTROYABLE,
    KEPT,
    Condition,
    CustodyAction,
    CustodyEvent,
    Item,
    ItemClass,
    ItemKind,
    Kit,
    KitStatus,
    StorageLocation,
    TemperatureCheck,
)
from safereport.partners.selectors import Partner, partners_for

DUE_SOON_DAYS = 30
# A freezer without a reading for this long is an alert too.
CHECK_EVERY_HOURS = 24


def _kits_for(actor: StaffUser) -> QuerySet[Kit]:
    if actor.organisation_id is None:
        return Kit.objects.none()
    visible = cases_visible_to(actor).values("pk")
    return Kit.objects.filter(care_centre_id=actor.organisation_id).filter(Q(case__in=visible) | Q(case__isnull=True))


def kit_get_for(*, actor: StaffUser, kit_id: UUID) -> Kit:
    kit = _kits_for(actor).select_related("location", "care_centre", "police_unit", "case").filter(public_id=kit_id).first()
    if kit is None:
        raise Http404
    return kit


def kit_open_for(*, actor: StaffUser, kit_id: UUID) -> Kit:
    """The kit's page: the same refusal as kit_get_for, and the opening is in the person's access history."""
    kit = kit_get_for(actor=actor, kit_id=kit_id)
    record(
        "evidence:kit:opened",
        actor=Actor.staff(actor),
        subject=f"kit:{kit.public_id}",
        case_ref=str(kit.case.public_id) if kit.case is not None else "",
    )
    return kit


def kits_of_case(*, case: Case) -> list[Kit]:
    return list(Kit.objects.filter(case=case).select_related("location").order_by("created_at"))


def custody_log(kit: Kit) -> list[CustodyEvent]:
    return list(
        CustodyEvent.objects.filter(kit=kit)
        .select_related("by", "witness", "location", "item")
        .order_by("at", "pk")
    )


class CustodyRow(NamedTuple):
    """One line of the custody log, ready to print (no model instances, and a tuple: a log may be long)."""

    when: str
    what: str
    item: str
    by: str
    witness: str
    where: str
    from_party: str
    to_party: str
    receiver_ref: str
    seal_number: str
    condition: str


# The kit page shows the newest events of the custody log; the printable custody record shows all of them.
KIT_PAGE_EVENTS = 50

_ROW_FIELDS = (
    "at", "action", "item__kind", "by__username", "witness__username", "location__name",
    "from_party", "to_party", "receiver_ref", "seal_number", "condition",
)


def custody_rows(kit: Kit) -> list[CustodyRow]:
    """The whole custody log in time order (the printable record, the PDF for court)."""
    return _rows(kit, CustodyEvent.objects.filter(kit=kit).order_by("at", "pk").values_list(*_ROW_FIELDS))


def custody_rows_newest(kit: Kit, count: int = KIT_PAGE_EVENTS) -> tuple[list[CustodyRow], bool]:
    """The newest `count` events in time order, and whether older ones are left out (for the kit page).

    A kit kept for months gathers a freezer check a day; the custodian opens
    the kit page to see where it is now and to record the next step, whose
    forms come after the log. The full log is one link away, as the
    printable custody record (ADR 0037, amendment of 2 December).
    """
    newest = list(CustodyEvent.objects.filter(kit=kit).order_by("-at", "-pk").values_list(*_ROW_FIELDS)[: count + 1])
    earlier = len(newest) > count
    return _rows(kit, reversed(newest[:count])), earlier


def _rows(kit: Kit, rows: Iterable[tuple[Any, ...]]) -> list[CustodyRow]:
    """Rows ready to print, times in the centre's zone as YYYY-MM-DD HH:MM."""
    # Each label translated once, not once a row (500 rows: 1,500 gettext calls otherwise).
    labels = {value: str(label) for value, label in CustodyAction.choices}
    kinds = {value: str(label) for value, label in ItemKind.choices}
    conditions = {value: str(label) for value, label in Condition.choices}
    zone = kit.care_centre.zone
    def when(at: dt.datetime) -> str:
        local = at.astimezone(zone)
        return f"{local.year:04d}-{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"

    return [
        CustodyRow(
            when=when(at),
            what=str(labels.get(action, action)),
            item=str(kinds.get(item, item)) if item else "",
            by=by,
            witness=witness or "",
            where=where or "",
            from_party=from_party,
            to_party=to_party,
            receiver_ref=receiver_ref,
            seal_number=seal,
            condition=str(conditions.get(condition, condition)) if condition else "",
        )
        for at, action, item, by, witness, where, from_party, to_party, receiver_ref, seal, condition in rows
    ]


def items_of(kit: Kit) -> list[Item]:
    return list(Item.objects.filter(kit=kit).order_by("pk"))


def returnable(item: Item) -> bool:
    """An item the person may have back and has not had yet (the return form offers these)."""
    return item.item_class == ItemClass.RETURNABLE and item.returned_on is None


def any_returnable(items: list[Item]) -> bool:
    return any(returnable(item) for item in items)


def rule_of(kit: Kit) -> datafiles.EvidenceRule | None:
    return datafiles.rule(kit.rule_id)


def rules_for_case(case: Case) -> list[datafiles.EvidenceRule]:
    return datafiles.rules_for(case.care_centre.jurisdiction)


def locations_for(actor: StaffUser) -> list[StorageLocation]:
    if actor.organisation_id is None:
        return []
    return list(StorageLocation.objects.filter(care_centre_id=actor.organisation_id, is_active=True))


def location_get_for(*, actor: StaffUser, location_id: UUID) -> StorageLocation:
    location = StorageLocation.objects.filter(public_id=location_id, care_centre_id=actor.organisation_id).first()
    if actor.organisation_id is None or location is None:
        raise Http404
    return location


def witnesses_for(actor: StaffUser) -> list[StaffUser]:
    """Who may witness: another active member of the centre who may handle evidence."""
    if actor.organisation_id is None:
        return []
    staff = StaffUser.objects.filter(organisation_id=actor.organisation_id, is_active=True).exclude(pk=actor.pk)
    return [s for s in staff.order_by("username") if roles_grant(s.roles, P.EVIDENCE_KIT_MANAGE)]


def police_units_for(kit: Kit) -> list[Partner]:
    """The partnered police units of the kit's centre (ADR 0014): the only ones a kit can go to."""
    return partners_for(care_centre_id=kit.care_centre_id, purpose=Purpose.INVESTIGATION, kinds=frozenset({OrganisationKind.POLICE_UNIT}))


class KitFormOptions:
    """What the kit page's forms offer: this centre's places, this kit's items, its staff, its partners.

    Each is read when a form that offers it is drawn, not before: a kit page
    shows only the forms its state allows (ADR 0037 §2).
    """

    def __init__(self, *, actor: StaffUser, kit: Kit) -> None:
        self.actor = actor
        self.kit = kit

    @cached_property
    def locations(self) -> QuerySet[StorageLocation]:
        return StorageLocation.objects.filter(care_centre_id=self.actor.organisation_id, is_active=True)

    @cached_property
    def items(self) -> QuerySet[Item]:
        return Item.objects.filter(kit=self.kit)

    @cached_property
    def returnable(self) -> QuerySet[Item]:
        return self.items.filter(item_class=ItemClass.RETURNABLE, returned_on__isnull=True)

    @cached_property
    def witnesses(self) -> QuerySet[StaffUser]:
        return StaffUser.objects.filter(pk__in=[w.pk for w in witnesses_for(self.actor)]).order_by("username")

    @cached_property
    def units(self) -> list[tuple[str, str]]:
        return [(str(p.public_id), p.organisation.name) for p in police_units_for(self.kit)]


def kit_form_options(*, actor: StaffUser, kit: Kit) -> KitFormOptions:
    return KitFormOptions(actor=actor, kit=kit)


def may_add_items(kit: Kit) -> bool:
    """Whether the pages offer adding an item: the centre still holds the kit (the service decides the rest)."""
    return kit.status in (KitStatus.COLLECTED, *KEPT)


def may_offer_release(kit: Kit) -> bool:
    """Whether the pages offer agreeing a release: a kit of a record, kept by the centre (the service decides the rest)."""
    return kit.case_id is not None and kit.status in (*KEPT, KitStatus.DUE)


def may_destroy_now(kit: Kit, *, today: dt.date | None = None) -> bool:
    """Whether the page offers destruction: the kit is due, asked for, or past its date (the service decides)."""
    today = today or timezone.localdate()
    if kit.status in (KitStatus.DUE, KitStatus.DESTRUCTION_REQUESTED):
        return True
    return kit.status in DESTROYABLE and kit.disposal_on is not None and kit.disposal_on <= today


def police_unit_get(*, kit: Kit, organisation_id: UUID | str) -> Organisation | None:
    return Organisation.objects.filter(public_id=organisation_id, kind=OrganisationKind.POLICE_UNIT).first() if organisation_id else None


@dataclass(frozen=True)
class FreezerAlert:
    location: StorageLocation
    latest: TemperatureCheck | None

    @property
    def missing(self) -> bool:
        return self.latest is None


def freezer_alerts(actor: StaffUser, *, now: dt.datetime | None = None) -> list[FreezerAlert]:
    """Frozen places whose latest reading is out of range, or that have no reading for a day."""
    now = now or timezone.now()
    alerts = []
    for location in locations_for(actor):
        if not location.frozen:
            continue
        latest = TemperatureCheck.objects.filter(location=location).order_by("-measured_at", "-pk").first()
        if latest is None or not latest.in_range or latest.measured_at < now - dt.timedelta(hours=CHECK_EVERY_HOURS):
            alerts.append(FreezerAlert(location, latest))
    return alerts


@dataclass(frozen=True)
class Worklist:
    due_soon: list[Kit]
    overdue: list[Kit]
    release_requests: list[Kit]
    return_requests: list[Item]
    unknown_rule: list[Kit]
    freezer_alerts: list[FreezerAlert]

    @property
    def count(self) -> int:
        return len(self.due_soon) + len(self.overdue) + len(self.release_requests) + len(self.return_requests) + len(self.freezer_alerts)


WORKLIST_LIMIT = 200


def worklist_for(actor: StaffUser, *, today: dt.date | None = None) -> Worklist:
    today = today or timezone.localdate()
    kits = _kits_for(actor).select_related("location")
    kept = kits.filter(status__in=KEPT)
    return Worklist(
        due_soon=list(kept.filter(disposal_on__gte=today, disposal_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS)).order_by("disposal_on")[:WORKLIST_LIMIT]),
        overdue=list(
            kits.filter(Q(status=KitStatus.DUE) | Q(status__in=KEPT, disposal_on__lt=today)).order_by("disposal_on")[:WORKLIST_LIMIT]
        ),
        release_requests=list(
            kits.filter(release_requested_on__isnull=False, status__in=(*KEPT, KitStatus.DUE)).order_by("release_requested_on")[:WORKLIST_LIMIT]
        ),
        return_requests=list(
            Item.objects.filter(kit__in=kits, return_requested_on__isnull=False, returned_on__isnull=True)
            .select_related("kit")
            .order_by("return_requested_on")[:WORKLIST_LIMIT]
        ),
        unknown_rule=list(kept.filter(disposal_on__isnull=True).order_by("exam_started_on")[:WORKLIST_LIMIT]),
        freezer_alerts=freezer_alerts(actor),
    )


# --- the police unit's side ---------------------------------------------------------------


def _received_by(actor: StaffUser) -> QuerySet[Kit]:
    if actor.organisation_id is None:
        return Kit.objects.none()
    return Kit.objects.filter(
        police_unit_id=actor.organisation_id,
        status__in=(KitStatus.RELEASE_AGREED, KitStatus.TRANSFERRED, KitStatus.AT_LAB),
    )


def kits_received_for(actor: StaffUser) -> list[Kit]:
    return list(_received_by(actor).select_related("care_centre").order_by("-status_changed_at")[:WORKLIST_LIMIT])


def kit_received_get_for(*, actor: StaffUser, kit_id: UUID) -> Kit:
    kit = _received_by(actor).select_related("care_centre", "police_unit").filter(public_id=kit_id).first()
    if kit is None:
        raise Http404
    return kit


# --- the person's view (portal) --------------------------------------------------------------


@dataclass(frozen=True)
class PersonKit:
    kit: Kit
    rule: datafiles.EvidenceRule | None
    items: list[Item]
    may_extend: bool

    @property
    def kept(self) -> bool:
        return self.kit.status in (*KEPT, KitStatus.DUE, KitStatus.COLLECTED)


def person_has_kits(case: Case) -> bool:
    return Kit.objects.filter(case=case).exists()


def kits_for_person(case: Case) -> list[PersonKit]:
    found = []
    for kit in Kit.objects.filter(case=case).select_related("location").order_by("created_at"):
        rule = datafiles.rule(kit.rule_id)
        found.append(
            PersonKit(
                kit=kit,
                rule=rule,
                items=items_of(kit),
                may_extend=rule is not None
                and kit.status in (KitStatus.STORED, KitStatus.EXTENDED, KitStatus.NOTICE_GIVEN)
                and policies.may_extend(rule.clock(), extensions=kit.extensions),
            )
        )
    return found


def kit_of_person(*, case: Case, kit_id: UUID | str) -> Kit | None:
    try:
        return Kit.objects.filter(case=case, public_id=kit_id).first()
    except (ValueError, TypeError):
        return None


@dataclass(frozen=True)
class KitOnErasure:
    """What erasing the record does to one kit, for the erase page."""

    barcode: str
    with_police: bool
    wait_days: int | None  # the rule's wait after a destruction request, if it sets one


def erasure_preview_for_person(case: Case) -> list[KitOnErasure]:
    found = []
    for kit in Kit.objects.filter(case=case).exclude(status=KitStatus.DESTROYED).order_by("created_at"):
        rule = datafiles.rule(kit.rule_id)
        found.append(
            KitOnErasure(
                barcode=kit.barcode,
                with_police=kit.status in (KitStatus.RELEASE_AGREED, KitStatus.TRANSFERRED, KitStatus.AT_LAB),
                wait_days=rule.destroy_days_after_request if rule is not None else None,
            )
        )
    return found


# --- the printed retention notice (ADR 0026 §14) ------------------------------------------------


@dataclass(frozen=True)
class RetentionNotice:
    """What the person takes home from the examination, in their language: what is kept, until when, their say."""

    kit: Kit
    language: str
    direction: str
    items: list[Item]
    rule: datafiles.EvidenceRule | None
    notice_days: int


def retention_notice_for(kit: Kit) -> RetentionNotice:
    """In the case's preferred language (English if the record was erased or gave none)."""
    case = kit.case
    language = case.preferred_language if case is not None and case.preferred_language in LANGUAGE_CODES else DEFAULT_LOCALE
    rule = datafiles.rule(kit.rule_id)
    return RetentionNotice(
        kit=kit,
        language=language,
        direction="rtl" if language in RTL_LANGUAGE_CODES else "ltr",
        items=items_of(kit),
        rule=rule,
        notice_days=rule.notice_days if rule is not None and kit.disposal_on is not None else 0,
    )


def _no_fetch(url: str, *args: object, **kwargs: object) -> None:
    raise ValueError(f"an evidence PDF fetches nothing: {url}")


def render_pdf(template: str, context: dict[str, object]) -> bytes:
    """A printable page as a PDF (WeasyPrint, local fonts only; no network fetches)."""
    from weasyprint import HTML

    # Every <bdi> isolated by characters: WeasyPrint ignores unicode-bidi: isolate (ADR 0030).
    html = bidi.for_pdf(render_to_string(template, {**context, "for_pdf": True}))
    pdf: bytes = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    return pdf
