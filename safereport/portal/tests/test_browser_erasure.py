"""Erasing one's record in Debian's Chromium with JavaScript off, in English and Arabic (docs/adr/0020):
the page names what the police will no longer open before the person confirms, and coming back
afterwards, with the same browser or with the code, says the record no longer exists."""

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from safereport.portal.tests.test_browser_journeys import write_and_keep_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def sent_to_the_police(world):
    """What the centre did after the person wrote: an examination, her consent, a package to the police."""
    from safereport.cases import services as case_services
    from safereport.cases.models import Case
    from safereport.consent import services
    from safereport.consent.purposes import Purpose
    from safereport.consent.tests.helpers import give
    from safereport.core.categories import DataCategory as C

    case = Case.objects.filter(receipt_lookup__isnull=False).latest("pk")
    case_services.encounter_record(
        case=case, professional=world.staff["doctor"], kind="visit", occurred_at=timezone.now(),
        texts={"account_sealed": "He grabbed me at the station."},
    )
    give(world, case, [C.INCIDENT_ACCOUNT])
    return services.disclosure_build(
        case=case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"]
    )


@pytest.mark.parametrize("language", ["en", "ar"])
def test_erase_then_come_back_with_the_browser_and_with_the_code(live_server, world, browser_page_js_off, language):
    page, base = browser_page_js_off, live_server.url
    with translation.override(language):
        unreadable = gettext(
            "The centre sent information about you to these organisations. When you remove your record, "
            "they can no longer open it in SafeReport:"
        )
        gone = gettext("This record no longer exists")
        away = gettext("You were away for a while, so we closed your messages to protect you. Please type your code again.")
        removed = gettext("Your record is removed")
    assert gone != "This record no longer exists" or language == "en"

    code = write_and_keep_code(page, base, language)
    package = sent_to_the_police(world)

    page.goto(f"{base}/{language}/mine/remove/")
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ar" else "ltr")
    main = page.inner_text("main")
    assert unreadable.rstrip(":").rstrip() in main and "Police vice unit Ghent (demo)" in main
    page.screenshot(path=f"test-artifacts/portal-{language}-erase.png", full_page=True)
    page.fill("#id_code", code)
    page.click("main form button[type=submit]")
    assert page.inner_text("h1") == removed

    # The same browser, back to the messages.
    page.goto(f"{base}/{language}/messages/")
    assert page.inner_text("h1") == gone and away not in page.content()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "quick-exit"

    # Another day, another phone: the code.
    page.context.clear_cookies()
    page.goto(f"{base}/{language}/back/")
    page.fill("#id_code", code)
    page.click("main button[type=submit]")
    assert page.inner_text("h1") == gone and away not in page.content()
    page.screenshot(path=f"test-artifacts/portal-{language}-record-gone.png", full_page=True)

    from safereport.consent.models import ErasureNotice

    assert ErasureNotice.objects.filter(package=package).exists()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_erase_page_with_what_was_sent_and_the_gone_page_pass_axe(live_server, world, axe_page, language):
    from axe_playwright_python.sync_playwright import Axe

    code = write_and_keep_code(axe_page, live_server.url, language)
    sent_to_the_police(world)
    axe_page.goto(f"{live_server.url}/{language}/mine/remove/")
    results = Axe().run(axe_page)
    assert results.violations_count == 0, results.generate_report()
    axe_page.fill("#id_code", code)
    axe_page.click("main form button[type=submit]")
    axe_page.goto(f"{live_server.url}/{language}/messages/")
    results = Axe().run(axe_page)
    assert results.violations_count == 0, results.generate_report()
