"""The ledger's languages become a choice from config/locales.py; any other language's name is sealed (ADR 0018).

The ledger is append-only, so this is the one rewrite of its rows: the
language columns of existing entries become codes, or "another language"
with the typed name moved into a sealed field (cases/migrations/_language_columns).
Nothing else in a row changes. The triggers are lifted for that one update
and installed again at the end, because on SQLite narrowing a column and
adding a CHECK rebuild the table, and a rebuilt table has no triggers.
"""

import safereport.core.languages
from django.db import migrations, models

from safereport.cases.migrations._language_columns import open_sealed_languages, seal_typed_languages
from safereport.core.appendonly import AppendOnlyTriggers, Rule, create_sql, drop_sql, triggers_lifted

TYPED = {
    "consent.ConsentEvent": ("language", "interpreter_language"),
    "consent.ClinicalConsent": ("language", "interpreter_language"),
}
TABLES = ["consent_consentevent", "consent_clinicalconsent"]
LIST = ["", "en", "fr", "nl", "es", "it", "ar", "fa", "ti", "uk", "other"]


def forwards(apps, schema_editor):
    with triggers_lifted(schema_editor.connection, TABLES):
        seal_typed_languages(apps, TYPED)


def backwards(apps, schema_editor):
    with triggers_lifted(schema_editor.connection, TABLES):
        open_sealed_languages(apps, TYPED)


def triggers_back(apps, schema_editor):
    """Going back past this migration: the triggers of 0003, as they were."""
    vendor = schema_editor.connection.vendor
    for name in ("ConsentEvent", "ClinicalConsent"):
        model = apps.get_model("consent", name)
        table = model._meta.db_table
        columns = [field.column for field in model._meta.concrete_fields]
        rule = Rule(f"consent.{name}", written_by="(migration)", may_delete=True)
        for statement in [*drop_sql(vendor, table), *create_sql(vendor, table, columns, rule)]:
            schema_editor.execute(statement, params=None)


def language_field(choices):
    return models.CharField(blank=True, choices=choices, max_length=12)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_languages_from_the_list_other_sealed"),
        ("consent", "0004_correspondence_category"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, triggers_back),
        migrations.AddField(model_name="clinicalconsent", name="interpreter_language_other_sealed", field=models.BinaryField(null=True)),
        migrations.AddField(model_name="clinicalconsent", name="language_other_sealed", field=models.BinaryField(null=True)),
        migrations.AddField(model_name="consentevent", name="interpreter_language_other_sealed", field=models.BinaryField(null=True)),
        migrations.AddField(model_name="consentevent", name="language_other_sealed", field=models.BinaryField(null=True)),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="clinicalconsent",
            name="interpreter_language",
            field=language_field(safereport.core.languages.language_choices),
        ),
        migrations.AlterField(
            model_name="clinicalconsent", name="language", field=language_field(safereport.core.languages.language_choices)
        ),
        migrations.AlterField(
            model_name="consentevent",
            name="interpreter_language",
            field=language_field(safereport.core.languages.language_choices),
        ),
        migrations.AlterField(
            model_name="consentevent", name="language", field=language_field(safereport.core.languages.language_choices)
        ),
        migrations.AddConstraint(
            model_name="clinicalconsent",
            constraint=models.CheckConstraint(condition=models.Q(("language__in", LIST)), name="clinical_consent_language_in_list"),
        ),
        migrations.AddConstraint(
            model_name="clinicalconsent",
            constraint=models.CheckConstraint(
                condition=models.Q(("interpreter_language__in", LIST)), name="clinical_consent_interpreter_language_in_list"
            ),
        ),
        migrations.AddConstraint(
            model_name="consentevent",
            constraint=models.CheckConstraint(condition=models.Q(("language__in", LIST)), name="consent_language_in_list"),
        ),
        migrations.AddConstraint(
            model_name="consentevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("interpreter_language__in", LIST)), name="consent_interpreter_language_in_list"
            ),
        ),
        AppendOnlyTriggers("ConsentEvent", may_delete=True),
        AppendOnlyTriggers("ClinicalConsent", may_delete=True),
    ]
