"""DESIGN.md §3.1: no organisation kind, role or permission for immigration enforcement."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from safereport.accounts import services
from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind, Permission, Role
from safereport.audit.actors import Actor

ENFORCEMENT_WORDS = ("immigration", "border", "enforcement", "deport", "alien", "migration_office", "ind", "dofi", "frontex")


def test_no_vocabulary_entry_names_immigration_enforcement():
    vocabulary = [*OrganisationKind.values, *Role.values, *(p.value for p in Permission)]
    for entry in vocabulary:
        words = entry.replace(":", "_").split("_")
        assert not any(word in ENFORCEMENT_WORDS for word in words), entry


def test_the_service_refuses_an_unknown_kind(db):
    with pytest.raises(ValidationError):
        services.organisation_create(
            name="Immigration Office", kind="immigration_enforcement", jurisdiction="BE", actor=Actor.system("test")
        )
    assert not Organisation.objects.filter(name="Immigration Office").exists()


def test_the_database_refuses_an_unknown_kind_even_from_raw_sql(db):
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Organisation._meta.db_table} (public_id, created_at, name, kind, jurisdiction, is_active) "  # noqa: S608 (our own table name)
            "VALUES (%s, CURRENT_TIMESTAMP, %s, %s, %s, %s)",
            ["3f2b6a1c-0000-4000-8000-000000000001", "Immigration Office", "immigration_enforcement", "BE", True],
        )
