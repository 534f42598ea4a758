#!/usr/bin/env python3
"""The police side at size: a unit's inbox with 10,000 consultations and reports,
and the per-unit figures for oversight over 1,000,000 rows.

    .venv/bin/python bench/police.py [--quick] [--rows N]            # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/police.py   # PostgreSQL

Works on a scratch database (bench/_common.py), in one process through
Django's test client with a signed-in police liaison (no network: this
measures the view, its queries and its template). The inbox holds 10,000
rows for the unit (half consultations, half reports); the figures then run
over `--rows` rows in all (1,000,000; --quick: 100,000), half of them
answered, across the demo unit and nine others. BENCH_PROFILE=1 prints a
cProfile summary of the inbox instead of the report.
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

INBOX_ROWS = 10_000
RUNS = 40
TARGETS = (
    Target("unit inbox (10,000 rows) p95", "ms", 50, "lower", "issue 15"),
    Target("per-unit figures", "s", 2, "lower", "issue 15: over 1,000,000 rows"),
)


def main() -> None:
    parser = arguments(__doc__, quick="100,000 rows for the figures instead of 1,000,000")
    parser.add_argument("--rows", type=int, default=None)
    args = parser.parse_args()
    rows = args.rows or (100_000 if args.quick else 1_000_000)
    in_scratch_world("police", args, rows, run)


def run(args, rows: int, databases) -> None:
    from django.test import Client
    from django.utils import timezone

    from conftest import sign_in
    from safereport.accounts.models import Organisation
    from safereport.police import selectors
    from safereport.police.models import Consultation, IntermediatedReport

    world, host = demo_world(databases, f"police on {databases.vendor}: building the world")
    unit = world.organisations["police"]
    case = world.cases["assigned"]
    ghent = world.organisations["ghent"]
    worker = world.staff["crisis_worker"]
    others = [
        Organisation.objects.create(name=f"Bench police zone {i}", kind="police_unit", jurisdiction="BE") for i in range(9)
    ]
    now = timezone.now()
    started = time.perf_counter()

    def add(count: int, units: list) -> None:
        for offset in range(0, count, 10_000):
            size = min(10_000, count - offset)
            half = size // 2
            Consultation.objects.bulk_create(
                Consultation(
                    case=case, care_centre=ghent, police_unit=units[i % len(units)], pseudonym=f"B{i % 999999:06d}",
                    topics=["safety_advice"], place="care_centre", companion="yes", interpreter=False, booked_by=worker,
                    proposed_for=now, status="booked", answered_at=now + dt.timedelta(days=i % 7) if i % 2 else None,
                    police_answer="accepted" if i % 2 else "", days_to_reply=i % 7 if i % 2 else None,
                )
                for i in range(offset, offset + half)
            )
            IntermediatedReport.objects.bulk_create(
                IntermediatedReport(
                    case=case, intermediary=ghent, filed_by=worker, police_unit=units[i % len(units)], pseudonym=f"R{i % 999999:06d}",
                    identity_released="none", intermediary_reference=f"B-{i}", venue="police",
                    replied_on=(now + dt.timedelta(days=i % 11)).date() if i % 2 else None,
                    record_type="incident" if i % 2 else "", contact_policy="via_intermediary" if i % 2 else "",
                    immigration_action="none" if i % 4 == 1 else ("not_said" if i % 2 else ""),
                    investigation_started=False if i % 2 else None, days_to_reply=i % 11 if i % 2 else None,
                )
                for i in range(offset, offset + size - half)
            )

    add(INBOX_ROWS, [unit])
    client = sign_in(Client(), world.staff["police_liaison"])

    def inbox() -> None:
        assert client.get("/staff/police/unit/").status_code == 200

    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            inbox()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(os.environ.get("BENCH_PROFILE_FILTER", ""), 25)
        return
    collect = Collector(TARGETS)
    timings = Percentiles.of(repeat(inbox, RUNS), scale=1e3)
    collect.add("unit inbox (10,000 rows) p95", timings.p95, note=timings.describe())

    def start_page() -> None:
        assert client.get("/staff/").status_code == 200

    # What any signed-in page costs on this machine (middleware, session, base template), for comparison.
    baseline = Percentiles.of(repeat(start_page, RUNS), scale=1e3)
    collect.add("start page p95 (for comparison)", baseline.p95, unit="ms", note=baseline.describe())

    progress(f"growing to {rows:,} rows for the figures")
    add(rows - INBOX_ROWS, [unit, *others])
    setup_seconds = time.perf_counter() - started
    figure_timings = repeat(selectors.unit_figures, 3, warmup=1)
    worst = max(figure_timings)
    total = Consultation.objects.count() + IntermediatedReport.objects.count()
    collect.add("per-unit figures", worst, note=f"worst of 3 runs over {total:,} rows, 10 units")
    report(
        f"police side on {databases.vendor} (bench/police.py)",
        collect.figures,
        size=f"{'full' if rows >= 1_000_000 else 'quick'}: inbox of {INBOX_ROWS:,} rows; figures over {total:,} rows "
        f"(set-up {setup_seconds:.0f} s)",
        machine=host,
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
