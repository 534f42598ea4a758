"""Guard triggers: rules a table keeps in the database itself, on PostgreSQL and SQLite.

Append-only tables (`core.appendonly`) say which columns may still change. A
guard says something else: "refuse this INSERT (or UPDATE) when …", as one SQL
condition per database vendor over the row being written (`NEW`, and `OLD`
for an UPDATE). The firewall uses them so that its rules hold for SQL from
any client, not only for code that goes through the services: a disclosure
package to an organisation that is not an approved partner of the centre is
refused by the database (docs/adr/0014-trusted-recipients.md).

Why triggers and not CHECK constraints: a CHECK cannot look at another table,
and SQLite lets a connection switch CHECK constraints off with
`PRAGMA ignore_check_constraints`. No pragma switches triggers off.

Three things follow, as for append-only tables:

* An app declares its guards once, in `<app>/guards.py`, with `register`;
  its AppConfig imports that module in `ready()`.
* A migration installs each guard with `GuardTrigger(...)`, carrying its own
  copy of the condition (migrations keep copies, as they do of fields).
* core/tests/test_appendonly.py and the apps' tests compare the migrated
  database with the declarations: a guard changed without a migration, or a
  SQLite table a later migration rebuilt (which drops its triggers), fails.

Core imports no domain app: guards name their table by model label.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.operations.base import Operation

PREFIX = "guard_"
VENDORS = ("postgresql", "sqlite")
EVENTS = ("INSERT", "UPDATE")


@dataclass(frozen=True)
class Guard:
    name: str  # the trigger's name (and on PostgreSQL its function's): "guard_…", at most 63 characters
    model: str  # "app_label.ModelName" of the table the trigger sits on
    event: str  # "INSERT" or "UPDATE"
    # Per vendor, an SQL condition over NEW (and OLD): when it is true, the row is refused.
    refuse_when: Mapping[str, str] = field(default_factory=dict)
    message: str = ""  # the refusal, after "guard: "; no quotes

    def __post_init__(self) -> None:
        if not self.name.startswith(PREFIX) or len(self.name) > 63 or not self.name.replace("_", "").isalnum():
            raise ValueError(f"guard name {self.name!r}: '{PREFIX}…', letters, digits and _, at most 63 characters")
        if self.event not in EVENTS:
            raise ValueError(f"guard {self.name}: event must be one of {EVENTS}")
        if set(self.refuse_when) != set(VENDORS):
            raise ValueError(f"guard {self.name}: give a condition for each of {VENDORS}")
        if "'" in self.message or "$" in self.message:
            raise ValueError(f"guard {self.name}: the message may not contain quotes or $")


_GUARDS: dict[str, Guard] = {}


def register(guard: Guard) -> Guard:
    existing = _GUARDS.get(guard.name)
    if existing is not None and existing != guard:
        raise ValueError(f"guard {guard.name} is registered twice, differently")
    _GUARDS[guard.name] = guard
    return guard


def guards() -> list[Guard]:
    return [_GUARDS[name] for name in sorted(_GUARDS)]


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unexpected identifier {name!r}")
    return f'"{name}"'


def pg_function_body(guard: Guard) -> str:
    # check_violation, as SQLite's RAISE(ABORT) in a trigger is a constraint
    # failure: both reach Django as IntegrityError, like the CHECKs beside them.
    return (
        f"\nBEGIN\n    IF ({guard.refuse_when['postgresql']}) THEN\n"
        f"        RAISE EXCEPTION 'guard: {guard.message}' USING ERRCODE = 'check_violation';\n"
        "    END IF;\n    RETURN NEW;\nEND\n"
    )


def create_sql(vendor: str, table: str, guard: Guard) -> list[str]:
    name = _quote(guard.name)
    if vendor == "postgresql":
        return [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS ${guard.name}${pg_function_body(guard)}${guard.name}$",
            f"CREATE TRIGGER {name} BEFORE {guard.event} ON {_quote(table)} FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {name} BEFORE {guard.event} ON {_quote(table)} FOR EACH ROW "
            f"WHEN ({guard.refuse_when['sqlite']}) BEGIN SELECT RAISE(ABORT, 'guard: {guard.message}'); END"
        ]
    return []


def drop_sql(vendor: str, table: str, guard: Guard) -> list[str]:
    name = _quote(guard.name)
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {_quote(table)}", f"DROP FUNCTION IF EXISTS {name}()"]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}"]
    return []


def expected_triggers(vendor: str, model: Any) -> set[str]:
    """The guards on `model`'s table, described as core.appendonly.installed_triggers() describes triggers."""
    table = model._meta.db_table
    mine = [g for g in guards() if g.model == model._meta.label]
    if vendor == "postgresql":
        return {f"{g.name}: BEFORE {g.event} FOR EACH ROW {g.name}()" for g in mine}
    if vendor == "sqlite":
        return {create_sql(vendor, table, g)[0] for g in mine}
    return set()


def installed_function_bodies(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """PostgreSQL: the source of every guard function, by name (the trigger list shows only names)."""
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname, prosrc FROM pg_proc WHERE proname LIKE %s", [PREFIX + "%"])
        return dict(cursor.fetchall())


def guarded_models() -> list[Any]:
    return sorted({apps.get_model(g.model) for g in guards()}, key=lambda m: m._meta.label)


class GuardTrigger(Operation):
    """Install one guard, on PostgreSQL and SQLite. Reversing it drops it.

        GuardTrigger("DisclosurePackage", name="guard_…", event="INSERT",
                     refuse_when={"postgresql": "…", "sqlite": "…"}, message="…")

    Running it again with a changed condition replaces the trigger; so does
    running it after a migration that rebuilt the table on SQLite.

    `on_app` puts a guard on another app's table, from the migration of the
    app whose rule it is (training keeps its synthetic cases in, ADR 0035);
    that migration must depend on the other app's latest one.
    """

    reversible = True

    def __init__(
        self,
        model_name: str,
        *,
        name: str,
        event: str,
        refuse_when: Mapping[str, str],
        message: str,
        on_app: str = "",
    ) -> None:
        self.model_name = model_name
        self.name = name
        self.event = event
        self.refuse_when = dict(refuse_when)
        self.message = message
        self.on_app = on_app

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        keywords: dict[str, Any] = {
            "name": self.name,
            "event": self.event,
            "refuse_when": self.refuse_when,
            "message": self.message,
        }
        if self.on_app:
            keywords["on_app"] = self.on_app
        return (self.__class__.__name__, [self.model_name], keywords)

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _guard(self, app_label: str) -> Guard:
        return Guard(self.name, f"{self.on_app or app_label}.{self.model_name}", self.event, self.refuse_when, self.message)

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        app_label = self.on_app or app_label
        model = to_state.apps.get_model(app_label, self.model_name)
        connection = schema_editor.connection
        if not (self.allow_migrate_model(connection.alias, model) and router.allow_migrate(connection.alias, app_label)):
            return
        guard, table = self._guard(app_label), model._meta.db_table
        for statement in [*drop_sql(connection.vendor, table, guard), *create_sql(connection.vendor, table, guard)]:
            schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        app_label = self.on_app or app_label
        model = from_state.apps.get_model(app_label, self.model_name)
        connection = schema_editor.connection
        if self.allow_migrate_model(connection.alias, model):
            for statement in drop_sql(connection.vendor, model._meta.db_table, self._guard(app_label)):
                schema_editor.execute(statement, params=None)

    def describe(self) -> str:
        return f"Install the guard trigger {self.name} on {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return self.name


class SQLiteRebuildAmongGuards(Operation):
    """Let SQLite rebuild a table that other tables' guards name (put one before the rebuild, `done=True` after).

    Django rebuilds a SQLite table to add a CHECK: it drops the old table and
    renames the new one into place. Since SQLite 3.26 a rename re-checks every
    trigger of the schema, and a guard on another table that reads the dropped
    one by name (training's `accounts_organisation tk`, the recipient guards)
    stops the migration with "no such table". The legacy rename does not
    re-check; the names those triggers read are the same after the rebuild, so
    they work again once it is done. PostgreSQL never rebuilds: nothing to do.
    """

    reversible = True

    def __init__(self, *, done: bool = False) -> None:
        self.done = done

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__name__, [], {"done": self.done} if self.done else {})

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _set(self, schema_editor: Any, legacy: bool) -> None:
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"PRAGMA legacy_alter_table = {'ON' if legacy else 'OFF'}", params=None)

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        self._set(schema_editor, legacy=not self.done)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        self._set(schema_editor, legacy=self.done)

    def describe(self) -> str:
        return "Back to SQLite's checked renames" if self.done else "SQLite's legacy rename while a table is rebuilt among guards"
