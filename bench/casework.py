#!/usr/bin/env python3
"""Case-work pages at size: the staff dashboard and the case page with 50,000
cases in the database and 200 encounters on the case.

    .venv/bin/python bench/casework.py [--quick] [--cases N]          # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/casework.py   # PostgreSQL

Works on a scratch database (bench/_common.py), in one process through
Django's test client with a signed-in session (no network, no gunicorn: this
measures the view, its queries and its template). Prints p50 / p95 per page
and the number of queries per page at 1,000 cases and at full size, which
must be equal.

--quick (or BENCH_CASES=3000) grows to 3,000 cases; BENCH_PROFILE=1
(BENCH_PROFILE_PAGE=<name>) prints a cProfile summary and each query's time
for one page instead of the report.
"""

import datetime as dt
import os
import time

from _common import (
    Collector,
    Percentiles,
    Target,
    arguments,
    demo_world,
    in_scratch_world,
    progress,
    repeat,
    report,
)

ENCOUNTERS = 200
RUNS = 60
PAGES = ("dashboard", "case page (200 encounters)", "new encounter form (prompts)")
TARGETS = (
    Target("dashboard p95", "ms", 100, "lower", "issue 6"),
    Target("case page (200 encounters) p95", "ms", 100, "lower", "issue 6"),
    Target("new encounter form (prompts) p95", "ms", 100, "lower", "issue 6's page target, applied here too"),
    *(Target(f"{page}: query growth from 1,000 cases", "queries", 0, "lower", "issue 6: constant as cases grow")
      for page in PAGES),
)


def main() -> None:
    parser = arguments(__doc__, quick="grow to 3,000 cases instead of 50,000")
    parser.add_argument("--cases", type=int, default=int(os.environ.get("BENCH_CASES", "0")) or None)
    args = parser.parse_args()
    cases = args.cases or (3_000 if args.quick else 50_000)
    in_scratch_world("casework", args, cases, run)


def run(args, cases: int, databases) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from conftest import sign_in
    from safereport.cases import services as casework
    from safereport.cases.models import Appointment, Case, Encounter, KeyMessageRecord
    from safereport.cases.services import KeyMessageEntry, NeedsInput
    from safereport.content import selectors as content

    vendor = databases.vendor
    world, host = demo_world(databases, f"casework on {vendor}: building the world and {cases:,} cases")
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
    paths = dict(zip(PAGES, (
        "/staff/cases/dashboard/",
        f"/staff/cases/{case.public_id}/",
        f"/staff/cases/{case.public_id}/encounters/new/",
    ), strict=True))

    def queries(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    grow_to(1000)
    small = {name: queries(path) for name, path in paths.items()}
    grow_to(cases)
    total_cases = Case.objects.count()
    setup_seconds = time.perf_counter() - started
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(3):
            client.get(paths[os.environ.get("BENCH_PROFILE_PAGE", "dashboard")])
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(8)
        with CaptureQueriesContext(connection) as captured:
            client.get(paths[os.environ.get("BENCH_PROFILE_PAGE", "dashboard")])
        for q in captured.captured_queries:
            print(q["time"], q["sql"][:150])
        return
    progress("timing the pages")
    collect = Collector(TARGETS)
    large = {}
    for name, path in paths.items():

        def get(path=path) -> None:
            assert client.get(path).status_code == 200

        timings = Percentiles.of(repeat(get, RUNS), scale=1e3)
        large[name] = queries(path)
        collect.add(f"{name} p95", timings.p95, note=timings.describe())
    for name in PAGES:
        collect.add(f"{name}: query growth from 1,000 cases", large[name] - small[name],
                    note=f"{small[name]} queries at 1,000 cases, {large[name]} at {total_cases:,}")
    report(
        f"case-work pages on {vendor} (bench/casework.py)",
        collect.figures,
        size=f"{'full' if cases >= 50_000 else 'quick'}: {total_cases:,} cases, "
        f"{case.encounters.count()} encounters on the case, {RUNS} requests per page (set-up {setup_seconds:.0f} s)",
        machine=host,
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
