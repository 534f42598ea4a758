"""Backups restore: two encrypted files, an empty target, the audit chain and the vault proven.

These tests commit their data (transaction=True): a backup only ever sees
committed rows. Each restore runs as its own `safereport restore` process
against scratch databases (new SQLite files, or new databases on the test's
PostgreSQL server), exactly as an operator's drill does.
"""

import re
from pathlib import Path

import pytest

from safereport.audit.actors import Actor
from safereport.audit.models import AuditAnchor
from safereport.cases.models import Case
from safereport.cases.services import message_send_from_centre
from safereport.ops.services import (
    BackupFailed,
    RestoreRefused,
    backup_write,
    restore_drill,
    restore_run,
    row_counts,
)
from safereport.vault import backupfiles
from safereport.vault.services import data_key_shred

pytestmark = pytest.mark.django_db(databases=["default", "keystore"], transaction=True)


@pytest.fixture
def keys(tmp_path):
    """Two key pairs, as two different people would hold them."""
    paths = {}
    for kind in ("main", "keystore"):
        pair = backupfiles.keypair_generate()
        secret, public = tmp_path / f"{kind}.key", tmp_path / f"{kind}.key.pub"
        secret.write_text(pair.secret_line)
        public.write_text(pair.public_line)
        paths[kind] = (secret, public)
    return paths


def take_backup(keys, folder: Path):
    return backup_write(
        main_dir=folder / "main",
        keystore_dir=folder / "keystore",
        main_public_key=keys["main"][1],
        keystore_public_key=keys["keystore"][1],
    )


def drill(keys, main_file: Path, keystore_file: Path):
    return restore_drill(
        main_file=main_file,
        keystore_file=keystore_file,
        main_secret_key=keys["main"][0],
        keystore_secret_key=keys["keystore"][0],
    )


def restored_rows(output: str) -> dict[str, int]:
    return {label: int(count) for label, count in re.findall(r"^rows (\S+) (\d+)$", output, re.MULTILINE)}


def write_messages(world, case_key: str, count: int = 2) -> None:
    for number in range(count):
        message_send_from_centre(
            case=world.cases[case_key], author=world.staff["crisis_worker"], text=f"Message {number} for you."
        )


def test_a_backup_pair_restores_every_row_and_opens_every_key(world, keys, tmp_path):
    write_messages(world, "assigned")
    write_messages(world, "unassigned")
    report = take_backup(keys, tmp_path)
    rows_at_backup = row_counts()

    result = drill(keys, report.main_file, report.keystore_file)

    assert result.ok, result.output
    assert "RESTORED: both checks passed." in result.output
    assert re.search(rf"audit chain intact: \d+ events, head #{report.audit_head}", result.output)
    assert "4 sealed values name 2 data keys: 2 open, 0 were shredded" in result.output
    assert restored_rows(result.output) == rows_at_backup
    # The files hold no plain text: neither the SQLite header nor a table name.
    for path in (report.main_file, report.keystore_file):
        data = path.read_bytes()
        assert data.startswith(backupfiles.MAGIC)
        assert b"SQLite format" not in data and b"PGDMP" not in data and b"cases_case" not in data


def test_a_shredded_case_stays_unreadable_after_restoring_an_older_main_database(world, keys, tmp_path):
    write_messages(world, "assigned")
    write_messages(world, "unassigned")
    older = take_backup(keys, tmp_path / "monday")
    erased: Case = world.cases["assigned"]
    data_key_shred(owner=f"case:{erased.public_id}", actor=Actor.system("retention"))
    newer = take_backup(keys, tmp_path / "tuesday")

    # Monday's main database (the erased case's messages are in it) with
    # Tuesday's key store (its key is a tombstone there).
    result = drill(keys, older.main_file, newer.keystore_file)

    assert result.ok, result.output
    assert "4 sealed values name 2 data keys: 1 open, 1 were shredded (unreadable on purpose)" in result.output


def test_a_key_store_that_does_not_hold_the_main_databases_keys_is_reported(world, keys, tmp_path):
    write_messages(world, "assigned")
    before_the_new_case = take_backup(keys, tmp_path / "early")
    write_messages(world, "utrecht", count=3)
    later = take_backup(keys, tmp_path / "late")

    result = drill(keys, later.main_file, before_the_new_case.keystore_file)

    assert not result.ok
    assert (
        "3 sealed values name 1 data keys this key store does not hold: the key-store backup does not belong "
        "to this main database, or is older than it" in result.output
    )
    assert "NOT RESTORED" in result.output


def test_a_key_store_anchored_after_the_main_backup_fails_the_audit_check(world, keys, tmp_path):
    write_messages(world, "assigned")
    older = take_backup(keys, tmp_path / "monday")
    write_messages(world, "assigned")
    from safereport.audit.anchors import anchor_write

    anchor_write(reason="housekeeping")
    newer = take_backup(keys, tmp_path / "tuesday")

    result = drill(keys, older.main_file, newer.keystore_file)

    assert not result.ok
    assert "AUDIT CHAIN BROKEN" in result.output
    assert "the key store was anchored after this main database was backed up" in result.output
    assert AuditAnchor.objects.count() == 1  # the drill anchored only its scratch key store


def test_wrong_keys_and_swapped_files_are_refused_before_anything_is_restored(world, keys, tmp_path):
    report = take_backup(keys, tmp_path)

    swapped = restore_drill(
        main_file=report.main_file,
        keystore_file=report.keystore_file,
        main_secret_key=keys["keystore"][0],
        keystore_secret_key=keys["main"][0],
    )
    assert not swapped.ok
    assert "was written for the key" in swapped.output

    files_swapped = drill(keys, report.keystore_file, report.main_file)
    assert not files_swapped.ok
    assert "this is a keystore backup, not a main backup" in files_swapped.output


def test_a_restore_refuses_a_database_that_is_not_empty(world, keys, tmp_path):
    report = take_backup(keys, tmp_path)
    cases_before = Case.objects.count()

    with pytest.raises(RestoreRefused, match="target database is not empty"):
        restore_run(
            main_file=report.main_file,
            keystore_file=report.keystore_file,
            main_secret_key=keys["main"][0],
            keystore_secret_key=keys["keystore"][0],
        )
    assert Case.objects.count() == cases_before


def test_both_files_for_one_key_are_refused(world, keys, tmp_path):
    with pytest.raises(BackupFailed, match="two different keys"):
        backup_write(
            main_dir=tmp_path,
            keystore_dir=tmp_path,
            main_public_key=keys["main"][1],
            keystore_public_key=keys["main"][1],
        )
    assert list(tmp_path.glob("*.srbk")) == []
