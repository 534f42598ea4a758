"""Real Chromium (Debian's), JavaScript off unless a test says otherwise."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import current_totp
from safereport.demo.world import demo_password

pytestmark = pytest.mark.browser


def test_staff_sign_in_with_password_and_code_works_without_javascript(live_server, world, browser_page_js_off):
    page = browser_page_js_off
    user = world.staff["crisis_worker"]
    page.goto(f"{live_server.url}/staff/cases/")
    assert "/staff/sign-in/" in page.url
    page.fill("#id_username", user.username)
    page.fill("#id_password", demo_password(user.username))
    page.click("main button[type=submit]")
    assert "/staff/sign-in/code/" in page.url
    page.fill("#id_token", current_totp(user))
    page.click("main button[type=submit]")
    assert page.url == f"{live_server.url}/staff/cases/"
    assert page.locator("h1").inner_text() == "Cases"


def test_portal_in_arabic_is_right_to_left_and_quick_exit_is_the_first_tab_stop(live_server, db, browser_page_js_on):
    page = browser_page_js_on
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{live_server.url}/ar/")
    assert page.get_attribute("html", "dir") == "rtl"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "quick-exit"
    assert all(url.startswith(live_server.url) for url in requests), requests
    page.screenshot(path="test-artifacts/portal-ar.png", full_page=True)


def test_shift_three_times_leaves_and_back_does_not_return(live_server, db, browser_page_js_on):
    page = browser_page_js_on
    # The test machine has no outside network, so stand in for /leave's
    # redirect target; /leave itself is tested in test_front_ends.
    page.route("**/leave?*", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>"))
    page.goto(f"{live_server.url}/en/")
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("**/leave?l=en")
    assert page.title() == "Weather"
    page.go_back()
    # location.replace() removed the portal page from history.
    assert not page.url.startswith(live_server.url)


@pytest.mark.parametrize("path", ["/", "/en/", "/ar/", "/ti/"])
def test_portal_pages_have_no_accessibility_violations(live_server, db, axe_page, path):
    axe_page.goto(f"{live_server.url}{path}")
    results = Axe().run(axe_page)
    assert results.violations_count == 0, results.generate_report()
