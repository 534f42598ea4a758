"""The referral directory and warm referrals (§6.2 r6, r8; §6.4 r2).

The directory lives in data/referrals/<JURISDICTION>.toml (reviewed under
version control) and is loaded into the database, where the DPO can correct
it and link an entry to the partner's SafeReport organisation.

A warm referral that shares anything goes through the consent engine
(`consent.services.disclosure_build`): this module never reads case data for
a partner. Reads are in `referrals.selectors`. Without sharing, the referral is tracked by the centre only and
the partner sees nothing in SafeReport.
"""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safereport import datafiles
from safereport.accounts.models import Organisation, StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case
from safereport.consent.models import DisclosurePackage
from safereport.consent.services import DisclosureRefused, disclosure_build
from safereport.referrals.forms import ReferralServiceForm
from safereport.referrals.models import Referral, ReferralService, ReferralStatus, ServiceKind

DATA_DIR = Path(settings.BASE_DIR) / "data" / "referrals"
REFERRAL_PURPOSE = "referral"


class ReferralRefused(Exception):
    """The referral would share data the person has not consented to share (or could not be built)."""


def _subject(case: Case) -> str:
    return f"case:{case.public_id}"


# --- directory ------------------------------------------------------------------


def directory_entries(data_dir: Path = DATA_DIR) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for name, directory in datafiles.load("referrals", directory=data_dir).items():
        for service in directory.service:
            if service.kind not in ServiceKind.values:
                raise ValueError(f"{name}: {service.key}: unknown kind {service.kind!r}")
            entries.append({**service.model_dump(), "jurisdiction": directory.jurisdiction})
    return entries


@transaction.atomic
def referral_directory_load(*, actor: Actor, data_dir: Path = DATA_DIR) -> int:
    """Create or update entries from the data files. The DPO's link to a
    SafeReport organisation and the active flag are kept."""
    count = 0
    for entry in directory_entries(data_dir):
        ReferralService.objects.update_or_create(
            key=entry["key"],
            defaults={
                "jurisdiction": entry["jurisdiction"],
                "name": entry["name"],
                "kind": entry["kind"],
                "languages": list(entry.get("languages", [])),
                "accepts_people_without_papers": entry.get("accepts_people_without_papers"),
                "data_sharing_policy": entry.get("data_sharing_policy", ""),
                "contact": entry.get("contact", ""),
                "hours": entry.get("hours", ""),
                "source": entry.get("source", ""),
                "last_reviewed": entry.get("last_reviewed"),
            },
        )
        count += 1
    record(
        "referrals:directory:loaded", actor=actor, subject="referrals:directory", details={"entries": count}
    )
    return count


@transaction.atomic
def directory_service_save(*, form: ReferralServiceForm, actor: StaffUser) -> ReferralService:
    """The DPO's correction of a directory entry (or a new one), audited."""
    service: ReferralService = form.save()
    record(
        "referrals:directory:saved",
        actor=Actor.staff(actor),
        subject=f"referral_service:{service.public_id}",
        details={"key": service.key},
    )
    return service


# --- warm referrals ----------------------------------------------------------------


def _disclosure_build(*, case: Case, recipient: Organisation, purpose: str, actor: StaffUser) -> DisclosurePackage:
    """The one door to sharing: the consent engine builds the package, or refuses
    (and audits its refusal). Nothing here reads case data for a partner."""
    try:
        return disclosure_build(case=case, recipient=recipient, purpose=purpose, actor=actor)
    except DisclosureRefused as refused:
        raise ReferralRefused(getattr(refused, "reason", "") or str(refused)) from refused


def referral_send(*, case: Case, service: ReferralService, actor: StaffUser, share_data: bool) -> Referral:
    """Make a warm referral. With `share_data`, only what the consent engine
    allows reaches the partner; a refusal is audited and nothing is created.

    The package and the referral commit together. A refusal is caught inside
    the transaction, so the consent engine's own refusal event (written after
    its inner rollback) is kept, and ours is written next to it.
    """
    if service.jurisdiction != case.care_centre.jurisdiction or not service.is_active:
        raise ReferralRefused("this service is not in the centre's directory")
    refusal: ReferralRefused | None = None
    referral: Referral | None = None
    with transaction.atomic():
        package = None
        try:
            if share_data:
                if service.organisation is None:
                    raise ReferralRefused("partner_not_on_safereport")
                package = _disclosure_build(case=case, recipient=service.organisation, purpose=REFERRAL_PURPOSE, actor=actor)
        except ReferralRefused as refused:
            refusal = refused
        else:
            referral = Referral.objects.create(
                case=case,
                service=service,
                # Without sharing, the partner is not told anything through SafeReport.
                recipient=service.organisation if share_data else None,
                purpose=REFERRAL_PURPOSE,
                shares_data=share_data,
                disclosure_ref=str(package.public_id) if package is not None else "",
                shared_categories=list(package.categories) if package is not None else [],
                sent_by=actor,
            )
            record(
                "cases:referral:sent",
                actor=Actor.staff(actor),
                subject=_subject(case),
                case_ref=str(case.public_id),
                details={
                    "service": service.key,
                    "shares_data": share_data,
                    "categories": ",".join(referral.shared_categories),
                },
            )
    if refusal is not None:
        record(
            "cases:referral:refused",
            actor=Actor.staff(actor),
            subject=_subject(case),
            case_ref=str(case.public_id),
            details={"service": service.key, "reason": str(refusal)[:200]},
        )
        raise refusal
    assert referral is not None  # noqa: S101  (either refused above or created)
    return referral


PARTNER_TRANSITIONS: dict[str, set[str]] = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED},
    ReferralStatus.ACCEPTED: {ReferralStatus.FIRST_CONTACT},
}


@transaction.atomic
def referral_partner_update(*, referral: Referral, actor: StaffUser, status: str) -> Referral:
    """The partner says: accepted, declined, or first contact made (sent → accepted → first contact)."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    if status not in PARTNER_TRANSITIONS.get(current.status, set()):
        raise ValueError(f"cannot go from {current.status!r} to {status!r}")
    now = timezone.now()
    current.status = status
    if status == ReferralStatus.ACCEPTED:
        current.accepted_at = now
    if status == ReferralStatus.FIRST_CONTACT:
        current.first_contact_at = now
    current.save(update_fields=["status", "accepted_at", "first_contact_at"])
    record(
        "cases:referral:partner_update",
        actor=Actor.staff(actor),
        subject=f"referral:{current.public_id}",
        case_ref=str(current.case.public_id),
        details={"status": status},
    )
    return current


