#!/usr/bin/env python3
"""Relief procedures at size: reminders across 100,000 open procedures with 4 clocks each,
and one procedure's page.

    .venv/bin/python bench/relief.py [--quick] [--procedures N]            # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/relief.py   # PostgreSQL

Works on a scratch database (bench/_common.py). Every procedure has four
open clocks (a response deadline, a family-loss response deadline, a
signature's validity, an age-out) spread over the next 200 days and the
last 20, so about a fifth have a reminder due. The reminder pass is
`relief.selectors.reminder_counts` (the earliest open clock of every open
procedure, one grouped query, streamed); its Python memory peak
(tracemalloc) is measured at a tenth of the procedures and at all of them.
The page is the lawyer's procedure page (steps, clocks with their legal
sources, checklist, certification requests) through Django's test client.
BENCH_PROFILE=1 prints a cProfile summary of the page instead of the report.
"""

import datetime as dt
import os
import time
import tracemalloc

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

RUNS = 40
BATCH = 5_000
TARGETS = (
    Target("reminders across all open procedures", "s", 5, "lower", "issue 16: 100,000 procedures × 4 clocks"),
    Target("reminder memory growth, a tenth → all procedures", "MiB", 1, "lower", "issue 16: memory flat"),
    Target("procedure page p95", "ms", 50, "lower", "issue 16"),
)


def main() -> None:
    parser = arguments(__doc__, quick="10,000 procedures instead of 100,000")
    parser.add_argument("--procedures", type=int, default=None)
    args = parser.parse_args()
    total = args.procedures or (10_000 if args.quick else 100_000)
    in_scratch_world("relief", args, total, run)


def run(args, total: int, databases) -> None:
    from django.test import Client
    from django.utils import timezone

    from conftest import sign_in
    from safereport.consent import services as consent_services
    from safereport.relief import selectors, services
    from safereport.relief.models import Clock, ClockKind, Procedure

    vendor = databases.vendor
    world, host = demo_world(databases, f"relief on {vendor}: building the world and {total:,} procedures")
    case = world.cases["assigned"]
    legal = world.organisations["legal"]
    lawyer = world.staff["lawyer"]
    consent_services.consent_record(
        case=case, categories=["contact_details"], purpose="relief_application", decision="given", understanding="understood",
        channel="staff", recipient_organisation=legal, explained_by=world.staff["crisis_worker"], language="en",
    )
    today = timezone.localdate()
    started = time.perf_counter()
    kinds = (ClockKind.RESPONSE, ClockKind.FAMILY_LOSS_RESPONSE, ClockKind.MECHANISM, ClockKind.AGE_OUT)

    def grow(until: int, *, offset: int) -> None:
        for start in range(offset, until, BATCH):
            size = min(BATCH, until - start)
            procedures = Procedure.objects.bulk_create(
                Procedure(case=case, mechanism="US-U", organisation=legal, responsible=lawyer, opened_on=today)
                for _ in range(size)
            )
            if procedures[0].pk is None:  # SQLite before RETURNING: read the ids back
                procedures = list(Procedure.objects.order_by("-pk")[:size])
            Clock.objects.bulk_create(
                Clock(
                    procedure=p, kind=kind, rule="bench", started_on=today,
                    due_on=today + dt.timedelta(days=(p.pk * 7 + k * 53) % 220 - 20),
                    legal_source="5 ILCS 825/10 (bench)",
                )
                for p in procedures
                for k, kind in enumerate(kinds)
            )

    def sweep() -> tuple[float, float, dict[str, int]]:
        tracemalloc.start()
        began = time.perf_counter()
        counts = selectors.reminder_counts(today=today)
        seconds = time.perf_counter() - began
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return seconds, peak / 2**20, counts

    tenth = total // 10
    grow(tenth, offset=0)
    small_seconds, small_peak, small_counts = sweep()
    progress(f"a tenth ({tenth:,} procedures): {sum(small_counts.values()):,} reminders in {small_seconds:.2f} s; growing")
    grow(total, offset=tenth)
    setup_seconds = time.perf_counter() - started
    progress("reminders across all procedures")
    sweep()  # warm the caches, as a daily pass would find them
    seconds, peak, counts = sweep()

    progress("the procedure page")
    procedure = services.procedure_open(actor=lawyer, case=case, mechanism="US-U", opened_on=today)
    services.procedure_step_record(actor=lawyer, procedure=procedure, step="representation_agreed", done_on=today)
    agency = services.agency_add(actor=lawyer, name="Bench Police Department", kind="police", jurisdiction="US", region="Illinois")
    request = services.certification_create(
        actor=lawyer, procedure=procedure, agency=agency, form="I-918B", official_role="designee", requested_by="attorney",
        law="US-IL-VOICES", family_loss_on=None,
    )
    services.certification_submit(actor=lawyer, request=request, submitted_on=today)
    client = sign_in(Client(), lawyer)
    path = f"/staff/relief/{procedure.public_id}/"

    def get() -> None:
        assert client.get(path).status_code == 200

    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            get()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(os.environ.get("BENCH_PROFILE_FILTER", ""), 40)
        return
    timings = Percentiles.of(repeat(get, RUNS), scale=1e3)
    collect = Collector(TARGETS)
    open_procedures = Procedure.objects.count()
    collect.add("reminders across all open procedures", seconds,
                note=f"{sum(counts.values()):,} of {open_procedures:,} procedures due within 30 days or overdue "
                     f"({Clock.objects.count():,} clocks); a tenth took {small_seconds:.2f} s")
    collect.add("reminder memory growth, a tenth → all procedures", max(0.0, peak - small_peak),
                note=f"tracemalloc peak {small_peak:.2f} MiB at {tenth:,}, {peak:.2f} MiB at {total:,}")
    collect.add("procedure page p95", timings.p95, note=timings.describe())

    other = sign_in(Client(), world.staff["case_manager"])

    def start_page() -> None:
        assert other.get("/staff/").status_code == 200

    # What a signed-in page costs on this machine (middleware, session, base template), for comparison:
    # the case manager's start page (the lawyer's lists reminders over all 100,000 procedures).
    baseline = Percentiles.of(repeat(start_page, RUNS), scale=1e3)
    collect.add("start page p95 (for comparison)", baseline.p95, unit="ms", note=baseline.describe())
    report(
        f"relief reminders and procedure page on {vendor} (bench/relief.py)",
        collect.figures,
        size=f"{total:,} open procedures × 4 clocks; {RUNS} page requests (set-up {setup_seconds:.0f} s)",
        machine=host,
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
