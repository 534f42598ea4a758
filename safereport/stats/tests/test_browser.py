"""An analyst in Chromium with JavaScript off: from the start page to a table, its chart and its downloads;
the data steward records stricter rules. The table page passes axe."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.utils import timezone

from conftest import sign_in
from safereport.stats.tests.helpers import at, cases_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def staff_context(browser, live_server, user, *, javascript=False, bypass_csp=False):
    client = sign_in(Client(), user)
    context = browser.new_context(java_script_enabled=javascript, bypass_csp=bypass_csp)
    context.add_cookies([{"name": "sr_staff", "value": client.cookies["sr_staff"].value, "url": live_server.url}])
    return context


def test_an_analyst_follows_links_to_a_table_with_its_chart_and_the_steward_tightens_the_rules(live_server, world, browser):
    year = timezone.now().year
    cases_at(world.organisations["ghent"], 40, when=at(year, 2))
    cases_at(world.organisations["utrecht"], 35, when=at(year, 2))
    cases_at(world.organisations["utrecht"], 6, when=at(year, 5))
    context = staff_context(browser, live_server, world.staff["analyst"])
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/")
    page.click("text=Statistics: tables, charts and research releases")
    page.click("text=New contacts per care centre, by quarter")
    assert page.locator("svg[role=img] title").text_content().startswith("New contacts per care centre")
    table = page.inner_text("table")
    assert "hidden" in table and "\t6\t" not in table
    page.select_option("#id_year", str(year))
    page.click("button:has-text('Show')")
    with page.expect_download() as download:
        page.click("text=Table as CSV")
    assert download.value.suggested_filename == f"new-contacts-{year}.csv"
    context.close()

    steward = staff_context(browser, live_server, world.staff["dpo"])
    page = steward.new_page()
    page.goto(f"{live_server.url}/staff/stats/rules/")
    page.fill("#id_threshold", "5")
    page.fill("#id_unstable_at", "20")
    page.fill("#id_reason", "Trying to lower it.")
    page.click("button:has-text('Record the new rules')")
    assert "There is a problem" in page.inner_text(".error-summary")
    assert page.input_value("#id_reason") == "Trying to lower it."
    page.fill("#id_threshold", "15")
    page.click("button:has-text('Record the new rules')")
    assert "hides counts of 1 to 15" in page.inner_text(".messages")
    steward.close()


def test_the_table_page_passes_axe(live_server, world, browser):
    cases_at(world.organisations["ghent"], 40, when=at(timezone.now().year, 2))
    context = staff_context(browser, live_server, world.staff["analyst"], javascript=True, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/stats/tables/new-contacts/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()


def test_the_oversight_body_follows_links_to_the_comparison_and_it_passes_axe(live_server, world, browser):
    from safereport.stats.tests.helpers import consultations_at, police_unit

    year = timezone.now().year
    case, officer = world.cases["assigned"], world.staff["crisis_worker"]
    consultations_at(world.organisations["police"], case, officer, 40, when=at(year, 2), held=24)
    consultations_at(police_unit("Police zone large (demo)"), case, officer, 60, when=at(year, 2), held=30)
    consultations_at(police_unit("Police zone middle (demo)"), case, officer, 50, when=at(year, 2), held=25)
    consultations_at(police_unit("Police zone small (demo)"), case, officer, 5, when=at(year, 2), held=2)
    context = staff_context(browser, live_server, world.staff["oversight"])
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/")
    page.click("text=Police units and jurisdictions compared")
    assert page.locator("h2#units").inner_text() == "Police units side by side"
    rows = {line.split("\t")[0]: line.split("\t")[1:] for line in page.inner_text("table >> nth=0").splitlines()}
    assert rows["Police zone small (demo)"][0] == "hidden", "5 consultations: no rate"
    assert any(cells and cells[0].endswith("%") for cells in rows.values()), "the larger units' rates are shown"
    assert page.locator("svg[role=img] title").first.text_content() == "Consultations held, of those asked for"
    with page.expect_download() as download:
        page.click("text=Police units side by side as CSV")
    assert download.value.suggested_filename == f"compare-units-{year}.csv"
    context.close()

    checked = staff_context(browser, live_server, world.staff["oversight"], javascript=True, bypass_csp=True)
    page = checked.new_page()
    page.goto(f"{live_server.url}/staff/stats/compare/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    checked.close()
