"""Packages go only to approved partners, held by the database too (partners/guards.py, ADR 0014).

A BEFORE INSERT trigger, on PostgreSQL and SQLite, refuses a disclosure package
whose recipient has no approved, unrevoked partnership with the package's centre
for its purpose in the right jurisdiction. Not a CHECK: SQLite can switch those
off with a pragma, and a CHECK cannot look at another table.
"""

from django.db import migrations

from safereport.core.guards import GuardTrigger


class Migration(migrations.Migration):
    dependencies = [("consent", "0006_erasure_notice"), ("partners", "0001_partnerships")]
    operations = [
        GuardTrigger(
            'DisclosurePackage',
            name='guard_package_to_partner_only',
            event='INSERT',
            refuse_when={
                'postgresql': (
                    'NOT EXISTS (SELECT 1 FROM partners_partnership p JOIN accounts_organisation c ON c.id ='
                    ' p.care_centre_id JOIN accounts_organisation r ON r.id = p.organisation_id WHERE'
                    ' p.care_centre_id = NEW.care_centre_id AND p.organisation_id = NEW.recipient_id AND'
                    ' p.approved_at IS NOT NULL AND p.approved_at <= NEW.built_at AND p.revoked_at IS NULL AND'
                    " p.purposes @> jsonb_build_array(NEW.purpose) AND r.is_active AND r.kind IN ('care_centre',"
                    " 'legal_service', 'municipal_desk', 'ngo', 'police_unit', 'research_body') AND r.jurisdiction ="
                    " p.jurisdiction AND (p.jurisdiction = c.jurisdiction OR trim(p.cross_border_reason) <> ''))"
                ),
                'sqlite': (
                    'NOT EXISTS (SELECT 1 FROM partners_partnership p JOIN accounts_organisation c ON c.id ='
                    ' p.care_centre_id JOIN accounts_organisation r ON r.id = p.organisation_id WHERE'
                    ' p.care_centre_id = NEW.care_centre_id AND p.organisation_id = NEW.recipient_id AND'
                    ' p.approved_at IS NOT NULL AND p.approved_at <= NEW.built_at AND p.revoked_at IS NULL AND EXISTS'
                    ' (SELECT 1 FROM json_each(p.purposes) WHERE json_each.value = NEW.purpose) AND r.is_active = 1'
                    " AND r.kind IN ('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'police_unit',"
                    " 'research_body') AND r.jurisdiction = p.jurisdiction AND (p.jurisdiction = c.jurisdiction OR"
                    " trim(p.cross_border_reason) <> ''))"
                ),
            },
            message='a package goes only to an approved partner of the centre for its purpose (ADR 0014)',
        ),
    ]
