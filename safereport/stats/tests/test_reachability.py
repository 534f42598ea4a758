"""Every statistics page a role may use is reachable by links from its start page."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import resolve

from conftest import sign_in
from safereport.stats.tests.objects import a_release_for

pytestmark = pytest.mark.django_db(databases="__all__")

LINK = re.compile(r'href="(/staff/[^"#]*)"')


def reached(client, start="/staff/"):
    """The url names of the stats pages reachable from the start page by following links (GET only)."""
    seen, queue, names = {start}, [start], set()
    while queue:
        url = queue.pop()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response["Content-Type"]:
            continue
        for href in LINK.findall(response.content.decode()):
            href = href.replace("&amp;", "&")
            if href.startswith("/staff/stats/") and href not in seen:
                seen.add(href)
                names.add(resolve(urlsplit(href).path, urlconf=settings.STAFF_URLCONF).url_name)
                queue.append(href)
    return names


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        (
            "analyst",
            {"index", "table", "export_csv", "metadata_csv", "export_json", "release_new", "budgets", "release_detail",
             "compare", "compare_csv"},
        ),
        ("dpo", {"index", "table", "export_csv", "metadata_csv", "export_json", "budgets", "budget_set", "rules", "release_detail",
                 "compare", "compare_csv"}),
        # The oversight body: published tables and the comparison; no release of its own, no rules.
        ("oversight", {"index", "table", "export_csv", "metadata_csv", "export_json", "budgets", "release_detail",
                       "compare", "compare_csv"}),
        ("case_manager", {"index", "table", "export_csv", "metadata_csv", "export_json"}),
    ],
)
def test_each_role_reaches_its_statistics_pages_by_links(client, world, persona, expected):
    a_release_for(world)
    sign_in(client, world.staff[persona])
    assert reached(client) == expected
