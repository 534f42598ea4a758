"""The victim's view of who opened their record: roles and organisations, never names."""

import pytest

from safereport.audit.actors import Actor
from safereport.audit.selectors import case_access_history
from safereport.audit.services import record

pytestmark = pytest.mark.django_db


def test_the_history_shows_role_and_organisation_but_not_who(world):
    worker = world.staff["crisis_worker"]
    # Demo staff have no names; give this one a name the history must not show.
    worker.first_name, worker.last_name = "Marieke", "Janssens"
    worker.save(update_fields=["first_name", "last_name"])
    record("cases:case:opened", actor=Actor.staff(worker), subject="case:1", case_ref="case-1")
    record(
        "consent:package:disclosed",
        actor=Actor.staff(worker),
        subject="package:9",
        case_ref="case-1",
        details={"categories": "medical", "recipient_kind": "police_unit", "internal_note_id": 42},
    )
    record("consent:record:withdrawn", actor=Actor.victim(), subject="consent:3", case_ref="case-1")
    record("cases:case:opened", actor=Actor.staff(worker), subject="case:2", case_ref="case-2")

    history = case_access_history(case_ref="case-1")
    assert [entry.access for entry in history] == ["viewed", "shared", "changed"]
    opened, shared, withdrawn = history
    assert opened.organisation_name == worker.organisation.name
    assert opened.organisation_kind == worker.organisation.kind
    assert opened.roles == tuple(sorted(worker.roles))
    assert shared.shared == {"categories": "medical", "recipient_kind": "police_unit"}
    assert withdrawn.actor_kind == "victim"
    # Nothing that identifies the person: no id, no username, no name.
    assert not {"staff_id", "actor_staff_id", "username", "name"} & set(vars(opened))
    assert "Marieke" not in repr(history) and "Janssens" not in repr(history)
    assert str(worker.public_id) not in repr(history)


def test_an_empty_reference_shows_nothing(world):
    record("cases:case:opened", actor=Actor.system("x"), subject="case:1", case_ref="")
    assert case_access_history(case_ref="") == []
