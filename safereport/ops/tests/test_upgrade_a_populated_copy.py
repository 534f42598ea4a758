"""Upgrading a populated database from the previous release loses nothing and opens everything (issue 19 §5, ADR 0032).

Scratch databases of the kind under test (new SQLite files, or new
PostgreSQL databases on the test server) are migrated to the previous
release's migrations and filled as that release wrote: cases with typed
interpreter languages, sealed messages and contact preferences, audit
events. Then the operator's `safereport migrate` brings them to head, and:

* every migration is applied;
* `safereport audit verify` passes on the chain the old release wrote;
* every sealed value opens to what was written, and no migration rewrote a
  sealed message (its bytes are the same);
* typed language names are codes now, or sealed when not on the list;
* every code still opens its case, and no table has fewer rows than before.

Each step runs as its own `safereport` process, as an operator would run it.
"""

import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from safereport.ops.services import _scratch_url
from safereport.ops.tests.upgrade_steps import LANGUAGES, MESSAGES

# transaction=True: CREATE DATABASE (the PostgreSQL scratch databases) cannot run inside a transaction.
pytestmark = pytest.mark.django_db(databases="__all__", transaction=True)

ROOT = Path(settings.BASE_DIR)
COMMAND = [sys.executable, "-m", "safereport.cli"]


@pytest.fixture
def scratch():
    token = secrets.token_hex(4)
    drops = []
    with tempfile.TemporaryDirectory(prefix="safereport-upgrade-") as folder:
        try:
            main, drop = _scratch_url(DEFAULT_DB_ALIAS, f"safereport_upgrade_main_{token}", Path(folder))
            drops.append(drop)
            keystore, drop = _scratch_url("keystore", f"safereport_upgrade_keys_{token}", Path(folder))
            drops.append(drop)
            env = dict(os.environ, DATABASE_URL=main, SAFEREPORT_KEYSTORE_URL=keystore, SAFEREPORT_ENV="test")
            for name in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL_FILE", "SAFEREPORT_KEYSTORE_URL_FILE",
                         "DJANGO_ALLOW_ASYNC_UNSAFE"):
                env.pop(name, None)
            yield env
        finally:
            for drop in drops:
                drop()


def run(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False)


def step(env, function: str, *args) -> dict:
    done = run(env, "shell", "-c", f"from safereport.ops.tests.upgrade_steps import {function}; {function}(*{list(args)!r})")
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_upgrade_from_the_previous_release_keeps_every_row_and_opens_every_sealed_value(scratch):
    before = step(scratch, "at_the_previous_release")
    assert ["cases", "0006_referrals_move_to_their_own_app"] in before["targets"]
    assert before["rows"]["cases_case"] == len(LANGUAGES)
    assert "partners_partnership" not in before["rows"]  # the previous release had no partners app

    migrated = run(scratch, "migrate", "-v0")
    assert migrated.returncode == 0, migrated.stderr[-3000:]

    verify = run(scratch, "audit", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "Audit chain intact" in verify.stdout

    after = step(scratch, "after_the_upgrade")
    assert after["unapplied"] == []
    assert after["readability"]["missing"] == {} and after["readability"]["unopenable"] == []
    assert after["readability"]["readable_keys"] == after["readability"]["keys_named"] == len(LANGUAGES)

    written = {case["case"]: case for case in before["cases"]}
    assert {case["case"] for case in after["cases"]} == set(written)
    for case in after["cases"]:
        then = written[case["case"]]
        assert [m["text"] for m in case["messages"]] == MESSAGES
        assert [(m["id"], m["sealed"]) for m in case["messages"]] == [(m["id"], m["sealed"]) for m in then["messages"]]
        assert case["contact"] == then["contact"]
        becomes = dict(LANGUAGES)[then["typed_language"]]
        assert case["language"] == [becomes, then["typed_language"] if becomes == "other" else ""]

    opened = step(scratch, "codes_open", [case["code"] for case in before["cases"]])
    assert opened == {case["code"]: case["case"] for case in before["cases"]}

    lost = {table: (count, after["rows"].get(table)) for table, count in before["rows"].items()
            if after["rows"].get(table, -1) < count}
    assert lost == {}
    assert after["rows"]["audit_auditevent"] >= before["rows"]["audit_auditevent"] == len(LANGUAGES) * (len(MESSAGES) + 1)


def test_an_upgrade_that_rebuilds_guarded_tables_installs_their_guards_again(scratch):
    """A release whose database already holds training's guards (training 0001) upgrades to one whose
    migrations rebuild the organisation and case tables (on SQLite a rebuild drops a table's triggers):
    every guard is there afterwards, as on a new database."""
    assert run(scratch, "migrate", "training", "0001_initial", "-v0").returncode == 0
    migrated = run(scratch, "migrate", "-v0")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    assert step(scratch, "guards_that_differ") == {"differ": []}
