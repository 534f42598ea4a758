"""What a copy of the databases reveals: no plaintext, and nothing once a case is shredded.

These tests commit their data (transaction=True), because a backup or a
pg_dump only ever sees committed rows.
"""

import glob
import os
import shutil
import sqlite3
import subprocess

import pytest
from django.db import connections

from safereport.audit.actors import Actor
from safereport.cases.models import Case
from safereport.vault.errors import KeyShredded
from safereport.vault.services import (
    SealContext,
    data_key_shred,
    seal,
    seal_for_victim,
    unseal,
    unseal_audited,
)
from safereport.vault.tests import scenario
from safereport.vault.tests.conftest import VAULT_DATABASES

pytestmark = pytest.mark.django_db(databases=VAULT_DATABASES, transaction=True)

NARRATIVE = "Walked home from the Zanzibar-7731 bus stop; he grabbed my arm."
MIGRATION = "Residence application XJ-4411-PLAIN, expires in March"
NAME = "Nadia Quillfeather"
# Distinctive fragments, so a partial leak (a truncated or split value) is caught too.
FRAGMENTS = ["Zanzibar-7731", "XJ-4411-PLAIN", "Quillfeather"]


@pytest.fixture
def note_table():
    scenario.create_table()
    yield scenario.SealedNote
    scenario.drop_table()


def owner_of(case: Case) -> str:
    return f"case:{case.public_id}"


def write_note(case: Case, text: str, field: str = "narrative") -> scenario.SealedNote:
    note = scenario.SealedNote(case_ref=str(case.public_id))
    note.body = seal(
        text.encode(), context=SealContext(owner=owner_of(case), record=f"note:{note.public_id}", field=field)
    )
    note.save()
    return note


def note_context(note: scenario.SealedNote, field: str = "narrative") -> SealContext:
    return SealContext(owner=f"case:{note.case_ref}", record=f"note:{note.public_id}", field=field)


# --- images of the databases, as an attacker holding a copy would have them --------


def pg_dump_bin() -> str:
    on_path = shutil.which("pg_dump")
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"), reverse=True) + ([on_path] if on_path else [])
    assert found, "pg_dump is needed for this test on PostgreSQL"
    return found[0]


def database_image(alias: str) -> bytes:
    connection = connections[alias]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # The exact bytes the database file would hold on disk.
        return connection.connection.serialize()
    settings = connection.settings_dict
    env = dict(os.environ, PGPASSWORD=settings["PASSWORD"] or "")
    command = [
        pg_dump_bin(),
        "--no-owner",
        "-h",
        settings["HOST"] or "localhost",
        "-p",
        str(settings["PORT"] or 5432),
    ]
    if settings["USER"]:
        command += ["-U", settings["USER"]]
    return subprocess.run([*command, settings["NAME"]], env=env, check=True, capture_output=True).stdout


def assert_nowhere(image: bytes, secrets: list[str]) -> None:
    for secret in secrets:
        for needle in (secret.encode(), secret.encode().hex().encode()):
            assert needle not in image, f"{needle[:20]!r}… found in a database image"


def test_no_plaintext_reaches_either_database(note_table, world):
    worker = world.staff["crisis_worker"]
    case = world.cases["assigned"]
    note = write_note(case, NARRATIVE)
    write_note(case, NAME, field="preferred_name")
    compartment = scenario.SealedNote(case_ref=str(case.public_id))
    compartment.body = seal_for_victim(
        MIGRATION.encode(), victim_secret="K7PX-22QM-W9RT", context=note_context(compartment, "migration")
    )
    compartment.save()
    # Staff read the narrative (an audited read); a control shows the test can find text.
    opened = unseal_audited(
        note.body,
        context=note_context(note),
        actor=Actor.staff(worker),
        action="cases:encounter:read",
        case_ref=str(case.public_id),
    )
    assert opened.decode() == NARRATIVE
    world.organisations["ghent"].name = "Care centre Ghent (demo) CONTROL-MARKER"
    world.organisations["ghent"].save()

    main, keystore = database_image("default"), database_image("keystore")
    assert b"CONTROL-MARKER" in main  # the image really holds the data
    assert_nowhere(main, [NARRATIVE, MIGRATION, NAME, *FRAGMENTS])
    assert_nowhere(keystore, [NARRATIVE, MIGRATION, NAME, *FRAGMENTS])


def test_a_shredded_case_stays_unreadable_after_restoring_an_older_main_database(note_table, world):
    shredded_case, kept_case = world.cases["assigned"], world.cases["unassigned"]
    doomed = write_note(shredded_case, NARRATIVE)
    kept = write_note(kept_case, "kept note")
    main = connections["default"]
    main.ensure_connection()

    # 1. A backup of the main database is taken.
    if main.vendor == "sqlite":
        backup = sqlite3.connect(":memory:")
        main.connection.backup(backup)
    else:
        with main.cursor() as cursor:
            cursor.execute("CREATE TABLE backup_note AS SELECT * FROM vault_scenario_note")

    # 2. The case is deleted: its data key shredded, its rows removed.
    data_key_shred(owner=owner_of(shredded_case), actor=Actor.system("retention"))
    scenario.SealedNote.objects.filter(case_ref=str(shredded_case.public_id)).delete()

    # 3. The backup is restored over the main database.
    if main.vendor == "sqlite":
        backup.backup(main.connection)
        backup.close()
    else:
        with main.cursor() as cursor:
            cursor.execute("DELETE FROM vault_scenario_note")
            cursor.execute("INSERT INTO vault_scenario_note SELECT * FROM backup_note")
            cursor.execute("DROP TABLE backup_note")

    # The ciphertext is back, but its key is not: the key store is not in that backup.
    revived = scenario.SealedNote.objects.get(pk=doomed.pk)
    assert bytes(revived.body) == bytes(doomed.body)
    with pytest.raises(KeyShredded):
        unseal(revived.body, context=note_context(revived))
    assert (
        unseal(scenario.SealedNote.objects.get(pk=kept.pk).body, context=note_context(kept)) == b"kept note"
    )
