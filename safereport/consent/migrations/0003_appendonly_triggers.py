"""The ledger's and the packages' rules (safereport.core.appendonly.RULES) as triggers, now on SQLite too.

Replaces the PostgreSQL-only triggers of 0002. Same as before: no UPDATE of
a ledger row, DELETE allowed because erasing a case cascades to its ledger; a
package may only get shredded_at, retained_until and its case link set to
NULL. New: a package's other columns are all protected (0002 listed some),
and a package cannot be deleted (nothing deletes one).
"""

from importlib import import_module

from django.db import migrations

from safereport.core.appendonly import AppendOnlyTriggers

legacy = import_module("safereport.consent.migrations.0002_ledger_refuses_updates")


class Migration(migrations.Migration):
    dependencies = [("consent", "0002_ledger_refuses_updates"), ("core", "0002_appendonly_functions")]
    operations = [
        migrations.RunPython(legacy.drop, legacy.add),
        AppendOnlyTriggers("ConsentEvent", may_delete=True),
        AppendOnlyTriggers("ClinicalConsent", may_delete=True),
        AppendOnlyTriggers("DisclosurePackage", may_change=["retained_until", "shredded_at"], may_clear=["case_id"]),
    ]
