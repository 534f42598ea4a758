"""Every action that records something for the person ends on a confirmation page (issue 13 §4, §6; ADR 0030).

In Chromium with JavaScript off, in English and Arabic: a message, a reporting
choice, an agreement to share (through "check your answers") and taking it
back each end on a page that says in words what was recorded, what happens
next, and links back. Reloading the confirmation records nothing again.
"""

import pytest

from safereport.cases.models import Case
from safereport.consent.models import ConsentEvent
from safereport.consent.tests.conftest import examined_case, with_receipt  # noqa: F401 - fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

POLICE = {
    "en": "The police vice unit of Ghent (demo)",
    "ar": "وحدة الشرطة المختصة بالجرائم الجنسية في غنت (تجريبي)",
}
WORDS = {
    "en": {"sent": "Your message was sent", "answer": "Your answer is recorded", "thinking": "I am still thinking about it",
           "agreed": "You agreed to share", "took_back": "You took back your agreement", "check": "Check your answers before you agree"},
    "ar": {"sent": "تم إرسال رسالتكم", "answer": "تم تسجيل إجابتكم", "thinking": "ما زلت أفكّر في الأمر",
           "agreed": "لقد وافقتم على المشاركة", "took_back": "لقد سحبتم موافقتكم", "check": "تحقّقوا من إجاباتكم قبل أن توافقوا"},
}


def come_back(page, base, language, code):
    page.goto(f"{base}/{language}/back/")
    page.fill("#id_code", code)
    page.click("main button[type=submit]")
    assert page.url.endswith(f"/{language}/messages/")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_message_and_a_reporting_choice_end_on_a_confirmation_that_a_reload_does_not_repeat(
    live_server, world, browser_page_js_off, with_receipt, language  # noqa: F811 - the fixture
):
    page, base, words = browser_page_js_off, live_server.url, WORDS[language]
    come_back(page, base, language, with_receipt)
    case = Case.objects.get(receipt_lookup__isnull=False)
    before = case.messages.count()

    page.fill("#id_message", "Can I come on Monday?")
    page.click("main form[action$='/messages/send/'] button[type=submit]")
    panel = page.locator(".panel-confirmation")
    assert page.url.endswith(f"/{language}/mine/done/") and words["sent"] in panel.inner_text()
    assert page.locator("main h2").first.is_visible()  # what happens next
    page.reload()
    assert case.messages.count() == before + 1

    page.click("main a[href$='/messages/']")
    page.check("input[name=reporting_status][value=thinking]")
    page.click("form[action$='/choice/'] button[type=submit]")
    panel = page.locator(".panel-confirmation")
    assert words["answer"] in panel.inner_text() and words["thinking"] in panel.inner_text()
    assert "thinking" not in panel.inner_text().replace(words["thinking"], "")  # words, not the stored value
    assert Case.objects.get(pk=case.pk).reporting_status == "thinking"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_agreeing_goes_through_check_answers_keeps_answers_on_change_and_taking_back_is_confirmed(
    live_server, world, browser_page_js_off, examined_case, with_receipt, language  # noqa: F811 - the fixtures
):
    page, base, words = browser_page_js_off, live_server.url, WORDS[language]
    come_back(page, base, language, with_receipt)
    page.goto(f"{base}/{language}/mine/")
    form = page.locator("form[action$='/mine/agree/']")
    form.locator("input[name=purpose][value=investigation]").check()
    form.locator("input[name=categories][value=incident_account]").check()
    form.locator("input[name=understood]").check()
    form.locator("button[type=submit]").click()

    assert page.locator("h1").inner_text() == words["check"]
    assert POLICE[language] in page.locator("dl.check-answers").inner_text()
    # Change keeps what was answered.
    page.locator("dl.check-answers a").first.click()
    form = page.locator("form[action$='/mine/agree/']")
    assert form.locator("input[name=purpose][value=investigation]").is_checked()
    assert form.locator("input[name=categories][value=incident_account]").is_checked()
    form.locator("input[name=categories][value=injuries_forensic_findings]").check()
    form.locator("button[type=submit]").click()
    assert not ConsentEvent.objects.exists()
    page.click("main form button[type=submit]")

    panel = page.locator(".panel-confirmation")
    assert words["agreed"] in panel.inner_text() and POLICE[language] in panel.inner_text()
    assert ConsentEvent.objects.filter(decision="given").count() == 2
    page.reload()
    assert ConsentEvent.objects.count() == 2

    page.click("main a[href$='/mine/']")
    page.locator("ul.consents form button[type=submit]").first.click()
    panel = page.locator(".panel-confirmation")
    assert words["took_back"] in panel.inner_text() and POLICE[language] in panel.inner_text()
    assert ConsentEvent.objects.filter(decision="withdrawn").count() == 1


MAY_CONTACT_ERROR = {
    "en": "Please choose whether the centre may contact you outside this website.",
    "ar": "يرجى أن تختاروا ما إذا كان يمكن للمركز التواصل معكم خارج هذا الموقع.",
}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_write_form_chooses_nothing_about_outside_contact_and_asks_with_an_error_summary(
    live_server, world, browser_page_js_off, language
):
    page = browser_page_js_off
    page.goto(f"{live_server.url}/{language}/write/")
    radios = page.locator("input[name=may_contact]")
    assert radios.count() == 2 and not any(radios.nth(i).is_checked() for i in range(2))
    page.fill("#id_message", "I need to see a doctor.")
    page.select_option("#id_centre", index=0)
    page.click("main button[type=submit]")
    summary = page.locator("main .error-summary")
    assert MAY_CONTACT_ERROR[language] in summary.inner_text()
    assert summary.locator("a").first.get_attribute("href") == "#id_may_contact_0"
    assert page.input_value("#id_message") == "I need to see a doctor."  # typed text kept
    assert not Case.objects.filter(receipt_lookup__isnull=False).exists()
    page.check("input[name=may_contact][value=no]")
    page.click("main button[type=submit]")
    assert page.locator(".receipt-code").count() == 1
