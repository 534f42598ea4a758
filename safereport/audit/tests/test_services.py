"""record(): chained, append-only in code and in the database (PostgreSQL and SQLite)."""

import pytest
from django.db import DatabaseError, connection, transaction

from safereport.audit.actors import Actor
from safereport.audit.chain import GENESIS_HASH, HASHED_FIELDS, event_hash
from safereport.audit.models import AuditChainHead, AuditEvent
from safereport.audit.services import record
from safereport.audit.tests.helpers import write_events
from safereport.core.appendonly import AppendOnlyError

pytestmark = pytest.mark.django_db


def test_events_form_a_chain_from_genesis():
    write_events(3)
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[0].prev_hash == GENESIS_HASH
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    head = AuditChainHead.objects.get()
    assert (head.sequence, head.hash) == (3, events[2].hash)


def test_the_stored_event_hashes_to_the_same_value_after_a_round_trip():
    record(
        "test:event:x", actor=Actor.system("t"), subject="s", details={"b": True, "a": 1, "n": None, "s": "é"}
    )
    event = AuditEvent.objects.get()
    assert event_hash(tuple(getattr(event, name) for name in HASHED_FIELDS)) == event.hash


def test_staff_are_recorded_by_role_and_organisation_without_addresses(world):
    worker = world.staff["crisis_worker"]
    event = record("cases:case:opened", actor=Actor.staff(worker), subject="case:x")
    assert event.actor_staff_id == worker.pk
    assert event.actor_organisation_kind == worker.organisation.kind
    assert event.actor_organisation_name == worker.organisation.name
    field_names = {f.name for f in AuditEvent._meta.get_fields()}
    assert not {"ip", "ip_address", "user_agent", "remote_addr"} & field_names


def test_nothing_in_code_can_change_or_remove_an_event():
    write_events(1)
    event = AuditEvent.objects.get()
    event.subject = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(subject="changed")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.create(
            sequence=9, action="x", actor_kind="system", subject="x", occurred_at=event.occurred_at
        )
    with pytest.raises(AppendOnlyError):
        AuditEvent(sequence=9, action="x").save()


def refused_by_the_database(statement: str) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)


def test_the_database_refuses_update_and_delete_from_any_client():
    write_events(1)
    refused_by_the_database("UPDATE audit_auditevent SET subject = 'x'")
    refused_by_the_database("UPDATE audit_auditevent SET subject = subject")  # even a rewrite to the same value
    refused_by_the_database("DELETE FROM audit_auditevent")
    assert AuditEvent.objects.get().subject == "thing:0"


def test_the_chain_head_moves_forward_but_cannot_be_deleted_or_renumbered():
    write_events(2)
    refused_by_the_database("DELETE FROM audit_auditchainhead")
    refused_by_the_database("UPDATE audit_auditchainhead SET id = 2")
    with pytest.raises(AppendOnlyError):
        AuditChainHead.objects.get().delete()
    with pytest.raises(AppendOnlyError):
        AuditChainHead.objects.all().delete()
    # Moving it is what record() does, and bench/audit.py's update_or_create:
    head = AuditChainHead.objects.get()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditchainhead SET sequence = 0, hash = 'x'")
    AuditChainHead.objects.update_or_create(pk=1, defaults={"sequence": head.sequence, "hash": head.hash})
    write_events(1)
    assert AuditChainHead.objects.get().sequence == 3


@pytest.mark.parametrize(
    "details",
    [{"note": "x" * 201}, {"nested": {"a": 1}}, {"number": 1.5}, {3: "x"}],
)
def test_details_that_could_carry_content_are_refused(details):
    with pytest.raises((TypeError, ValueError)):
        record("test:event:x", actor=Actor.system("t"), subject="s", details=details)
    assert not AuditEvent.objects.exists()


def test_a_failed_transaction_leaves_no_gap():
    write_events(1)
    with pytest.raises(RuntimeError), transaction.atomic():
        record("test:event:rolled-back", actor=Actor.system("t"), subject="s")
        raise RuntimeError
    write_events(1)
    assert list(AuditEvent.objects.values_list("sequence", flat=True).order_by("sequence")) == [1, 2]


def test_record_many_appends_the_same_chain_as_record_one_by_one_and_verifies():
    from safereport.audit.services import Entry, record_many
    from safereport.audit.verification import chain_verify

    record("test:event:before", actor=Actor.system("t"), subject="s")
    assert record_many([Entry("test:event:batch", Actor.system("t"), f"s{i}", details={"i": i}) for i in range(3)]) == 3
    record("test:event:after", actor=Actor.system("t"), subject="s")
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert all(later.prev_hash == earlier.hash for earlier, later in zip(events, events[1:], strict=False))
    assert [e.details for e in events[1:4]] == [{"i": 0}, {"i": 1}, {"i": 2}]
    assert AuditChainHead.objects.get().sequence == 5
    assert chain_verify().ok
    assert record_many([]) == 0


def test_record_many_refuses_a_staff_event_about_a_case_that_tells_the_person_nothing(world):
    from safereport.audit.actions import UndeclaredAuditAction
    from safereport.audit.services import Entry, record_many

    with pytest.raises(UndeclaredAuditAction):
        record_many([Entry("test:event:undeclared", Actor.staff(world.staff["doctor"]), "s", case_ref="C")])
    assert not AuditEvent.objects.filter(action="test:event:undeclared").exists()
