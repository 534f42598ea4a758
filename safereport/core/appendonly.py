"""Append-only tables, declared once (docs/adr/0004-audit-log.md, "Append-only, once").

`RULES` lists every table whose rows may not be rewritten once written, and
the little each may still do. Three things follow from it:

* In Python, `AppendOnlyModel` and its queryset refuse, with AppendOnlyError,
  a save of an existing row, an update of a column the rule does not free, a
  delete and an upsert.
* In the database, migrations install the same rule as triggers with
  `AppendOnlyTriggers(...)`, on PostgreSQL and on SQLite, so SQL from any
  client is refused as well.
* core/tests/test_appendonly.py checks that every AppendOnlyModel has a rule
  and that the migrated database holds exactly the triggers the rules
  describe. A rule changed without a migration fails there, and so does a
  SQLite table that a later migration rebuilt (SQLite's ALTER TABLE is
  "copy to a new table, drop the old one", which drops its triggers).

A migration keeps its own copy of a rule's arguments, as migrations keep
copies of field definitions: the database holds what was migrated, and the
test says when that no longer matches the rule here.

Core must not import the domain apps, so rules name models by label.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar, NoReturn

from django.apps import apps
from django.core import checks
from django.db import models, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.operations.base import Operation


class AppendOnlyError(Exception):
    """Something tried to change or remove a row of an append-only table."""


@dataclass(frozen=True)
class Rule:
    """What a table still allows once a row is written. Names are database columns."""

    model: str  # "app_label.ModelName"
    written_by: str  # where rows come from: the error message points there
    # An UPDATE may change these columns, and only these.
    may_change: frozenset[str] = field(default_factory=frozenset)
    # An UPDATE may set these to NULL and nothing else: the link to a parent
    # row that goes away (on_delete=SET_NULL).
    may_clear: frozenset[str] = field(default_factory=frozenset)
    # Whether the database lets rows be deleted at all.
    may_delete: bool = False


RULES: tuple[Rule, ...] = (
    Rule("audit.AuditEvent", written_by="safereport.audit.services.record()"),
    # The one row the writers move forward as they append. Deleting it would
    # let someone cut events off the end of the chain unnoticed.
    Rule(
        "audit.AuditChainHead",
        written_by="safereport.audit.services.record()",
        may_change=frozenset({"sequence", "hash"}),
    ),
    # The chain's head as it was, kept in the key store (docs/adr/0021).
    Rule("audit.AuditAnchor", written_by="safereport.audit.services.anchor_write()"),
    # Erasing a case deletes its ledger with it, after its key is shredded
    # (consent.services case_erase); nothing else deletes ledger rows.
    Rule("consent.ConsentEvent", written_by="safereport.consent.services", may_delete=True),
    Rule("consent.ClinicalConsent", written_by="safereport.consent.services", may_delete=True),
    # What left the centre, to whom and why never changes and is never
    # deleted. Erasure marks a package shredded or says how long a retention
    # rule keeps it, and its case link becomes NULL when the case row goes.
    Rule(
        "consent.DisclosurePackage",
        written_by="safereport.consent.services",
        may_change=frozenset({"shredded_at", "retained_until"}),
        may_clear=frozenset({"case_id"}),
    ),
    # What a recipient was told about an erasure is a record of having told it.
    Rule("consent.ErasureNotice", written_by="safereport.consent.services.case_erase()"),
    # The recipient registry (ADR 0014): what a partnership says never changes;
    # it is approved once and ended once (the order is guarded by triggers in
    # partners/guards.py), and it stays in the register for good.
    Rule(
        "partners.Partnership",
        written_by="safereport.partners.services",
        may_change=frozenset(
            {"approved_by_id", "approved_role", "approved_at", "revoked_by_id", "revoked_at", "revocation_reason"}
        ),
    ),
    # The chain of custody, freezer temperatures and destruction certificates
    # (evidence, docs/adr/0026): written once, never changed, never deleted.
    Rule("evidence.CustodyEvent", written_by="safereport.evidence.services"),
    Rule("evidence.TemperatureCheck", written_by="safereport.evidence.services"),
    Rule("evidence.DestructionRecord", written_by="safereport.evidence.services.kit_destroy()"),
    # The steps a relief procedure took (ADR 0033): written once, never changed;
    # they go only with the case, when the person erases it (CASCADE).
    Rule("relief.StepRecord", written_by="safereport.relief.services", may_delete=True),
    # Statistics (ADR 0029): the release rules in force are the newest row; a
    # privacy budget is set once and never raised; its ledger is spent, never refunded.
    Rule("stats.ReleaseRuleChange", written_by="safereport.stats.services.release_rules_set()"),
    Rule("stats.PrivacyBudget", written_by="safereport.stats.services.privacy_budget_set()"),
    Rule("stats.ResearchRelease", written_by="safereport.stats.services.research_release_make()"),
    # The year-end close of a data year's budgets (ADR 0031): once, for good.
    Rule("stats.BudgetYearClosing", written_by="safereport.stats.services.budget_year_close()"),
)

RULES_BY_MODEL: dict[str, Rule] = {rule.model: rule for rule in RULES}


def rule_for(model: type[models.Model]) -> Rule:
    try:
        return RULES_BY_MODEL[model._meta.label]
    except KeyError:
        raise AppendOnlyError(
            f"{model._meta.label} is an AppendOnlyModel without a rule in safereport.core.appendonly.RULES."
        ) from None


def _refuse(model: type[models.Model], what: str) -> NoReturn:
    rule = rule_for(model)
    raise AppendOnlyError(
        f"{model._meta.label} is append-only: {what} refused. Rows are written by {rule.written_by}."
    )


def _check_change(model: type[models.Model], name: str, values: Iterable[Any], what: str) -> None:
    """Refuse unless the rule frees the field's column (for may_clear: every new value is None)."""
    rule = rule_for(model)
    column = getattr(model._meta.get_field(name), "column", name)
    if column in rule.may_change or (column in rule.may_clear and all(v is None for v in values)):
        return
    _refuse(model, f"{what} of {column}")


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        for name, value in kwargs.items():
            _check_change(self.model, name, [value], "update()")
        return super().update(**kwargs)

    def bulk_update(self, objs: Iterable[Any], fields: Iterable[str], batch_size: int | None = None) -> int:
        objs, fields = list(objs), list(fields)
        for name in fields:
            attname = self.model._meta.get_field(name).attname
            _check_change(self.model, name, [getattr(obj, attname) for obj in objs], "bulk_update()")
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        if kwargs.get("update_conflicts"):
            _refuse(self.model, "bulk_create(update_conflicts=True)")  # an upsert rewrites rows
        return super().bulk_create(objs, *args, **kwargs)

    def delete(self) -> NoReturn:
        _refuse(self.model, "delete()")


class AppendOnlyModel(models.Model):
    """Insert once; afterwards only what the model's Rule frees.

    Deleting a parent row bypasses the queryset on purpose: Django's collector
    cascades through the base manager, so erasing a case still removes its
    ledger. Whether the database lets that happen is the rule's may_delete.
    """

    objects: ClassVar[Any] = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            kwargs["force_insert"] = True
        else:
            update_fields = kwargs.get("update_fields")
            if not update_fields:
                _refuse(type(self), "save() of an existing row")
            for name in update_fields:
                attname = self._meta.get_field(name).attname  # type: ignore[union-attr]  # update_fields name concrete columns only
                _check_change(type(self), name, [getattr(self, attname)], "save()")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse(type(self), "delete()")


# --- database triggers ------------------------------------------------------------

# PostgreSQL: two functions shared by every table (core migration 0002).
# appendonly_guard_update compares the whole row, less the columns a rule
# frees, so a column added later is protected without touching the trigger.
PG_FUNCTIONS = (
    """CREATE OR REPLACE FUNCTION appendonly_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$""",
    """CREATE OR REPLACE FUNCTION appendonly_guard_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_row jsonb;
    new_row jsonb;
    clearable text;
BEGIN
    -- TG_ARGV[0]: columns that may change; TG_ARGV[1]: columns that may only become NULL.
    old_row := to_jsonb(OLD) - TG_ARGV[0]::text[];
    new_row := to_jsonb(NEW) - TG_ARGV[0]::text[];
    FOREACH clearable IN ARRAY TG_ARGV[1]::text[] LOOP
        IF new_row -> clearable = 'null'::jsonb THEN
            old_row := old_row - clearable;
            new_row := new_row - clearable;
        END IF;
    END LOOP;
    IF old_row IS DISTINCT FROM new_row THEN
        RAISE EXCEPTION 'append-only: % refused on %', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$""",
)
PG_DROP_FUNCTIONS = (
    "DROP FUNCTION IF EXISTS appendonly_guard_update()",
    "DROP FUNCTION IF EXISTS appendonly_refuse()",
)
PREFIX = "appendonly_"
EVENTS = ("update", "delete")


def _quote(name: str) -> str:
    if not name.replace("_", "").isalnum():
        raise ValueError(f"unexpected identifier {name!r}")
    return f'"{name}"'


def trigger_name(table: str, event: str) -> str:
    name = f"{PREFIX}{table}_{event}"
    if len(name) > 63:  # PostgreSQL would cut it short, silently
        raise ValueError(f"trigger name {name!r} is longer than 63 characters")
    return name


def _pg_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _pg_array(columns: Iterable[str]) -> str:
    return "{" + ",".join(sorted(columns)) + "}"


def _pg_triggers(table: str, rule: Rule) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """(name, event, function, arguments) of each trigger a table needs on PostgreSQL."""
    update: tuple[str, tuple[str, ...]] = ("appendonly_refuse", ())
    if rule.may_change or rule.may_clear:
        update = ("appendonly_guard_update", (_pg_array(rule.may_change), _pg_array(rule.may_clear)))
    triggers: list[tuple[str, str, str, tuple[str, ...]]] = [(trigger_name(table, "update"), "UPDATE", *update)]
    if not rule.may_delete:
        triggers.append((trigger_name(table, "delete"), "DELETE", "appendonly_refuse", ()))
    return triggers


def _sqlite_triggers(table: str, columns: Iterable[str], rule: Rule) -> list[str]:
    def refusal(event: str) -> str:
        return f"BEGIN SELECT RAISE(ABORT, 'append-only: {event} refused on {table}'); END"

    head = f"CREATE TRIGGER {_quote(trigger_name(table, 'update'))} BEFORE UPDATE ON {_quote(table)} FOR EACH ROW"
    if rule.may_change or rule.may_clear:
        protected = sorted(set(columns) - rule.may_change - rule.may_clear)
        changed = [f"OLD.{_quote(c)} IS NOT NEW.{_quote(c)}" for c in protected]
        changed += [
            f"(NEW.{_quote(c)} IS NOT NULL AND OLD.{_quote(c)} IS NOT NEW.{_quote(c)})"
            for c in sorted(rule.may_clear)
        ]
        head += " WHEN " + " OR ".join(changed)
    statements = [f"{head} {refusal('UPDATE')}"]
    if not rule.may_delete:
        statements.append(
            f"CREATE TRIGGER {_quote(trigger_name(table, 'delete'))} BEFORE DELETE ON {_quote(table)} "
            f"FOR EACH ROW {refusal('DELETE')}"
        )
    return statements


def create_sql(vendor: str, table: str, columns: Iterable[str], rule: Rule) -> list[str]:
    """The statements that install a rule's triggers on one table. Other databases get none."""
    if vendor == "postgresql":
        return [
            f"CREATE TRIGGER {_quote(name)} BEFORE {event} ON {_quote(table)} FOR EACH ROW "
            f"EXECUTE FUNCTION {function}({', '.join(map(_pg_literal, arguments))})"
            for name, event, function, arguments in _pg_triggers(table, rule)
        ]
    if vendor == "sqlite":
        return _sqlite_triggers(table, columns, rule)
    return []


def drop_sql(vendor: str, table: str) -> list[str]:
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {_quote(trigger_name(table, e))} ON {_quote(table)}" for e in EVENTS]
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {_quote(trigger_name(table, e))}" for e in EVENTS]
    return []


def _columns(model: type[models.Model]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def expected_triggers(vendor: str, model: type[models.Model]) -> set[str]:
    """The triggers the rule of `model` asks for, described as installed_triggers() describes them."""
    rule = rule_for(model)
    table = model._meta.db_table
    if vendor == "postgresql":
        return {
            f"{name}: BEFORE {event} FOR EACH ROW {function}({', '.join(arguments)})"
            for name, event, function, arguments in _pg_triggers(table, rule)
        }
    return set(create_sql(vendor, table, _columns(model), rule))


def installed_triggers(connection: BaseDatabaseWrapper, table: str) -> set[str]:
    """Every trigger on `table`, ours or not: a leftover trigger is a difference too."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
            return {sql for (sql,) in cursor.fetchall()}
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, t.tgtype, p.proname, t.tgargs, t.tgenabled FROM pg_trigger t "
                "JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = %s::regclass AND NOT t.tgisinternal",
                [table],
            )
            found = set()
            for name, kind, function, raw_arguments, enabled in cursor.fetchall():
                # pg_trigger.tgtype bits: 1 row, 2 before, 4 insert, 8 delete, 16 update, 32 truncate.
                timing = "BEFORE" if kind & 2 else "AFTER"
                events = " OR ".join(
                    e
                    for bit, e in ((4, "INSERT"), (8, "DELETE"), (16, "UPDATE"), (32, "TRUNCATE"))
                    if kind & bit
                )
                level = "FOR EACH ROW" if kind & 1 else "FOR EACH STATEMENT"
                arguments = bytes(raw_arguments).decode().split("\x00")[:-1]
                off = "" if enabled == "O" else " (disabled)"
                found.add(f"{name}: {timing} {events} {level} {function}({', '.join(arguments)}){off}")
            return found
    return set()


class AppendOnlyFunctions(Operation):
    """Install the PostgreSQL functions the triggers call (core migration 0002). SQLite needs none.

    `hints` go to the database routers: a migration whose append-only table
    lives in another database (the key store's audit anchors) installs the
    functions there with AppendOnlyFunctions(model_name="...").
    """

    reversible = True

    def __init__(self, **hints: Any) -> None:
        self.hints = hints

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _run(self, app_label: str, schema_editor: Any, statements: Iterable[str]) -> None:
        connection = schema_editor.connection
        if connection.vendor == "postgresql" and router.allow_migrate(connection.alias, app_label, **self.hints):
            for statement in statements:
                schema_editor.execute(statement, params=None)

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        self._run(app_label, schema_editor, PG_FUNCTIONS)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        self._run(app_label, schema_editor, PG_DROP_FUNCTIONS)

    def describe(self) -> str:
        return "Install the append-only trigger functions (PostgreSQL)"


class AppendOnlyTriggers(Operation):
    """Install one model's rule as triggers, on PostgreSQL and on SQLite.

    Put in a migration of the model's app with the arguments of its Rule:
        AppendOnlyTriggers("DisclosurePackage", may_change=["retained_until", "shredded_at"], may_clear=["case_id"])
    Running it again later (a changed rule, a rebuilt SQLite table) replaces
    the table's triggers. Reversing it drops them.
    """

    reversible = True

    def __init__(
        self,
        model_name: str,
        *,
        may_change: Iterable[str] = (),
        may_clear: Iterable[str] = (),
        may_delete: bool = False,
    ) -> None:
        self.model_name = model_name
        self.may_change = sorted(may_change)
        self.may_clear = sorted(may_clear)
        self.may_delete = may_delete

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _rule(self, app_label: str) -> Rule:
        return Rule(
            f"{app_label}.{self.model_name}",
            written_by="(migration)",
            may_change=frozenset(self.may_change),
            may_clear=frozenset(self.may_clear),
            may_delete=self.may_delete,
        )

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        vendor = schema_editor.connection.vendor
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        columns = _columns(model)
        unknown = (set(self.may_change) | set(self.may_clear)) - set(columns)
        if unknown:
            raise ValueError(f"{model._meta.label} has no column(s) {sorted(unknown)}")
        table = model._meta.db_table
        for statement in [
            *drop_sql(vendor, table),
            *create_sql(vendor, table, columns, self._rule(app_label)),
        ]:
            schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            for statement in drop_sql(schema_editor.connection.vendor, model._meta.db_table):
                schema_editor.execute(statement, params=None)

    def describe(self) -> str:
        return f"Install the append-only triggers of {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"appendonly_{self.model_name.lower()}"


@contextmanager
def triggers_lifted(connection: BaseDatabaseWrapper, tables: Iterable[str] | None = None) -> Iterator[None]:
    """Switch our triggers off inside one transaction, and back on at its end.

    For `flush` on SQLite (core/management/commands/flush.py: PostgreSQL's
    TRUNCATE never fires row triggers, SQLite's DELETE does), and for tests
    that tamper as someone with rights over the schema would. Those rights
    are what it takes; the production role should not hold them (ADR 0004).
    """
    wanted = None if tables is None else set(tables)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
            ours = [
                (name, sql)
                for name, table, sql in cursor.fetchall()
                if name.startswith(PREFIX) and (wanted is None or table in wanted)
            ]
            for name, _ in ours:
                cursor.execute(f"DROP TRIGGER {_quote(name)}")
            yield
            for _, sql in ours:
                cursor.execute(sql)
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND pg_table_is_visible(c.oid)"
            )
            ours = [
                (table, name)
                for table, name in cursor.fetchall()
                if name.startswith(PREFIX) and (wanted is None or table in wanted)
            ]
            for table, name in ours:
                cursor.execute(f"ALTER TABLE {_quote(table)} DISABLE TRIGGER {_quote(name)}")
            yield
            for table, name in ours:
                cursor.execute(f"ALTER TABLE {_quote(table)} ENABLE TRIGGER {_quote(name)}")
        else:
            yield


@checks.register()
def check_rules(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every AppendOnlyModel has a rule, and every rule names one, by columns it has."""
    problems: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if issubclass(model, AppendOnlyModel) and model._meta.label not in RULES_BY_MODEL:
            problems.append(
                checks.Error(
                    f"{model._meta.label} has no rule in safereport.core.appendonly.RULES.",
                    id="safereport.E060",
                )
            )
    for rule in RULES:
        try:
            model = apps.get_model(rule.model)
        except LookupError:
            model = models.Model
        if not issubclass(model, AppendOnlyModel):
            problems.append(
                checks.Error(f"RULES names {rule.model}, which is no AppendOnlyModel.", id="safereport.E061")
            )
            continue
        by_column = {f.column: f for f in model._meta.concrete_fields}
        for column in sorted((rule.may_change | rule.may_clear) - by_column.keys()):
            problems.append(
                checks.Error(f"{rule.model} has no column {column} (RULES).", id="safereport.E062")
            )
        for column in sorted(rule.may_clear & by_column.keys()):
            if not by_column[column].null:
                problems.append(
                    checks.Error(
                        f"{rule.model}.{column} may be cleared but is not nullable.", id="safereport.E063"
                    )
                )
    return problems
