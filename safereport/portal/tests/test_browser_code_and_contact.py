"""The person's code and the contact form in Chromium, JavaScript off (issue 11 §4, ADR 0023).

Reloading the page that shows the code re-posts the form: the centre must get
one case, and the person a calm page that says the message already went.
"""

import pytest

from safereport.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

MESSAGE = "I need to see a doctor. I do not want the police."


def portal_cases() -> int:
    return Case.objects.filter(receipt_lookup__isnull=False).count()


def test_reloading_the_receipt_page_opens_no_second_case(live_server, world, browser_page_js_off):
    page = browser_page_js_off
    page.goto(f"{live_server.url}/en/write/")
    page.fill("#id_message", MESSAGE)
    page.select_option("#id_centre", index=0)
    page.check("input[name=may_contact][value=no]")
    page.click("main button[type=submit]")
    assert page.locator(".receipt-code").count() == 1
    assert portal_cases() == 1

    page.reload()  # Chromium sends the same form again
    assert portal_cases() == 1
    assert page.locator(".receipt-code").count() == 0
    assert "Your message was already sent" in page.content()

    page.reload()
    assert portal_cases() == 1


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_already_sent_page_passes_axe_in_the_persons_language(live_server, world, axe_page, language):
    from axe_playwright_python.sync_playwright import Axe

    page = axe_page
    page.goto(f"{live_server.url}/{language}/write/")
    page.fill("#id_message", MESSAGE)
    page.select_option("#id_centre", index=0)
    page.check("input[name=may_contact][value=no]")
    # With JavaScript on, a reload that starts before the form's navigation has
    # finished detaches the page (seen once in CI); wait for the receipt first.
    with page.expect_navigation(wait_until="load"):
        page.click("main button[type=submit]")
    page.locator(".receipt-code").wait_for()
    page.reload(wait_until="load")
    assert page.locator("h1").inner_text() == {"en": "Your message was already sent", "ar": "أُرسلت رسالتكم من قبل"}[language]
    assert page.get_attribute("html", "lang") == language
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "quick-exit"


def test_a_code_typed_with_raised_or_circled_digits_gets_a_message_and_stays_in_the_field(live_server, world, browser_page_js_off):
    page = browser_page_js_off
    for typed in ("1234 5678 9012 345²", "①②③④ 5678 9012 3456"):
        page.goto(f"{live_server.url}/en/back/")
        page.fill("#id_code", typed)
        with page.expect_navigation() as navigation:
            page.click("main button[type=submit]")
        assert navigation.value.status == 200
        assert "Please type only the numbers of your code" in page.locator("#id_code_errors").inner_text()
        assert page.input_value("#id_code") == typed
