"""A municipal desk is opened to portal contact by a stored flag, not a setting (ADR 0037, amended 2026-12-02)."""

import os

from django.db import migrations, models


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
        migrations.RunPython(open_the_desks_the_setting_named, migrations.RunPython.noop),
    ]
