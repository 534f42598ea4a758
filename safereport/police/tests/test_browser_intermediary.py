"""A municipal desk files a report for a person who named it, in Chromium with JavaScript off.

The desk reaches the person from its start page by their case code, files
with identity "none" after checking its answers, and the police liaison's
pages never show the person's name, case code or contact.
"""

import pytest
from django.test import Client

from conftest import sign_in
from safereport.cases.models import Case
from safereport.cases.sealing import seal_field
from safereport.cases.services import name_as_given_set
from safereport.consent import services as consent_services
from safereport.police.models import IntermediatedReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

NAME = "Amina Haddad"
CONTACT = "+32 470 12 34 56 after six"


def staff_page(browser, live_server, user):
    client = sign_in(Client(), user)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "sr_staff", "value": client.cookies["sr_staff"].value, "url": live_server.url}])
    return context, context.new_page()


def test_the_desk_files_with_no_identity_and_the_police_never_see_who_the_person_is(live_server, world, browser):
    base = live_server.url
    case = world.cases["assigned"]
    name_as_given_set(case=case, actor=world.staff["crisis_worker"], name=NAME)
    case.contact_preferences_sealed = seal_field(case=case, record=case, field="contact_preferences_sealed", text=CONTACT)
    case.save(update_fields=["contact_preferences_sealed"])
    consent_services.consent_record(
        case=case, categories=["needs_and_support"], purpose="referral", decision="given", understanding="understood",
        channel="staff", recipient_organisation=world.organisations["desk"], explained_by=world.staff["crisis_worker"],
        language="en",
    )

    context, page = staff_page(browser, live_server, world.staff["desk_officer"])
    page.goto(f"{base}/staff/")
    page.click("a[href='/staff/police/people/']")
    listing = page.inner_text("main")
    assert case.code in listing and NAME not in page.content()
    page.click(f"main a:has-text('{case.code}')")
    assert page.locator("input[name=identity]").count() == 1  # the person released nothing to the police: "none" only
    page.check(f"input[name=police_unit][value='{world.organisations['police'].public_id}']")
    page.check("input[name=identity][value=none]")
    page.fill("input[name=reference]", "DESK-2026-3")
    page.check("input[name=venue][value=police]")
    page.click("main form button[value=check]")
    assert "Check your answers" in page.inner_text("h1")
    assert not IntermediatedReport.objects.exists()
    page.click("main form button[value=file]")
    assert "The report is filed" in page.content()
    report = IntermediatedReport.objects.get()
    assert report.identity_released == "none" and report.intermediary == world.organisations["desk"]
    context.close()

    context, page = staff_page(browser, live_server, world.staff["police_liaison"])
    page.goto(f"{base}/staff/")
    page.click("a[href='/staff/police/unit/']")
    pages = [page.content()]
    page.click(f"main a:has-text('{report.pseudonym}')")
    pages.append(page.content())
    assert "DESK-2026-3" in pages[1]
    for seen in pages:
        for secret in (NAME, "470 12 34 56", case.code, str(Case.objects.get(pk=case.pk).public_id)):
            assert secret not in seen
    context.close()
