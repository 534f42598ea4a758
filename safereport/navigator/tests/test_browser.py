"""The victim navigator, end to end in Chromium with JavaScript off, in English and Arabic."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_the_victim_navigator_works_without_javascript(live_server, browser_page_js_off, language, direction):
    page = browser_page_js_off
    page.goto(f"{live_server.url}/{language}/rights/")
    assert page.locator("html").get_attribute("dir") == direction
    page.select_option("select[name=jurisdiction]", "ES")
    page.check("input[name=role][value=victim]")
    page.check("input[name=crime][value=rape]")
    page.check("input[name=perpetrator][value=stranger]")
    page.check("input[name=gender][value=female]")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#m-ES-31BIS").count() == 1
    assert "/rights/" in page.url and "rape" not in page.url  # answers travel in the body, not the address
    assert page.context.cookies() == []
    # The "does not fit" list opens without JavaScript (<details>).
    page.locator("details summary").click()
    assert page.locator("details[open]").count() == 1
