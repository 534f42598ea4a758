"""Backups that restore: two encrypted files, an empty target, and proof before success.

    backup_write(...)   the main database and the key store, each to its own
                        encrypted file for its own key pair (docs/adr/0028)
    restore_run(...)    both files into empty databases, then the audit chain
                        verified against the key store's anchor and every
                        sealed value's key tried, before it says "restored"
    restore_drill(...)  the same into scratch databases, which are removed

PostgreSQL is dumped and restored with its own tools (pg_dump's custom format,
pg_restore in one transaction); SQLite with its online backup API. A backup
file is first written under a `.partial` name and renamed once complete, so a
crash never leaves a file that looks whole.
"""

import glob
import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.utils import timezone

from safereport.audit.actors import Actor
from safereport.audit.anchors import anchor_latest, verify_and_anchor
from safereport.audit.services import record
from safereport.vault import backupfiles
from safereport.vault.routers import KEYSTORE
from safereport.vault.selectors import keystore_readability

KIND_ALIAS = {"main": DEFAULT_DB_ALIAS, "keystore": KEYSTORE}
FILE_PATTERN = re.compile(r"^safereport-(main|keystore)-(\d{8}T\d{6}Z)(?:-[0-9a-f]+)?\.srbk$")
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"


class BackupFailed(Exception):
    """The backup could not be written; no file that looks complete was left behind."""


class RestoreRefused(Exception):
    """The restore did not start: a file does not open, or a target is not empty."""


# --- the database tools ------------------------------------------------------------


def _pg_bin(name: str) -> str:
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    on_path = shutil.which(name)
    found = candidates + ([on_path] if on_path else [])
    if not found:
        raise BackupFailed(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found[0]


def _pg_args(alias: str) -> tuple[list[str], dict[str, str]]:
    conf = connections[alias].settings_dict
    args = ["-h", conf["HOST"] or "localhost", "-p", str(conf["PORT"] or 5432)]
    if conf["USER"]:
        args += ["-U", conf["USER"]]
    env = dict(os.environ)
    if conf["PASSWORD"]:
        env["PGPASSWORD"] = conf["PASSWORD"]
    return args, env


def _raw_sqlite(alias: str) -> sqlite3.Connection:
    connection = connections[alias]
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


@contextmanager
def _private_dir(near: Path) -> Iterator[Path]:
    """A folder only this user can read, for the moment a plain copy must exist on disk."""
    path = Path(tempfile.mkdtemp(prefix=".safereport-", dir=near))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _dump(alias: str, target: Any, *, recipient: Any, kind: str, workdir: Path) -> int:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        with _private_dir(workdir) as private:
            copy = private / "copy.sqlite3"
            destination = sqlite3.connect(copy)
            try:
                _raw_sqlite(alias).backup(destination)
            finally:
                destination.close()
            with copy.open("rb") as source:
                return backupfiles.encrypt_stream(source, target, recipient=recipient, kind=kind)
    if connection.vendor != "postgresql":
        raise BackupFailed(f"cannot back up a {connection.vendor} database")
    args, env = _pg_args(alias)
    command = [_pg_bin("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", *args]
    process = subprocess.Popen(  # noqa: S603 - fixed program, arguments from settings
        [*command, connection.settings_dict["NAME"]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    written = backupfiles.encrypt_stream(process.stdout, target, recipient=recipient, kind=kind)
    errors = process.stderr.read().decode(errors="replace")
    if process.wait() != 0:
        raise BackupFailed(f"pg_dump of the {kind} database failed: {errors.strip()}")
    return written


# --- backup -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupReport:
    main_file: Path
    keystore_file: Path
    main_bytes: int
    keystore_bytes: int
    audit_head: int
    pruned: list[Path] = field(default_factory=list)

    def explain(self) -> str:
        lines = [
            f"main database: {self.main_file} ({self.main_bytes} bytes before encryption; audit head #{self.audit_head})",
            f"key store:     {self.keystore_file} ({self.keystore_bytes} bytes before encryption)",
        ]
        lines += [f"removed (past its retention): {path}" for path in self.pruned]
        return "\n".join(lines)


def _write_atomically(directory: Path, name: str, write: Any) -> tuple[Path, int]:
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / name
    partial = directory / (name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as target:
            written = write(target)
            target.flush()
            os.fsync(target.fileno())
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return final, written


def backup_write(
    *,
    main_dir: Path,
    keystore_dir: Path,
    main_public_key: Path,
    keystore_public_key: Path,
    keep_main_days: int | None = None,
    keep_keystore_days: int | None = None,
    attempts: int = 3,
) -> BackupReport:
    """Dump the main database, then the key store, each encrypted for its own key pair.

    The main database goes first: every ciphertext in it has its data key
    committed in the key store before it (vault.services), so a key store
    dumped afterwards holds every key the main dump needs. An audit anchor
    written between the two dumps could point past the main dump's chain;
    then both are taken again.
    """
    main_key = backupfiles.public_key_read(main_public_key)
    keystore_key = backupfiles.public_key_read(keystore_public_key)
    if backupfiles.fingerprint(main_key) == backupfiles.fingerprint(keystore_key):
        raise BackupFailed(
            "the main database and the key store must be encrypted for two different keys, held by different people"
        )
    stamp = timezone.now().astimezone(UTC).strftime(STAMP_FORMAT)
    suffix = secrets.token_hex(3)
    for _attempt in range(attempts):
        before = anchor_latest()
        event = record(
            "ops:backup:written",
            actor=Actor.system("backup"),
            subject=f"backup:{stamp}-{suffix}",
            details={"main_key": backupfiles.fingerprint(main_key), "keystore_key": backupfiles.fingerprint(keystore_key)},
        )
        main_file, main_bytes = _write_atomically(
            main_dir,
            f"safereport-main-{stamp}-{suffix}.srbk",
            lambda target: _dump(DEFAULT_DB_ALIAS, target, recipient=main_key, kind="main", workdir=main_dir),
        )
        keystore_file, keystore_bytes = _write_atomically(
            keystore_dir,
            f"safereport-keystore-{stamp}-{suffix}.srbk",
            lambda target: _dump(KEYSTORE, target, recipient=keystore_key, kind="keystore", workdir=keystore_dir),
        )
        if anchor_latest() == before:
            break
        main_file.unlink()
        keystore_file.unlink()
        suffix = secrets.token_hex(3)
    else:
        raise BackupFailed("the audit chain was anchored during every attempt; run the backup again")
    pruned: list[Path] = []
    if keep_main_days is not None:
        pruned += backup_prune(directory=main_dir, kind="main", keep_days=keep_main_days)
    if keep_keystore_days is not None:
        pruned += backup_prune(directory=keystore_dir, kind="keystore", keep_days=keep_keystore_days)
    return BackupReport(main_file, keystore_file, main_bytes, keystore_bytes, event.sequence, pruned)


def backup_files(directory: Path, kind: str) -> list[tuple[datetime, Path]]:
    """This kind's backup files in a folder, oldest first."""
    found = []
    for path in directory.glob(f"safereport-{kind}-*.srbk"):
        match = FILE_PATTERN.match(path.name)
        if match and match.group(1) == kind:
            found.append((datetime.strptime(match.group(2), STAMP_FORMAT).replace(tzinfo=UTC), path))
    return sorted(found)


def backup_prune(*, directory: Path, kind: str, keep_days: int) -> list[Path]:
    """Remove this kind's backups older than keep_days, always keeping the newest one."""
    files = backup_files(directory, kind)
    limit = timezone.now() - timedelta(days=keep_days)
    removed = []
    for written, path in files[:-1]:
        if written < limit:
            path.unlink()
            removed.append(path)
    return removed


# --- restore ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreReport:
    ok: bool
    lines: list[str]
    rows: dict[str, int]

    def explain(self) -> str:
        return "\n".join(self.lines)


def _tables(alias: str) -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return list(connection.introspection.table_names(cursor))


def _open_checked(path: Path, secret_path: Path, kind: str) -> Iterable[bytes]:
    try:
        secret = backupfiles.secret_key_read(secret_path)
        handle = path.open("rb")
    except OSError as error:
        raise RestoreRefused(f"{kind}: {error}") from error
    except backupfiles.BackupFileError as error:
        raise RestoreRefused(f"{kind} secret key {secret_path}: {error}") from error
    try:
        return _closing(handle, backupfiles.decrypt_stream(handle, secret=secret, kind=kind))
    except backupfiles.BackupFileError as error:
        handle.close()
        raise RestoreRefused(f"{path}: {error}") from error


def _closing(handle: Any, chunks: Iterable[bytes]) -> Iterator[bytes]:
    with handle:
        yield from chunks


def _load(alias: str, chunks: Iterable[bytes], *, kind: str) -> None:
    connection = connections[alias]
    if connection.vendor == "sqlite":
        target_name = str(connection.settings_dict["NAME"])
        near = Path(target_name).resolve().parent if target_name != ":memory:" else Path(tempfile.gettempdir())
        with _private_dir(near) as private:
            copy = private / "restore.sqlite3"
            try:
                with copy.open("wb") as out:
                    for chunk in chunks:
                        out.write(chunk)
            except backupfiles.BackupFileError as error:
                raise RestoreRefused(f"the {kind} backup file: {error}") from error
            source = sqlite3.connect(copy)
            try:
                if source.execute("PRAGMA quick_check").fetchone() != ("ok",):
                    raise RestoreRefused(f"the {kind} backup is not an intact SQLite database")
                source.backup(_raw_sqlite(alias))
            finally:
                source.close()
        return
    args, env = _pg_args(alias)
    connection.close()
    process = subprocess.Popen(  # noqa: S603 - fixed program, arguments from settings
        [
            _pg_bin("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *args,
            "-d",
            connection.settings_dict["NAME"],
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None and process.stderr is not None
    damaged: backupfiles.BackupFileError | None = None
    try:
        for chunk in chunks:
            process.stdin.write(chunk)
    except BrokenPipeError:
        pass
    except backupfiles.BackupFileError as error:
        damaged = error
        process.kill()  # pg_restore runs in one transaction: nothing of it stays
    finally:
        process.stdin.close()
    errors = process.stderr.read().decode(errors="replace")
    if damaged is not None:
        process.wait()
        raise RestoreRefused(f"the {kind} backup file: {damaged}")
    if process.wait() != 0:
        raise RestoreRefused(f"pg_restore of the {kind} database failed: {errors.strip()}")


def _row_counts(alias: str) -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        if (router.db_for_read(model) or DEFAULT_DB_ALIAS) != alias:
            continue
        if not router.allow_migrate_model(alias, model):
            continue
        counts[model._meta.label] = model._base_manager.using(alias).count()
    return counts


def row_counts() -> dict[str, int]:
    """Rows per model in both databases (what a restore is compared against)."""
    return {**_row_counts(DEFAULT_DB_ALIAS), **_row_counts(KEYSTORE)}


def restore_run(*, main_file: Path, keystore_file: Path, main_secret_key: Path, keystore_secret_key: Path) -> RestoreReport:
    """Restore both files into the configured, empty databases, then prove them.

    Raises RestoreRefused before touching anything if a file does not open
    with its key or a target already holds tables. Once loaded, success needs
    the audit chain to verify against the key store's latest anchor and every
    sealed value's data key to be present (or shredded) and to open.
    """
    main_chunks = _open_checked(main_file, main_secret_key, "main")
    keystore_chunks = _open_checked(keystore_file, keystore_secret_key, "keystore")
    for kind, alias in KIND_ALIAS.items():
        existing = _tables(alias)
        if existing:
            raise RestoreRefused(
                f"the {kind} target database is not empty ({len(existing)} tables, e.g. {existing[0]}): "
                "restore only into a new, empty database"
            )
    _load(DEFAULT_DB_ALIAS, main_chunks, kind="main")
    _load(KEYSTORE, keystore_chunks, kind="keystore")
    connections.close_all()
    return restore_check(rows=row_counts())


def restore_check(*, rows: dict[str, int]) -> RestoreReport:
    """Audit chain against the anchor, and every data key the main database names."""
    lines = [f"restored {sum(rows.values())} rows of {len(rows)} tables"]
    run = verify_and_anchor()
    result = run.result
    anchored = f"the key store's latest anchor #{run.compared_with[0]}" if run.compared_with else "no anchor (none kept yet)"
    if result.first_break is None:
        lines.append(f"audit chain intact: {result.checked} events, head #{result.head_sequence}, matches {anchored}")
    else:
        lines.append(f"AUDIT CHAIN BROKEN at {result.first_break} (compared with {anchored})")
        if run.compared_with and run.compared_with[0] > result.head_sequence:
            lines.append(
                "  the key store was anchored after this main database was backed up: the events written "
                "in between are missing. Restore a newer main-database backup, or record this as an incident."
            )
    readability = keystore_readability()
    lines.append(("vault readable: " if readability.ok else "VAULT NOT READABLE: ") + readability.explain())
    ok = result.ok and readability.ok
    lines.append("RESTORED: both checks passed." if ok else "NOT RESTORED: the checks above failed.")
    return RestoreReport(ok=ok, lines=lines, rows=rows)


# --- the drill --------------------------------------------------------------------------


@dataclass(frozen=True)
class DrillReport:
    ok: bool
    output: str


def _scratch_url(alias: str, name: str, folder: Path) -> tuple[str, Any]:
    """A URL for an empty scratch database like `alias`, and how to remove it."""
    connection = connections[alias]
    if connection.vendor == "sqlite":
        path = folder / f"{name}.sqlite3"
        return f"sqlite:///{path}", lambda: None
    conf = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(conf["USER"] or "", safe="") + (
        ":" + quote(conf["PASSWORD"], safe="") if conf["PASSWORD"] else ""
    )
    url = f"postgres://{credentials}@{conf['HOST'] or 'localhost'}:{conf['PORT'] or 5432}/{name}"

    def drop() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


def restore_drill(*, main_file: Path, keystore_file: Path, main_secret_key: Path, keystore_secret_key: Path) -> DrillReport:
    """Restore a pair of backups into scratch databases (removed afterwards) and report.

    The scratch databases are of the same kinds as the configured ones (new
    SQLite files, or new PostgreSQL databases on the same servers, which needs
    the CREATEDB right); the restore runs as its own `safereport restore`
    process, exactly as an operator would run it.
    """
    token = secrets.token_hex(4)
    cleanups = []
    with tempfile.TemporaryDirectory(prefix="safereport-drill-") as folder:
        try:
            main_url, drop_main = _scratch_url(DEFAULT_DB_ALIAS, f"safereport_drill_main_{token}", Path(folder))
            cleanups.append(drop_main)
            keystore_url, drop_keystore = _scratch_url(KEYSTORE, f"safereport_drill_keystore_{token}", Path(folder))
            cleanups.append(drop_keystore)
            env = dict(os.environ, DATABASE_URL=main_url, SAFEREPORT_KEYSTORE_URL=keystore_url)
            # A *_FILE variable would win over the scratch URL (config/settings.py env_secret):
            # the drill must never reach the live databases.
            for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL_FILE", "SAFEREPORT_KEYSTORE_URL_FILE"):
                env.pop(name, None)
            completed = subprocess.run(  # noqa: S603 - our own command
                [
                    sys.executable,
                    "-m",
                    "safereport.cli",
                    "restore",
                    "--verbosity=2",
                    "--main",
                    str(main_file),
                    "--keystore",
                    str(keystore_file),
                    "--main-secret-key",
                    str(main_secret_key),
                    "--keystore-secret-key",
                    str(keystore_secret_key),
                ],
                env=env,
                cwd=Path(__file__).resolve().parents[2],
                capture_output=True,
                text=True,
                timeout=3600,
                check=False,
            )
        finally:
            for cleanup in reversed(cleanups):
                cleanup()
    return DrillReport(ok=completed.returncode == 0, output=(completed.stdout + completed.stderr).strip())


def newest_pair(main_dir: Path, keystore_dir: Path) -> tuple[Path, Path]:
    """The newest main-database backup and the newest key-store backup (a drill's default)."""
    mains, keystores = backup_files(main_dir, "main"), backup_files(keystore_dir, "keystore")
    if not mains or not keystores:
        raise RestoreRefused(f"no backup pair found in {main_dir} and {keystore_dir}")
    return mains[-1][1], keystores[-1][1]
