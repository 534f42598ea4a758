"""The audit log: append-only, hash-chained domain events.

Only safereport.audit.services.record() inserts. Nothing updates or deletes:
the model and its queryset refuse to, and on PostgreSQL a trigger refuses
UPDATE and DELETE from any client (migration 0002).
"""

from typing import Any, NoReturn

from django.db import models


class AppendOnlyError(Exception):
    """Something tried to change or remove an audit event."""


def _refuse(*args: Any, **kwargs: Any) -> NoReturn:
    raise AppendOnlyError("Audit events are append-only; write them with safereport.audit.services.record().")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    update = _refuse
    delete = _refuse
    bulk_update = _refuse
    bulk_create = _refuse
    create = _refuse
    get_or_create = _refuse
    update_or_create = _refuse


class AuditEvent(models.Model):
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

    objects = AuditEventQuerySet.as_manager()

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not getattr(self, "_appending", False) or self.pk is not None:
            _refuse()
        super().save(*args, force_insert=True, **kwargs)

    delete = _refuse


class AuditChainHead(models.Model):
    """One row: the last event's sequence and hash.

    Writers lock this row to append, which serialises the chain on
    PostgreSQL (SELECT … FOR UPDATE); on SQLite the IMMEDIATE transaction
    already holds the database's single write lock. verify also compares it
    with the last event, so cutting events off the end is noticed.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit head #{self.sequence}"
