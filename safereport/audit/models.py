from django.db import models


class AuditEvent(models.Model):
    """One domain event. Append-only: see safereport.audit.services.record."""

    action = models.CharField(max_length=80)
    actor_kind = models.CharField(max_length=16)
    actor_staff_id = models.BigIntegerField(null=True)
    actor_role = models.CharField(max_length=200, blank=True)
    actor_organisation_id = models.BigIntegerField(null=True)
    actor_label = models.CharField(max_length=80, blank=True)
    subject = models.CharField(max_length=120)
    case_ref = models.CharField(max_length=64, blank=True, db_index=True)
    details = models.JSONField(default=dict)
    occurred_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.action} #{self.pk}"
