"""Every police page a role may use is reached by links from its start page, and no link leads to a refusal."""

import html
import importlib
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve

from conftest import sign_in
from safereport.consent import services as consent_services
from safereport.police import services
from safereport.police.tests.conftest import booked

# The matrix is the one list of who may open what (imported by name: tests/ is not a package mypy follows).
EXPECTED = importlib.import_module("tests.test_url_access_matrix").EXPECTED

pytestmark = pytest.mark.django_db(databases="__all__")
LINK = re.compile(r'<a [^>]*href="(/staff/[^"#]*)')


def crawl(client: Client, limit: int = 150) -> dict[str, int]:
    """url name → status of every /staff/ page reached by following links from the start page."""
    seen: dict[str, int] = {}
    queue: list[str] = ["/staff/"]
    visited: set[str] = set()
    while queue and len(visited) < limit:
        path = queue.pop(0)
        if path in visited:
            continue
        visited.add(path)
        response = client.get(path)
        match = resolve(urlsplit(path).path, urlconf=settings.STAFF_URLCONF)
        name = f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)
        seen.setdefault(name, response.status_code)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            # A link keeps its query (a preview link names its recipient and purpose).
            links = (html.unescape(p) for p in LINK.findall(response.content.decode()))
            queue.extend(p for p in links if p not in visited)
    return seen


@pytest.fixture
def police_work(world):
    consultation = booked(world)
    case = world.cases["assigned"]
    services.report_file(
        case=case, actor=world.staff["crisis_worker"], police_unit=world.organisations["police"], identity="none",
        reference="GH-1", venue="police",
    )
    consent_services.consent_record(
        case=case, categories=["needs_and_support"], purpose="referral", decision="given", understanding="understood",
        channel="staff", recipient_organisation=world.organisations["desk"], explained_by=world.staff["crisis_worker"],
        language="en",
    )
    # The person also named the NGO: both intermediaries find them on their list of people.
    consent_services.consent_record(
        case=case, categories=["needs_and_support"], purpose="referral", decision="given", understanding="understood",
        channel="staff", recipient_organisation=world.organisations["ngo"], explained_by=world.staff["crisis_worker"],
        language="en",
    )
    services.report_file(
        case=case, actor=world.staff["desk_officer"], police_unit=world.organisations["police"], identity="none",
        reference="DESK-2", venue="police",
    )
    return consultation


# The police pages each persona may open (GET 200 in the URL matrix), minus pages that only answer POST.
@pytest.mark.parametrize("persona", ["police_liaison", "desk_officer", "ngo_advocate", "crisis_worker"])
def test_each_role_reaches_exactly_its_police_work_by_links(world, police_work, persona):
    reached = crawl(sign_in(Client(), world.staff[persona]))
    police_reached = {name for name, status in reached.items() if name.startswith("police:")}
    may_open = {name for name, (_path, _anon, statuses) in EXPECTED.items() if name.startswith("police:") and statuses[persona] == 200}
    if persona == "desk_officer":
        may_open.add("police:report")  # its own report (the matrix's report is the centre's)
        may_open.add("police:person_report")  # named by this person too (the matrix's person named only the NGO)
    assert may_open <= police_reached, f"{persona} cannot reach {may_open - police_reached} by links"
    refused = {name: status for name, status in reached.items() if status != 200}
    assert not refused, f"{persona} is shown links it may not follow: {refused}"
