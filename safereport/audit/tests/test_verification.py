"""verify names the first event that was altered, deleted, inserted or reordered."""

import io

import pytest
from django.core.management import CommandError, call_command

from safereport.audit.models import AuditEvent
from safereport.audit.tests.helpers import raw_sql, write_events
from safereport.audit.verification import chain_verify

pytestmark = pytest.mark.django_db

TABLE = "audit_auditevent"


@pytest.fixture
def ten_events():
    write_events(10)


def first_break():
    result = chain_verify(batch_size=3)  # small batches: the break may sit on a page edge
    assert result.first_break is not None
    return result.first_break


def test_an_untouched_chain_verifies(ten_events):
    result = chain_verify(batch_size=3)
    assert result.ok and result.checked == 10 and result.head_sequence == 10


def test_an_empty_log_verifies():
    assert chain_verify().ok


@pytest.mark.parametrize(
    "column, value", [("subject", "case:someone-else"), ("actor_kind", "victim"), ("hash", "0" * 64)]
)
def test_an_edited_event_is_named(ten_events, column, value):
    with raw_sql() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET {column} = %s WHERE sequence = 5", [value])  # noqa: S608 - fixed names
    broken = first_break()
    # Event 5 no longer matches its own hash (an edited hash too): named before
    # event 6's link to it is even looked at.
    assert broken.sequence == 5
    assert broken.reason == "was altered: its content no longer matches its hash"


def test_an_edited_timestamp_is_named(ten_events):
    event = AuditEvent.objects.get(sequence=7)
    with raw_sql() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET occurred_at = %s WHERE sequence = 7",  # noqa: S608 - fixed names
            [event.occurred_at.replace(year=2020)],
        )
    assert first_break().sequence == 7


def test_a_deleted_event_is_named(ten_events):
    with raw_sql() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE sequence = 4")  # noqa: S608
    broken = first_break()
    assert broken.sequence == 4 and "missing" in broken.reason


def test_events_cut_off_the_end_are_named(ten_events):
    with raw_sql() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE sequence >= 9")  # noqa: S608
    broken = first_break()
    assert broken.sequence == 9 and "cut off" in broken.reason


def test_an_inserted_event_is_named(ten_events):
    with raw_sql() as cursor:
        # Make room at #5 (two steps, so the unique index never sees a duplicate) …
        cursor.execute(f"UPDATE {TABLE} SET sequence = -(sequence + 1) WHERE sequence >= 5")  # noqa: S608
        cursor.execute(f"UPDATE {TABLE} SET sequence = -sequence WHERE sequence < 0")  # noqa: S608
        # … and forge an event there, copying a real one's chain fields.
        columns = "prev_hash, hash, actor_kind, actor_staff_id, actor_role, actor_organisation_id, actor_organisation_kind, actor_organisation_name, actor_label, subject, case_ref, details, occurred_at"
        cursor.execute(
            f"INSERT INTO {TABLE} (sequence, action, {columns}) SELECT 5, 'cases:case:closed', {columns} FROM {TABLE} WHERE sequence = 6"  # noqa: S608
        )
    broken = first_break()
    assert broken.sequence == 5
    assert AuditEvent.objects.get(sequence=5).action == "cases:case:closed"


def test_reordered_events_are_named(ten_events):
    with raw_sql() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET sequence = -1 WHERE sequence = 6")  # noqa: S608
        cursor.execute(f"UPDATE {TABLE} SET sequence = 6 WHERE sequence = 7")  # noqa: S608
        cursor.execute(f"UPDATE {TABLE} SET sequence = 7 WHERE sequence = -1")  # noqa: S608
    broken = first_break()
    assert broken.sequence == 6 and "does not follow" in broken.reason


def test_a_full_rewrite_is_caught_by_an_anchor_kept_elsewhere(ten_events):
    anchor = AuditEvent.objects.get(sequence=8)
    assert chain_verify(anchor=(8, anchor.hash)).ok
    assert chain_verify(anchor=(8, "f" * 64)).first_break.sequence == 8
    assert chain_verify(anchor=(11, anchor.hash)).first_break.sequence == 11


@pytest.mark.django_db(databases="__all__")  # the command anchors the chain in the key store
def test_the_command_exits_non_zero_and_names_the_event(ten_events):
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "intact: 10 events" in out.getvalue()
    with raw_sql() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET subject = 'x' WHERE sequence = 3")  # noqa: S608
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    assert raised.value.returncode == 1
    assert "event #3" in err.getvalue()


@pytest.mark.django_db(databases="__all__")  # the command anchors the chain in the key store
def test_the_head_command_prints_an_anchor_that_verifies(ten_events):
    out = io.StringIO()
    call_command("audit", "head", stdout=out)
    sequence, hash_ = out.getvalue().strip().split(":")
    assert sequence == "10"
    call_command("audit", "verify", "--anchor", f"{sequence}:{hash_}", stdout=io.StringIO())
