"""Audit log figures: append rate with 1 and 8 writers, and `audit verify` over 1,000,000 events.

    .venv/bin/python bench/audit.py [--quick]                          # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/audit.py   # PostgreSQL

Works on a scratch database (bench/_common.py). The 1,000,000 events for
verify are written in bulk with the same hash function record() uses
(record() itself is measured separately, by the writers). Verify runs as
`manage.py audit verify` in a child process, timed wall-clock with process
start included, and its peak RSS is that child's own. --quick verifies
100,000 and 300,000 events instead of 100,000 and 1,000,000 (the time target
then applies pro rata, and process start weighs relatively more).
"""

import argparse
import json
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from _common import (
    ROOT,
    Collector,
    Target,
    arguments,
    bench_environment,
    machine,
    peak_rss_mib,
    progress,
    report,
    run_child,
    scratch_databases,
    throughput,
)

FULL_EVENTS = 1_000_000


def verify_target(events: int) -> Target:
    source = "issue 3" if events == FULL_EVENTS else "issue 3's 10 s per 1,000,000, pro rata"
    return Target(f"verify {events:,} events (wall, process start included)", "s", 10 * events / FULL_EVENTS, "lower", source)


MEMORY_FLAT = Target(
    "verify peak RSS growth from the smaller to the larger chain", "%", 10, "lower",
    "issue 3 'flat memory'; the 10% allowance is this bench's reading",
)
TARGETS = (verify_target(FULL_EVENTS), MEMORY_FLAT)


def writer(count: int, label: str) -> None:
    """Child mode: append `count` events through record() and print start/end times."""
    import django

    django.setup()
    from safereport.audit.actors import Actor
    from safereport.audit.services import record

    actor = Actor.system(label)
    record("bench:warmup:done", actor=actor, subject=label)
    start = time.time()
    for i in range(count):
        record(
            "cases:case:opened",
            actor=actor,
            subject=f"case:{label}:{i}",
            case_ref=f"{label}-{i % 50}",
            details={"i": i},
        )
    print(start, time.time())


def bulk_fill(total: int) -> None:
    """Child mode: append `total` correctly chained events in bulk (fast, no record())."""
    import django

    django.setup()
    from django.db import connection, transaction

    from safereport.audit.chain import HASHED_FIELDS, event_hash
    from safereport.audit.models import AuditChainHead, AuditEvent

    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", "hash").first() or (0, "0" * 64)
    sequence, previous = last
    columns = [*HASHED_FIELDS, "hash"]
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    batch: list[tuple] = []
    postgres = connection.vendor == "postgresql"

    def flush() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            if postgres:
                raw = cursor.cursor
                with raw.copy(f"COPY audit_auditevent ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO audit_auditevent ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608 - fixed names
                    batch,
                )
        batch.clear()

    for _ in range(total):
        sequence += 1
        moment += timedelta(microseconds=1_234_567)
        details = {"i": sequence, "field": "narrative"}
        values = (
            sequence,
            previous,
            "cases:narrative:read",
            "staff",
            17,
            "crisis_worker",
            3,
            "care_centre",
            "Care centre Ghent",
            "",
            f"case:{sequence % 997}",
            f"ref-{sequence % 997}",
            details,
            moment,
        )
        digest = event_hash(values)
        stored_moment = moment if postgres else connection.ops.adapt_datetimefield_value(moment)
        batch.append((*values[:12], json.dumps(details), stored_moment, digest))
        previous = digest
        if len(batch) >= 20_000:
            flush()
    if batch:
        flush()
    with transaction.atomic():
        AuditChainHead.objects.update_or_create(pk=1, defaults={"sequence": sequence, "hash": previous})


def intact_count(verify_output: str) -> int:
    return int(verify_output.split("intact: ")[1].split()[0]) if "intact: " in verify_output else 0


def main() -> None:
    parser = arguments(__doc__, quick="verify 100,000 and 300,000 events instead of 100,000 and 1,000,000")
    parser.add_argument("--writer", nargs=2, metavar=("COUNT", "LABEL"), help=argparse.SUPPRESS)
    parser.add_argument("--fill", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--events", type=int, default=None, help="events for the largest verify")
    parser.add_argument("--appends", type=int, default=4000, help="events per single-writer run")
    args = parser.parse_args()
    if args.writer:
        return writer(int(args.writer[0]), args.writer[1])
    if args.fill:
        return bulk_fill(args.fill)
    events = args.events or (300_000 if args.quick else FULL_EVENTS)
    sizes = (min(100_000, events // 3), events)
    collect = Collector([verify_target(events), MEMORY_FLAT])

    with scratch_databases("audit") as databases:
        env = bench_environment(databases)
        # verify compares the chain with its latest anchor, kept in the key store (docs/adr/0021).
        for database in ("default", "keystore"):
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "audit", "--database", database, "--skip-checks", "-v0"],
                cwd=ROOT, env=env, check=True,
            )
        host = machine(databases.main)

        progress(f"audit on {databases.vendor}: appends with 1 and 8 writers")
        _, _, out = run_child([__file__, "--writer", str(args.appends), "solo"], env)
        start, end = map(float, out.split())
        collect.add("append, 1 writer", throughput(args.appends, end - start), "events/s", f"{args.appends:,} events through record()")

        each = args.appends // 8
        children = [
            subprocess.Popen(
                [sys.executable, __file__, "--writer", str(each), f"w{n}"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
            )
            for n in range(8)
        ]
        spans = [tuple(map(float, child.communicate()[0].split())) for child in children]
        assert all(child.returncode == 0 for child in children)
        elapsed = max(e for _, e in spans) - min(s for s, _ in spans)
        collect.add("append, 8 writers", throughput(8 * each, elapsed), "events/s", f"{8 * each:,} events, 8 processes at once")

        seconds, _, out = run_child(["manage.py", "audit", "verify"], env)
        collect.add(f"verify after appends ({intact_count(out):,} events)", seconds, "s", out.strip()[:60] + "…")

        rss = []
        for size in sizes:
            progress(f"bulk fill to {size:,} events, then verify")
            fill_seconds, _, _ = run_child([__file__, "--fill", str(size - intact_count(out))], env)
            seconds, child_rss, out = run_child(["manage.py", "audit", "verify"], env)
            count = intact_count(out)
            rss.append(child_rss)
            name = verify_target(size).name if size == events else f"verify {size:,} events (wall, process start included)"
            collect.add(name, seconds, "s",
                        f"{count:,} events verified, {throughput(count, seconds):,.0f} events/s, peak RSS {child_rss:.0f} MiB "
                        f"[bulk fill took {fill_seconds:.1f} s]")
        collect.add(f"verify peak RSS at {sizes[1]:,} events", rss[1], "MiB")
        collect.add(MEMORY_FLAT.name, (rss[1] - rss[0]) / rss[0] * 100,
                    note=f"verify peak RSS {rss[0]:.0f} MiB at {sizes[0]:,} events, {rss[1]:.0f} MiB at {sizes[1]:,}")
        collect.add("bench process peak RSS", peak_rss_mib(), "MiB")
        report(
            f"audit log on {databases.vendor} (bench/audit.py)",
            collect.figures,
            size=f"{'quick' if events < FULL_EVENTS else 'full'}: verify at {sizes[0]:,} and {sizes[1]:,} events; "
            f"{args.appends:,} appends per writer run",
            machine=host,
            json_path=args.json,
        )


if __name__ == "__main__":
    main()
