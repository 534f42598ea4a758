"""A real race on PostgreSQL: a withdrawal and a package build in two threads."""

import threading

import pytest
from django.db import connection, connections

from safereport.consent import services
from safereport.consent.models import ConsentEvent, Decision
from safereport.consent.purposes import Purpose
from safereport.consent.services import DisclosureRefused
from safereport.consent.tests.helpers import give
from safereport.core.categories import DataCategory as C


def _race(world, case):
    results = {}
    barrier = threading.Barrier(2)

    def build():
        barrier.wait()
        try:
            results["package"] = services.disclosure_build(
                case=case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"]
            )
        except DisclosureRefused:
            results["package"] = None
        finally:
            connections.close_all()

    def withdraw():
        barrier.wait()
        try:
            results["withdrawal"] = give(world, case, [C.INJURIES_FORENSIC_FINDINGS], decision=Decision.WITHDRAWN)[0]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=build), threading.Thread(target=withdraw)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_a_concurrent_withdrawal_is_either_seen_or_dated_after_the_package(world, examined_case):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write transaction; the race needs PostgreSQL")
    for _ in range(5):
        give(world, examined_case, [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS])
        results = _race(world, examined_case)
        package, withdrawal = results["package"], results["withdrawal"]
        assert package is not None
        if C.INJURIES_FORENSIC_FINDINGS in package.categories:
            assert withdrawal.recorded_at >= package.built_at
            assert withdrawal.pk > package.ledger_position
        else:
            assert withdrawal.pk <= package.ledger_position
    assert ConsentEvent.objects.filter(case=examined_case).count() == 15
