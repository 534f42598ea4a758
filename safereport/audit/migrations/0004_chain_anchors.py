"""Anchors of the audit chain, in the key-store database (docs/adr/0021), append-only there."""

from django.db import migrations, models

from safereport.core.appendonly import AppendOnlyFunctions, AppendOnlyTriggers


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0003_appendonly_triggers'),
        ('core', '0002_appendonly_functions'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditAnchor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sequence', models.BigIntegerField()),
                ('hash', models.CharField(max_length=64)),
                ('anchored_at', models.DateTimeField()),
                ('reason', models.CharField(max_length=20)),
            ],
            options={
                'ordering': ['-id'],
            },
        ),
        # The routers send this model to the key store, which core's migration
        # never reaches: the trigger functions are installed there too (PostgreSQL).
        AppendOnlyFunctions(model_name="auditanchor"),
        AppendOnlyTriggers("AuditAnchor"),
    ]
