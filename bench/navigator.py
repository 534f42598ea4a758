"""Navigator speed: engine evaluations per second, and the victim results page p95.

    .venv/bin/python bench/navigator.py [--pages 200]                 # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/navigator.py   # PostgreSQL

1. explain() for every country and layer × crime type × perpetrator ×
   residence situation × role × gender - in process, before Django starts.
2. The victim results page (POST /en/rights/ and /ar/rights/) through
   Django's test client, which includes middleware, form parsing and template
   rendering but no network, on a scratch database (bench/_common.py). The
   page runs no query today (printed), so both databases should agree.
"""

import itertools
import time

from _common import (
    Collector,
    Percentiles,
    Target,
    arguments,
    django_setup,
    machine,
    report,
    scratch_databases,
    throughput,
)

TARGETS = (
    Target("explain() evaluations", "evaluations/s", 5000, "higher", "issue 7"),
    Target("results page p95", "ms", 20, "lower", "issue 7"),
)
ANSWERS = {"jurisdiction": "ES", "role": "victim", "crime": ["rape"], "perpetrator": "stranger",
           "situation": "undocumented", "gender": "female"}


def bench_engine(collect: Collector) -> int:
    from safereport.navigator import engine
    from safereport.navigator.knowledge import load

    kb = load()
    situations = [
        engine.Situation(j, role, (crime,), perpetrator, status, gender)
        for j, crime, perpetrator, status in itertools.product(
            sorted(kb.jurisdictions), sorted(kb.crimes),
            engine.PERPETRATORS + (engine.UNKNOWN,), engine.STATUSES + (engine.UNKNOWN,),
        )
        for role, gender in itertools.product(engine.ROLES + (engine.UNKNOWN,), engine.GENDERS + (engine.UNKNOWN,))
    ]
    timings = []
    mechanisms = 0
    started = time.perf_counter()
    for situation in situations:
        t0 = time.perf_counter()
        explanation = engine.explain(kb.rules, situation)
        timings.append(time.perf_counter() - t0)
        mechanisms += len(explanation.results)
    elapsed = time.perf_counter() - started
    each = Percentiles.of(timings, scale=1e6)
    collect.add(TARGETS[0].name, throughput(len(situations), elapsed),
                note=f"{len(situations):,} situations in {elapsed:.2f} s; per explain() {each.describe('µs')}")
    # A 60 µs call is seldom pre-empted, so its median shows the engine's own
    # speed even when other work holds the cores; the figure above does not.
    collect.add("explain() evaluations, from the median call", 1e6 / each.p50, "evaluations/s",
                "1 ÷ p50 per explain(): what an idle core would give")
    collect.add("mechanism verdicts", throughput(mechanisms, elapsed), "verdicts/s", f"{mechanisms:,} verdicts")
    return len(situations)


def bench_page(collect: Collector, count: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    client = Client()
    client.post("/en/rights/", ANSWERS)  # warm caches (knowledge base, templates)
    with CaptureQueriesContext(connection) as captured:
        client.post("/en/rights/", ANSWERS)
    timings = []
    for index in range(count):
        language = ("en", "ar")[index % 2]
        t0 = time.perf_counter()
        response = client.post(f"/{language}/rights/", ANSWERS)
        timings.append(time.perf_counter() - t0)
        assert response.status_code == 200
    page = Percentiles.of(timings, scale=1e3)
    collect.add(TARGETS[1].name, page.p95, note=f"{count} POST /<en|ar>/rights/: {page.describe()}")
    collect.add("results page p50", page.p50, "ms")
    collect.add("results page size", len(response.content), "bytes of HTML")
    collect.add("queries per results page", len(captured), "queries")


def main() -> None:
    parser = arguments(__doc__)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    collect = Collector(TARGETS)
    with scratch_databases("navigator") as databases:
        situations = bench_engine(collect)
        django_setup(databases)
        host = machine(databases.main)
        bench_page(collect, args.pages)
        report(
            f"navigator on {databases.vendor} (bench/navigator.py)",
            collect.figures,
            size=f"{'full' if args.pages >= 200 else 'smaller'}: {situations:,} situations, {args.pages} results pages",
            machine=host,
            json_path=args.json,
        )


if __name__ == "__main__":
    main()
