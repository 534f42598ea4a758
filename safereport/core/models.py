"""Base model: opaque public ids for URLs, timestamps. Nothing domain-specific."""

import uuid

from django.db import models


class PublicModel(models.Model):
    """Rows that appear in URLs are addressed by a random UUID, never by pk."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
