#!/usr/bin/env python3
"""Statistics at size: every table over N synthetic cases (and their consent decisions),
through the release rules, and a table page with its chart.

    .venv/bin/python bench/stats.py [--quick] [--cases N]                                # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/stats.py [--quick]   # PostgreSQL

Builds the world with `safereport stats synth` on a scratch database
(bench/_common.py), then times each registered table (counting, complementary
suppression) at a tenth of the size and at full size, and the peak Python
memory each needs (tracemalloc), which should not grow with the case count.
The page figure is the analyst's table page (table, SVG chart, period form)
through Django's test client with a signed-in session, counted live and then
after `safereport stats materialise` stored the (closed) year.

Full size is 1,000,000 cases (issue 17); --quick (or BENCH_CASES) uses 50,000.
"""

import io
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

RUNS = 20
TARGETS = (
    Target("slowest table at full size", "s", 2.0, "lower", "issue 17: every oversight table ≤ 2 s"),
    Target("largest memory growth from a tenth", "MiB", 1.0, "lower", "issue 17: peak memory flat in case count"),
    Target("table page p95, year materialised", "ms", 100, "lower", "issue 17: chart page once materialised"),
)


def main() -> None:
    parser = arguments(__doc__, quick="50,000 cases instead of 1,000,000")
    parser.add_argument("--cases", type=int, default=int(os.environ.get("BENCH_CASES", "0")) or None)
    args = parser.parse_args()
    cases = args.cases or (50_000 if args.quick else 1_000_000)
    in_scratch_world("stats", args, cases, run)


def run(args, cases: int, databases) -> None:
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from conftest import sign_in
    from safereport.stats.selectors import TABLES, Scope, release

    vendor = databases.vendor
    # Last year: a closed period, which `safereport stats materialise` may store.
    year = timezone.now().year - 1
    world, host = demo_world(databases, f"stats on {vendor}: building the world and {cases:,} cases")
    collect = Collector(TARGETS)

    def measure(key: str) -> tuple[float, float]:
        spec = TABLES[key]
        scope = Scope(year=year)
        release(spec, scope)  # warm the caches once
        tracemalloc.start()
        started = time.perf_counter()
        release(spec, scope)
        seconds = time.perf_counter() - started
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return seconds, peak / 2**20

    tenth = max(1, cases // 10)
    started = time.perf_counter()
    progress(f"stats on {vendor}: {tenth:,} synthetic cases")
    quiet = io.StringIO()
    call_command("stats", "synth", "--cases", str(tenth), "--year", str(year), stdout=quiet)
    small = {key: measure(key) for key in TABLES}
    progress(f"stats on {vendor}: growing to {cases:,} synthetic cases")
    call_command("stats", "synth", "--cases", str(cases - tenth), "--year", str(year), "--seed", "18", stdout=quiet)
    setup_seconds = time.perf_counter() - started
    progress("timing the tables")
    large = {key: measure(key) for key in TABLES}
    slowest = max(TABLES, key=lambda k: large[k][0])
    growth = {key: large[key][1] - small[key][1] for key in TABLES}
    hungriest = max(TABLES, key=lambda k: growth[k])
    collect.add("slowest table at full size", large[slowest][0], note=slowest)
    collect.add("largest memory growth from a tenth", growth[hungriest], note=hungriest)
    for key in TABLES:
        collect.add(f"{key} at full size", large[key][0], "s", note=f"{small[key][0]:.3f} s at {tenth:,} cases")
        collect.add(f"{key}: peak memory", large[key][1], "MiB", note=f"{small[key][1]:.2f} MiB at {tenth:,} cases")
    client = sign_in(Client(), world.staff["analyst"])

    def page() -> None:
        assert client.get(f"/staff/stats/tables/new-contacts/?year={year}").status_code == 200

    timings = Percentiles.of(repeat(page, RUNS), scale=1e3)
    collect.add("table page p95, counted live", timings.p95, "ms", note=timings.describe())
    started = time.perf_counter()
    call_command("stats", "materialise", "--year", str(year), stdout=quiet)
    materialise_seconds = time.perf_counter() - started
    timings = Percentiles.of(repeat(page, RUNS), scale=1e3)
    collect.add("table page p95, year materialised", timings.p95, note=timings.describe())
    collect.add("materialising the year", materialise_seconds, "s", note="every table × every scope, once")
    report(
        f"statistics on {vendor} (bench/stats.py)",
        collect.figures,
        size=f"{'full' if cases >= 1_000_000 else 'quick'}: {cases:,} synthetic cases in {year} with their consent "
        f"decisions, 24 centres, {RUNS} page requests (set-up {setup_seconds:.0f} s)",
        machine=host,
        notes=["The table timings are full recounts; the page is timed counted live and after materialising the year."],
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
