"""A new case's reporting status is "not decided", not "not reporting" (issue 13 §5, docs/adr/0025).

Existing cases whose status nobody ever set (no `cases:reporting_status:set`
event names them) said nothing about the police: they become "not decided".
A case where the person, or staff recording what the person said, chose "not
reporting" keeps it. The needs assessment's psychological care no longer
defaults to "no need now".
"""

from django.db import migrations, models


def unsaid_becomes_not_decided(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    said = set(
        AuditEvent.objects.filter(action="cases:reporting_status:set").values_list("case_ref", flat=True)
    )
    unsaid = [
        pk
        for pk, public_id in Case.objects.filter(reporting_status="not_reporting").values_list("pk", "public_id")
        if str(public_id) not in said
    ]
    for start in range(0, len(unsaid), 500):
        Case.objects.filter(pk__in=unsaid[start : start + 500]).update(reporting_status="not_decided")


def not_decided_becomes_not_reporting(apps, schema_editor):
    apps.get_model("cases", "Case").objects.filter(reporting_status="not_decided").update(
        reporting_status="not_reporting"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0008_erased_receipt"),
        ("audit", "0004_chain_anchors"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="reporting_status",
            field=models.CharField(
                choices=[
                    ("not_decided", "Not decided (the person has not said)"),
                    ("not_reporting", "Not reporting"),
                    ("thinking", "Thinking about it"),
                    ("informal_talk_arranged", "Informal talk with the police arranged"),
                    ("reported", "Reported to the police"),
                ],
                default="not_decided",
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="needsassessment",
            name="psychological_care",
            field=models.CharField(
                choices=[
                    ("not_assessed", "Not assessed yet"),
                    ("none", "No need now"),
                    ("short_term", "Short-term care in the centre"),
                    ("referral", "Longer-term care: refer"),
                    ("declined", "Offered, declined (has support)"),
                ],
                default="not_assessed",
                max_length=20,
            ),
        ),
        migrations.RunPython(unsaid_becomes_not_decided, not_decided_becomes_not_reporting),
    ]
