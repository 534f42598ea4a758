"""Audit log figures: append rate with 1 and 8 writers, and `audit verify` over 1,000,000 events.

    .venv/bin/python bench/audit.py                                    # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/audit.py   # PostgreSQL

Works on a scratch database (a temporary SQLite file, or a new database on the
PostgreSQL server named by DATABASE_URL, dropped afterwards). Prints figures;
asserts nothing. The 1,000,000 events for verify are written in bulk with the
same hash function record() uses (record() itself is measured separately).
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def scratch_database() -> tuple[str, object]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"safereport_bench_{os.getpid()}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return url.rsplit("/", 1)[0] + "/" + name, drop
    directory = tempfile.mkdtemp(prefix="safereport-bench-")
    return f"sqlite:///{directory}/audit.sqlite3", lambda: subprocess.run(
        ["rm", "-rf", directory], check=False
    )


def child_env(url: str, keystore_directory: str) -> dict[str, str]:
    # verify compares the chain with its latest anchor, kept in the key store (docs/adr/0021).
    return dict(
        os.environ,
        DATABASE_URL=url,
        SAFEREPORT_ENV="test",
        SAFEREPORT_KEYSTORE_URL=f"sqlite:///{keystore_directory}/keystore.sqlite3",
    )


def run_child(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in MiB, stdout of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    out = child.stdout.read() if child.stdout else ""
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss // 1024, out


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
    import json

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writer", nargs=2, metavar=("COUNT", "LABEL"))
    parser.add_argument("--fill", type=int)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--appends", type=int, default=4000, help="events per single-writer run")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if args.writer:
        return writer(int(args.writer[0]), args.writer[1])
    if args.fill:
        return bulk_fill(args.fill)

    url, drop = scratch_database()
    keystore_directory = tempfile.mkdtemp(prefix="safereport-bench-keystore-")
    env = child_env(url, keystore_directory)
    try:
        for database in ("default", "keystore"):
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "audit", "--database", database, "--skip-checks", "-v0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
        backend = "PostgreSQL" if url.startswith("postgres") else "SQLite"
        print(f"audit bench on {backend}, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")

        _, _, out = run_child([__file__, "--writer", str(args.appends), "solo"], env)
        start, end = map(float, out.split())
        print(f"append, 1 writer:  {args.appends / (end - start):8.0f} events/s ({args.appends} events)")

        each = args.appends // 8
        children = [
            subprocess.Popen(
                [sys.executable, __file__, "--writer", str(each), f"w{n}"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for n in range(8)
        ]
        spans = [tuple(map(float, child.communicate()[0].split())) for child in children]
        assert all(child.returncode == 0 for child in children)
        elapsed = max(e for _, e in spans) - min(s for s, _ in spans)
        print(f"append, 8 writers: {8 * each / elapsed:8.0f} events/s ({8 * each} events)")

        seconds, rss, out = run_child(["manage.py", "audit", "verify"], env)
        print(f"verify after appends: {out.strip()[:60]}… ({seconds:.2f} s)")

        for target in (100_000, args.events):
            have = int(out.split("intact: ")[1].split()[0]) if "intact: " in out else 0
            fill_seconds, _, _ = run_child([__file__, "--fill", str(target - have)], env)
            seconds, rss, out = run_child(["manage.py", "audit", "verify"], env)
            count = int(out.split("intact: ")[1].split()[0])
            print(
                f"verify {count:>9,} events: {seconds:6.2f} s wall (process start included), "
                f"{count / seconds:9.0f} events/s, peak RSS {rss} MiB  [bulk fill took {fill_seconds:.1f} s]"
            )
        print(f"bench process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
    finally:
        drop()
        subprocess.run(["rm", "-rf", keystore_directory], check=False)


if __name__ == "__main__":
    main()
