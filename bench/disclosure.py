#!/usr/bin/env python3
"""The sharing policy at size: building a disclosure package for a case with
200 encounters and 50 consent events, and the person's own view (with the
access history) for a case with 10,000 audit events. Targets: ≤ 50 ms and
≤ 200 ms (issue 5).

    .venv/bin/python bench/disclosure.py                                    # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/disclosure.py   # PostgreSQL

Scratch databases as in bench/casework.py (the key store is a SQLite file in
both runs, as in development). The package build is the service call
(`disclosure_build`), including its audit event and sealing; the page is
measured through Django's test client with a portal session. Prints p50/p95
and query counts. Asserts nothing.
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

ENCOUNTERS = 200
CONSENT_EVENTS = 50
AUDIT_EVENTS = int(os.environ.get("BENCH_AUDIT_EVENTS", "10000"))
RUNS = 40


def scratch() -> tuple[str, str, object]:
    url = os.environ.get("DATABASE_URL", "")
    directory = tempfile.mkdtemp(prefix="safereport-bench-disclosure-")
    keystore = f"sqlite:///{directory}/keystore.sqlite3"
    if url.startswith("postgres"):
        import psycopg

        name = f"safereport_bench_dc_{os.getpid()}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            subprocess.run(["rm", "-rf", directory], check=False)

        return url.rsplit("/", 1)[0] + "/" + name, keystore, drop
    return (
        f"sqlite:///{directory}/main.sqlite3",
        keystore,
        lambda: subprocess.run(["rm", "-rf", directory], check=False),
    )


def main() -> None:
    url, keystore, drop = scratch()
    os.environ.update(DATABASE_URL=url, SAFEREPORT_KEYSTORE_URL=keystore, SAFEREPORT_ENV="test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        run()
    finally:
        drop()


def percentiles(timings: list[float]) -> str:
    timings = sorted(timings)
    return f"p50 {statistics.median(timings):6.1f} ms  p95 {timings[int(len(timings) * 0.95) - 1]:6.1f} ms"


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

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    call_command("migrate", database="keystore", verbosity=0)

    from safereport.audit.actors import Actor
    from safereport.audit.services import record
    from safereport.cases import receipts
    from safereport.cases import services as case_services
    from safereport.cases.models import Case
    from safereport.consent import services
    from safereport.consent.models import Channel, Decision, Understanding
    from safereport.consent.purposes import Purpose
    from safereport.core.categories import DataCategory as C
    from safereport.demo.world import build_demo_world

    world = build_demo_world()
    doctor, police = world.staff["doctor"], world.organisations["police"]
    case = world.cases["assigned"]
    now = timezone.now()
    started = time.perf_counter()
    for i in range(ENCOUNTERS):
        case_services.encounter_record(
            case=case, professional=doctor, kind="visit", occurred_at=now - dt.timedelta(hours=i),
            texts={
                "account_sealed": f"Account, part {i}. " * 20,
                "injuries_sealed": f"Injury finding {i}.",
                "sexual_health_sealed": "Screening result.",
                "medical_history_sealed": "History.",
                "notes_sealed": "Needs.",
            },
        )
    categories = [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS, C.SEXUAL_HEALTH_RESULTS, C.MEDICAL_HISTORY, C.SAFETY_AND_RISK]
    for i in range(CONSENT_EVENTS):
        services.consent_record(
            case=case, categories=[categories[i % len(categories)]], purpose=Purpose.INVESTIGATION,
            decision=Decision.WITHDRAWN if i % 7 == 3 else Decision.GIVEN, understanding=Understanding.UNDERSTOOD,
            channel=Channel.STAFF, recipient_organisation=police if i % 2 else None, recipient_kind="" if i % 2 else "police_unit",
            explained_by=doctor,
        )
    services.consent_record(
        case=case, categories=[C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS], purpose=Purpose.INVESTIGATION,
        decision=Decision.GIVEN, understanding=Understanding.UNDERSTOOD, channel=Channel.STAFF,
        recipient_organisation=police, explained_by=doctor,
    )
    setup_encounters = time.perf_counter() - started

    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        services.disclosure_build(case=case, recipient=police, purpose=Purpose.INVESTIGATION, actor=doctor)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(12)
        return
    build_timings, sizes = [], set()
    services.disclosure_build(case=case, recipient=police, purpose=Purpose.INVESTIGATION, actor=doctor)  # warm
    with CaptureQueriesContext(connection) as captured:
        package = services.disclosure_build(case=case, recipient=police, purpose=Purpose.INVESTIGATION, actor=doctor)
    build_queries = len(captured)
    for _ in range(RUNS):
        t = time.perf_counter()
        package = services.disclosure_build(case=case, recipient=police, purpose=Purpose.INVESTIGATION, actor=doctor)
        build_timings.append((time.perf_counter() - t) * 1000)
        sizes.add(tuple(package.categories))

    # The person's view: a case with 10,000 audit events (staff opens, mostly).
    code = "4821093755126604"
    Case.objects.filter(pk=case.pk).update(receipt_lookup=receipts.receipt_lookup_hash(code))
    actor = Actor.staff(doctor)
    started = time.perf_counter()
    have = 0
    while have < AUDIT_EVENTS:
        record("cases:case:opened", actor=actor, subject=f"case:{case.public_id}", case_ref=str(case.public_id))
        have += 1
    setup_audit = time.perf_counter() - started
    victim = Client()
    assert victim.post("/en/back/", {"code": code}).status_code == 302
    assert victim.get("/en/mine/").status_code == 200  # warm
    with CaptureQueriesContext(connection) as captured:
        victim.get("/en/mine/")
    page_queries = len(captured)
    page_timings = []
    for _ in range(RUNS):
        t = time.perf_counter()
        response = victim.get("/en/mine/")
        page_timings.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200

    print(
        f"database: {connection.vendor}; encounters: {case.encounters.count()}; consent events: {CONSENT_EVENTS + 1}; "
        f"audit events on the case: {AUDIT_EVENTS:,}+; set-up {setup_encounters:.0f} s + {setup_audit:.0f} s"
    )
    print(f"package build (police, {len(package.categories)} categories, {ENCOUNTERS * 2} sealed values) "
          f"{percentiles(build_timings)}  queries {build_queries}  (target ≤ 50 ms)")
    print(f"own view with access history                   {percentiles(page_timings)}  queries {page_queries}  (target ≤ 200 ms)")


if __name__ == "__main__":
    main()
