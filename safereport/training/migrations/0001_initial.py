"""Attempts and self-checks, and the guards that keep synthetic cases in training (ADR 0035).

The guards sit on other apps' tables (on_app): this migration runs after each
of those apps' latest migration, so no SQLite rebuild before it drops them; a
later migration that rebuilds one of those tables must install them again
(core's guard tests say which).
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models

from safereport.core.guards import GuardTrigger


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0006_oversight_body'),
        ('cases', '0009_reporting_not_decided'),
        ('consent', '0009_oversight_body_and_statistics_index'),
        ('partners', '0003_kinds_with_oversight_body'),
        ('police', '0001_police'),
        ('referrals', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Attempt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('scenario', models.SlugField(max_length=80)),
                ('completed_at', models.DateTimeField(blank=True, null=True)),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='training_attempt', to='cases.case')),
                ('trainee', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='training_attempts', to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.CreateModel(
            name='Answer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('step', models.CharField(max_length=80)),
                ('check_key', models.CharField(max_length=80)),
                ('key_message', models.CharField(max_length=80)),
                ('check_kind', models.CharField(max_length=20)),
                ('answer', models.CharField(choices=[('yes', 'yes'), ('not_yet', 'not yet'), ('honest', 'honest'), ('wrong', 'wrong')], max_length=10)),
                ('met', models.BooleanField()),
                ('attempt', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='training.attempt')),
            ],
        ),
        migrations.AddIndex(
            model_name='attempt',
            index=models.Index(fields=['trainee', 'scenario'], name='training_at_trainee_584dc8_idx'),
        ),
        migrations.AddConstraint(
            model_name='answer',
            constraint=models.UniqueConstraint(fields=('attempt', 'check_key'), name='training_one_answer_per_check'),
        ),
        migrations.AddConstraint(
            model_name='answer',
            constraint=models.CheckConstraint(condition=models.Q(('answer__in', ['yes', 'not_yet', 'honest', 'wrong'])), name='training_answer_in_vocabulary'),
        ),
        migrations.AddConstraint(
            model_name='answer',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('answer__in', ['yes', 'honest']), ('met', True)), models.Q(('answer__in', ['not_yet', 'wrong']), ('met', False)), _connector='OR'), name='training_met_follows_answer'),
        ),
        GuardTrigger(
            'Attempt',
            name='guard_training_attempt_synthetic_case',
            event='INSERT',
            refuse_when={
                'postgresql': "NOT EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')",
                'sqlite': "NOT EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')",
            },
            message='a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)',
        ),
        GuardTrigger(
            'Attempt',
            name='guard_training_attempt_synthetic_case_on_update',
            event='UPDATE',
            refuse_when={
                'postgresql': "NOT EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')",
                'sqlite': "NOT EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')",
            },
            message='a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)',
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
        GuardTrigger(
            'ConsentEvent',
            name='guard_training_consent_stays_in',
            event='INSERT',
            refuse_when={
                'postgresql': "NEW.recipient_organisation_id IS NOT NULL AND (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.recipient_organisation_id AND tk.kind = 'training_centre'))",
                'sqlite': "NEW.recipient_organisation_id IS NOT NULL AND (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.recipient_organisation_id AND tk.kind = 'training_centre'))",
            },
            message='a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)',
            on_app='consent',
        ),
        GuardTrigger(
            'Consultation',
            name='guard_training_consultation_stays_in',
            event='INSERT',
            refuse_when={
                'postgresql': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.police_unit_id AND tk.kind = 'training_centre')) OR (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.police_unit_id AND tk.kind = 'training_centre'))",
                'sqlite': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.police_unit_id AND tk.kind = 'training_centre')) OR (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.police_unit_id AND tk.kind = 'training_centre'))",
            },
            message='a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)',
            on_app='police',
        ),
        GuardTrigger(
            'Consultation',
            name='guard_training_consultation_stays_in_on_update',
            event='UPDATE',
            refuse_when={
                'postgresql': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.police_unit_id AND tk.kind = 'training_centre')) OR (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.police_unit_id AND tk.kind = 'training_centre'))",
                'sqlite': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.police_unit_id AND tk.kind = 'training_centre')) OR (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.police_unit_id AND tk.kind = 'training_centre'))",
            },
            message='a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)',
            on_app='police',
        ),
        GuardTrigger(
            'Organisation',
            name='guard_training_kind_is_for_life',
            event='UPDATE',
            refuse_when={
                'postgresql': "(OLD.kind = 'training_centre') <> (NEW.kind = 'training_centre')",
                'sqlite': "(OLD.kind = 'training_centre') <> (NEW.kind = 'training_centre')",
            },
            message='an organisation never becomes a training organisation nor stops being one (ADR 0035)',
            on_app='accounts',
        ),
        GuardTrigger(
            'SafeguardingOverride',
            name='guard_training_override_stays_in',
            event='INSERT',
            refuse_when={
                'postgresql': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.recipient_id AND tk.kind = 'training_centre'))",
                'sqlite': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.recipient_id AND tk.kind = 'training_centre'))",
            },
            message='a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)',
            on_app='consent',
        ),
        GuardTrigger(
            'DisclosurePackage',
            name='guard_training_package_stays_in',
            event='INSERT',
            refuse_when={
                'postgresql': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.recipient_id AND tk.kind = 'training_centre')) OR (NEW.case_id IS NOT NULL AND (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.recipient_id AND tk.kind = 'training_centre')))",
                'sqlite': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.recipient_id AND tk.kind = 'training_centre')) OR (NEW.case_id IS NOT NULL AND (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.recipient_id AND tk.kind = 'training_centre')))",
            },
            message='a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)',
            on_app='consent',
        ),
        GuardTrigger(
            'Partnership',
            name='guard_training_partnership_stays_in',
            event='INSERT',
            refuse_when={
                'postgresql': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.organisation_id AND tk.kind = 'training_centre'))",
                'sqlite': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.care_centre_id AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.organisation_id AND tk.kind = 'training_centre'))",
            },
            message='a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)',
            on_app='partners',
        ),
        GuardTrigger(
            'Referral',
            name='guard_training_referral_stays_in',
            event='INSERT',
            refuse_when={
                'postgresql': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.recipient_id AND tk.kind = 'training_centre'))",
                'sqlite': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.recipient_id AND tk.kind = 'training_centre'))",
            },
            message='a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)',
            on_app='referrals',
        ),
        GuardTrigger(
            'Referral',
            name='guard_training_referral_stays_in_on_update',
            event='UPDATE',
            refuse_when={
                'postgresql': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.recipient_id AND tk.kind = 'training_centre'))",
                'sqlite': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.recipient_id AND tk.kind = 'training_centre'))",
            },
            message='a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)',
            on_app='referrals',
        ),
        GuardTrigger(
            'IntermediatedReport',
            name='guard_training_report_stays_in',
            event='INSERT',
            refuse_when={
                'postgresql': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.police_unit_id AND tk.kind = 'training_centre')) OR (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.intermediary_id AND tk.kind = 'training_centre'))",
                'sqlite': "(EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.police_unit_id AND tk.kind = 'training_centre')) OR (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = (SELECT tc.care_centre_id FROM cases_case tc WHERE tc.id = NEW.case_id) AND tk.kind = 'training_centre')) <> (EXISTS (SELECT 1 FROM accounts_organisation tk WHERE tk.id = NEW.intermediary_id AND tk.kind = 'training_centre'))",
            },
            message='a synthetic training case never reaches a real organisation, nor a real case training (ADR 0035)',
            on_app='police',
        ),
    ]
