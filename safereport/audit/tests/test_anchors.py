"""Anchors in the key store: a log emptied, cut short or re-hashed consistently no longer verifies
(docs/adr/0021). Tampering is done as the main database's owner could: raw SQL, triggers lifted."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connections, router, transaction

from safereport.audit.anchors import (
    AnchorRefused,
    anchor_latest,
    anchor_write,
    check_anchors_kept_apart,
    export_line,
    parse_anchor,
)
from safereport.audit.chain import HASHED_FIELDS, event_hash
from safereport.audit.models import AuditAnchor, AuditEvent
from safereport.audit.tests.helpers import raw_sql, write_events
from safereport.core.appendonly import AppendOnlyError

pytestmark = pytest.mark.django_db(databases="__all__")

EVENTS = "audit_auditevent"
HEAD = "audit_auditchainhead"


def verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", "--jobs", "1", stdout=out)
    return out.getvalue()


def verify_fails() -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("audit", "verify", "--jobs", "1", stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 1
    return err.getvalue()


def rehash_from(first: int, *, subject: str) -> None:
    """Rewrite every event from `first` on and re-hash the chain and its head consistently."""
    events = list(AuditEvent.objects.filter(sequence__gte=first).order_by("sequence"))
    previous = AuditEvent.objects.get(sequence=first - 1).hash if first > 1 else "0" * 64
    with raw_sql() as cursor:
        for event in events:
            event.subject, event.prev_hash = subject, previous
            event.hash = event_hash(tuple(getattr(event, name) for name in HASHED_FIELDS))
            cursor.execute(
                f"UPDATE {EVENTS} SET subject = %s, prev_hash = %s, hash = %s WHERE sequence = %s",  # noqa: S608 - fixed names
                [event.subject, event.prev_hash, event.hash, event.sequence],
            )
            previous = event.hash
        cursor.execute(f"UPDATE {HEAD} SET hash = %s", [previous])  # noqa: S608


# --- where anchors live --------------------------------------------------------------


def test_anchors_live_in_the_key_store_and_not_in_the_main_database():
    assert router.db_for_write(AuditAnchor) == "keystore"
    assert "audit_auditanchor" in connections["keystore"].introspection.table_names()
    assert "audit_auditanchor" not in connections["default"].introspection.table_names()
    assert check_anchors_kept_apart(None) == []


def test_the_system_check_refuses_anchors_in_the_main_database(settings):
    settings.DATABASE_ROUTERS = []
    router.routers = []  # the router list is cached on first use
    try:
        assert [problem.id for problem in check_anchors_kept_apart(None)] == ["safereport.E070"]
    finally:
        del router.routers


def test_an_anchor_is_append_only_in_python_and_in_the_key_store():
    write_events(3)
    anchor = anchor_write(reason="test")
    with pytest.raises(AppendOnlyError):
        AuditAnchor.objects.filter(pk=anchor.pk).update(sequence=1)
    with pytest.raises(AppendOnlyError):
        anchor.delete()
    keystore = connections["keystore"]
    for statement in ("UPDATE audit_auditanchor SET sequence = 1", "DELETE FROM audit_auditanchor"):
        with pytest.raises(DatabaseError), transaction.atomic(using="keystore"), keystore.cursor() as cursor:
            cursor.execute(statement)
    assert AuditAnchor.objects.get().sequence == 3


# --- written automatically -------------------------------------------------------------


def test_housekeeping_and_every_verify_anchor_the_head():
    write_events(4)
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "audit anchor: anchored #4:" in out.getvalue()
    assert anchor_latest() == (4, AuditEvent.objects.get(sequence=4).hash)
    write_events(2)
    assert "matches the anchor #4 kept in the key store; anchored #6" in verify()
    assert [a.reason for a in AuditAnchor.objects.order_by("id")] == ["housekeeping", "verify"]
    # Nothing new: no second row for the same head.
    verify()
    call_command("housekeeping", stdout=io.StringIO())
    assert AuditAnchor.objects.count() == 2


def test_an_empty_log_has_nothing_to_anchor():
    assert anchor_write(reason="test") is None
    assert "no anchor in the key store yet" in verify()
    assert not AuditAnchor.objects.exists()


# --- what the anchors catch --------------------------------------------------------------


def test_a_log_whose_every_event_and_head_were_deleted_no_longer_verifies():
    write_events(5)
    verify()
    with raw_sql() as cursor:
        cursor.execute(f"DELETE FROM {EVENTS}")  # noqa: S608 - fixed names
        cursor.execute(f"DELETE FROM {HEAD}")  # noqa: S608
    assert "event #5" in verify_fails() and "emptied" in verify_fails()
    # Neither is the emptied log anchored by housekeeping: it fails instead.
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("housekeeping", stdout=io.StringIO(), stderr=err)
    assert "audit anchor: FAILED" in err.getvalue()
    assert anchor_latest()[0] == 5


def test_a_tail_cut_off_with_a_consistent_head_no_longer_verifies():
    write_events(8)
    call_command("housekeeping", stdout=io.StringIO())
    last_kept = AuditEvent.objects.get(sequence=6)
    with raw_sql() as cursor:
        cursor.execute(f"DELETE FROM {EVENTS} WHERE sequence > 6")  # noqa: S608
        cursor.execute(f"UPDATE {HEAD} SET sequence = 6, hash = %s", [last_kept.hash])  # noqa: S608
    assert "event #8" in verify_fails()
    with pytest.raises(AnchorRefused):
        anchor_write(reason="test")


def test_a_tail_rewritten_and_rehashed_consistently_no_longer_verifies():
    write_events(8)
    verify()
    rehash_from(5, subject="case:someone-else")
    err = verify_fails()
    assert "event #8" in err and "differs from the anchor" in err
    with pytest.raises(AnchorRefused):
        anchor_write(reason="test")


def test_a_rewrite_after_the_latest_anchor_is_beyond_its_reach_until_the_next_one():
    # The honest limit: events written since the latest anchor are only as safe
    # as the main database (the ADR says how often to anchor).
    write_events(8)
    call_command("housekeeping", stdout=io.StringIO())
    write_events(2)
    rehash_from(9, subject="case:someone-else")
    assert "intact: 10 events" in verify()


def test_a_shorter_chain_rebuilt_from_scratch_no_longer_verifies():
    write_events(6)
    verify()
    with raw_sql() as cursor:
        cursor.execute(f"DELETE FROM {EVENTS}")  # noqa: S608
        cursor.execute(f"DELETE FROM {HEAD}")  # noqa: S608
    write_events(3)  # a fresh, internally consistent chain
    assert "event #6" in verify_fails()


# --- the line for an outside party ------------------------------------------------------


def test_head_export_prints_a_signed_line_that_verify_checks_even_if_the_key_store_is_lost():
    write_events(5)
    out = io.StringIO()
    call_command("audit", "head", "--export", stdout=out)
    line = out.getvalue().strip()
    assert line.startswith("safereport-audit-anchor:v1:5:") and line == export_line(AuditAnchor.objects.get())
    assert parse_anchor(line) == (5, AuditEvent.objects.get(sequence=5).hash)
    # Someone who could also empty the key store: the outside party's line still catches a rewrite.
    with raw_sql() as cursor:
        cursor.execute(f"DELETE FROM {EVENTS} WHERE sequence > 3")  # noqa: S608
        cursor.execute(f"UPDATE {HEAD} SET sequence = 3, hash = (SELECT hash FROM {EVENTS} WHERE sequence = 3)")  # noqa: S608
    from safereport.core.appendonly import triggers_lifted

    with triggers_lifted(connections["keystore"], ["audit_auditanchor"]), connections["keystore"].cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditanchor")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "verify", "--jobs", "1", "--anchor", line, stdout=io.StringIO(), stderr=err)
    assert "event #5" in err.getvalue()


def test_an_altered_export_line_is_refused():
    write_events(5)
    out = io.StringIO()
    call_command("audit", "head", "--export", stdout=out)
    line = out.getvalue().strip()
    forged = line.replace(":5:", ":4:", 1)
    with pytest.raises(ValueError, match="altered"):
        parse_anchor(forged)
    assert parse_anchor("5:" + "a" * 64) == (5, "a" * 64)
