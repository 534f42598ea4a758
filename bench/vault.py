"""Vault figures: seal/unseal throughput for 200 B, 4 KB and 1 MB, and the cost of shredding 10,000 cases.

    .venv/bin/python bench/vault.py                                    # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/vault.py   # PostgreSQL

Uses scratch databases (temporary SQLite files, or two new databases on the
PostgreSQL server named by DATABASE_URL: main and key store), dropped at the end.
Every seal and unseal reads the owner's wrapped key from the key store (the
vault caches nothing, so shredding is immediate); "crypto only" shows AES-GCM
alone. Prints figures; asserts nothing.
"""

import argparse
import os
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def scratch_databases() -> tuple[str, str, object]:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        names = [f"safereport_bench_{os.getpid()}_{part}" for part in ("main", "keys")]
        with psycopg.connect(url, autocommit=True) as conn:
            for name in names:
                conn.execute(f'CREATE DATABASE "{name}"')

        def drop() -> None:
            with psycopg.connect(url, autocommit=True) as conn:
                for name in names:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        base = url.rsplit("/", 1)[0]
        return f"{base}/{names[0]}", f"{base}/{names[1]}", drop
    directory = tempfile.mkdtemp(prefix="safereport-bench-")
    return (
        f"sqlite:///{directory}/main.sqlite3",
        f"sqlite:///{directory}/keystore.sqlite3",
        lambda: subprocess.run(["rm", "-rf", directory], check=False),
    )


def rate(count: int, seconds: float, size: int) -> str:
    return f"{count / seconds:9.0f} ops/s {count * size / seconds / 1e6:8.1f} MB/s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=10_000)
    args = parser.parse_args()

    main_url, keystore_url, drop = scratch_databases()
    os.environ.update(
        DATABASE_URL=main_url,
        SAFEREPORT_KEYSTORE_URL=keystore_url,
        SAFEREPORT_ENV="test",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from safereport.audit.actors import Actor
        from safereport.vault import crypto
        from safereport.vault.services import SealContext, data_key_shred, seal, unseal

        call_command("migrate", "audit", verbosity=0, skip_checks=True)
        call_command("migrate", "vault", database="keystore", verbosity=0, skip_checks=True)
        backend = "PostgreSQL" if main_url.startswith("postgres") else "SQLite"
        print(
            f"vault bench on {backend} (main + key store), {os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
        )

        context = SealContext(owner="case:bench", record="cases.Encounter:bench", field="narrative")
        key = crypto.new_key()
        for size, count in ((200, 20_000), (4096, 10_000), (1 << 20, 200)):
            payload = secrets.token_bytes(size)
            start = time.perf_counter()
            for _ in range(count):
                blob = crypto.encrypt(key, payload, aad=b"aad")
            crypto_seconds = time.perf_counter() - start
            start = time.perf_counter()
            sealed = [seal(payload, context=context) for _ in range(count)]
            seal_seconds = time.perf_counter() - start
            start = time.perf_counter()
            for item in sealed:
                unseal(item, context=context)
            unseal_seconds = time.perf_counter() - start
            del sealed, blob
            label = f"{size} B" if size < 1024 else f"{size // 1024} KB" if size < 1 << 20 else "1 MB"
            print(
                f"{label:>6}: seal {rate(count, seal_seconds, size)} | unseal {rate(count, unseal_seconds, size)} "
                f"| crypto only {rate(count, crypto_seconds, size)}"
            )

        owners = [f"case:{n}" for n in range(args.cases)]
        start = time.perf_counter()
        for owner in owners:
            seal(b"x" * 200, context=SealContext(owner=owner, record="r", field="f"))
        created = time.perf_counter() - start
        actor = Actor.system("bench")
        start = time.perf_counter()
        for owner in owners:
            data_key_shred(owner=owner, actor=actor)
        shredded = time.perf_counter() - start
        print(f"create {args.cases:,} data keys: {created:.1f} s ({created / args.cases * 1000:.2f} ms each)")
        print(
            f"shred {args.cases:,} cases (key destroyed + audit event, one transaction each): "
            f"{shredded:.1f} s ({shredded / args.cases * 1000:.2f} ms per case)"
        )
        print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
    finally:
        from django.db import connections

        connections.close_all()
        drop()


if __name__ == "__main__":
    main()
