"""Training's guards on organisations and cases, installed again after accounts 0007 and cases 0011 rebuilt those tables.

On SQLite a table rebuilt by a migration (accounts 0007 added a CHECK) loses
its triggers. Whether training 0001 ran before or after those rebuilds depends
on the database's history (a new database or an upgrade), so the guards are
installed again once all have run; on PostgreSQL this replaces them unchanged.
"""

from django.db import migrations

from safereport.core.guards import GuardTrigger


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_staff_review_scope"),
        ("cases", "0011_crime_type_recorded_for_statistics"),
        ("training", "0001_initial"),
    ]

    operations = [
        GuardTrigger(
            "Organisation",
            name="guard_training_kind_is_for_life",
            event="UPDATE",
            refuse_when={
                "postgresql": "(OLD.kind = 'training_centre') <> (NEW.kind = 'training_centre')",
                "sqlite": "(OLD.kind = 'training_centre') <> (NEW.kind = 'training_centre')",
            },
            message="an organisation never becomes a training organisation nor stops being one (ADR 0035)",
            on_app="accounts",
        ),
        GuardTrigger(
            'Case',
            name='guard_training_case_no_portal_on_insert',
            event='INSERT',
            refuse_when={
                'postgresql': "EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre') AND NEW.receipt_lookup IS NOT NULL",
                'sqlite': "EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre') AND NEW.receipt_lookup IS NOT NULL",
            },
            message='a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)',
            on_app='cases',
        ),
        GuardTrigger(
            'Case',
            name='guard_training_case_no_portal_on_update',
            event='UPDATE',
            refuse_when={
                'postgresql': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = OLD.care_centre_id AND tk.kind = 'training_centre')) OR (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre') AND NEW.receipt_lookup IS NOT NULL)",
                'sqlite': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = OLD.care_centre_id AND tk.kind = 'training_centre')) OR (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre') AND NEW.receipt_lookup IS NOT NULL)",
            },
            message='a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)',
            on_app='cases',
        ),
    ]
