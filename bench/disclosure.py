#!/usr/bin/env python3
"""The sharing policy at size: building a disclosure package for a case with
200 encounters and 50 consent events, and the person's own view (with the
access history) for a case with 10,000 audit events.

    .venv/bin/python bench/disclosure.py [--quick]                    # SQLite
    .venv/bin/python scripts/with_postgres.py -- .venv/bin/python bench/disclosure.py   # PostgreSQL

Scratch databases from bench/_common.py (the key store is a SQLite file in
both runs, as in development). The package build is the service call
(`disclosure_build`), including its audit event and sealing; the page is
measured through Django's test client with a portal session. Prints p50/p95
and query counts. --quick (or BENCH_AUDIT_EVENTS=2000) puts 2,000 audit
events on the case instead of 10,000; BENCH_PROFILE=1 prints a cProfile
summary of one package build instead of the report.
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

ENCOUNTERS = 200
CONSENT_EVENTS = 50
RUNS = 40
FULL_AUDIT_EVENTS = 10_000
TARGETS = (
    Target("package build p95", "ms", 50, "lower", "issue 5"),
    Target("own view with access history p95", "ms", 200, "lower", "issue 5"),
)


def main() -> None:
    parser = arguments(__doc__, quick="2,000 audit events on the case instead of 10,000")
    parser.add_argument("--audit-events", type=int, default=int(os.environ.get("BENCH_AUDIT_EVENTS", "0")) or None)
    args = parser.parse_args()
    audit_events = args.audit_events or (2_000 if args.quick else FULL_AUDIT_EVENTS)
    in_scratch_world("disclosure", args, audit_events, run)


def run(args, audit_events: int, databases) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from safereport.audit.actors import Actor
    from safereport.audit.services import record
    from safereport.cases import receipts
    from safereport.cases import services as case_services
    from safereport.cases.models import Case
    from safereport.consent import services
    from safereport.consent.models import Channel, Decision, Understanding
    from safereport.consent.purposes import Purpose
    from safereport.core.categories import DataCategory as C

    world, host = demo_world(databases, f"disclosure on {databases.vendor}: {ENCOUNTERS} encounters, {CONSENT_EVENTS} consent events")
    doctor, police = world.staff["doctor"], world.organisations["police"]
    case = world.cases["assigned"]
    now = timezone.now()
    started = time.perf_counter()
    for i in range(ENCOUNTERS):
        case_services.encounter_record(
            case=case, professional=doctor, kind="visit", occurred_at=now - dt.timedelta(hours=i),
            texts={
                "account_sealed": f"Account, part {i}. " * 20,
                "injuries_sealed": f"Injury finding {i}.",
                "sexual_health_sealed": "Screening result.",
                "medical_history_sealed": "History.",
                "notes_sealed": "Needs.",
            },
        )
    categories = [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS, C.SEXUAL_HEALTH_RESULTS, C.MEDICAL_HISTORY, C.SAFETY_AND_RISK]
    for i in range(CONSENT_EVENTS):
        services.consent_record(
            case=case, categories=[categories[i % len(categories)]], purpose=Purpose.INVESTIGATION,
            decision=Decision.WITHDRAWN if i % 7 == 3 else Decision.GIVEN, understanding=Understanding.UNDERSTOOD,
            # Since issue 11 a consent names the partner it covers, never a kind of organisation.
            channel=Channel.STAFF, recipient_organisation=police,
            explained_by=doctor,
        )
    services.consent_record(
        case=case, categories=[C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS], purpose=Purpose.INVESTIGATION,
        decision=Decision.GIVEN, understanding=Understanding.UNDERSTOOD, channel=Channel.STAFF,
        recipient_organisation=police, explained_by=doctor,
    )
    setup_encounters = time.perf_counter() - started

    def build():
        return services.disclosure_build(case=case, recipient=police, purpose=Purpose.INVESTIGATION, actor=doctor)

    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        build()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(12)
        return
    build()  # warm
    with CaptureQueriesContext(connection) as captured:
        package = build()
    build_queries = len(captured)
    build_timings = Percentiles.of(repeat(build, RUNS, warmup=0), scale=1e3)

    # The person's view: a case with 10,000 audit events (staff opens, mostly).
    progress(f"{audit_events:,} audit events on the case, then the person's own view")
    code = "4821093755126604"
    Case.objects.filter(pk=case.pk).update(receipt_lookup=receipts.receipt_lookup_hash(code))
    actor = Actor.staff(doctor)
    started = time.perf_counter()
    for _ in range(audit_events):
        record("cases:case:opened", actor=actor, subject=f"case:{case.public_id}", case_ref=str(case.public_id))
    setup_audit = time.perf_counter() - started
    victim = Client()
    assert victim.post("/en/back/", {"code": code}).status_code == 302

    def own_view() -> None:
        assert victim.get("/en/mine/").status_code == 200

    own_view()  # warm
    with CaptureQueriesContext(connection) as captured:
        victim.get("/en/mine/")
    page_queries = len(captured)
    page_timings = Percentiles.of(repeat(own_view, RUNS, warmup=0), scale=1e3)

    collect = Collector(TARGETS)
    collect.add(TARGETS[0].name, build_timings.p95,
                note=f"police, {len(package.categories)} categories, {ENCOUNTERS * 2} sealed values: "
                f"{build_timings.describe()}, {build_queries} queries")
    collect.add(TARGETS[1].name, page_timings.p95,
                note=f"{audit_events:,}+ audit events on the case: {page_timings.describe()}, {page_queries} queries")
    collect.add("package build p50", build_timings.p50, "ms")
    collect.add("own view with access history p50", page_timings.p50, "ms")
    report(
        f"disclosure and the person's own view on {databases.vendor} (bench/disclosure.py)",
        collect.figures,
        size=f"{'full' if audit_events >= FULL_AUDIT_EVENTS else 'quick'}: {case.encounters.count()} encounters, "
        f"{CONSENT_EVENTS + 1} consent events, {audit_events:,}+ audit events on the case, {RUNS} runs each "
        f"(set-up {setup_encounters:.0f} s + {setup_audit:.0f} s)",
        machine=host,
        json_path=args.json,
    )


if __name__ == "__main__":
    main()
