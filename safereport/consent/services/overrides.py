"""The safeguarding override (§6.3 rec. 8): sharing without consent, only on a
recorded ground, approved by a second person, audited, and told to the person
once it is safe.

    override_request → (the approver reads the justification) → override_decide
    → override_send (one package: the override's recipient, purpose and
    categories, within its window) → override_mark_safe_to_tell

Everyone acting on an override must be able to see its case, as for any other
case page; an approver must have read the justification (the read is in the
audit log) before deciding.
"""

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from safereport.accounts.models import Organisation, StaffUser
from safereport.accounts.permissions import OrganisationKind
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases.models import Case
from safereport.cases.sealing import case_owner
from safereport.cases.selectors import cases_visible_to
from safereport.consent import rules
from safereport.consent.models import DisclosurePackage, OverrideStatus, SafeguardingOverride
from safereport.consent.purposes import SEALED_CATEGORIES, recipient_kind_allowed
from safereport.consent.selectors import justification_read_by
from safereport.consent.services.common import OverrideRefused, case_ref_of, lock_case
from safereport.consent.services.disclosure import disclosure_build
from safereport.core.categories import DataCategory
from safereport.vault.services import SealContext, seal


@transaction.atomic
def override_request(
    *,
    case: Case,
    ground: str,
    justification: str,
    categories: Iterable[str],
    recipient: Organisation,
    purpose: str,
    actor: StaffUser,
) -> SafeguardingOverride:
    known = rules.grounds().get(ground)
    if known is None or not known.applies_in(case.care_centre.jurisdiction):
        raise OverrideRefused("unknown_ground")
    categories = sorted(set(categories))
    if not categories or not set(categories) <= set(DataCategory.values) - SEALED_CATEGORIES:
        raise OverrideRefused("categories")
    if not justification.strip():
        raise OverrideRefused("no_justification")
    if recipient.kind not in OrganisationKind.values or not recipient_kind_allowed(purpose=purpose, kind=recipient.kind):
        raise OverrideRefused("recipient_kind_not_for_purpose")
    if actor.organisation_id != case.care_centre_id:
        raise OverrideRefused("actor_not_at_centre")
    case = lock_case(case)
    override = SafeguardingOverride(
        case=case,
        care_centre=case.care_centre,
        ground=ground,
        categories=categories,
        recipient=recipient,
        purpose=purpose,
        requested_by=actor,
        approver_role=known.approver_role,
    )
    override.justification_sealed = seal(
        justification.encode("utf-8"),
        context=SealContext(
            owner=case_owner(case),
            record=f"consent.SafeguardingOverride:{override.public_id}",
            field="justification_sealed",
        ),
    )
    override.save()
    record(
        "consent:override:requested",
        actor=Actor.staff(actor),
        subject=f"override:{override.public_id}",
        case_ref=case_ref_of(case),
        details={"ground": ground, "categories": ",".join(categories), "recipient_kind": recipient.kind},
    )
    return override


def override_decide(*, override: SafeguardingOverride, approver: StaffUser, approve: bool) -> SafeguardingOverride:
    """The second person's decision. Refusals of the attempt itself are audited too."""
    try:
        with transaction.atomic():
            locked = SafeguardingOverride.objects.select_for_update().get(pk=override.pk)
            if locked.status != OverrideStatus.PENDING:
                raise OverrideRefused("not_pending")
            if approver.pk == locked.requested_by_id:
                raise OverrideRefused("second_approver_must_be_someone_else")
            if approver.organisation_id != locked.care_centre_id:
                raise OverrideRefused("approver_not_at_centre")
            if locked.approver_role not in approver.roles:
                raise OverrideRefused("approver_lacks_named_role")
            if not _sees_case(approver, locked):
                raise OverrideRefused("approver_not_on_case")
            # Deciding blind is not deciding: the approver's read of the reason is in the log.
            if not justification_read_by(override=locked, actor=approver):
                raise OverrideRefused("justification_not_read")
            now = timezone.now()
            locked.status = OverrideStatus.APPROVED if approve else OverrideStatus.REFUSED
            locked.decided_by = approver
            locked.decided_at = now
            if approve:
                locked.expires_at = now + timedelta(hours=rules.grounds()[locked.ground].valid_hours)
            locked.save(update_fields=["status", "decided_by", "decided_at", "expires_at"])
            record(
                f"consent:override:{locked.status}",
                actor=Actor.staff(approver),
                subject=f"override:{locked.public_id}",
                case_ref=str(locked.case.public_id) if locked.case else "",
                details={"ground": locked.ground},
            )
            return locked
    except OverrideRefused as refusal:
        record(
            "consent:override_decision:refused",
            actor=Actor.staff(approver),
            subject=f"override:{override.public_id}",
            case_ref=str(override.case.public_id) if override.case else "",
            details={"reason": refusal.reason},
        )
        raise


def _sees_case(actor: StaffUser, override: SafeguardingOverride) -> bool:
    return override.case_id is not None and cases_visible_to(actor).filter(pk=override.case_id).exists()


def override_send(*, override: SafeguardingOverride, actor: StaffUser) -> DisclosurePackage:
    """Send what an approved override allows: its recipient, its purpose, its categories, once, within its window.

    Nothing here decides what may leave: `disclosure_build` checks the override
    again under the case lock and refuses (audited) anything else.
    """
    if override.case is None:
        raise OverrideRefused("case_gone")
    return disclosure_build(
        case=override.case, recipient=override.recipient, purpose=override.purpose, actor=actor, override=override
    )


@transaction.atomic
def override_mark_safe_to_tell(*, override: SafeguardingOverride, actor: StaffUser) -> None:
    if actor.organisation_id != override.care_centre_id:
        raise OverrideRefused("actor_not_at_centre")
    # Telling the person is about their case: only someone who may see it decides.
    if not _sees_case(actor, override):
        raise OverrideRefused("actor_not_on_case")
    if override.status != OverrideStatus.APPROVED:
        # Nothing was shared under a pending or refused request: there is nothing to tell.
        raise OverrideRefused("not_approved")
    SafeguardingOverride.objects.filter(pk=override.pk, safe_to_tell_at__isnull=True).update(
        safe_to_tell_at=timezone.now(), safe_to_tell_by=actor
    )
    record(
        "consent:override:safe_to_tell",
        actor=Actor.staff(actor),
        subject=f"override:{override.public_id}",
        case_ref=str(override.case.public_id) if override.case else "",
    )
