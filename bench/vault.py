"""Vault figures: seal/unseal throughput for 200 B, 4 KB and 1 MB, and the cost of shredding 10,000 cases.

    .venv/bin/python bench/vault.py [--quick]                          # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/vault.py   # PostgreSQL

Uses scratch databases (bench/_common.py), the key store on the same server
as the main database. Every seal and unseal reads the owner's wrapped key from
the key store (the vault caches nothing, so shredding is immediate); "crypto
only" shows AES-GCM alone. --quick shreds 2,000 cases instead of 10,000.
Issue 3 set no target for the vault; the two in TARGETS are proposals, named so.
"""

import secrets
import time

from _common import (
    Collector,
    Target,
    arguments,
    django_setup,
    machine,
    migrate,
    peak_rss_mib,
    progress,
    report,
    scratch_databases,
    throughput,
)

# Issue 3 set no vault target. Proposed with issue 10, to be confirmed:
# unseal ≤ 1 ms a value keeps a page that opens 20 values within a fifth of
# issue 6's 100 ms page budget; shredding ≤ 10 ms a case lets a retention
# sweep erase 10,000 cases within 100 s.
TARGETS = (
    Target("unseal 4 KB", "ops/s", 1000, "higher", "proposed, issue 10"),
    Target("shred one case (key destroyed + audit event)", "ms", 10, "lower", "proposed, issue 10"),
)
PAYLOADS = ((200, 20_000, "200 B"), (4096, 10_000, "4 KB"), (1 << 20, 200, "1 MB"))


def main() -> None:
    parser = arguments(__doc__, quick="shred 2,000 cases instead of 10,000")
    parser.add_argument("--cases", type=int, default=None)
    args = parser.parse_args()
    cases = args.cases or (2_000 if args.quick else 10_000)
    collect = Collector(TARGETS)

    with scratch_databases("vault", keystore="server") as databases:
        django_setup(databases)
        from safereport.audit.actors import Actor
        from safereport.vault import crypto
        from safereport.vault.services import SealContext, data_key_shred, seal, unseal

        migrate("audit")
        host = machine(databases.main)
        progress(f"vault on {databases.vendor}: seal/unseal at three sizes")

        context = SealContext(owner="case:bench", record="cases.Encounter:bench", field="narrative")
        key = crypto.new_key()
        for size, count, label in PAYLOADS:
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
            for name, seconds in (("seal", seal_seconds), ("unseal", unseal_seconds), ("crypto only (AES-GCM)", crypto_seconds)):
                collect.add(f"{name} {label}", throughput(count, seconds), "ops/s",
                            f"{count:,} × {label}: {count * size / seconds / 1e6:,.1f} MB/s")

        progress(f"create and shred {cases:,} data keys")
        owners = [f"case:{n}" for n in range(cases)]
        start = time.perf_counter()
        for owner in owners:
            seal(b"x" * 200, context=SealContext(owner=owner, record="r", field="f"))
        created = time.perf_counter() - start
        actor = Actor.system("bench")
        start = time.perf_counter()
        for owner in owners:
            data_key_shred(owner=owner, actor=actor)
        shredded = time.perf_counter() - start
        collect.add("create one data key (first seal)", created / cases * 1000, "ms", f"{cases:,} keys in {created:.1f} s")
        collect.add(TARGETS[1].name, shredded / cases * 1000,
                    note=f"{cases:,} cases in {shredded:.1f} s, one transaction each")
        collect.add("peak RSS", peak_rss_mib(), "MiB")
        report(
            f"vault on {databases.vendor}, main + key store (bench/vault.py)",
            collect.figures,
            size=f"{'quick' if cases < 10_000 else 'full'}: "
            + ", ".join(f"{count:,} × {label}" for _, count, label in PAYLOADS)
            + f"; {cases:,} cases shredded",
            machine=host,
            json_path=args.json,
        )


if __name__ == "__main__":
    main()
