"""The seed's forensic-examiner scenario (§6.3), end to end in Chromium with JavaScript off.

The doctor records consent to the examination ("you can stop at any time").
The person does not want the police to know yet: a package to the police is
refused. Later she decides to report and agrees to share what is relevant;
even with sexual-health results and medical history ticked, the police
package holds the account of the incident and the injuries only. The police
liaison sees only that package, and the person sees it was shared and opened.
"""

import pytest
from django.test import Client
from django.utils import timezone

from conftest import sign_in
from safereport.cases import services as case_services
from safereport.consent.models import ClinicalConsent, ConsentEvent, DisclosurePackage
from safereport.consent.tests.conftest import ALL_TEXTS
from safereport.core.categories import DataCategory as C

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def staff_page(browser, live_server, user):
    client = sign_in(Client(), user)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "sr_staff", "value": client.cookies["sr_staff"].value, "url": live_server.url}])
    return context, context.new_page()


def test_scenario_6_3_forensic_examiner_from_consent_to_a_police_package_of_incident_and_injuries_only(live_server, world, browser, with_receipt):
    base = live_server.url
    case = world.cases["assigned"]
    context, page = staff_page(browser, live_server, world.staff["doctor"])
    consent_page = f"{base}/staff/consent/cases/{case.public_id}/"

    # "We need your consent to do this examination … you can stop at any point."
    page.goto(consent_page)
    page.select_option("#clinical-form select[name=examination]", "forensic_examination")
    page.check("#clinical-form input[name=decision][value=given]")
    page.check("#clinical-form input[name=told_can_stop]")
    page.select_option("#clinical-form select[name=interpreter_language]", "ti")
    page.check("#clinical-form input[name=understanding][value=understood_after_repeat]")
    page.click("#clinical-form button[type=submit]")
    assert "Consent to the examination recorded." in page.content()
    assert ClinicalConsent.objects.get().told_can_stop

    # The examination: everything is written down, each category sealed apart.
    case_services.encounter_record(case=case, professional=world.staff["doctor"], kind="visit", occurred_at=timezone.now(), texts=ALL_TEXTS)

    # "I really don't want them to know at the moment." Nothing can go to the police.
    police_id = str(world.organisations["police"].pk)
    page.goto(consent_page)
    page.select_option("#build-form select[name=recipient]", police_id)
    page.select_option("#build-form select[name=purpose]", "investigation")
    page.click("#build-form button[type=submit]")
    assert "Not shared: the person has not agreed to share" in page.content() and "no_consent" not in page.content()
    assert not DisclosurePackage.objects.exists()

    # Later she decides to report, and agrees to share with the police unit.
    page.goto(consent_page)
    page.check("#consent-form input[name=decision][value=given]")
    page.select_option("#consent-form select[name=purpose]", "investigation")
    page.select_option("#consent-form select[name=recipient_organisation]", police_id)
    for category in ("incident_account", "injuries_forensic_findings", "sexual_health_results", "medical_history"):
        page.check(f"#consent-form input[name=categories][value={category}]")
    page.select_option("#consent-form select[name=interpreter_language]", "ti")
    page.check("#consent-form input[name=understanding][value=understood]")
    page.click("#consent-form button[type=submit]")
    # Never one tap: the answers are read back, with the names, before anything is recorded (issue 13 §6).
    assert page.locator("h1").inner_text() == "Check your answers before you agree"
    assert "Police vice unit Ghent (demo)" in page.locator("dl.check-answers").inner_text()
    assert not ConsentEvent.objects.exists()
    page.click("main button[type=submit]")
    assert "Recorded in the consent ledger: Agreed." in page.content()

    page.select_option("#build-form select[name=recipient]", police_id)
    page.select_option("#build-form select[name=purpose]", "investigation")
    page.click("#build-form button[type=submit]")
    # What the police would see, before anything is sent.
    assert "What would be sent" in page.content() and not DisclosurePackage.objects.exists()
    page.click("#send-form button[type=submit]")
    assert "Package sent to Police vice unit Ghent (demo)" in page.content()
    package = DisclosurePackage.objects.get()
    assert set(package.categories) == {C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS}
    context.close()

    # The police liaison sees the package, not the case.
    context, page = staff_page(browser, live_server, world.staff["police_liaison"])
    page.goto(f"{base}/staff/consent/packages/")
    page.click(f"a[href$='/packages/{package.public_id}/']")
    parts = page.locator("section.package-part")
    assert sorted(parts.nth(i).get_attribute("data-category") for i in range(parts.count())) == sorted(
        [C.INCIDENT_ACCOUNT, C.INJURIES_FORENSIC_FINDINGS]
    )
    text = page.inner_text("main")
    assert ALL_TEXTS["account_sealed"] in text and ALL_TEXTS["injuries_sealed"] in text
    for withheld in ("sexual_health_sealed", "medical_history_sealed", "mental_health_sealed", "safety_sealed", "notes_sealed"):
        assert ALL_TEXTS[withheld] not in text
    page.click("a[href$='/print/']")
    assert ALL_TEXTS["injuries_sealed"] in page.content()
    # As if the case did not exist (the URL × role matrix says 404 for the police).
    assert page.goto(f"{base}/staff/cases/{case.public_id}/").status == 404
    context.close()

    # The person sees what was shared, with whom, and that the police opened it.
    victim = browser.new_context(java_script_enabled=False)
    vpage = victim.new_page()
    vpage.goto(f"{base}/en/back/")
    vpage.fill("#id_code", with_receipt)
    vpage.click("main button[type=submit]")
    vpage.goto(f"{base}/en/mine/")
    shared = vpage.inner_text("ul.shared")
    assert "Police vice unit Ghent (demo)" in shared and "Injuries and forensic findings" in shared
    assert "Sexual-health results" not in shared
    assert "Police vice unit Ghent (demo)" in vpage.inner_text("ul.history")
    victim.close()
