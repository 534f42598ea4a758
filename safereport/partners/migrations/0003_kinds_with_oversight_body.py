"""A partnership names an organisation of a kind in the vocabulary, which gained the oversight body (ADR 0031).

The guard is installed again with the new list (partners/guards.py). An oversight body
is no recipient for any purpose (consent/purposes.py): the services refuse it.
"""

from django.db import migrations

from safereport.core.guards import GuardTrigger


class Migration(migrations.Migration):
    dependencies = [("partners", "0002_training_organisation_kind"), ("accounts", "0006_oversight_body")]
    operations = [
        GuardTrigger(
            'Partnership',
            name='guard_partnership_born_pending',
            event='INSERT',
            refuse_when={
                'postgresql': "NEW.approved_at IS NOT NULL OR NEW.approved_by_id IS NOT NULL OR NEW.approved_role <> '' OR NEW.revoked_at IS NOT NULL OR NEW.revoked_by_id IS NOT NULL OR NEW.organisation_id = NEW.care_centre_id OR NOT EXISTS (SELECT 1 FROM accounts_organisation c WHERE c.id = NEW.care_centre_id AND c.kind = 'care_centre') OR NOT EXISTS (SELECT 1 FROM accounts_organisation r WHERE r.id = NEW.organisation_id AND r.kind IN ('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'oversight_body', 'police_unit', 'research_body', 'training_centre')) OR NOT EXISTS (SELECT 1 FROM accounts_staffuser s WHERE s.id = NEW.proposed_by_id AND s.organisation_id = NEW.care_centre_id AND s.roles @> jsonb_build_array(NEW.proposed_role))",
                'sqlite': "NEW.approved_at IS NOT NULL OR NEW.approved_by_id IS NOT NULL OR NEW.approved_role <> '' OR NEW.revoked_at IS NOT NULL OR NEW.revoked_by_id IS NOT NULL OR NEW.organisation_id = NEW.care_centre_id OR NOT EXISTS (SELECT 1 FROM accounts_organisation c WHERE c.id = NEW.care_centre_id AND c.kind = 'care_centre') OR NOT EXISTS (SELECT 1 FROM accounts_organisation r WHERE r.id = NEW.organisation_id AND r.kind IN ('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'oversight_body', 'police_unit', 'research_body', 'training_centre')) OR NOT EXISTS (SELECT 1 FROM accounts_staffuser s WHERE s.id = NEW.proposed_by_id AND s.organisation_id = NEW.care_centre_id AND EXISTS (SELECT 1 FROM json_each(s.roles) WHERE json_each.value = NEW.proposed_role))",
            },
            message='a partnership starts as a proposal by a member of the care centre (ADR 0014)',
        ),

    ]
