"""Append-only, once: the rules, the Python refusals and the triggers agree, on PostgreSQL and SQLite.

The tables' own rows are exercised in audit/tests/test_services.py and
consent/tests/test_firewall.py; here the registry against the models and the
migrated database, and the trigger SQL on a scratch table.
"""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, router, transaction

from safereport.core import guards
from safereport.core.appendonly import (
    RULES,
    AppendOnlyError,
    AppendOnlyModel,
    Rule,
    check_rules,
    create_sql,
    expected_triggers,
    installed_triggers,
    triggers_lifted,
)

pytestmark = pytest.mark.django_db

# Every append-only table, written out: adding one is a decision a reviewer sees here too.
APPEND_ONLY = {
    "audit.AuditEvent",
    "audit.AuditAnchor",
    "audit.AuditChainHead",
    "consent.ConsentEvent",
    "consent.ClinicalConsent",
    "consent.DisclosurePackage",
    "consent.ErasureNotice",
    "partners.Partnership",
    "evidence.CustodyEvent",
    "evidence.TemperatureCheck",
    "evidence.DestructionRecord",
    "stats.ReleaseRuleChange",
    "stats.PrivacyBudget",
    "stats.ResearchRelease",
    "relief.StepRecord",
    "stats.BudgetYearClosing",
}


def append_only_models():
    return [model for model in apps.get_models() if issubclass(model, AppendOnlyModel)]


def connection_of(model):
    """The database the model's rows live in (the audit anchors are in the key store)."""
    return connections[router.db_for_write(model) or "default"]


def test_every_append_only_model_has_exactly_one_rule_and_every_rule_a_model():
    assert {model._meta.label for model in append_only_models()} == APPEND_ONLY
    assert sorted(rule.model for rule in RULES) == sorted(APPEND_ONLY)
    assert check_rules(None) == []


def test_the_system_check_names_a_model_without_a_rule(monkeypatch):
    from safereport.core import appendonly

    monkeypatch.setattr(
        appendonly, "RULES_BY_MODEL", {r.model: r for r in RULES if r.model != "audit.AuditEvent"}
    )
    assert [p.id for p in check_rules(None)] == ["safereport.E060"]


@pytest.mark.django_db(databases="__all__")
@pytest.mark.parametrize("model", append_only_models(), ids=lambda m: m._meta.label)
def test_the_migrated_database_holds_exactly_the_triggers_of_the_rule(model):
    installed = installed_triggers(connection_of(model), model._meta.db_table)
    # Besides its append-only rule, a table may carry declared guards (core/guards.py), and nothing else.
    expected = expected_triggers(connection_of(model).vendor, model) | guards.expected_triggers(connection_of(model).vendor, model)
    assert installed == expected, (
        f"{model._meta.label}: the database's triggers differ from its rule in safereport.core.appendonly.RULES. "
        f"Add a migration to {model._meta.app_label} with AppendOnlyTriggers({model.__name__!r}, …) "
        "carrying the rule's arguments (a SQLite table rebuilt by a migration loses its triggers too)."
    )


@pytest.mark.django_db(databases="__all__")
@pytest.mark.parametrize("alias", ["default", "keystore"])
def test_no_table_outside_the_rules_has_append_only_triggers(alias):
    database = connections[alias]
    tables = set(database.introspection.table_names())
    guarded = {
        apps.get_model(rule.model)._meta.db_table
        for rule in RULES
        if connection_of(apps.get_model(rule.model)).alias == alias
    }
    for table in tables - guarded:
        assert not {t for t in installed_triggers(database, table) if "appendonly_" in t}, table


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.model)
def test_in_python_only_the_columns_a_rule_frees_can_be_updated(rule):
    model = apps.get_model(rule.model)
    for field in model._meta.concrete_fields:
        rows = model.objects.none()
        if field.column in rule.may_change:
            rows.update(**{field.attname: None})
        elif field.column in rule.may_clear:
            rows.update(**{field.attname: None})
            with pytest.raises(AppendOnlyError):
                rows.update(**{field.attname: 1})
        else:
            with pytest.raises(AppendOnlyError, match=field.column):
                rows.update(**{field.attname: None})
    with pytest.raises(AppendOnlyError):
        model.objects.none().delete()
    with pytest.raises(AppendOnlyError):
        model.objects.bulk_create([], update_conflicts=True, unique_fields=["id"], update_fields=["id"])


# --- the trigger SQL, on a scratch table -------------------------------------------------------

SCRATCH = "core_appendonly_scratch"
COLUMNS = ["id", "body", "note", "parent_id"]


@pytest.fixture
def scratch():
    def make(rule: Rule) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TABLE {SCRATCH} (id integer PRIMARY KEY, body text, note text, parent_id integer)"
            )
            for statement in create_sql(connection.vendor, SCRATCH, COLUMNS, rule):
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {SCRATCH} VALUES (1, 'said', NULL, 7), (2, 'also said', NULL, 7)")  # noqa: S608

    return make


def run(statement: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)


def refused(statement: str) -> None:
    with pytest.raises(DatabaseError, match="append-only"):
        run(statement)


def rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, body, note, parent_id FROM {SCRATCH} ORDER BY id")  # noqa: S608
        return cursor.fetchall()


def test_a_table_with_no_exemption_refuses_every_update_and_delete(scratch):
    scratch(Rule("core.Scratch", written_by="test"))
    refused(f"UPDATE {SCRATCH} SET body = 'unsaid' WHERE id = 1")  # noqa: S608
    refused(f"UPDATE {SCRATCH} SET note = note")  # noqa: S608
    refused(f"DELETE FROM {SCRATCH} WHERE id = 2")  # noqa: S608
    assert rows() == [(1, "said", None, 7), (2, "also said", None, 7)]


def test_freed_columns_change_cleared_links_empty_and_nothing_else_moves(scratch):
    scratch(
        Rule(
            "core.Scratch",
            written_by="test",
            may_change=frozenset({"note"}),
            may_clear=frozenset({"parent_id"}),
            may_delete=True,
        )
    )
    run(f"UPDATE {SCRATCH} SET note = 'kept until 2036' WHERE id = 1")  # noqa: S608
    run(f"UPDATE {SCRATCH} SET parent_id = NULL WHERE id = 1")  # noqa: S608
    run(f"UPDATE {SCRATCH} SET body = body WHERE id = 1")  # noqa: S608 - no change is no change
    refused(f"UPDATE {SCRATCH} SET body = 'unsaid' WHERE id = 1")  # noqa: S608
    refused(f"UPDATE {SCRATCH} SET parent_id = 8 WHERE id = 2")  # noqa: S608
    refused(f"UPDATE {SCRATCH} SET parent_id = 8 WHERE id = 1")  # noqa: S608 - once cleared, it stays cleared
    refused(f"UPDATE {SCRATCH} SET id = 3 WHERE id = 2")  # noqa: S608
    refused(f"UPDATE {SCRATCH} SET note = 'x', body = 'unsaid' WHERE id = 2")  # noqa: S608
    run(f"DELETE FROM {SCRATCH} WHERE id = 2")  # noqa: S608
    assert rows() == [(1, "said", "kept until 2036", None)]


def test_a_table_whose_rows_may_go_still_refuses_updates(scratch):
    scratch(Rule("core.Scratch", written_by="test", may_delete=True))
    refused(f"UPDATE {SCRATCH} SET body = 'unsaid'")  # noqa: S608
    run(f"DELETE FROM {SCRATCH}")  # noqa: S608
    assert rows() == []


# --- lifting: flush, and tests that play the attacker ----------------------------------------


def test_lifting_is_for_one_transaction_and_puts_every_trigger_back(scratch):
    scratch(Rule("core.Scratch", written_by="test"))
    before = installed_triggers(connection, SCRATCH)
    with triggers_lifted(connection, [SCRATCH]), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {SCRATCH} SET body = 'rewritten' WHERE id = 1")  # noqa: S608
    assert rows()[0][1] == "rewritten"
    assert installed_triggers(connection, SCRATCH) == before
    refused(f"UPDATE {SCRATCH} SET body = 'again' WHERE id = 1")  # noqa: S608
    with pytest.raises(RuntimeError), triggers_lifted(connection, [SCRATCH]):
        raise RuntimeError
    assert installed_triggers(connection, SCRATCH) == before


def test_flush_empties_the_append_only_tables_and_leaves_their_triggers():
    head = apps.get_model("audit", "AuditChainHead")
    head.objects.create(id=1, sequence=0, hash="0" * 64)
    call_command("flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0)
    assert not head.objects.exists()
    for model in append_only_models():
        if connection_of(model).alias != connection.alias:
            continue  # flush emptied the main database only
        assert installed_triggers(connection, model._meta.db_table) == expected_triggers(
            connection.vendor, model
        ) | guards.expected_triggers(connection.vendor, model)
