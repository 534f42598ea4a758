"""When a partnership ends: what was sent under it is shredded (ADR 0014).

The package pages already refuse a package whose partnership was revoked;
shredding its key as well means no copy of the database, and no backup,
opens it again. Nothing is lost to the centre: the case keeps its own
content, and a new partnership can be sent a new package with the person's
consent. A retention rule does not keep such a package: it kept the package
for its recipient, who may no longer read it.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import StaffUser
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.consent.models import DisclosurePackage
from safereport.partners.models import Partnership
from safereport.partners.selectors import recipient_verdict
from safereport.vault.services import data_key_shred


def packages_shred_unreadable(*, partnership: Partnership, actor: StaffUser) -> int:
    """Shred every package of this centre to this organisation that no partnership lets it read any more.

    Keys first (the key store commits at once), then the rows say so: a
    failure in between leaves packages nobody can open, never the reverse.
    """
    shredded = 0
    packages = DisclosurePackage.objects.filter(
        care_centre_id=partnership.care_centre_id, recipient_id=partnership.organisation_id, shredded_at__isnull=True
    )
    for package in packages:
        verdict = recipient_verdict(
            care_centre_id=package.care_centre_id,
            organisation_id=package.recipient_id,
            purpose=package.purpose,
            built_at=package.built_at,
        )
        if verdict.allowed:
            continue
        data_key_shred(owner=package.owner, actor=Actor.staff(actor), case_ref=package.case_ref)
        with transaction.atomic():
            DisclosurePackage.objects.filter(pk=package.pk).update(shredded_at=timezone.now())
            record(
                "consent:package:shredded",
                actor=Actor.staff(actor),
                subject=f"package:{package.public_id}",
                case_ref=package.case_ref,
                details={"reason": verdict.refusal, "partnership": str(partnership.public_id)},
            )
        shredded += 1
    return shredded


def on_partnership_ended(sender: Any, *, partnership: Partnership, actor: StaffUser, **kwargs: Any) -> None:
    packages_shred_unreadable(partnership=partnership, actor=actor)
