"""Erasure by crypto-shredding, with a tombstone, the retention rules that keep some packages,
and a notice to every recipient (docs/adr/0020)."""

from django.db import transaction
from django.utils import timezone

from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case
from safereport.cases.sealing import case_owner
from safereport.cases.services import receipt_retire
from safereport.consent.models import DeletionTombstone, DisclosurePackage, ErasureNotice
from safereport.consent.selectors import erasure_plan
from safereport.consent.services.common import case_ref_of
from safereport.core import erasure
from safereport.vault.services import data_key_shred


def case_erase(*, case: Case, requested_by: str, actor: Actor) -> DeletionTombstone:
    """Crypto-shred a case: its key, the keys of packages no rule keeps; then remove its rows.

    Keys are destroyed first (in the key store, committed at once), so a
    failure afterwards leaves rows nobody can read, never readable rows.
    Every organisation that received a package is told, in its inbox, that
    the person asked for erasure and what became of the package (GDPR art.
    19), and nothing else: what it copied out of SafeReport is its own to
    answer for.
    """
    plan = erasure_plan(case)
    now = timezone.now()
    today = timezone.localdate(now)
    case_ref = case_ref_of(case)
    for package in plan.shredded:
        data_key_shred(owner=package.owner, actor=actor, case_ref=case_ref)
    data_key_shred(owner=case_owner(case), actor=actor, case_ref=case_ref)
    with transaction.atomic():
        DisclosurePackage.objects.filter(pk__in=[p.pk for p in plan.shredded]).update(shredded_at=now)
        notices = [ErasureNotice(package=p, requested_on=today) for p in plan.shredded]
        for package in plan.kept:
            rule = plan.rule_for(package)
            kept_until = plan.kept_until(package, on=today)
            DisclosurePackage.objects.filter(pk=package.pk).update(retained_until=kept_until)
            notices.append(
                ErasureNotice(package=package, requested_on=today, kept_until=kept_until, retention_rule=rule.id if rule else "")
            )
        for notice in notices:
            notice.save()
            record(
                "consent:erasure:recipient_told",
                actor=actor,
                subject=f"package:{notice.package.public_id}",
                case_ref=case_ref,
                details={"recipient": notice.package.recipient.name[:200], "kept": notice.kept_until is not None},
            )
        tombstone = DeletionTombstone(
            care_centre=case.care_centre,
            jurisdiction=case.care_centre.jurisdiction,
            erased_on=today,
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
        # Apps above consent (evidence kits) act before the case row goes (core.erasure).
        erasure.run(case=case, actor=actor, on=today)
        receipt_retire(case=case)
        case.delete()
    return tombstone
