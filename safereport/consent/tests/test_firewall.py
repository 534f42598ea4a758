"""Nothing ever reaches immigration enforcement: there is no such recipient, and no way to make one."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind, Role
from safereport.audit.models import AuditEvent
from safereport.consent import services
from safereport.consent.models import ConsentEvent, DisclosurePackage
from safereport.consent.purposes import RECIPIENT_KINDS, Purpose
from safereport.consent.services import ConsentError, DisclosureRefused
from safereport.consent.tests.helpers import give
from safereport.core.appendonly import AppendOnlyError
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


def refused_by_the_database(statement, params=()):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def allowed_by_the_database(statement, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def test_the_database_itself_refuses_to_rewrite_the_ledger_or_a_package(world, examined_case):
    """On PostgreSQL and SQLite alike: the rules in safereport.core.appendonly.RULES."""
    event = give(world, examined_case, [C.INCIDENT_ACCOUNT])[0]
    clinical = services.clinical_consent_record(
        case=examined_case, examination="samples", decision="given", told_can_stop=True,
        explained_by=world.staff["doctor"], understanding="understood",
    )
    package = services.disclosure_build(case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"])
    refused_by_the_database("UPDATE consent_consentevent SET decision = 'withdrawn' WHERE id = %s", [event.pk])
    refused_by_the_database("UPDATE consent_clinicalconsent SET decision = 'declined' WHERE id = %s", [clinical.pk])
    for column, value in [
        ("categories", '["medical_history"]'),
        ("recipient_id", world.organisations["ngo"].pk),
        ("case_id", world.cases["unassigned"].pk),
        ("case_ref", "someone-else"),
        ("withheld", '{"migration_information": "locked"}'),
        ("incident_account_sealed", None),
        ("built_at", "2020-01-01 00:00:00"),
    ]:
        refused_by_the_database(f"UPDATE consent_disclosurepackage SET {column} = %s WHERE id = %s", [value, package.pk])  # noqa: S608 - fixed names
    refused_by_the_database("DELETE FROM consent_disclosurepackage WHERE id = %s", [package.pk])
    # What erasure does stays possible: mark it shredded or kept, drop the link to the erased case …
    allowed_by_the_database(
        "UPDATE consent_disclosurepackage SET retained_until = '2036-01-01', shredded_at = CURRENT_TIMESTAMP WHERE id = %s", [package.pk]
    )
    allowed_by_the_database("UPDATE consent_disclosurepackage SET case_id = NULL WHERE id = %s", [package.pk])
    # … and remove the case's ledger with the case.
    allowed_by_the_database("DELETE FROM consent_clinicalconsent WHERE id = %s", [clinical.pk])
    allowed_by_the_database("DELETE FROM consent_consentevent WHERE id = %s", [event.pk])
    package.refresh_from_db()
    assert package.case_id is None and package.shredded_at is not None and package.categories == [C.INCIDENT_ACCOUNT]


def test_in_code_a_package_changes_only_where_erasure_needs_it(world, examined_case):
    give(world, examined_case, [C.INCIDENT_ACCOUNT])
    package = services.disclosure_build(case=examined_case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"])
    packages = DisclosurePackage.objects.filter(pk=package.pk)
    for change in ({"categories": [C.MEDICAL_HISTORY]}, {"case": world.cases["unassigned"]}, {"shredded_at": None, "purpose": "referral"}):
        with pytest.raises(AppendOnlyError):
            packages.update(**change)
    with pytest.raises(AppendOnlyError):
        package.delete()
    with pytest.raises(AppendOnlyError):
        packages.delete()
    package.categories = [C.MEDICAL_HISTORY]
    for update_fields in (None, ["categories"], ["categories", "shredded_at"]):
        with pytest.raises(AppendOnlyError):
            package.save(update_fields=update_fields)
    package.shredded_at = timezone.now()
    package.save(update_fields=["shredded_at"])
    assert packages.update(retained_until="2036-01-01", shredded_at=timezone.now(), case=None) == 1
