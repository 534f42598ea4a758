"""The safeguarding override end to end in Chromium with JavaScript off, and what the person then reads.

A doctor asks to share safety information and the account of the incident
with the police without consent, giving a reason. The case manager finds the
request on their start page, reads the reason and approves. The doctor sends
under the override: the package holds exactly those two categories. Once it
is safe, the person sees — in English and in Arabic — the ground, the police
unit and the information, and an access history of plain sentences in which a
refused police attempt reads as refused and a dozen opens are one line.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.utils import timezone, translation

from conftest import sign_in
from safereport.cases import services as case_services
from safereport.consent import rules
from safereport.consent.models import DisclosurePackage, OverrideStatus, SafeguardingOverride
from safereport.consent.tests.conftest import ALL_TEXTS
from safereport.core.categories import DataCategory as C

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

REASON = "He phoned the shelter and said he will come tonight with a knife."


def staff_page(browser, live_server, user):
    client = sign_in(Client(), user)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "sr_staff", "value": client.cookies["sr_staff"].value, "url": live_server.url}])
    return context, context.new_page()


def come_back(page, base, code, language):
    page.goto(f"{base}/{language}/back/")
    page.fill("#id_code", code)
    page.click("main button[type=submit]")
    page.goto(f"{base}/{language}/mine/")


def test_request_read_approve_send_tell_and_the_person_reads_it_in_their_language(live_server, world, browser, axe_page, with_receipt):
    base = live_server.url
    case = world.cases["assigned"]
    case_services.encounter_record(case=case, professional=world.staff["doctor"], kind="visit", occurred_at=timezone.now(), texts=ALL_TEXTS)

    # The doctor asks, with a reason.
    context, page = staff_page(browser, live_server, world.staff["doctor"])
    page.goto(f"{base}/staff/consent/cases/{case.public_id}/")
    page.select_option("#override-form select[name=ground]", "immediate_risk_to_life")
    page.fill("#override-form textarea[name=justification]", REASON)
    page.select_option("#override-form select[name=recipient]", str(world.organisations["police"].pk))
    page.select_option("#override-form select[name=purpose]", "investigation")
    page.check(f"#override-form input[name=categories][value={C.SAFETY_AND_RISK}]")
    page.check(f"#override-form input[name=categories][value={C.INCIDENT_ACCOUNT}]")
    page.click("#override-form button[type=submit]")
    assert "A second person with the named role must approve it." in page.content()
    assert REASON in page.inner_text("blockquote.override-justification")
    assert page.locator("#decide-form").count() == 0  # never the requester's own decision
    override = SafeguardingOverride.objects.get()
    context.close()

    # The case manager finds it on their start page, reads the reason, approves.
    context, page = staff_page(browser, live_server, world.staff["case_manager"])
    page.goto(f"{base}/staff/")
    waiting = page.locator("section.awaiting-decision")
    assert case.code in waiting.inner_text()
    waiting.locator(f"a[href$='/overrides/{override.public_id}/']").click()
    assert REASON in page.inner_text("blockquote.override-justification")
    assert "Police vice unit Ghent (demo)" in page.inner_text("dd.override-recipient")
    page.click("#decide-form button[value=approve]")
    assert "Decision recorded: Approved." in page.content()
    assert SafeguardingOverride.objects.get().status == OverrideStatus.APPROVED
    page.goto(f"{base}/staff/")
    assert page.locator("section.awaiting-decision").count() == 0
    context.close()

    # Meanwhile a police officer tries the case itself, and a crisis worker opens it a dozen times.
    sign_in(Client(), world.staff["police_liaison"]).get(f"/staff/cases/{case.public_id}/")
    worker = sign_in(Client(), world.staff["crisis_worker"])
    for _ in range(12):
        worker.get(f"/staff/cases/{case.public_id}/")

    # The doctor sends under the override: nothing to choose, exactly its categories.
    context, page = staff_page(browser, live_server, world.staff["doctor"])
    page.goto(f"{base}/staff/consent/overrides/{override.public_id}/")
    page.click("#send-form button[type=submit]")
    assert "Package sent to Police vice unit Ghent (demo)" in page.content()
    package = DisclosurePackage.objects.get()
    assert sorted(package.categories) == sorted([C.SAFETY_AND_RISK, C.INCIDENT_ACCOUNT]) and package.override_id == override.pk
    assert page.locator("#send-form").count() == 0

    # Not yet safe: the person sees nothing of it.
    victim = browser.new_context(java_script_enabled=False)
    vpage = victim.new_page()
    come_back(vpage, base, with_receipt, "en")
    assert "without your agreement" not in vpage.content()

    page.click("#tell-form button[type=submit]")
    assert "The person will see this sharing in their own view." in page.content()
    context.close()

    # Told: the ground, the recipient and the information, in English…
    vpage.reload()
    told = vpage.inner_text("ul.overrides-told")
    assert "Immediate risk to someone's life" in told and "Police vice unit Ghent (demo)" in told
    assert "Safety and risk" in told and "Account of the incident" in told
    assert "Injuries" not in told
    # Every line, those behind "show older lines" too, without the isolate marks around names (issue 13 §8, §9).
    history = "".join(vpage.locator("ul.history").all_text_contents()).replace("\u2068", "").replace("\u2069", "")
    assert "Police liaison officer at Police vice unit Ghent (demo) tried to open your record and was refused" in history
    assert "Nurse or doctor at Care centre Ghent (demo) asked to share information about you without your agreement" in history
    assert "Case manager at Care centre Ghent (demo) approved sharing information about you without your agreement" in history
    assert history.count("Crisis worker at Care centre Ghent (demo) opened your record") == 1 and "12 times that day" in history
    assert "made a change" not in history and "looked at it" not in history

    # …and in Arabic, right to left, with the ground's label from the data file.
    come_back(vpage, base, with_receipt, "ar")
    assert vpage.get_attribute("html", "dir") == "rtl"
    told = vpage.inner_text("ul.overrides-told")
    with translation.override("ar"):
        ground = rules.grounds()["immediate_risk_to_life"].label
        categories = [str(C.SAFETY_AND_RISK.label), str(C.INCIDENT_ACCOUNT.label)]
        refused = "تم الرفض"
    assert ground in told and all(c in told for c in categories) and "Police vice unit Ghent (demo)" in told
    # Every line, those behind "show older lines" too, without the isolate marks around names (issue 13 §8, §9).
    history = "".join(vpage.locator("ul.history").all_text_contents()).replace("\u2068", "").replace("\u2069", "")
    assert refused in history and "12" in history and "times that day" not in history
    victim.close()

    # The new parts of the page pass axe in both directions.
    for language in ("en", "ar"):
        axe_page.context.clear_cookies()
        come_back(axe_page, base, with_receipt, language)
        assert axe_page.locator("ul.overrides-told").count() == 1
        results = Axe().run(axe_page)
        assert results.violations_count == 0, results.generate_report()
