"""Guard triggers (core/guards.py): the migrated database holds exactly the declared guards, on both databases.

What each guard refuses is tested with its app (partners/tests/test_guards.py);
here the mechanism: declarations against the database, and the SQL it writes.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from safereport.core import guards
from safereport.core.appendonly import AppendOnlyModel, expected_triggers, installed_triggers

pytestmark = pytest.mark.django_db


def test_apps_declare_guards_and_each_names_a_table_that_exists():
    assert guards.guards(), "the recipient registry declares its guards in partners/guards.py"
    tables = set(connection.introspection.table_names())
    for model in guards.guarded_models():
        assert model._meta.db_table in tables


@pytest.mark.parametrize("model", guards.guarded_models(), ids=lambda m: m._meta.label)
def test_the_migrated_database_holds_exactly_the_declared_guards(model):
    installed = installed_triggers(connection, model._meta.db_table)
    appendonly = expected_triggers(connection.vendor, model) if issubclass(model, AppendOnlyModel) else set()
    assert installed == guards.expected_triggers(connection.vendor, model) | appendonly, (
        f"{model._meta.label}: the database's triggers differ from the declared guards. Add a migration with "
        "GuardTrigger(…) carrying the guard's condition (a SQLite table rebuilt by a migration loses its triggers too)."
    )


def test_on_postgresql_every_guard_function_holds_the_declared_condition():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps the condition in the trigger itself, compared above")
    bodies = guards.installed_function_bodies(connection)
    assert bodies == {g.name: guards.pg_function_body(g) for g in guards.guards()}


SCRATCH = "core_guard_scratch"


def test_a_guard_refuses_what_its_condition_names_and_lets_the_rest_through():
    guard = guards.Guard(
        "guard_scratch_no_negative",
        "core.Scratch",
        "INSERT",
        {"postgresql": "NEW.amount < 0", "sqlite": "NEW.amount < 0"},
        "no negative amounts",
    )
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {SCRATCH} (id integer PRIMARY KEY, amount integer)")
        for statement in guards.create_sql(connection.vendor, SCRATCH, guard):
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {SCRATCH} VALUES (1, 5)")  # noqa: S608
    with pytest.raises(DatabaseError, match="guard: no negative amounts"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {SCRATCH} VALUES (2, -1)")  # noqa: S608
    with connection.cursor() as cursor:
        for statement in guards.drop_sql(connection.vendor, SCRATCH, guard):
            cursor.execute(statement)
        cursor.execute(f"INSERT INTO {SCRATCH} VALUES (3, -1)")  # noqa: S608
        cursor.execute(f"SELECT id FROM {SCRATCH} ORDER BY id")  # noqa: S608
        assert [row[0] for row in cursor.fetchall()] == [1, 3]


def test_a_guard_must_be_named_and_written_for_both_databases():
    with pytest.raises(ValueError):
        guards.Guard("no_prefix", "core.Scratch", "INSERT", {"postgresql": "TRUE", "sqlite": "1"})
    with pytest.raises(ValueError):
        guards.Guard("guard_x", "core.Scratch", "INSERT", {"sqlite": "1"})
    with pytest.raises(ValueError):
        guards.Guard("guard_x", "core.Scratch", "DELETE", {"postgresql": "TRUE", "sqlite": "1"})
