"""Tampering with the audit table the way an attacker with database access would: raw SQL."""

from contextlib import contextmanager

from django.db import connection

from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.core.appendonly import triggers_lifted


def write_events(n: int, *, case_ref: str = "") -> None:
    for i in range(n):
        record(f"test:event:{i}", actor=Actor.system("test"), subject=f"thing:{i}", case_ref=case_ref)


@contextmanager
def raw_sql():
    """A cursor that bypasses the model, with the append-only triggers lifted for
    this transaction only (safereport.core.appendonly.triggers_lifted)."""
    with triggers_lifted(connection, ["audit_auditevent", "audit_auditchainhead"]), connection.cursor() as cursor:
        yield cursor
