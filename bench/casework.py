#!/usr/bin/env python3
"""Case-work pages at size: the staff dashboard and the case page with 50,000
cases in the database and 200 encounters on the case.

    .venv/bin/python bench/casework.py                                    # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/casework.py   # PostgreSQL

Works on a scratch database (a temporary SQLite file, or a new database on the
PostgreSQL server named by DATABASE_URL, dropped afterwards), in one process
through Django's test client with a signed-in session (no network, no
gunicorn: this measures the view, its queries and its template). Prints p50 /
p95 per page and the number of queries per page at 1,000 and at 50,000 cases,
which must be equal. Asserts nothing.

BENCH_CASES=3000 for a quick run; BENCH_PROFILE=1 (BENCH_PROFILE_PAGE=<name>)
prints a cProfile summary and each query's time for one page instead.
Timings are wall-clock on a shared machine: print `uptime` beside them.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = int(os.environ.get("BENCH_CASES", "50000"))
ENCOUNTERS = 200
RUNS = 60


def scratch() -> tuple[str, str, object]:
    url = os.environ.get("DATABASE_URL", "")
    directory = tempfile.mkdtemp(prefix="safereport-bench-casework-")
    keystore = f"sqlite:///{directory}/keystore.sqlite3"
    if url.startswith("postgres"):
        import psycopg

        name = f"safereport_bench_cw_{os.getpid()}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            subprocess.run(["rm", "-rf", directory], check=False)  # noqa: S603,S607

        return url.rsplit("/", 1)[0] + "/" + name, keystore, drop
    return (
        f"sqlite:///{directory}/main.sqlite3",
        keystore,
        lambda: subprocess.run(["rm", "-rf", directory], check=False),  # noqa: S603,S607
    )


def main() -> None:
    url, keystore, drop = scratch()
    os.environ.update(DATABASE_URL=url, SAFEREPORT_KEYSTORE_URL=keystore, SAFEREPORT_ENV="test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        run()
    finally:
        drop()


def run() -> None:
    import django

    django.setup()
    import datetime as dt

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    # Not setup_test_environment(): it instruments template rendering, which
    # would triple the time measured. The test client's host must be allowed.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    call_command("migrate", database="keystore", verbosity=0)

    from conftest import sign_in
    from safereport.cases import services as casework
    from safereport.cases.models import Appointment, Case, Encounter, KeyMessageRecord
    from safereport.cases.services import KeyMessageEntry, NeedsInput
    from safereport.content import selectors as content
    from safereport.demo.world import build_demo_world

    world = build_demo_world()
    ghent = world.organisations["ghent"]
    worker = world.staff["crisis_worker"]
    case = world.cases["assigned"]
    now = timezone.now()
    slugs = list(content.message_slugs())

    # 200 encounters on the case, each with key messages; a needs assessment and care plan.
    started = time.perf_counter()
    encounters = Encounter.objects.bulk_create(
        Encounter(case=case, kind="visit", occurred_at=now - dt.timedelta(hours=i), professional=worker, breaks_taken=i % 3)
        for i in range(ENCOUNTERS)
    )
    KeyMessageRecord.objects.bulk_create(
        KeyMessageRecord(case=case, encounter=e, slug=slugs[(i + j) % len(slugs)], given=True, understanding="understood" if j else "partly")
        for i, e in enumerate(encounters)
        for j in range(3)
    )
    casework.encounter_record_with_key_messages(
        case=case, professional=worker, kind="phone", occurred_at=now, texts={"notes_sealed": "sealed note"},
        key_messages=[KeyMessageEntry(slugs[0], given=True)],
    )
    casework.needs_assessment_record(case=case, actor=worker, needs=NeedsInput(accommodation_needed=True, self_harm="thoughts", basic_needs=["food"]))
    Appointment.objects.create(case=case, kind="medical", status="confirmed", proposed_for=now)

    def grow_to(total: int) -> None:
        have = Case.objects.count()
        batch = []
        for i in range(have, total):
            batch.append(Case(care_centre=ghent, last_victim_message_at=now - dt.timedelta(minutes=i % 5000)))
            if len(batch) == 5000:
                Case.objects.bulk_create(batch)
                batch = []
        if batch:
            Case.objects.bulk_create(batch)
        # Some of them assigned to the worker, some with appointments today.
        extra = list(Case.objects.filter(care_centre=ghent).order_by("-id").values_list("pk", flat=True)[:300])
        through = Case.assigned_staff.through
        through.objects.bulk_create([through(case_id=pk, staffuser_id=worker.pk) for pk in extra], ignore_conflicts=True)
        Appointment.objects.bulk_create(Appointment(case_id=pk, kind="medical", status="confirmed", proposed_for=now) for pk in extra[:100])

    client = sign_in(Client(), worker)
    pages = {
        "dashboard": "/staff/cases/dashboard/",
        "case page (200 encounters)": f"/staff/cases/{case.public_id}/",
        "new encounter form (prompts)": f"/staff/cases/{case.public_id}/encounters/new/",
    }

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    grow_to(1000)
    small = {name: queries(path) for name, path in pages.items()}
    grow_to(CASES)
    print(f"database: {connection.vendor}; cases: {Case.objects.count():,}; encounters on the case: {case.encounters.count()}; set-up {time.perf_counter() - started:.0f} s")
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(3):
            client.get(pages[os.environ.get("BENCH_PROFILE_PAGE", "dashboard")])
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(8)
        with CaptureQueriesContext(connection) as captured:
            client.get(pages[os.environ.get("BENCH_PROFILE_PAGE", "dashboard")])
        for q in captured.captured_queries:
            print(q["time"], q["sql"][:150])
        return
    for name, path in pages.items():
        client.get(path)  # warm
        timings = []
        for _ in range(RUNS):
            t = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{name:32} p50 {statistics.median(timings):6.1f} ms  p95 {p95:6.1f} ms  "
            f"queries at 1,000 cases: {small[name]:3}  at {CASES:,}: {queries(path):3}"
        )


if __name__ == "__main__":
    main()
