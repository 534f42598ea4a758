"""Erasing a case leaves no language anyone typed readable: not in the database, not in a backup taken before.

A language a person needs hints at where they come from. It used to sit in
plain columns that crypto-shredding could not reach, so an old backup kept it
after the case was erased. These tests commit their data (transaction=True),
as a backup only ever sees committed rows.
"""

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from safereport.audit.actors import Actor
from safereport.cases import services as case_services
from safereport.cases.sealing import open_sealed
from safereport.consent import services
from safereport.consent.tests.helpers import give
from safereport.core.categories import DataCategory as C
from safereport.portal.tests.test_contact_and_return import code_from, portal_cases, write_to_centre
from safereport.vault.errors import KeyShredded
from safereport.vault.tests.test_backups import assert_nowhere, database_image

pytestmark = pytest.mark.django_db(databases=["default", "keystore"], transaction=True)

# Distinctive, so a partial leak is found too; one per place a language is recorded.
TYPED = {
    "case": "Kurmanji-Q7731",
    "visit": "Sorani-Z2264",
    "encounter": "Hawrami-X5518",
    "consent": "Zazaki-V3360",
    "clinical": "Gorani-W9047",
}


def text_columns_holding(alias: str, needle: str) -> list[str]:
    """Every table.column of a database whose text contains `needle`."""
    connection = connections[alias]
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                quoted_table, quoted_column = connection.ops.quote_name(table), connection.ops.quote_name(column.name)
                sql = f"SELECT 1 FROM {quoted_table} WHERE CAST({quoted_column} AS TEXT) LIKE %s LIMIT 1"  # noqa: S608 - names from the schema, quoted
                cursor.execute(sql, [f"%{needle}%"])
                if cursor.fetchone():
                    found.append(f"{table}.{column.name}")
    return found


def a_case_with_every_language_typed(world):
    victim = Client()
    code = code_from(
        write_to_centre(victim, world, interpreter_language="other", interpreter_language_other=TYPED["case"])
    )
    victim.post("/en/back/", {"code": code})
    victim.post("/en/visit/", {"kind": "talk", "interpreter_language": "other", "interpreter_language_other": TYPED["visit"]})
    case = portal_cases().get()
    doctor = world.staff["doctor"]
    case_services.encounter_record(
        case=case,
        professional=doctor,
        kind="visit",
        occurred_at=timezone.now(),
        texts={"account_sealed": "He grabbed me at the station."},
        interpreter_language="other",
        interpreter_language_other=TYPED["encounter"],
    )
    give(world, case, [C.INCIDENT_ACCOUNT], interpreter_language="other", interpreter_language_other=TYPED["consent"])
    services.clinical_consent_record(
        case=case,
        examination="medical_examination",
        decision="given",
        told_can_stop=True,
        explained_by=doctor,
        understanding="understood",
        language="other",
        language_other=TYPED["clinical"],
    )
    return case


def test_no_typed_language_is_readable_after_erasure_even_in_an_older_backup(world):
    case = a_case_with_every_language_typed(world)
    # A control: the names are really recorded, and open with the case's key.
    assert open_sealed(case=case, record=case, field="interpreter_language_other_sealed") == TYPED["case"]
    sealed_before = bytes(case.interpreter_language_other_sealed)

    # 1. The backup: nothing typed is in it in the open.
    assert_nowhere(database_image("default"), list(TYPED.values()))

    # 2. The person asks for erasure.
    services.case_erase(case=case, requested_by="victim", actor=Actor.victim())

    # 3. No text column of either database holds any of the names.
    for alias in ("default", "keystore"):
        for name in TYPED.values():
            assert not text_columns_holding(alias, name), (alias, name)
    # A control for the search itself: it finds what is there.
    assert text_columns_holding("default", "Care centre Ghent")

    # 4. What the backup held under the case's key is gone with the key.
    with pytest.raises(KeyShredded):
        open_sealed(case=case, record=case, field="interpreter_language_other_sealed")
    assert sealed_before  # the ciphertext a backup keeps, now without a key anywhere
