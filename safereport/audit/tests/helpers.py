"""Tampering with the audit table the way an attacker with database access would: raw SQL."""

from contextlib import contextmanager

from django.db import connection

from safereport.audit.actors import Actor
from safereport.audit.services import record


def write_events(n: int, *, case_ref: str = "") -> None:
    for i in range(n):
        record(f"test:event:{i}", actor=Actor.system("test"), subject=f"thing:{i}", case_ref=case_ref)


@contextmanager
def raw_sql():
    """A cursor that bypasses the model; on PostgreSQL the append-only trigger is
    switched off for this transaction only (ALTER TABLE is transactional there)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE audit_auditchainhead DISABLE TRIGGER USER")
        yield cursor
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER USER")
            cursor.execute("ALTER TABLE audit_auditchainhead ENABLE TRIGGER USER")
