"""Base model: opaque public ids for URLs, timestamps. Nothing domain-specific."""

import uuid

from django.db import models
from django.utils import timezone


class PublicModel(models.Model):
    """Rows that appear in URLs are addressed by a random UUID, never by pk."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class ThrottleWindow(models.Model):
    """How much of a budget (safereport.core.throttle) was spent in one time window."""

    bucket = models.CharField(max_length=120)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bucket", "window_start"], name="one_row_per_window")]

    def __str__(self) -> str:
        return f"{self.bucket}@{self.window_start}"


class SpentFormToken(models.Model):
    """A one-time form token that has been used (safereport.core.once): its digest, never the token."""

    digest = models.CharField(max_length=64, unique=True)
    spent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"spent {self.digest[:8]}…"
