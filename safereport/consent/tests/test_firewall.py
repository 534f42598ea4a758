"""Nothing ever reaches immigration enforcement: there is no such recipient, and no way to make one."""

import pytest
from django.db import IntegrityError, connection, transaction

from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.audit.models import AuditEvent
from safereport.consent import services
from safereport.consent.models import ConsentEvent
from safereport.consent.purposes import RECIPIENT_KINDS, Purpose
from safereport.consent.services import ConsentError, DisclosureRefused
from safereport.consent.tests.helpers import give
from safereport.core.categories import DataCategory as C

pytestmark = pytest.mark.django_db(databases="__all__")
ENFORCEMENT_WORDS = ("immigra", "border", "asylum", "deport", "alien", "migration", "removal", "detention", "visa")


def test_no_vocabulary_names_an_enforcement_recipient():
    for value in [*OrganisationKind.values, *Role.values, *Purpose.values, *(k for kinds in RECIPIENT_KINDS.values() for k in kinds)]:
        assert not any(word in value for word in ENFORCEMENT_WORDS), value


def test_the_database_refuses_an_organisation_of_any_other_kind(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Immigration Office", kind="immigration_enforcement", jurisdiction="BE")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_organisation (public_id, created_at, name, kind, jurisdiction, is_active) "
            "VALUES (%s, CURRENT_TIMESTAMP, 'Border agency', 'immigration_enforcement', 'BE', %s)",
            ["00000000-0000-0000-0000-00000000abcd", True],
        )


def test_the_ledger_refuses_a_consent_to_a_kind_outside_the_vocabulary(world, examined_case):
    with pytest.raises(ConsentError):
        give(world, examined_case, [C.INCIDENT_ACCOUNT], kind="immigration_enforcement")
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentEvent(
            case=examined_case, category=C.INCIDENT_ACCOUNT, purpose="investigation", recipient_kind="immigration_enforcement",
            decision="given", channel="staff", understanding="understood",
        ).save()


def test_an_organisation_altered_in_memory_is_refused_and_the_attempt_is_audited(world, examined_case):
    give(world, examined_case, [C.INCIDENT_ACCOUNT])
    police = world.organisations["police"]
    police.kind = "immigration_enforcement"
    with pytest.raises(DisclosureRefused) as refused:
        services.disclosure_build(case=examined_case, recipient=police, purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"])
    assert refused.value.reason == "recipient_kind_outside_vocabulary"
    event = AuditEvent.objects.get(action="consent:disclosure:refused")
    assert event.details["recipient_kind"] == "immigration_enforcement"


def test_migration_information_is_never_shared_by_kind_or_without_explicit_consent(world, examined_case):
    with pytest.raises(ConsentError):
        give(world, examined_case, [C.MIGRATION_INFORMATION], purpose=Purpose.RELIEF_APPLICATION, kind="legal_service", explicit=True)
    with pytest.raises(ConsentError):
        give(world, examined_case, [C.MIGRATION_INFORMATION], purpose=Purpose.RELIEF_APPLICATION, organisation="legal")


def test_on_postgresql_the_database_itself_refuses_to_rewrite_the_ledger_or_a_package(world, examined_case):
    if connection.vendor != "postgresql":
        pytest.skip("the triggers exist on PostgreSQL only")
    from django.db import DatabaseError

    from safereport.consent.models import DisclosurePackage
    from safereport.consent.purposes import Purpose as P

    event = give(world, examined_case, [C.INCIDENT_ACCOUNT])[0]
    package = services.disclosure_build(case=examined_case, recipient=world.organisations["police"], purpose=P.INVESTIGATION, actor=world.staff["doctor"])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE consent_consentevent SET decision = 'withdrawn' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE consent_disclosurepackage SET categories = '[\"medical_history\"]' WHERE id = %s", [package.pk])
    DisclosurePackage.objects.filter(pk=package.pk).update(retained_until="2036-01-01")  # erasure may do this
