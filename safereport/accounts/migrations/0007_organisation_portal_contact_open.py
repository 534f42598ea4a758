"""A municipal desk is opened to portal contact by a stored flag, not a setting (ADR 0037, amended 2026-12-02).

SQLite rebuilds the table for the new CHECK, dropping its triggers: the kind
guards are installed again here; training 0002 installs its own again.
"""

import os

from django.db import migrations, models

from safereport.core.guards import GuardTrigger, SQLiteRebuildAmongGuards

KINDS = "('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'oversight_body', 'police_unit', 'research_body', 'training_centre')"


def open_the_desks_the_setting_named(apps, schema_editor):
    # SAFEREPORT_PORTAL_DESKS named the open desks until this release. A deployment
    # that still sets it during the upgrade keeps those desks open; afterwards the
    # variable is read by nothing, and the DPO's page is the only way.
    names = [name.strip() for name in os.environ.get("SAFEREPORT_PORTAL_DESKS", "").split(",") if name.strip()]
    if names:
        Organisation = apps.get_model("accounts", "Organisation")
        Organisation.objects.filter(kind="municipal_desk", name__in=names).update(portal_contact_open=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_oversight_body"),
    ]

    operations = [
        SQLiteRebuildAmongGuards(),
        migrations.AddField(
            model_name="organisation",
            name="portal_contact_open",
            field=models.BooleanField(default=False),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.CheckConstraint(
                condition=models.Q(("portal_contact_open", False), ("kind", "municipal_desk"), _connector="OR"),
                name="organisation_only_a_desk_is_opened_to_the_portal",
            ),
        ),
        SQLiteRebuildAmongGuards(done=True),
        GuardTrigger(
            "Organisation",
            name="guard_organisation_kind_on_insert",
            event="INSERT",
            refuse_when={"postgresql": f"NEW.kind NOT IN {KINDS}", "sqlite": f"NEW.kind NOT IN {KINDS}"},
            message="no organisation of a kind outside the vocabulary (ADR 0014)",
        ),
        GuardTrigger(
            "Organisation",
            name="guard_organisation_kind_on_update",
            event="UPDATE",
            refuse_when={"postgresql": f"NEW.kind NOT IN {KINDS}", "sqlite": f"NEW.kind NOT IN {KINDS}"},
            message="no organisation of a kind outside the vocabulary (ADR 0014)",
        ),
        migrations.RunPython(open_the_desks_the_setting_named, migrations.RunPython.noop),
    ]
