"""The demo's lawyer finds a procedure with running deadlines on their start page (ADR 0033)."""

import pytest
from django.utils import timezone

from conftest import sign_in
from safereport.demo.world import add_relief_procedure
from safereport.relief.models import Procedure
from tests.crawl import crawl, pages_allowed, prepare_objects

pytestmark = pytest.mark.django_db(databases="__all__")


def test_the_demo_lawyer_start_page_shows_the_procedure_with_its_reminder_and_every_page_stays_reachable(world, client):
    today = timezone.localdate()
    add_relief_procedure(world, today=today)
    procedure = Procedure.objects.get()
    assert procedure.status == "under_way" and procedure.certifications.get().status == "requested"
    sign_in(client, world.staff["lawyer"])
    start = client.get("/staff/").content.decode()
    assert "Deadlines of the procedures you carry" in start and f"/staff/relief/{procedure.public_id}/" in start
    assert (today + timezone.timedelta(days=12)).isoformat() in start and "Within 14 days" in start

    prepare_objects(world)
    reached = {name for _, name, response in crawl(client) if response.status_code == 200}
    assert not pages_allowed("lawyer") - reached


def test_the_procedure_page_runs_the_same_few_queries_however_many_clocks_and_papers(world, client):
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    from safereport.relief import services

    today = timezone.localdate()
    add_relief_procedure(world, today=today)
    procedure = Procedure.objects.get()
    sign_in(client, world.staff["lawyer"])
    url = f"/staff/relief/{procedure.public_id}/"

    def queries() -> int:
        with CaptureQueriesContext(connections["default"]) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for days in range(20, 30):
        services.clock_add(actor=world.staff["lawyer"], procedure=procedure, kind="age_out",
                           due_on=today + timezone.timedelta(days=days), today=today)
        services.file_add(actor=world.staff["lawyer"], procedure=procedure, item="abuse_evidence", content=b"%PDF-1.4\n")
    assert queries() == before
