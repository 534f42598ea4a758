"""audit.record(): the only way an audit event is written.

Interim version (foundation): a plain append. The vault-and-audit issue adds
the hash chain, verification and database-level append-only enforcement
behind this same signature.
"""

from collections.abc import Mapping

from django.utils import timezone

from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent

DetailValue = str | int | bool | None


def record(
    action: str,
    *,
    actor: Actor,
    subject: str,
    case_ref: str = "",
    details: Mapping[str, DetailValue] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        actor_kind=actor.kind,
        actor_staff_id=actor.staff_id,
        actor_role=actor.role,
        actor_organisation_id=actor.organisation_id,
        actor_label=actor.label,
        subject=subject,
        case_ref=case_ref,
        details=dict(details or {}),
        occurred_at=timezone.now(),
    )
