"""The audit log: append-only, hash-chained domain events.

Only safereport.audit.services.record() inserts. Nothing updates or deletes:
the model and its queryset refuse to, and database triggers refuse UPDATE
and DELETE from any client, on PostgreSQL and SQLite (the rules are in
safereport.core.appendonly.RULES).
"""

from typing import Any, ClassVar, NoReturn

from django.db import models

from safereport.core.appendonly import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet


def _not_through_record(*args: Any, **kwargs: Any) -> NoReturn:
    raise AppendOnlyError("Audit events are append-only; write them with safereport.audit.services.record().")


class AuditEventQuerySet(AppendOnlyQuerySet):
    # Inserting is allowed on append-only tables, but an event that did not go
    # through record() is not on the chain.
    bulk_create = _not_through_record
    create = _not_through_record
    get_or_create = _not_through_record
    update_or_create = _not_through_record


class AuditEvent(AppendOnlyModel):
    """One domain event, e.g. `cases:case:opened`. Never an IP address, user agent or plaintext."""

    # 1, 2, 3, … without gaps: a missing number is a deleted event.
    sequence = models.BigIntegerField(unique=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    action = models.CharField(max_length=80)
    actor_kind = models.CharField(max_length=16)
    actor_staff_id = models.BigIntegerField(null=True)
    actor_role = models.CharField(max_length=200, blank=True)
    actor_organisation_id = models.BigIntegerField(null=True)
    actor_organisation_kind = models.CharField(max_length=32, blank=True)
    actor_organisation_name = models.CharField(max_length=200, blank=True)
    actor_label = models.CharField(max_length=80, blank=True)
    subject = models.CharField(max_length=120)
    case_ref = models.CharField(max_length=64, blank=True, db_index=True)
    details = models.JSONField(default=dict)
    occurred_at = models.DateTimeField()

    objects: ClassVar[Any] = AuditEventQuerySet.as_manager()

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not getattr(self, "_appending", False):
            _not_through_record()
        super().save(*args, **kwargs)


class AuditChainHead(AppendOnlyModel):
    """One row: the last event's sequence and hash.

    Writers lock this row to append, which serialises the chain on
    PostgreSQL (SELECT … FOR UPDATE); on SQLite the IMMEDIATE transaction
    already holds the database's single write lock. verify also compares it
    with the last event, so cutting events off the end is noticed. Its rule
    lets sequence and hash move and nothing else; it is never deleted.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit head #{self.sequence}"


class AuditAnchor(AppendOnlyModel):
    """The chain's head (sequence, hash) at a moment, kept where the main database's owner cannot rewrite it alone.

    The key-store database holds these rows (safereport.vault.routers admits
    this model as its guest; a system check refuses to start if the rows
    would land in the main database). verify compares the chain against the
    latest one: a chain that is empty, shorter, or re-hashed at that point
    fails (docs/adr/0021). Written by safereport.audit.services.anchor_write(),
    never changed or deleted, and never moving backwards.
    """

    sequence = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    anchored_at = models.DateTimeField()
    # Why it was written: "verify", "housekeeping" or "export".
    reason = models.CharField(max_length=20)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"audit anchor #{self.sequence}"
