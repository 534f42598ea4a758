"""A stand-in for a domain model that keeps a sealed field, for tests only.

Its table is created and dropped by the tests that use it; the app label is
not installed, so makemigrations never sees it.
"""

import uuid

from django.db import connection, models


class SealedNote(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True)
    case_ref = models.CharField(max_length=64)
    body = models.BinaryField()

    class Meta:
        app_label = "vault_scenario"
        db_table = "vault_scenario_note"

    def __str__(self) -> str:
        return f"note {self.public_id}"


def create_table() -> None:
    with connection.schema_editor() as editor:
        editor.create_model(SealedNote)


def drop_table() -> None:
    with connection.schema_editor() as editor:
        editor.delete_model(SealedNote)
