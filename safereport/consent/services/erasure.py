"""Erasure by crypto-shredding, with a tombstone and the retention rules that keep some packages."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case
from safereport.cases.sealing import case_owner
from safereport.consent.models import DeletionTombstone, DisclosurePackage
from safereport.consent.selectors import erasure_plan
from safereport.consent.services.common import case_ref_of
from safereport.vault.services import data_key_shred


def case_erase(*, case: Case, requested_by: str, actor: Actor) -> DeletionTombstone:
    """Crypto-shred a case: its key, the keys of packages no rule keeps; then remove its rows.

    Keys are destroyed first (in the key store, committed at once), so a
    failure afterwards leaves rows nobody can read, never readable rows.
    """
    plan = erasure_plan(case)
    now = timezone.now()
    case_ref = case_ref_of(case)
    for package in plan.shredded:
        data_key_shred(owner=package.owner, actor=actor, case_ref=case_ref)
    data_key_shred(owner=case_owner(case), actor=actor, case_ref=case_ref)
    with transaction.atomic():
        DisclosurePackage.objects.filter(pk__in=[p.pk for p in plan.shredded]).update(shredded_at=now)
        for package in plan.kept:
            years = max(r.keep_years for r in plan.rules if r.recipient_kind == package.recipient.kind)
            DisclosurePackage.objects.filter(pk=package.pk).update(
                retained_until=(now + timedelta(days=365 * years)).date()
            )
        tombstone = DeletionTombstone(
            care_centre=case.care_centre,
            jurisdiction=case.care_centre.jurisdiction,
            erased_on=now.date(),
            requested_by=requested_by,
            retention_rules=[r.id for r in plan.rules],
            packages_kept=len(plan.kept),
            packages_shredded=len(plan.shredded),
        )
        tombstone.save()
        record(
            "consent:case:erased",
            actor=actor,
            subject=f"tombstone:{tombstone.public_id}",
            case_ref=case_ref,
            details={"kept": len(plan.kept), "rules": ",".join(r.id for r in plan.rules)[:200]},
        )
        case.delete()
    return tombstone
