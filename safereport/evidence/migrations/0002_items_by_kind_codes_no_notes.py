"""No typed text on kits stays open (ADR 0018, ADR 0026 §11).

An item's description becomes a kind from a fixed list (every existing item
becomes "other": its seal number tells it apart); the custody log's typed
note goes, replaced by a condition from a fixed list; the receiving
officer is known by a badge or reference number of their own column (the
`to_party` column keeps only the organisation's name). Seal numbers and
badge numbers are held to a shape by evidence.policies.clean_code. The
append-only triggers are installed again: SQLite rebuilds the custody table.
"""

from django.db import migrations, models

from safereport.core.appendonly import AppendOnlyTriggers


class Migration(migrations.Migration):

    dependencies = [
        ("evidence", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="item",
            name="kind",
            field=models.CharField(
                choices=[
                    ("swab", "Swab"), ("blood", "Blood sample"), ("urine", "Urine sample"), ("hair", "Hair or fibres"),
                    ("nail", "Fingernail scrapings or cuttings"), ("sanitary", "Sanitary towel or tampon"),
                    ("upper_clothing", "Top, shirt or jacket"), ("lower_clothing", "Trousers, skirt or dress"),
                    ("underwear", "Underwear"), ("footwear", "Shoes or socks"), ("bedding", "Bedding or towel"),
                    ("other", "Another item (its seal number tells it apart)"),
                ],
                default="other",
                max_length=20,
            ),
            preserve_default=False,
        ),
        migrations.RemoveField(model_name="item", name="description"),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind__in", ["swab", "blood", "urine", "hair", "nail", "sanitary", "upper_clothing", "lower_clothing",
                                  "underwear", "footwear", "bedding", "other"])
                ),
                name="evidence_item_kind_in_list",
            ),
        ),
        migrations.RemoveField(model_name="custodyevent", name="note"),
        migrations.AddField(
            model_name="custodyevent",
            name="receiver_ref",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="custodyevent",
            name="condition",
            field=models.CharField(
                blank=True,
                choices=[
                    ("seal_intact", "Seal intact"), ("seal_broken", "Seal broken"),
                    ("packaging_damaged", "Packaging damaged"), ("temperature_breach", "Kept outside its temperature range"),
                ],
                max_length=20,
            ),
        ),
        migrations.AddConstraint(
            model_name="custodyevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("condition", ""))
                | models.Q(("condition__in", ["seal_intact", "seal_broken", "packaging_damaged", "temperature_breach"])),
                name="evidence_custody_condition_in_list",
            ),
        ),
        migrations.AlterField(
            model_name="destructionrecord",
            name="reason",
            field=models.CharField(
                choices=[
                    ("disposal_date", "The retention period ended"), ("person_asked", "The person asked for destruction"),
                    ("record_erased", "The person erased their record"), ("other", "Another reason"),
                ],
                max_length=20,
            ),
        ),
        AppendOnlyTriggers("CustodyEvent"),
    ]
