"""An oversight body is an organisation kind (ADR 0031).

SQLite rebuilds the table for the new CHECK, dropping its triggers; the kind
guards (partners/guards.py) are installed again with the new vocabulary, on
PostgreSQL too, where the old ones would refuse the new kind.
"""

from django.db import migrations, models

from safereport.core.guards import GuardTrigger


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0005_training_organisation_kind'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='organisation',
            name='organisation_kind_in_vocabulary',
        ),
        migrations.AlterField(
            model_name='organisation',
            name='kind',
            field=models.CharField(choices=[('care_centre', 'Sexual assault care centre'), ('police_unit', 'Police unit'), ('ngo', 'Non-governmental organisation'), ('municipal_desk', 'Municipal desk'), ('legal_service', 'Legal service'), ('research_body', 'Research body'), ('training_centre', 'Training organisation (synthetic cases only)'), ('oversight_body', 'Oversight body')], max_length=32),
        ),
        migrations.AddConstraint(
            model_name='organisation',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['care_centre', 'police_unit', 'ngo', 'municipal_desk', 'legal_service', 'research_body', 'training_centre', 'oversight_body'])), name='organisation_kind_in_vocabulary'),
        ),
        GuardTrigger(
            'Organisation',
            name='guard_organisation_kind_on_insert',
            event='INSERT',
            refuse_when={
                'postgresql': "NEW.kind NOT IN ('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'oversight_body', 'police_unit', 'research_body', 'training_centre')",
                'sqlite': "NEW.kind NOT IN ('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'oversight_body', 'police_unit', 'research_body', 'training_centre')",
            },
            message='no organisation of a kind outside the vocabulary (ADR 0014)',
        ),
        GuardTrigger(
            'Organisation',
            name='guard_organisation_kind_on_update',
            event='UPDATE',
            refuse_when={
                'postgresql': "NEW.kind NOT IN ('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'oversight_body', 'police_unit', 'research_body', 'training_centre')",
                'sqlite': "NEW.kind NOT IN ('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'oversight_body', 'police_unit', 'research_body', 'training_centre')",
            },
            message='no organisation of a kind outside the vocabulary (ADR 0014)',
        ),

    ]
