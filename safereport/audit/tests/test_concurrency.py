"""Parallel writers in separate processes keep one valid chain, on SQLite and PostgreSQL."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from safereport.audit.tests.helpers import raw_sql

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
WRITERS, EACH = 6, 40


# The key store of each main database the processes use: verify reads and
# writes the chain's anchors there (docs/adr/0021).
KEYSTORES: dict[str, str] = {}


def database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        # The suite's SQLite database lives in memory; other processes need a file.
        url = f"sqlite:///{tmp_path / 'audit.sqlite3'}"
    else:
        s = connection.settings_dict
        url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
    KEYSTORES[url] = f"sqlite:///{tmp_path / 'keystore.sqlite3'}"
    if connection.vendor == "sqlite":
        run(url, "manage.py", "migrate", "audit", "--skip-checks", "-v0")
    run(url, "manage.py", "migrate", "audit", "--database", "keystore", "--skip-checks", "-v0")
    return url


def environment(url: str) -> dict[str, str]:
    return dict(os.environ, DATABASE_URL=url, SAFEREPORT_ENV="test", SAFEREPORT_KEYSTORE_URL=KEYSTORES[url])


def run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = environment(url)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_parallel_writers_never_fork_or_break_the_chain(tmp_path):
    url = database_url(tmp_path)
    env = environment(url)
    writers = [
        subprocess.Popen(
            [sys.executable, "-m", "safereport.audit.tests.writer", str(EACH), f"writer-{n}"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    verified = run(url, "manage.py", "audit", "verify")
    assert verified.returncode == 0, verified.stderr
    assert f"intact: {WRITERS * EACH} events" in verified.stdout


def tamper(url: str, sql: str) -> None:
    if url.startswith("sqlite"):
        # As someone holding the file would: drop the append-only triggers first.
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            triggers = db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'")
            for (name,) in triggers.fetchall():
                db.execute(f'DROP TRIGGER "{name}"')
            db.execute(sql)
    else:
        with raw_sql() as cursor:
            cursor.execute(sql)


def test_a_two_process_verify_names_the_same_first_break(tmp_path):
    url = database_url(tmp_path)
    writer = run(url, "-m", "safereport.audit.tests.writer", "80", "solo")
    assert writer.returncode == 0, writer.stderr
    verify = ("manage.py", "audit", "verify", "--jobs", "2", "--parallel-from", "10", "--batch-size", "7")
    assert "intact: 80 events" in run(url, *verify).stdout

    # In the second half (checked by the forked process) …
    tamper(url, "UPDATE audit_auditevent SET subject = 'x' WHERE sequence = 70")
    broken = run(url, *verify)
    assert broken.returncode == 1 and "event #70" in broken.stderr
    # … and on the link between the halves (events 1-40 | 41-80), which comes first.
    tamper(url, "UPDATE audit_auditevent SET prev_hash = 'f' WHERE sequence = 41")
    broken = run(url, *verify)
    assert broken.returncode == 1 and "event #41" in broken.stderr
