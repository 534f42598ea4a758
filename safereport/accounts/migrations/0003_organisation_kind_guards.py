"""No organisation of a kind outside the vocabulary, held by triggers too (partners/guards.py, ADR 0014).

The CHECK constraint organisation_kind_in_vocabulary stays; SQLite lets a
connection switch CHECKs off (PRAGMA ignore_check_constraints), triggers it
cannot. There is no immigration-enforcement kind to switch to.
"""

from django.db import migrations

from safereport.core.guards import GuardTrigger


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_organisation_time_zone")]
    operations = [
        GuardTrigger(
            'Organisation',
            name='guard_organisation_kind_on_insert',
            event='INSERT',
            refuse_when={
                'postgresql': (
                    "NEW.kind NOT IN ('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'police_unit',"
                    " 'research_body')"
                ),
                'sqlite': (
                    "NEW.kind NOT IN ('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'police_unit',"
                    " 'research_body')"
                ),
            },
            message='no organisation of a kind outside the vocabulary (ADR 0014)',
        ),
        GuardTrigger(
            'Organisation',
            name='guard_organisation_kind_on_update',
            event='UPDATE',
            refuse_when={
                'postgresql': (
                    "NEW.kind NOT IN ('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'police_unit',"
                    " 'research_body')"
                ),
                'sqlite': (
                    "NEW.kind NOT IN ('care_centre', 'legal_service', 'municipal_desk', 'ngo', 'police_unit',"
                    " 'research_body')"
                ),
            },
            message='no organisation of a kind outside the vocabulary (ADR 0014)',
        ),
    ]
