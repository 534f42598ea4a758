"""Usable at 2 a.m. (issue 13), in Debian's Chromium with JavaScript off.

§1 the centre's phone, hours and non-police lines as tap-to-call links;
§3 the 16 digits read left to right in every language and never wrap at 360 px;
§5 nothing is ticked that the person did not say.
"""

import pytest

from safereport.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

PHONE = {"width": 360, "height": 740}


def write(page, base: str, language: str = "en") -> str:
    page.goto(f"{base}/{language}/write/")
    page.fill("#id_message", "I need to see a doctor.")
    page.check("input[name=help_kinds][value=health]")
    page.select_option("#id_centre", index=0)
    page.click("main button[type=submit]")
    return page.locator(".receipt-code").inner_text()


def test_a_new_contact_has_nothing_ticked_about_the_police_until_the_person_answers(live_server, world, browser_page_js_off):
    page = browser_page_js_off
    write(page, live_server.url)
    page.goto(f"{live_server.url}/en/messages/")
    radios = page.locator("input[name=reporting_status]")
    assert radios.count() == 4
    assert [radios.nth(i).is_checked() for i in range(4)] == [False] * 4
    assert Case.objects.get(receipt_lookup__isnull=False).reporting_status == "not_decided"
    page.check("input[name=reporting_status][value=thinking]")
    page.click("form[action$='/choice/'] button[type=submit]")
    assert page.locator("input[name=reporting_status][value=thinking]").is_checked()
    assert Case.objects.get(receipt_lookup__isnull=False).reporting_status == "thinking"
