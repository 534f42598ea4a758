"""Counts from the evidence app: kits kept, released and destroyed, per care centre (issue 14 §8).

Counts only: no barcode, no date per kit, no case. Kits are counted by the year their
examination started and where they stand now; destructions by the year of the
destruction record, which outlives an erased record. Every release rule applies (no
centre below the threshold shows a count: 1–10 hidden, with complements).
"""

import datetime as dt

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from safereport.evidence.models import DestructionReason, DestructionRecord, Holder, Kit, KitStatus
from safereport.stats.selectors.cases import per_centre
from safereport.stats.selectors.registry import Counts, Scope, TableSpec, register, stats_database

STANDING = (
    (
        "kept",
        _("Kept, not reported"),
        (
            KitStatus.COLLECTED,
            KitStatus.STORED,
            KitStatus.EXTENDED,
            KitStatus.NOTICE_GIVEN,
            KitStatus.DESTRUCTION_REQUESTED,
            KitStatus.DUE,
        ),
    ),
    ("released", _("Released to the police"), (KitStatus.RELEASE_AGREED, KitStatus.TRANSFERRED, KitStatus.AT_LAB)),
    ("destroyed", _("Destroyed"), (KitStatus.DESTROYED,)),
)
GROUP_OF = {status.value: key for key, _label, statuses in STANDING for status in statuses}


def kits_in(scope: Scope) -> "QuerySet[Kit]":
    found = Kit.objects.using(stats_database()).filter(
        exam_started_on__gte=dt.date(scope.year, 1, 1), exam_started_on__lt=dt.date(scope.year + 1, 1, 1)
    )
    if scope.jurisdiction:
        found = found.filter(care_centre__jurisdiction=scope.jurisdiction)
    if scope.centre_ids is not None:
        found = found.filter(care_centre_id__in=scope.centre_ids)
    return found


def kits_by_standing(scope: Scope) -> Counts:
    counted = kits_in(scope).values_list("care_centre_id", "status").annotate(n=Count("pk")).order_by()
    columns = [(key, str(label)) for key, label, _statuses in STANDING]
    return per_centre(scope, columns, ((centre, GROUP_OF.get(status, ""), n) for centre, status, n in counted))


def kits_by_holder(scope: Scope) -> Counts:
    counted = kits_in(scope).values_list("care_centre_id", "holder").annotate(n=Count("pk")).order_by()
    columns = [(holder.value, str(holder.label)) for holder in Holder]
    return per_centre(scope, columns, counted)


def destructions(scope: Scope) -> Counts:
    found = DestructionRecord.objects.using(stats_database()).filter(
        destroyed_at__gte=scope.starts, destroyed_at__lt=scope.ends
    )
    if scope.jurisdiction:
        found = found.filter(care_centre__jurisdiction=scope.jurisdiction)
    if scope.centre_ids is not None:
        found = found.filter(care_centre_id__in=scope.centre_ids)
    counted = found.values_list("care_centre_id", "reason").annotate(n=Count("pk")).order_by()
    columns = [(reason.value, str(reason.label)) for reason in DestructionReason]
    return per_centre(scope, columns, counted)


KIT_DEFINITIONS = (
    _("A kit is counted in the year its examination started, by where it stands now."),
    _("Counts only: no kit, date or person can be read from this table."),
)

register(
    TableSpec(
        key="evidence-kits",
        title=_("Evidence kits kept, released and destroyed, per care centre"),
        description=_("Forensic evidence kits collected in the year: still kept while the person decides, released to the police, or destroyed."),
        rows_are=_("Care centre"),
        columns_are=_("Where the kit stands"),
        source="evidence",
        count=kits_by_standing,
        definitions=KIT_DEFINITIONS,
    )
)
register(
    TableSpec(
        key="evidence-kits-by-holder",
        title=_("Evidence kits by who holds them, per care centre"),
        description=_("Forensic evidence kits collected in the year, by who holds them now: the centre, a laboratory or the police."),
        rows_are=_("Care centre"),
        columns_are=_("Held by"),
        source="evidence",
        count=kits_by_holder,
        definitions=KIT_DEFINITIONS,
    )
)
register(
    TableSpec(
        key="evidence-destructions",
        title=_("Evidence kits destroyed, per care centre, by reason"),
        description=_("Destruction records made in the year; they remain after a person erases their record."),
        rows_are=_("Care centre"),
        columns_are=_("Why the kit was destroyed"),
        source="evidence",
        count=destructions,
        definitions=(_("One destruction record per kit, witnessed by a second member of staff."),),
    )
)

