"""Languages become a choice from config/locales.py; the name of any other language is sealed (ADR 0018).

Existing rows are converted before the columns narrow: a typed name that
matches a supported language becomes its code, anything else moves into the
sealed field (see _language_columns). Then a CHECK holds every column to the
list, so free text cannot come back into it.
"""

import safereport.core.languages
from django.db import migrations, models

from safereport.cases.migrations._language_columns import open_sealed_languages, seal_typed_languages

TYPED = {
    "cases.Case": ("interpreter_language",),
    "cases.Appointment": ("interpreter_language",),
    "cases.Encounter": ("interpreter_language",),
}
LIST = ["", "en", "fr", "nl", "es", "it", "ar", "fa", "ti", "uk", "other"]


def forwards(apps, schema_editor):
    seal_typed_languages(apps, TYPED)


def backwards(apps, schema_editor):
    open_sealed_languages(apps, TYPED)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_referrals_move_to_their_own_app"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="interpreter_language_other_sealed",
            field=models.BinaryField(null=True),
        ),
        migrations.AddField(
            model_name="case",
            name="interpreter_language_other_sealed",
            field=models.BinaryField(null=True),
        ),
        migrations.AddField(
            model_name="encounter",
            name="interpreter_language_other_sealed",
            field=models.BinaryField(null=True),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="appointment",
            name="interpreter_language",
            field=models.CharField(blank=True, choices=safereport.core.languages.language_choices, max_length=12),
        ),
        migrations.AlterField(
            model_name="case",
            name="interpreter_language",
            field=models.CharField(blank=True, choices=safereport.core.languages.language_choices, max_length=12),
        ),
        migrations.AlterField(
            model_name="case",
            name="preferred_language",
            field=models.CharField(blank=True, choices=safereport.core.languages.locale_choices, max_length=12),
        ),
        migrations.AlterField(
            model_name="encounter",
            name="interpreter_language",
            field=models.CharField(blank=True, choices=safereport.core.languages.language_choices, max_length=12),
        ),
        migrations.AddConstraint(
            model_name="appointment",
            constraint=models.CheckConstraint(
                condition=models.Q(("interpreter_language__in", LIST)), name="appointment_interpreter_language_in_list"
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.CheckConstraint(
                condition=models.Q(("interpreter_language__in", LIST)), name="case_interpreter_language_in_list"
            ),
        ),
        migrations.AddConstraint(
            model_name="encounter",
            constraint=models.CheckConstraint(
                condition=models.Q(("interpreter_language__in", LIST)), name="encounter_interpreter_language_in_list"
            ),
        ),
    ]
