"""The audit tables' rules (safereport.core.appendonly.RULES) as triggers, now on SQLite too.

Replaces the PostgreSQL-only triggers of 0002, which refused the same things.
"""

from importlib import import_module

from django.db import migrations

from safereport.core.appendonly import AppendOnlyTriggers

legacy = import_module("safereport.audit.migrations.0002_hash_chain")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_hash_chain"), ("core", "0002_appendonly_functions")]
    operations = [
        migrations.RunPython(legacy.drop_trigger, legacy.add_trigger),
        AppendOnlyTriggers("AuditEvent"),
        AppendOnlyTriggers("AuditChainHead", may_change=["hash", "sequence"]),
    ]
