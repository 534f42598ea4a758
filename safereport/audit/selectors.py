"""Reads of the audit log.

`case_access_history` is what a victim sees with their receipt code: who
(role and kind of organisation, with its name; never a staff member's name or
id), when, what kind of access, and what was shared. The portal decides who
may ask for which case; this function trusts its caller on that.
"""

from dataclasses import dataclass
from datetime import datetime

from safereport.audit import actions
from safereport.audit.models import AuditEvent

# The last segment of an action ("cases:case:opened") says what kind of access it was.
VIEWED = frozenset({"opened", "read", "viewed", "decrypted", "downloaded", "exported"})
SHARED = frozenset({"shared", "disclosed", "sent", "referred", "handed_over"})
REFUSED = frozenset({"refused", "denied"})
# Only these detail keys describe sharing in terms a victim may see.
SHARED_DETAIL_KEYS = ("categories", "recipient_kind", "recipient", "purpose", "field")


@dataclass(frozen=True)
class AccessEntry:
    occurred_at: datetime
    access: str  # "viewed" | "shared" | "refused" | "changed"
    action: str
    actor_kind: str  # "staff" | "victim" | "system"
    roles: tuple[str, ...]
    organisation_kind: str
    organisation_name: str
    shared: dict[str, str | int | bool | None]


def _access_kind(action: str) -> str:
    declared = actions.get(action)
    if declared is not None:
        return declared.access.value
    # Events written before actions were declared (safereport.audit.actions).
    verb = action.rsplit(":", 1)[-1]
    if verb in VIEWED:
        return "viewed"
    if verb in SHARED:
        return "shared"
    if verb in REFUSED or verb.endswith("_refused"):
        return "refused"
    return "changed"


def case_access_history(*, case_ref: str) -> list[AccessEntry]:
    if not case_ref:
        return []
    rows = (
        AuditEvent.objects.filter(case_ref=case_ref)
        .order_by("sequence")
        .values_list(
            "occurred_at",
            "action",
            "actor_kind",
            "actor_role",
            "actor_organisation_kind",
            "actor_organisation_name",
            "details",
        )
    )
    return [
        AccessEntry(
            occurred_at=occurred_at,
            access=_access_kind(action),
            action=action,
            actor_kind=actor_kind,
            roles=tuple(role for role in actor_role.split(",") if role),
            organisation_kind=organisation_kind,
            organisation_name=organisation_name,
            shared={key: details[key] for key in SHARED_DETAIL_KEYS if key in details},
        )
        for occurred_at, action, actor_kind, actor_role, organisation_kind, organisation_name, details in rows
    ]
