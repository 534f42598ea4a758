"""No migration rewrites sealed values or the audit log unless a person reviewed why.

Upgrades run `safereport migrate` on a live database. A migration that
alters, renames or drops a sealed column, or that changes rows of the audit
log, would rewrite what the vault and the hash chain protect. This test lists
every such operation in every migration of the project; each must be in
REVIEWED with the reason it is safe, so a new one fails until someone looks.
"""

import inspect

from django.db import migrations
from django.db.migrations.loader import MigrationLoader

PROJECT_APPS = {
    "core", "datafiles", "audit", "vault", "accounts", "cases", "partners", "consent", "referrals", "portal",
    "content", "navigator", "demo", "ops", "evidence", "police", "stats",
}
AUDIT_MODELS = {"auditevent", "auditchainhead", "auditanchor"}

REVIEWED = {
    ("audit", "0002_hash_chain", "chain_existing_events"):
        "writes sequence and hashes onto events that existed before the chain did; their content is untouched",
    ("audit", "0002_hash_chain", "AlterField auditevent.sequence"):
        "makes the sequence unique once every event has one (the same migration numbered them); no value changes",
    ("cases", "0007_languages_from_the_list_other_sealed", "forwards"):
        "moves typed 'other language' text into new sealed columns; existing sealed values are not rewritten",
    ("consent", "0005_languages_from_the_list_other_sealed", "forwards"):
        "moves typed 'other language' text into new sealed columns; existing sealed values are not rewritten",
    ("cases", "0009_reporting_not_decided", "unsaid_becomes_not_decided"):
        "only reads audit events (which cases had a reporting choice recorded) and changes reporting_status, a plain column",
}


def code_and_helpers(function) -> str:
    """The function's source and that of the functions it calls by name (one level: migration helpers)."""
    sources = [inspect.getsource(function)]
    for name in function.__code__.co_names:
        helper = function.__globals__.get(name)
        if inspect.isfunction(helper):
            sources.append(inspect.getsource(helper))
    return "\n".join(sources)


def touching_operations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app, name), migration in sorted(loader.disk_migrations.items()):
        if app not in PROJECT_APPS:
            continue
        for operation in migration.operations:
            if isinstance(operation, migrations.AlterField | migrations.RemoveField | migrations.RenameField):
                field = getattr(operation, "name", None) or getattr(operation, "old_name", "")
                if field.endswith("_sealed") or operation.model_name.lower() in AUDIT_MODELS:
                    yield app, name, f"{type(operation).__name__} {operation.model_name}.{field}"
            elif isinstance(operation, migrations.RunPython):
                source = code_and_helpers(operation.code)
                if any(word in source for word in ("_sealed", "AuditEvent", "AuditChainHead", "seal(")):
                    yield app, name, operation.code.__name__
            elif isinstance(operation, migrations.RunSQL):
                sql = str(operation.sql).lower()
                if "_sealed" in sql or "audit_auditevent" in sql and ("update " in sql or "delete " in sql):
                    yield app, name, "RunSQL"


def test_every_migration_that_touches_sealed_values_or_the_audit_log_was_reviewed():
    found = set(touching_operations())
    unreviewed = sorted(found - set(REVIEWED))
    assert not unreviewed, f"review these and say why they are safe in REVIEWED: {unreviewed}"
    assert set(REVIEWED) <= found, f"stale entries: {sorted(set(REVIEWED) - found)}"
