"""audit.record(): the only way an audit event is written.

Each event is chained to the one before it (safereport.audit.chain). The
chain head is locked for the length of the append, so concurrent writers
queue instead of forking the chain: SELECT … FOR UPDATE on PostgreSQL, and on
SQLite the IMMEDIATE transaction mode the settings require (checked below).
"""

from collections.abc import Mapping

from django.db import connection, transaction
from django.utils import timezone

from safereport.audit import actions
from safereport.audit.actors import Actor
from safereport.audit.chain import GENESIS_HASH, HASHED_FIELDS, event_hash
from safereport.audit.models import AuditChainHead, AuditEvent

DetailValue = str | int | bool | None

# Details describe an event ("field": "narrative", "categories": "medical"),
# they never carry what someone wrote. A long string is a sign that content
# is leaking into the log, so it is refused.
MAX_DETAIL_LENGTH = 200


def _check_details(details: Mapping[str, DetailValue]) -> dict[str, DetailValue]:
    checked: dict[str, DetailValue] = {}
    for key, value in details.items():
        if not isinstance(key, str) or not isinstance(value, str | int | bool | type(None)):
            raise TypeError(f"audit detail {key!r} must map a string to str, int, bool or None")
        if isinstance(value, str) and len(value) > MAX_DETAIL_LENGTH:
            raise ValueError(f"audit detail {key!r} is longer than {MAX_DETAIL_LENGTH} characters")
        checked[key] = value
    return checked


def _locked_head() -> AuditChainHead:
    if (
        connection.vendor == "sqlite"
        and connection.settings_dict.get("OPTIONS", {}).get("transaction_mode") != "IMMEDIATE"
    ):
        # With DEFERRED transactions two writers could read the same head.
        raise RuntimeError("The audit chain needs SQLite transaction_mode IMMEDIATE (config/settings.py).")
    head: AuditChainHead | None = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # First event ever (or the table was emptied by a test flush): start
        # from the last event, if any. ON CONFLICT DO NOTHING lets two first
        # writers race safely; both then lock the same row.
        last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first()
        sequence, hash_ = last if last else (0, GENESIS_HASH)
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(pk=1, sequence=sequence, hash=hash_)], ignore_conflicts=True
        )
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def record(
    action: str,
    *,
    actor: Actor,
    subject: str,
    case_ref: str = "",
    details: Mapping[str, DetailValue] | None = None,
) -> AuditEvent:
    if actor.kind == "staff" and case_ref:
        # The person sees every staff event about their case, so each must say
        # what it was in their words (audit.actions); refuse before writing.
        declared = actions.get(action)
        if declared is None or declared.told is None:
            raise actions.UndeclaredAuditAction(
                f"audit action {action!r} is written by staff about a case but declares no sentence for the person"
                " (declare it in <app>/audit_actions.py)"
            )
    with transaction.atomic():
        head = _locked_head()
        event = AuditEvent(
            sequence=head.sequence + 1,
            prev_hash=head.hash,
            action=action,
            actor_kind=actor.kind,
            actor_staff_id=actor.staff_id,
            actor_role=actor.role,
            actor_organisation_id=actor.organisation_id,
            actor_organisation_kind=actor.organisation_kind,
            actor_organisation_name=actor.organisation_name,
            actor_label=actor.label,
            subject=subject,
            case_ref=case_ref,
            details=_check_details(details or {}),
            occurred_at=timezone.now(),
        )
        event.hash = event_hash(tuple(getattr(event, name) for name in HASHED_FIELDS))
        event._appending = True  # type: ignore[attr-defined]  # a flag only AuditEvent.save() reads, not a field
        event.save()
        AuditChainHead.objects.filter(pk=1).update(sequence=event.sequence, hash=event.hash)
    return event
