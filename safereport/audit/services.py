"""audit.record(): the only way an audit event is written.

Each event is chained to the one before it (safereport.audit.chain). The
chain head is locked for the length of the append, so concurrent writers
queue instead of forking the chain: SELECT … FOR UPDATE on PostgreSQL, and on
SQLite the IMMEDIATE transaction mode the settings require (checked below).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import connection, models, transaction
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


def _refuse_undeclared(action: str, *, actor: Actor, case_ref: str) -> None:
    if actor.kind == "staff" and case_ref:
        # The person sees every staff event about their case, so each must say
        # what it was in their words (audit.actions); refuse before writing.
        declared = actions.get(action)
        if declared is None or declared.told is None:
            raise actions.UndeclaredAuditAction(
                f"audit action {action!r} is written by staff about a case but declares no sentence for the person"
                " (declare it in <app>/audit_actions.py)"
            )


def _event(sequence: int, prev_hash: str, action: str, *, actor: Actor, subject: str, case_ref: str,
           details: Mapping[str, DetailValue] | None) -> AuditEvent:
    event = AuditEvent(
        sequence=sequence,
        prev_hash=prev_hash,
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
    return event


@dataclass(frozen=True)
class Entry:
    """One event for record_many(): the arguments record() takes."""

    action: str
    actor: Actor
    subject: str
    case_ref: str = ""
    details: Mapping[str, DetailValue] = field(default_factory=dict)


def record_many(entries: Sequence[Entry]) -> int:
    """Append several events in one go: the head locked once, one INSERT, the head moved once.

    The chain is the same as `len(entries)` calls of record() in a row would
    make (consecutive sequences, each hash over the one before); for a batch
    job (the evidence clock) that changes hundreds of rows in one transaction.
    """
    if not entries:
        return 0
    for entry in entries:
        _refuse_undeclared(entry.action, actor=entry.actor, case_ref=entry.case_ref)
    with transaction.atomic():
        head = _locked_head()
        sequence, prev_hash = head.sequence, head.hash
        events = []
        for entry in entries:
            sequence += 1
            event = _event(sequence, prev_hash, entry.action, actor=entry.actor, subject=entry.subject,
                           case_ref=entry.case_ref, details=entry.details)
            prev_hash = event.hash
            events.append(event)
        # AuditEventQuerySet refuses bulk_create to everyone else: only this module appends to the chain.
        models.QuerySet[AuditEvent](AuditEvent).bulk_create(events, batch_size=500)
        AuditChainHead.objects.filter(pk=1).update(sequence=sequence, hash=prev_hash)
    return len(events)


def record(
    action: str,
    *,
    actor: Actor,
    subject: str,
    case_ref: str = "",
    details: Mapping[str, DetailValue] | None = None,
) -> AuditEvent:
    _refuse_undeclared(action, actor=actor, case_ref=case_ref)
    with transaction.atomic():
        head = _locked_head()
        event = _event(head.sequence + 1, head.hash, action, actor=actor, subject=subject, case_ref=case_ref, details=details)
        event._appending = True  # type: ignore[attr-defined]  # a flag only AuditEvent.save() reads, not a field
        event.save()
        AuditChainHead.objects.filter(pk=1).update(sequence=event.sequence, hash=event.hash)
    return event
