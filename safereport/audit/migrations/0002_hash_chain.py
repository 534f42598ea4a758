"""Hash chain, chain head and append-only enforcement (docs/adr/0004-audit-log.md).

Events written before the chain existed are chained in id order, so a
development database keeps its history and still verifies.
"""

from django.db import migrations, models

from safereport.audit.chain import GENESIS_HASH, HASHED_FIELDS, event_hash

APPEND_ONLY_SQL = """
CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused on %', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_auditchainhead_no_delete
    BEFORE DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS audit_auditchainhead_no_delete ON audit_auditchainhead;
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_refuse_change();
"""


def chain_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    db = schema_editor.connection.alias
    previous = GENESIS_HASH
    sequence = 0
    for event in AuditEvent.objects.using(db).order_by("id").iterator():
        sequence += 1
        event.sequence = sequence
        event.prev_hash = previous
        event.hash = event_hash(tuple(getattr(event, name) for name in HASHED_FIELDS))
        event.save(update_fields=["sequence", "prev_hash", "hash"])
        previous = event.hash
    if sequence:
        AuditChainHead.objects.using(db).create(id=1, sequence=sequence, hash=previous)


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("sequence", models.BigIntegerField()),
                ("hash", models.CharField(max_length=64)),
            ],
        ),
        migrations.AddField("auditevent", "sequence", models.BigIntegerField(null=True)),
        migrations.AddField("auditevent", "prev_hash", models.CharField(default="", max_length=64), preserve_default=False),
        migrations.AddField("auditevent", "hash", models.CharField(default="", max_length=64), preserve_default=False),
        migrations.AddField("auditevent", "actor_organisation_kind", models.CharField(blank=True, max_length=32)),
        migrations.AddField("auditevent", "actor_organisation_name", models.CharField(blank=True, max_length=200)),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.AlterField("auditevent", "sequence", models.BigIntegerField(unique=True)),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
