"""The ledger names the oversight-body kind; an index for the statistics of decisions (ADR 0031).

SQLite rebuilds the ledger table for the new CHECK, dropping its triggers: the
append-only rule is installed again. The package guard names the kinds of the
vocabulary, so it is installed again with the new one (partners/guards.py).
"""

from django.conf import settings
from django.db import migrations, models

from safereport.core.appendonly import AppendOnlyTriggers
from safereport.core.guards import GuardTrigger


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_oversight_body'),
        ('cases', '0010_statistics_indexes'),
        ('consent', '0008_training_organisation_kind'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='consentevent',
            name='consent_one_recipient_in_vocabulary',
        ),
        migrations.AlterField(
            model_name='consentevent',
            name='recipient_kind',
            field=models.CharField(blank=True, choices=[('care_centre', 'Sexual assault care centre'), ('police_unit', 'Police unit'), ('ngo', 'Non-governmental organisation'), ('municipal_desk', 'Municipal desk'), ('legal_service', 'Legal service'), ('research_body', 'Research body'), ('training_centre', 'Training organisation (synthetic cases only)'), ('oversight_body', 'Oversight body')], max_length=32),
        ),
        migrations.AddIndex(
            model_name='consentevent',
            index=models.Index(fields=['purpose', 'decision', 'channel', 'recorded_at'], name='consent_stats_decisions'),
        ),
        migrations.AddConstraint(
            model_name='consentevent',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('recipient_organisation__isnull', False), ('recipient_kind', '')), models.Q(('recipient_organisation__isnull', True), ('recipient_kind__in', ['care_centre', 'police_unit', 'ngo', 'municipal_desk', 'legal_service', 'research_body', 'training_centre', 'oversight_body'])), _connector='OR'), name='consent_one_recipient_in_vocabulary'),
        ),
        AppendOnlyTriggers("ConsentEvent", may_delete=True),
        GuardTrigger(
            'DisclosurePackage',
            name='guard_package_to_partner_only',
            event='INSERT',
            refuse_when={
                'postgresql': "NOT EXISTS (SELECT 1 FROM partners_partnership p JOIN accounts_organisation c ON c.id = p.care_centre_id JOIN accounts_organisation r ON r.id = p.organisation_id WHERE p.care_centre_id = NEW.care_centre_id AND p.organisation_id = NEW.recipient_id AND p.approved_at IS NOT NULL AND p.approved_at <= NEW.built_at AND p.revoked_at IS NULL AND p.purposes @> jsonb_build_array(NEW.purpose) AND r.is_active AND r.kind IN ('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'oversight_body', 'police_unit', 'research_body', 'training_centre') AND r.jurisdiction = p.jurisdiction AND (p.jurisdiction = c.jurisdiction OR trim(p.cross_border_reason) <> ''))",
                'sqlite': "NOT EXISTS (SELECT 1 FROM partners_partnership p JOIN accounts_organisation c ON c.id = p.care_centre_id JOIN accounts_organisation r ON r.id = p.organisation_id WHERE p.care_centre_id = NEW.care_centre_id AND p.organisation_id = NEW.recipient_id AND p.approved_at IS NOT NULL AND p.approved_at <= NEW.built_at AND p.revoked_at IS NULL AND EXISTS (SELECT 1 FROM json_each(p.purposes) WHERE json_each.value = NEW.purpose) AND r.is_active = 1 AND r.kind IN ('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'oversight_body', 'police_unit', 'research_body', 'training_centre') AND r.jurisdiction = p.jurisdiction AND (p.jurisdiction = c.jurisdiction OR trim(p.cross_border_reason) <> ''))",
            },
            message='a package goes only to an approved partner of the centre for its purpose (ADR 0014)',
        ),

    ]
