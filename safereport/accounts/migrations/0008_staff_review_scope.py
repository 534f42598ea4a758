"""A translation reviewer's scope: their organisation's texts or the whole service's (ADR 0036, third pass).

SQLite rebuilds the staff table; other tables' guards read it by name, so the
rebuild uses SQLite's legacy rename (core.guards).
"""

from django.db import migrations, models

from safereport.core.guards import SQLiteRebuildAmongGuards


def keep_existing_reviewers_reviewing(apps, schema_editor):
    """Until now every translation reviewer approved the service's texts (ADR 0036, first
    pass); they keep doing so. A DPO narrows the scope on the reviewer's page."""
    StaffUser = apps.get_model("accounts", "StaffUser")
    for user in StaffUser.objects.only("pk", "roles"):
        if "translation_reviewer" in (user.roles or []):
            StaffUser.objects.filter(pk=user.pk).update(review_scope="deployment")


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_organisation_portal_contact_open'),
    ]

    operations = [
        SQLiteRebuildAmongGuards(),
        migrations.AddField(
            model_name='staffuser',
            name='review_scope',
            field=models.CharField(choices=[('organisation', 'Texts of their own organisation'), ('deployment', 'Texts of the whole service (interface and key messages)')], default='organisation', max_length=12),
        ),
        migrations.RunPython(keep_existing_reviewers_reviewing, migrations.RunPython.noop),
        SQLiteRebuildAmongGuards(done=True),
    ]
