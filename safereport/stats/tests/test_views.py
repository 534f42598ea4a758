"""The statistics pages as each role uses them: the release rules hold on every screen and export."""

import csv
import io
import json

import pytest
from django.utils import timezone

from conftest import sign_in
from safereport.audit.models import AuditEvent
from safereport.cases.models import Case
from safereport.stats.models import PrivacyBudget, ReleaseRuleChange, ResearchRelease
from safereport.stats.tests.helpers import at, cases_at

pytestmark = pytest.mark.django_db(databases="__all__")

YEAR = timezone.now().year


@pytest.fixture
def figures(world):
    """Ghent: 40 new contacts in the first quarter and 4 in the second; Utrecht: 30 and 25."""
    ghent, utrecht = world.organisations["ghent"], world.organisations["utrecht"]
    cases_at(ghent, 40, when=at(YEAR, 2))
    cases_at(ghent, 4, when=at(YEAR, 5))
    cases_at(utrecht, 30, when=at(YEAR, 2))
    cases_at(utrecht, 25, when=at(YEAR, 5))
    return world


def test_the_start_page_links_each_role_to_its_statistics(client, world):
    for persona, link in (("analyst", "Statistics: tables"), ("dpo", "Statistics: tables"), ("case_manager", "Statistics of your centre")):
        sign_in(client, world.staff[persona])
        page = client.get("/staff/").content.decode()
        assert link in page and 'href="/staff/stats/"' in page, persona
    sign_in(client, world.staff["crisis_worker"])
    assert "/staff/stats/" not in client.get("/staff/").content.decode()


def test_an_analyst_sees_every_centre_with_the_small_count_hidden(client, figures):
    sign_in(client, figures.staff["analyst"])
    index = client.get("/staff/stats/").content.decode()
    assert 'href="/staff/stats/tables/new-contacts/"' in index
    page = client.get(f"/staff/stats/tables/new-contacts/?year={YEAR}").content.decode()
    assert "Care centre Ghent (demo)" in page and "Care centre Utrecht (demo)" in page
    assert ">4<" not in page and "hidden" in page
    assert "<svg" in page and "<title id=\"chart-title\">" in page and "<table>" in page


def test_exports_carry_the_same_suppression_and_a_metadata_sheet(client, figures):
    sign_in(client, figures.staff["analyst"])
    rows = list(csv.reader(io.StringIO(client.get(f"/staff/stats/tables/new-contacts/export.csv?year={YEAR}").content.decode())))
    values = [v for row in rows[1:] for v in row[1:]]
    assert "4" not in values and "" in values
    assert all(not v or not 1 <= int(v) <= 10 for v in values)
    document = json.loads(client.get(f"/staff/stats/tables/new-contacts/export.json?year={YEAR}").content)
    fields = {entry["field"] for entry in document["metadata"]}
    assert {"period", "suppression", "differential privacy", "definition"} <= fields
    assert all(v is None or not 1 <= v <= 10 for row in document["rows"] for v in row["cells"])
    sheet = client.get(f"/staff/stats/tables/new-contacts/metadata.csv?year={YEAR}").content.decode()
    assert "counts of 1 to 10 are hidden" in sheet


def test_a_centre_manager_sees_their_own_centre_only_and_no_oversight_table(client, figures):
    sign_in(client, figures.staff["case_manager"])
    page = client.get(f"/staff/stats/tables/new-contacts/?year={YEAR}").content.decode()
    assert "Care centre Ghent (demo)" in page and "Utrecht" not in page
    assert ">4<" not in page
    assert client.get("/staff/stats/tables/packages-by-recipient/").status_code == 404
    assert "packages-by-recipient" not in client.get("/staff/stats/").content.decode()


def test_the_data_steward_raises_the_threshold_and_every_table_follows(client, figures):
    sign_in(client, figures.staff["dpo"])
    response = client.post("/staff/stats/rules/", {"threshold": "30", "unstable_at": "40", "reason": "Small national totals."})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Recorded. From now on every table, chart and export hides counts of 1 to 30" in page
    assert ReleaseRuleChange.objects.get().set_by == figures.staff["dpo"]
    assert AuditEvent.objects.filter(action="stats:rules:set").count() == 1
    sign_in(client, figures.staff["analyst"])
    rows = list(csv.reader(io.StringIO(client.get(f"/staff/stats/tables/new-contacts/export.csv?year={YEAR}").content.decode())))
    assert all(not v or not 1 <= int(v) <= 30 for row in rows[1:] for v in row[1:])


def test_the_threshold_cannot_be_lowered_and_the_form_says_why_keeping_what_was_typed(client, world):
    sign_in(client, world.staff["dpo"])
    response = client.post("/staff/stats/rules/", {"threshold": "5", "unstable_at": "20", "reason": "Fewer hidden cells."})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Fewer hidden cells." in page
    assert not ReleaseRuleChange.objects.exists()


def test_a_research_release_spends_the_budget_and_is_refused_once_it_is_spent(client, figures):
    sign_in(client, figures.staff["dpo"])
    response = client.post("/staff/stats/budgets/set/", {"dataset": "cases", "year": str(YEAR), "epsilon": "1"})
    assert response.status_code == 302
    assert "cannot be raised later" in client.get(response["Location"]).content.decode()
    again = client.post("/staff/stats/budgets/set/", {"dataset": "cases", "year": str(YEAR), "epsilon": "5"})
    assert again.status_code == 400 and PrivacyBudget.objects.get().epsilon == 1

    sign_in(client, figures.staff["analyst"])
    made = client.post("/staff/stats/tables/new-contacts/research-release/", {"year": str(YEAR), "epsilon": "0.7"})
    assert made.status_code == 302
    page = client.get(made["Location"]).content.decode()
    assert "95 % of counts are within" in page and "Grand total (exact)" in page
    release = ResearchRelease.objects.get()
    assert release.published["grand_total"] == Case.objects.filter(created_at__year=YEAR).count(), "exact, as declared"
    refused = client.post("/staff/stats/tables/new-contacts/research-release/", {"year": str(YEAR), "epsilon": "0.5"})
    assert refused.status_code == 400
    assert "only 0.300 of this year" in refused.content.decode()
    assert ResearchRelease.objects.count() == 1
    assert AuditEvent.objects.filter(action="stats:release:refused").count() == 1
    ledger = client.get("/staff/stats/budgets/").content.decode()
    assert "spent 0.700" in ledger and "left 0.300" in ledger
    assert "<td>New contacts per care centre, by quarter</td>" in ledger, "the table by its title, not its key"


def test_no_release_without_a_budget(client, figures):
    sign_in(client, figures.staff["analyst"])
    refused = client.post("/staff/stats/tables/new-contacts/research-release/", {"year": str(YEAR), "epsilon": "0.5"})
    assert refused.status_code == 400
    assert "no privacy budget" in refused.content.decode()
