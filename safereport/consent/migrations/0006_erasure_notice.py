"""Erasure notices to recipients (docs/adr/0020), append-only like the packages they are about."""

import django.db.models.deletion
import uuid
from django.db import migrations, models

from safereport.core.appendonly import AppendOnlyTriggers


class Migration(migrations.Migration):

    dependencies = [
        ('consent', '0005_languages_from_the_list_other_sealed'),
    ]

    operations = [
        migrations.CreateModel(
            name='ErasureNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('requested_on', models.DateField()),
                ('kept_until', models.DateField(blank=True, null=True)),
                ('retention_rule', models.CharField(blank=True, max_length=60)),
                ('package', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='erasure_notice', to='consent.disclosurepackage')),
            ],
            options={
                'ordering': ['-requested_on', '-id'],
            },
        ),
        AppendOnlyTriggers("ErasureNotice"),
    ]
