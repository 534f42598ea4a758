"""Portal messages become their own data category, correspondence (ADR 0016).

The ledger's vocabulary gains the value; no row changes, so a consent given
for the account of the incident keeps meaning exactly that. Packages gain a
sealed field for it. The append-only triggers are installed again: SQLite
rebuilds the ledger table for the new CHECK (dropping its triggers), and a
package's new column must be protected like the others.
"""

from django.db import migrations, models

from safereport.core.appendonly import AppendOnlyTriggers


class Migration(migrations.Migration):

    dependencies = [
        ('consent', '0003_appendonly_triggers'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='consentevent',
            name='consent_category_in_vocabulary',
        ),
        migrations.AddField(
            model_name='disclosurepackage',
            name='correspondence_sealed',
            field=models.BinaryField(null=True),
        ),
        migrations.AlterField(
            model_name='consentevent',
            name='category',
            field=models.CharField(choices=[('contact_details', 'Contact details'), ('incident_account', 'Account of the incident'), ('injuries_forensic_findings', 'Injuries and forensic findings'), ('forensic_samples', 'Forensic samples'), ('sexual_health_results', 'Sexual-health results'), ('medical_history', 'Medical history'), ('mental_health', 'Mental health'), ('safety_and_risk', 'Safety and risk'), ('needs_and_support', 'Needs and support'), ('correspondence', 'Messages with the centre'), ('migration_information', 'Migration information')], max_length=40),
        ),
        migrations.AddConstraint(
            model_name='consentevent',
            constraint=models.CheckConstraint(condition=models.Q(('category__in', ['contact_details', 'incident_account', 'injuries_forensic_findings', 'forensic_samples', 'sexual_health_results', 'medical_history', 'mental_health', 'safety_and_risk', 'needs_and_support', 'correspondence', 'migration_information'])), name='consent_category_in_vocabulary'),
        ),
        AppendOnlyTriggers("ConsentEvent", may_delete=True),
        AppendOnlyTriggers("DisclosurePackage", may_change=["retained_until", "shredded_at"], may_clear=["case_id"]),
    ]
