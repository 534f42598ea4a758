"""Parallel writers in separate processes keep one valid chain, on SQLite and PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
WRITERS, EACH = 6, 40


def database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        # The suite's SQLite database lives in memory; other processes need a file.
        url = f"sqlite:///{tmp_path / 'audit.sqlite3'}"
        run(url, "manage.py", "migrate", "audit", "--skip-checks", "-v0")
        return url
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"


def run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ, DATABASE_URL=url, SAFEREPORT_ENV="test", SAFEREPORT_KEYSTORE_URL=url + "-keystore-unused"
    )
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_parallel_writers_never_fork_or_break_the_chain(tmp_path):
    url = database_url(tmp_path)
    env = dict(
        os.environ, DATABASE_URL=url, SAFEREPORT_ENV="test", SAFEREPORT_KEYSTORE_URL=url + "-keystore-unused"
    )
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
