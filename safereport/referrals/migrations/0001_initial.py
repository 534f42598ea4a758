# The referral tables move from the cases app to their own app, unchanged in the database.

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        ('cases', '0004_casework'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables already exist (they were created as the cases app's):
        # only Django's picture of which app owns them changes here.
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='ReferralService',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('key', models.SlugField(max_length=80, unique=True)),
                    ('jurisdiction', models.CharField(max_length=2)),
                    ('name', models.CharField(max_length=200)),
                    ('kind', models.CharField(choices=[('shelter', 'Shelter'), ('women_only_shelter', 'Women-only shelter'), ('gp_registration', 'GP registration'), ('counselling', 'Counselling'), ('legal_aid', 'Legal aid'), ('migrant_organisation', 'Migrant organisation'), ('interpreter_service', 'Interpreter service'), ('basic_needs', 'Food, clothes and money'), ('peer_support', 'Peer support')], max_length=30)),
                    ('languages', models.JSONField(blank=True, default=list)),
                    ('accepts_people_without_papers', models.BooleanField(null=True)),
                    ('data_sharing_policy', models.TextField(blank=True)),
                    ('contact', models.CharField(blank=True, max_length=300)),
                    ('hours', models.CharField(blank=True, max_length=200)),
                    ('source', models.CharField(blank=True, max_length=300)),
                    ('last_reviewed', models.DateField(blank=True, null=True)),
                    ('is_active', models.BooleanField(default=True)),
                    ('organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.organisation')),
                ],
                options={
                    'db_table': 'cases_referralservice',
                    'ordering': ['jurisdiction', 'kind', 'name'],
                },
            ),
            migrations.CreateModel(
                name='Referral',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('purpose', models.CharField(max_length=60)),
                    ('status', models.CharField(choices=[('sent', 'Sent'), ('accepted', 'Accepted by the partner'), ('first_contact', 'First contact made'), ('declined', 'Declined by the partner'), ('withdrawn', 'Withdrawn')], default='sent', max_length=20)),
                    ('shares_data', models.BooleanField(default=False)),
                    ('disclosure_ref', models.CharField(blank=True, max_length=80)),
                    ('shared_categories', models.JSONField(blank=True, default=list)),
                    ('accepted_at', models.DateTimeField(blank=True, null=True)),
                    ('first_contact_at', models.DateTimeField(blank=True, null=True)),
                    ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='referrals', to='cases.case')),
                    ('recipient', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.organisation')),
                    ('sent_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('service', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='referrals', to='referrals.referralservice')),
                ],
                options={
                    'db_table': 'cases_referral',
                    'ordering': ['-created_at', '-id'],
                    'indexes': [models.Index(fields=['recipient', 'status'], name='cases_refer_recipie_fa4657_idx')],
                },
            ),
            ],
        ),
    ]
