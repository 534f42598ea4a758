"""Preview, then send; then the person reads what was sent (issue 11 §2). Chromium, JavaScript off.

A crisis worker chooses the police unit and the purpose, sees exactly what the
package would hold (the account and the injuries, each part dated in the
centre's zone and signed by role) and what stays behind (the conversation,
sexual-health results), and sends it. The person then reads, in English and
in Arabic, which information went to whom and when.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation

from safereport.consent.models import DisclosurePackage
from safereport.consent.tests.conftest import ALL_TEXTS, CONVERSATION
from safereport.consent.tests.helpers import give
from safereport.consent.tests.test_browser_scenario import staff_page
from safereport.core.categories import DataCategory as C

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

SENT = [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS]


def shown_categories(page, selector: str) -> list[str]:
    parts = page.locator(selector)
    return [parts.nth(i).get_attribute("data-category") for i in range(parts.count())]


def the_person_reads_what_was_sent(browser, base: str, code: str, language: str) -> str:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base}/{language}/back/")
    page.fill("#id_code", code)
    page.click("main button[type=submit]")
    page.goto(f"{base}/{language}/mine/")
    assert page.get_attribute("html", "lang") == language
    shared = page.inner_text("ul.shared")
    page.screenshot(path=f"test-artifacts/mine-what-was-sent-{language}.png", full_page=True)
    context.close()
    return shared


def test_a_crisis_worker_previews_then_sends_and_the_person_reads_what_was_sent(live_server, world, browser, conversation_case, with_receipt):
    base = live_server.url
    give(world, conversation_case, [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS, C.SEXUAL_HEALTH_RESULTS])
    context, page = staff_page(browser, live_server, world.staff["crisis_worker"])

    page.goto(f"{base}/staff/consent/cases/{conversation_case.public_id}/")
    page.select_option("#build-form select[name=recipient]", str(world.organisations["police"].pk))
    page.select_option("#build-form select[name=purpose]", "investigation")
    page.click("#build-form button[type=submit]")

    # The preview: what the police would see, part by part, and nothing sent yet.
    assert "/packages/preview/" in page.url
    assert shown_categories(page, "section.package-part") == SENT
    parts = page.inner_text("css=section.package-part >> nth=0")
    assert ALL_TEXTS["account_sealed"] in parts and "(Europe/Brussels)" in parts and "Nurse or doctor" in parts
    whole = page.inner_text("main")
    for text in [*CONVERSATION.values(), ALL_TEXTS["sexual_health_sealed"], ALL_TEXTS["medical_history_sealed"]]:
        assert text not in whole
    withheld = page.inner_text("section.preview-withheld")
    assert "Messages with the centre" in withheld and "Sexual-health results" in withheld
    assert not DisclosurePackage.objects.exists()
    page.screenshot(path="test-artifacts/package-preview.png", full_page=True)

    page.click("#send-form button[type=submit]")
    assert "Package sent to Police vice unit Ghent (demo)" in page.content()
    package = DisclosurePackage.objects.get()
    assert package.categories == SENT
    context.close()

    # The police see what the preview showed.
    context, page = staff_page(browser, live_server, world.staff["police_liaison"])
    page.goto(f"{base}/staff/consent/packages/{package.public_id}/")
    assert shown_categories(page, "section.package-part") == SENT
    assert CONVERSATION["first"] not in page.inner_text("main")
    context.close()

    # The person is told, in their language: what, to whom, when (on the centre's clock).
    english = the_person_reads_what_was_sent(browser, base, with_receipt, "en")
    for expected in ("Sent to", "Police vice unit Ghent (demo)", "Account of the incident", "Injuries and forensic findings", "Europe/Brussels"):
        assert expected in english
    assert "Messages with the centre" not in english and "Sexual-health results" not in english

    arabic = the_person_reads_what_was_sent(browser, base, with_receipt, "ar")
    with translation.override("ar"):
        expected_labels = [str(C.INCIDENT_ACCOUNT.label), str(C.INJURIES_FORENSIC_FINDINGS.label)]
        not_sent = str(C.CORRESPONDENCE.label)
    assert all(label in arabic for label in expected_labels) and not_sent not in arabic
    assert "أُرسلت إلى" in arabic and "Police vice unit Ghent (demo)" in arabic and "Europe/Brussels" in arabic
    assert "Account of the incident" not in arabic

    # What was sent, as the person reads it, passes axe in both directions (JS on only for axe).
    context = browser.new_context(java_script_enabled=True, bypass_csp=True)
    page = context.new_page()
    for language in ("en", "ar"):
        page.goto(f"{base}/{language}/back/")
        page.fill("#id_code", with_receipt)
        page.click("main button[type=submit]")
        for path in ("mine/", "mine/copy/"):
            page.goto(f"{base}/{language}/{path}")
            assert page.locator("ul.shared-categories li").count() == len(SENT)
            results = Axe().run(page)
            assert results.violations_count == 0, f"{language}/{path}: {results.generate_report()}"
    context.close()
