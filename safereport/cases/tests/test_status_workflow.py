"""The state-machine mechanism (core.workflow on django-fsm-2), exercised through Case.

A model made only for these tests would need an app and migrations of its
own; the case status is the mechanism's first real user, so the tests go
through it and check the mechanism's promises, not the case's rules.
"""

import threading

import pytest
from django.db import connection, connections
from django.utils.functional import Promise
from django_fsm import can_proceed, has_transition_perm

from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.cases.models import Case
from safereport.cases.models import CaseStatus as S
from safereport.cases.services import transitions
from safereport.core.workflow import ProtectedStateError, TransitionNotAllowed, TransitionNotPermitted

pytestmark = pytest.mark.django_db(databases="__all__")

# Visits every declared transition once, each from a state it allows.
WALK = [
    ("mark_seen", S.FIRST_CONTACT, S.SEEN),
    ("start_care", S.SEEN, S.IN_CARE),
    ("refer", S.IN_CARE, S.REFERRED),
    ("resume_care", S.REFERRED, S.IN_CARE),
    ("close", S.IN_CARE, S.CLOSED),
    ("reopen", S.CLOSED, S.IN_CARE),
]


def transition_events(case):
    return AuditEvent.objects.filter(action="cases:case:transition", case_ref=str(case.public_id)).order_by(
        "sequence"
    )


def stored_status(case):
    return Case.objects.values_list("status", flat=True).get(pk=case.pk)


# --- an audit event per transition -----------------------------------------------


def test_every_transition_writes_one_audit_event_saying_from_where_to_where(world):
    case, worker = world.cases["assigned"], world.staff["crisis_worker"]
    assert {name for name, _, _ in WALK} == set(transitions.TRANSITIONS)
    for count, (name, source, target) in enumerate(WALK, start=1):
        transitions.case_transition(case=case, name=name, actor=worker)
        assert case.status == target and stored_status(case) == target
        events = list(transition_events(case))
        assert len(events) == count
        assert events[-1].details == {"transition": name, "from": source, "to": target}
        assert events[-1].actor_staff_id == worker.pk
    assert Case.objects.get(pk=case.pk).status_changed_at == case.status_changed_at is not None


def test_an_unknown_transition_is_refused_and_nothing_is_written(world):
    case = world.cases["assigned"]
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionNotAllowed):
        transitions.case_transition(case=case, name="delete_everything", actor=world.staff["crisis_worker"])
    assert stored_status(case) == S.FIRST_CONTACT
    assert AuditEvent.objects.count() == before


# --- permission per transition ---------------------------------------------------


def test_a_transition_without_the_permission_is_refused_audited_and_changes_nothing(world):
    case, trainer = world.cases["assigned"], world.staff["trainer"]
    with pytest.raises(TransitionNotPermitted):
        transitions.case_transition(case=case, name="mark_seen", actor=trainer)
    assert stored_status(case) == S.FIRST_CONTACT and case.status == S.FIRST_CONTACT
    assert not transition_events(case).exists()
    refusal = AuditEvent.objects.get(action="cases:case_transition:refused")
    assert refusal.actor_staff_id == trainer.pk and refusal.case_ref == str(case.public_id)
    assert refusal.details == {"transition": "mark_seen", "reason": "not_permitted", "permission": "cases:case:update"}


def test_the_role_is_not_enough_when_the_account_is_deactivated(world):
    case, worker = world.cases["assigned"], world.staff["crisis_worker"]
    worker.is_active = False
    worker.save(update_fields=["is_active"])
    with pytest.raises(TransitionNotPermitted):
        transitions.case_transition(case=case, name="mark_seen", actor=worker)
    assert stored_status(case) == S.FIRST_CONTACT


def test_an_audit_actor_is_checked_as_the_person_behind_it(world):
    case = world.cases["assigned"]
    transitions.case_transition(case=case, name="mark_seen", actor=Actor.staff(world.staff["doctor"]))
    assert stored_status(case) == S.SEEN
    for nobody in (Actor.victim(), Actor.system("script"), Actor.staff(world.staff["trainer"])):
        with pytest.raises(TransitionNotPermitted):
            transitions.case_transition(case=case, name="close", actor=nobody)
    assert stored_status(case) == S.SEEN
    assert AuditEvent.objects.filter(action="cases:case_transition:refused").count() == 3


def test_the_library_reads_the_same_declarations(world):
    case = world.cases["assigned"]
    assert can_proceed(case.mark_seen) and not can_proceed(case.reopen)
    assert has_transition_perm(case.mark_seen, world.staff["crisis_worker"])
    assert not has_transition_perm(case.mark_seen, world.staff["trainer"])
    assert not has_transition_perm(case.mark_seen, world.staff["police_liaison"])
    available = {t.name for t in case.get_available_user_status_transitions(world.staff["doctor"])}
    assert available == {"mark_seen", "start_care", "close"}


def test_the_page_lists_transitions_in_declared_order_with_translatable_labels():
    listed = transitions.transitions_from(S.FIRST_CONTACT)
    assert [t.name for t in listed] == ["mark_seen", "start_care", "close"]
    assert all(isinstance(t.label, Promise) for t in listed)
    assert [t.name for t in transitions.transitions_from(S.CLOSED)] == ["reopen"]


# --- the field is protected ------------------------------------------------------


def test_calling_a_transition_method_directly_is_refused(world):
    case = world.cases["assigned"]
    with pytest.raises(ProtectedStateError):
        case.close()
    assert case.status == S.FIRST_CONTACT and stored_status(case) == S.FIRST_CONTACT


def test_refresh_from_db_and_deferred_loading_still_set_the_status(world):
    case = world.cases["assigned"]
    elsewhere = Case.objects.get(pk=case.pk)
    transitions.case_transition(case=elsewhere, name="close", actor=world.staff["case_manager"])
    assert case.status == S.FIRST_CONTACT
    case.refresh_from_db()
    assert case.status == S.CLOSED
    case.refresh_from_db(fields=["status"])
    assert case.status == S.CLOSED
    assert Case.objects.only("code").get(pk=case.pk).status == S.CLOSED
    with pytest.raises(ProtectedStateError):
        case.status = S.IN_CARE


def test_saving_a_stale_copy_does_not_undo_a_transition(world):
    case = world.cases["assigned"]
    stale = Case.objects.get(pk=case.pk)
    transitions.case_transition(case=case, name="close", actor=world.staff["case_manager"])
    stale.preferred_language = "fr"
    stale.save()
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.status == S.CLOSED and fresh.preferred_language == "fr"
    with pytest.raises(ProtectedStateError):
        stale.save(update_fields=["status"])
    assert stored_status(case) == S.CLOSED


def test_bulk_writes_of_the_status_are_refused(world):
    case = world.cases["assigned"]
    with pytest.raises(ProtectedStateError):
        Case.objects.update(status=S.CLOSED)
    with pytest.raises(ProtectedStateError):
        Case.objects.bulk_update([case], ["status"])
    assert not Case.objects.filter(status=S.CLOSED).exists()
    assert Case.objects.filter(pk=case.pk).update(preferred_language="fr") == 1


# --- concurrency -------------------------------------------------------------------


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_two_people_pressing_the_same_button_at_once_one_wins_and_one_is_refused(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write transaction; the race needs PostgreSQL")
    people = [world.staff["crisis_worker"], world.staff["doctor"]]
    for case in (world.cases["assigned"], world.cases["unassigned"], world.cases["assigned_to_other"]):
        outcomes: list[str] = []
        barrier = threading.Barrier(2)

        def press(person, case=case, outcomes=outcomes, barrier=barrier):
            # Each page was loaded while the case was still a first contact.
            copy = Case.objects.get(pk=case.pk)
            barrier.wait()
            try:
                transitions.case_transition(case=copy, name="mark_seen", actor=person)
                outcomes.append("changed")
            except TransitionNotAllowed:
                outcomes.append("refused")
            finally:
                connections.close_all()

        threads = [threading.Thread(target=press, args=(person,)) for person in people]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes) == ["changed", "refused"]
        assert stored_status(case) == S.SEEN
        assert transition_events(case).count() == 1
