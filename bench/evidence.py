#!/usr/bin/env python3
"""Evidence at size: the clock sweep over many kits, and a kit page with 500 custody events.

    .venv/bin/python bench/evidence.py [--quick] [--kits N]           # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/evidence.py   # PostgreSQL

Works on a scratch database (bench/_common.py). Kits are bulk-created in
storage with disposal dates spread over the coming years; on the day of the
sweep DUE of them fall due and NOTICE get their destruction notice (a busy
day's work), the rest are untouched. The sweep runs as housekeeping runs it
(`evidence.services.kits_clock_sweep`): locked transitions, one audit event
each. Its Python memory peak (tracemalloc) is measured at a tenth of the kits
and at all of them: flat means the same. A second sweep the same day must
find nothing (idempotent). Then the kit page of one kit with 500 custody
events (the page shows the newest 50) and its printable custody record (all
of them), through Django's test client with a signed-in session.

--quick (or BENCH_KITS=100000) uses 100,000 kits instead of 1,000,000.
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

DUE = 300
NOTICE = 300
EVENTS = int(os.environ.get("BENCH_EVENTS", "500"))
RUNS = 60
BATCH = 20_000
TARGETS = (
    Target("clock sweep over all kits", "s", 10, "lower", "issue 14"),
    Target("sweep memory growth, a tenth → all kits", "MiB", 1, "lower", "issue 14: memory flat in kit count"),
    Target("second sweep the same day: changes", "kits", 0, "lower", "issue 14: idempotent"),
    Target("kit page (500 custody events) p95", "ms", 50, "lower", "issue 14"),
)


def main() -> None:
    parser = arguments(__doc__, quick="100,000 kits instead of 1,000,000")
    parser.add_argument("--kits", type=int, default=int(os.environ.get("BENCH_KITS", "0")) or None)
    args = parser.parse_args()
    kits = args.kits or (100_000 if args.quick else 1_000_000)
    in_scratch_world("evidence", args, kits, run)


def run(args, total: int, databases) -> None:
    from django.test import Client
    from django.utils import timezone

    from conftest import sign_in
    from safereport.audit.actors import Actor  # noqa: F401  (imported so Django apps are ready)
    from safereport.evidence import services
    from safereport.evidence.models import CustodyEvent, Kit, KitStatus, StorageLocation, new_barcode

    vendor = databases.vendor
    world, host = demo_world(databases, f"evidence on {vendor}: building the world and {total:,} kits")
    ghent = world.organisations["ghent"]
    case = world.cases["assigned"]
    doctor = world.staff["doctor"]
    freezer = StorageLocation.objects.create(care_centre=ghent, name="Bench freezer", frozen=True)
    today = timezone.localdate()
    started = time.perf_counter()

    def grow(until: int, *, offset: int) -> None:
        """Kits offset..until-1: the first DUE and NOTICE of each tenth fall due / get notice today."""
        batch = []
        for i in range(offset, until):
            slot = i % (total // 10)
            if slot < DUE // 10:
                disposal, notice = today - dt.timedelta(days=1), None
            elif slot < (DUE + NOTICE) // 10:
                disposal, notice = today + dt.timedelta(days=60), today
            else:
                disposal = today + dt.timedelta(days=120 + i % 3000)
                notice = disposal - dt.timedelta(days=91)
            batch.append(
                Kit(
                    barcode=new_barcode(), case=case if i % 1000 == 0 else None, care_centre=ghent,
                    exam_started_on=today - dt.timedelta(days=200), rule_id="BE-ZSG", location=freezer,
                    status=KitStatus.STORED, disposal_on=disposal, notice_on=notice,
                )
            )
            if len(batch) == BATCH:
                Kit.objects.bulk_create(batch)
                batch = []
        if batch:
            Kit.objects.bulk_create(batch)

    def sweep() -> tuple[float, float, dict[str, int]]:
        tracemalloc.start()
        began = time.perf_counter()
        counts = services.kits_clock_sweep(today=today)
        seconds = time.perf_counter() - began
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return seconds, peak / 2**20, counts

    tenth = total // 10
    grow(tenth, offset=0)
    small_seconds, small_peak, small_counts = sweep()
    progress(f"a tenth ({tenth:,} kits): {small_counts} in {small_seconds:.1f} s; growing to {total:,}")
    grow(total, offset=tenth)
    setup_seconds = time.perf_counter() - started
    progress("sweeping all kits")
    seconds, peak, counts = sweep()
    _again_seconds, _again_peak, again = sweep()

    progress(f"the kit page with {EVENTS} custody events")
    kit = services.kit_collect(case=case, actor=doctor, exam_started_on=today, rule_id="BE-ZSG",
                               items=[("wet_sample", "swab") for _ in range(5)])
    now = timezone.now()
    CustodyEvent.objects.bulk_create(
        CustodyEvent(kit=kit, action="checked", at=now - dt.timedelta(minutes=n), by=doctor, location=freezer, condition="seal_intact")
        for n in range(EVENTS - kit.custody_events.count())
    )
    client = sign_in(Client(), doctor)
    path = f"/staff/evidence/kits/{kit.public_id}/"
    # As each server worker does once it has loaded the app (config/wsgi.py): what is alive now is
    # frozen, so a full collection walks only what requests create, not the world built above.
    from safereport.ops.heap import settle_worker_heap

    frozen = settle_worker_heap()

    def get() -> None:
        assert client.get(path).status_code == 200

    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        get()  # warm: templates compiled, modules imported
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            get()
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("BENCH_PROFILE_SORT", "cumulative")).print_stats(os.environ.get("BENCH_PROFILE_FILTER", ""), 40)
        return
    cpu_began = time.process_time()
    timings = Percentiles.of(repeat(get, RUNS), scale=1e3)
    # CPU time per request: what the page costs when it has a core, however shared the machine is.
    cpu_ms = (time.process_time() - cpu_began) / RUNS * 1e3
    # The kit page shows the newest events (ADR 0037, amendment); the printable record shows all 500.
    record_path = f"/staff/evidence/kits/{kit.public_id}/custody-record/"

    def get_record() -> None:
        assert client.get(record_path).status_code == 200

    record_timings = Percentiles.of(repeat(get_record, RUNS), scale=1e3)

    collect = Collector(TARGETS)
    collect.add("clock sweep over all kits", seconds,
                note=f"{counts['due']:,} fell due and {counts['notice_given']:,} got notice among {Kit.objects.count():,} kits "
                     f"(a tenth: {small_counts['due'] + small_counts['notice_given']:,} changes in {small_seconds:.2f} s)")
    collect.add("sweep memory growth, a tenth → all kits", max(0.0, peak - small_peak),
                note=f"tracemalloc peak {small_peak:.2f} MiB at {tenth:,} kits, {peak:.2f} MiB at {total:,}")
    collect.add("second sweep the same day: changes", again["due"] + again["notice_given"], note=f"in {_again_seconds:.2f} s")
    collect.add("kit page (500 custody events) p95", timings.p95,
                note=f"{timings.describe()}; {frozen:,} objects frozen first, as a server worker does")
    collect.add("kit page CPU time per request (mean)", cpu_ms, unit="ms", note="process time over the timed requests, warm-up included")
    collect.add("printable custody record (500 events) p95", record_timings.p95, unit="ms", note=record_timings.describe())
    report(
        f"evidence clocks and kit page on {vendor} (bench/evidence.py)",
        collect.figures,
        size=f"{total:,} kits, {DUE} due and {NOTICE} to notify per sweep day, {EVENTS} custody events on the kit, "
        f"{RUNS} requests (set-up {setup_seconds:.0f} s)",
        machine=host,
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
