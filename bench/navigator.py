"""Navigator speed: engine evaluations per second, and the victim results page p95.

    SAFEREPORT_ENV=test .venv/bin/python bench/navigator.py [--pages 200]

1. explain() for every country and layer × crime type × perpetrator ×
   residence situation (roles and genders fixed at victim / unknown, plus one
   pass with every role × gender) - in process, no Django.
2. The victim results page (POST /en/rights/) through Django's test client,
   which includes middleware, form parsing and template rendering but no
   network. Targets (issue 7): >= 5,000 evaluations/s; <= 20 ms p95.
"""

import argparse
import itertools
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def p95(samples):
    return statistics.quantiles(samples, n=100)[94]


def bench_engine():
    from safereport.navigator import engine
    from safereport.navigator.knowledge import load

    kb = load()
    jurisdictions = sorted(kb.jurisdictions)
    crimes = sorted(kb.crimes)
    situations = [
        engine.Situation(j, role, (crime,), perpetrator, status, gender)
        for j, crime, perpetrator, status in itertools.product(
            jurisdictions, crimes, engine.PERPETRATORS + (engine.UNKNOWN,), engine.STATUSES + (engine.UNKNOWN,)
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
    print(f"engine: {len(situations)} situations, {mechanisms} mechanism verdicts in {elapsed:.2f} s")
    print(f"engine: {len(situations) / elapsed:,.0f} explain() evaluations/s; {mechanisms / elapsed:,.0f} mechanism verdicts/s")
    print(f"engine: p50 {statistics.median(timings) * 1e6:.0f} µs, p95 {p95(timings) * 1e6:.0f} µs per explain()")


def bench_page(count):
    os.environ.setdefault("SAFEREPORT_ENV", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = Client()
    answers = {"jurisdiction": "ES", "role": "victim", "crime": ["rape"], "perpetrator": "stranger",
               "situation": "undocumented", "gender": "female"}
    client.post("/en/rights/", answers)  # warm caches (knowledge base, templates)
    timings = []
    for index in range(count):
        language = ("en", "ar")[index % 2]
        t0 = time.perf_counter()
        response = client.post(f"/{language}/rights/", answers)
        timings.append(time.perf_counter() - t0)
        assert response.status_code == 200
    print(f"page: {count} POST /<en|ar>/rights/ results pages; p50 {statistics.median(timings) * 1e3:.1f} ms, "
          f"p95 {p95(timings) * 1e3:.1f} ms, {len(response.content):,} bytes of HTML")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    bench_engine()
    bench_page(args.pages)
