"""On PostgreSQL the ledger refuses UPDATE from any client (docs/adr/0008-consent-and-disclosure.md).

DELETE stays possible: erasing a case (crypto-shredding, then removing its
rows) cascades to its ledger. A package may change only where erasure needs
it: shredded_at, retained_until and the case link set to NULL.
"""

from django.db import migrations

SQL = """
CREATE FUNCTION consent_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the consent ledger is append-only: UPDATE refused on %', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER consent_consentevent_append_only
    BEFORE UPDATE ON consent_consentevent FOR EACH ROW EXECUTE FUNCTION consent_refuse_update();
CREATE TRIGGER consent_clinicalconsent_append_only
    BEFORE UPDATE ON consent_clinicalconsent FOR EACH ROW EXECUTE FUNCTION consent_refuse_update();
CREATE FUNCTION consent_package_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (NEW.case_id IS DISTINCT FROM OLD.case_id AND NEW.case_id IS NOT NULL)
       OR NEW.categories IS DISTINCT FROM OLD.categories
       OR NEW.recipient_id IS DISTINCT FROM OLD.recipient_id
       OR NEW.purpose IS DISTINCT FROM OLD.purpose
       OR NEW.built_at IS DISTINCT FROM OLD.built_at
       OR NEW.contact_details_sealed IS DISTINCT FROM OLD.contact_details_sealed
       OR NEW.incident_account_sealed IS DISTINCT FROM OLD.incident_account_sealed
       OR NEW.injuries_forensic_findings_sealed IS DISTINCT FROM OLD.injuries_forensic_findings_sealed
       OR NEW.forensic_samples_sealed IS DISTINCT FROM OLD.forensic_samples_sealed
       OR NEW.sexual_health_results_sealed IS DISTINCT FROM OLD.sexual_health_results_sealed
       OR NEW.medical_history_sealed IS DISTINCT FROM OLD.medical_history_sealed
       OR NEW.mental_health_sealed IS DISTINCT FROM OLD.mental_health_sealed
       OR NEW.safety_and_risk_sealed IS DISTINCT FROM OLD.safety_and_risk_sealed
       OR NEW.needs_and_support_sealed IS DISTINCT FROM OLD.needs_and_support_sealed
       OR NEW.migration_information_sealed IS DISTINCT FROM OLD.migration_information_sealed THEN
        RAISE EXCEPTION 'disclosure packages are immutable' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER consent_disclosurepackage_immutable
    BEFORE UPDATE ON consent_disclosurepackage FOR EACH ROW EXECUTE FUNCTION consent_package_immutable();
"""

DROP = """
DROP TRIGGER IF EXISTS consent_disclosurepackage_immutable ON consent_disclosurepackage;
DROP TRIGGER IF EXISTS consent_clinicalconsent_append_only ON consent_clinicalconsent;
DROP TRIGGER IF EXISTS consent_consentevent_append_only ON consent_consentevent;
DROP FUNCTION IF EXISTS consent_package_immutable();
DROP FUNCTION IF EXISTS consent_refuse_update();
"""


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL, params=None)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]
    operations = [migrations.RunPython(add, drop)]
