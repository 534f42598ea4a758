"""The recipient rules held by the database itself, on PostgreSQL and SQLite (partners/guards.py).

Everything here is SQL straight to the database, as a script or a shell
would write it, past every service: the triggers refuse it. On SQLite the
CHECK constraints are switched off first, as any connection may, to show the
triggers do not lean on them.
"""

import uuid
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from safereport.accounts.permissions import OrganisationKind
from safereport.consent.models import DisclosurePackage
from safereport.core.purposes import Purpose
from safereport.partners import services
from safereport.partners.models import Partnership
from safereport.partners.tests.helpers import bootstrap

pytestmark = pytest.mark.django_db(databases="__all__")


@contextmanager
def checks_switched_off():
    """What SQLite lets any connection do: CHECK constraints stop being checked. PostgreSQL has no such switch."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
    else:
        yield


def execute(statement, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def refused(statement, params=()):
    with pytest.raises(DatabaseError, match="guard: "):
        execute(statement, params)


PACKAGE_INSERT = (
    "INSERT INTO consent_disclosurepackage (public_id, created_at, case_id, case_ref, care_centre_id, recipient_id, purpose,"
    " categories, withheld, built_by_id, built_at, ledger_position) VALUES (%s, %s, %s, 'x', %s, %s, %s, '[]', '{}', %s, %s, 0)"
)


def package_row(world, recipient, purpose=Purpose.INVESTIGATION):
    now = timezone.now()
    return [
        str(uuid.uuid4()) if connection.vendor == "postgresql" else uuid.uuid4().hex, now, world.cases["assigned"].pk,
        world.organisations["ghent"].pk, recipient.pk, purpose, world.staff["doctor"].pk, now,
    ]


def test_a_package_to_an_organisation_without_a_partnership_is_refused_by_the_database(world):
    intruder = bootstrap("Immigratiepolitie", OrganisationKind.POLICE_UNIT, "NL")
    with checks_switched_off():
        refused(PACKAGE_INSERT, package_row(world, intruder))
        # Through the ORM too: the model has no check of its own, the database does.
        with pytest.raises(DatabaseError, match="guard: "), transaction.atomic():
            DisclosurePackage(
                case=world.cases["assigned"], case_ref="x", care_centre=world.organisations["ghent"], recipient=intruder,
                purpose=Purpose.INVESTIGATION, built_by=world.staff["doctor"], built_at=timezone.now(),
            ).save()
        # A partner, but not for this purpose; another centre's partner.
        refused(PACKAGE_INSERT, package_row(world, world.organisations["police"], Purpose.REFERRAL))
        row = package_row(world, world.organisations["police"])
        row[3] = world.organisations["utrecht"].pk
        refused(PACKAGE_INSERT, row)
        # The positive control: the same statement to the Ghent police, a partner for investigations.
        execute(PACKAGE_INSERT, package_row(world, world.organisations["police"]))
    assert DisclosurePackage.objects.filter(recipient=world.organisations["police"]).count() == 1
    assert not DisclosurePackage.objects.filter(recipient=intruder).exists()


def test_a_package_to_a_revoked_partner_or_one_that_moved_jurisdiction_is_refused(world):
    police = world.organisations["police"]
    execute("UPDATE accounts_organisation SET jurisdiction = 'NL' WHERE id = %s", [police.pk])
    refused(PACKAGE_INSERT, package_row(world, police))
    execute("UPDATE accounts_organisation SET jurisdiction = 'BE' WHERE id = %s", [police.pk])
    execute(PACKAGE_INSERT, package_row(world, police))
    services.partnership_revoke(actor=world.staff["dpo"], partnership=Partnership.objects.get(organisation=police), reason="ended")
    refused(PACKAGE_INSERT, package_row(world, police))


PARTNERSHIP_INSERT = (
    "INSERT INTO partners_partnership (public_id, created_at, care_centre_id, organisation_id, agreement_reference,"
    " agreement_date, jurisdiction, cross_border_reason, purposes, public_names, proposed_by_id, proposed_role,"
    " approved_by_id, approved_role, approved_at, revoked_by_id, revoked_at, revocation_reason)"
    " VALUES (%s, %s, %s, %s, 'X', '2026-01-01', 'NL', '', '[\"investigation\"]', '{\"en\": \"x\"}', %s, %s, %s, %s, %s, NULL, NULL, '')"
)


def partnership_row(world, organisation, *, proposer="dpo", role="dpo_admin", approver=None, approver_role="", approved=False, centre="ghent"):
    now = timezone.now()
    return [
        str(uuid.uuid4()) if connection.vendor == "postgresql" else uuid.uuid4().hex, now,
        world.organisations[centre].pk, organisation.pk, world.staff[proposer].pk, role,
        world.staff[approver].pk if approver else None, approver_role, now if approved else None,
    ]


def test_a_partnership_cannot_be_written_approved_or_by_someone_outside_the_centre(world):
    intruder = bootstrap("Immigratiepolitie", OrganisationKind.POLICE_UNIT, "NL")
    with checks_switched_off():
        # Born approved, even by a second person of another role: refused.
        refused(PARTNERSHIP_INSERT, partnership_row(world, intruder, approver="case_manager", approver_role="case_manager", approved=True))
        # Proposed by someone of another centre, or in a role they do not hold.
        refused(PARTNERSHIP_INSERT, partnership_row(world, intruder, proposer="utrecht_worker", role="crisis_worker"))
        refused(PARTNERSHIP_INSERT, partnership_row(world, intruder, role="case_manager"))
        # A "centre" that is not a care centre.
        refused(PARTNERSHIP_INSERT, partnership_row(world, world.organisations["ngo"], centre="police"))
        execute(PARTNERSHIP_INSERT, partnership_row(world, intruder))
    assert Partnership.objects.filter(organisation=intruder, approved_at__isnull=True).count() == 1


def test_an_approval_needs_a_second_person_of_another_role_of_the_centre_and_comes_once(world):
    intruder = bootstrap("Politie Zone Noord", OrganisationKind.POLICE_UNIT, "BE")
    proposed = services.partnership_propose(
        actor=world.staff["dpo"], organisation=intruder, agreement_reference="X", agreement_date="2026-01-01",
        purposes=[Purpose.INVESTIGATION], public_names={"en": "x"},
    )
    approve = "UPDATE partners_partnership SET approved_by_id = %s, approved_role = %s, approved_at = %s WHERE id = %s"
    now = timezone.now()
    with checks_switched_off():
        refused(approve, [world.staff["dpo"].pk, "case_manager", now, proposed.pk])  # the proposer
        refused(approve, [world.staff["case_manager"].pk, "dpo_admin", now, proposed.pk])  # the proposer's role
        refused(approve, [world.staff["doctor"].pk, "case_manager", now, proposed.pk])  # a role they do not hold
        refused(approve, [world.staff["utrecht_worker"].pk, "crisis_worker", now, proposed.pk])  # another centre
        refused(approve, [None, "", now, proposed.pk])  # nobody
        execute(approve, [world.staff["case_manager"].pk, "case_manager", now, proposed.pk])
        refused(approve, [world.staff["case_manager"].pk, "case_manager", timezone.now(), proposed.pk])  # once
        refused("UPDATE partners_partnership SET approved_by_id = NULL, approved_role = '', approved_at = NULL WHERE id = %s", [proposed.pk])
    proposed.refresh_from_db()
    assert proposed.in_force and proposed.approved_by == world.staff["case_manager"]


def test_an_ended_partnership_never_changes_and_no_partnership_is_deleted(world):
    partnership = Partnership.objects.get(organisation=world.organisations["police"])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM partners_partnership WHERE id = %s", [partnership.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE partners_partnership SET purposes = '[\"investigation\", \"research\"]' WHERE id = %s", [partnership.pk])
    refused("UPDATE partners_partnership SET revoked_at = %s WHERE id = %s", [timezone.now(), partnership.pk])  # by nobody
    services.partnership_revoke(actor=world.staff["dpo"], partnership=partnership, reason="ended")
    refused("UPDATE partners_partnership SET revoked_at = NULL, revoked_by_id = NULL WHERE id = %s", [partnership.pk])
    refused("UPDATE partners_partnership SET revocation_reason = 'rewritten' WHERE id = %s", [partnership.pk])


def test_no_organisation_of_a_kind_outside_the_vocabulary_even_with_checks_off(world):
    insert = (
        "INSERT INTO accounts_organisation (public_id, created_at, name, kind, jurisdiction, is_active) "
        "VALUES (%s, CURRENT_TIMESTAMP, 'Border agency', 'immigration_enforcement', 'BE', %s)"
    )
    with checks_switched_off():
        refused(insert, [str(uuid.uuid4()) if connection.vendor == "postgresql" else uuid.uuid4().hex, True])
        refused("UPDATE accounts_organisation SET kind = 'immigration_enforcement' WHERE id = %s", [world.organisations["police"].pk])


def test_on_sqlite_the_pragma_really_switches_checks_off():
    # Why the rules above are triggers, not only CHECK constraints.
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL has no switch for CHECK constraints")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE partners_check_scratch (id integer PRIMARY KEY, n integer CHECK (n >= 0))")
    with pytest.raises(DatabaseError):
        execute("INSERT INTO partners_check_scratch VALUES (1, -1)")
    with checks_switched_off():
        execute("INSERT INTO partners_check_scratch VALUES (2, -1)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM partners_check_scratch")
        assert cursor.fetchall() == [(2,)]
