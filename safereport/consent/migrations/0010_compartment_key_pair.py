# The sealed compartment's X25519 key pair (ADR 0003 and 0033, 2026-12-02). No data step:
# a key pair is made only when the person's code is at hand (their next record or unlock).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0009_oversight_body_and_statistics_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="migrationcompartment",
            name="public_key",
            field=models.BinaryField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="migrationcompartment",
            name="private_key_sealed",
            field=models.BinaryField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="migrationcompartment",
            name="unlocked_private_key_sealed",
            field=models.BinaryField(editable=False, null=True),
        ),
    ]
