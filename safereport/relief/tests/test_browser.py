"""Issue 16 end to end in Chromium with JavaScript off.

A lawyer of the legal service the person named opens a U-visa procedure,
adds an Illinois police department, asks it for the certification while the
person is in removal proceedings (21 business days), the agency does not
answer, the start page flags it overdue with its legal source, the lawyer
records that no answer came, then a denial with its reason, then an appeal
within the law's window; the agency's 30-business-day clock for the appeal
starts. Then an Italian art. 18 social path from proposal to the Questura's
permit, and a Spanish 31 bis path to its three-month clock.
"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from conftest import sign_in
from safereport.relief.models import CertificationRequest, CertificationStatus, Procedure, ProcedureStatus
from safereport.relief.policies import Calendar, add_business_days
from safereport.relief.tests.conftest import named, person_unlocks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def staff_page(browser, live_server, user):
    client = sign_in(Client(), user)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "sr_staff", "value": client.cookies["sr_staff"].value, "url": live_server.url}])
    return context, context.new_page()


def open_from_the_start_page(page, base, case, mechanism):
    page.goto(f"{base}/staff/")
    page.click("a[href='/staff/relief/']")
    page.click(f"a[href='/staff/relief/people/{case.public_id}/open/']")
    assert page.input_value("select[name=mechanism]") == ""  # nothing chosen for the lawyer
    page.select_option("select[name=mechanism]", mechanism)
    page.fill("input[name=opened_on]", timezone.localdate().isoformat())
    page.click("main form button[type=submit]")
    assert "The procedure is open" in page.content()
    page.click("main a:has-text('Back to the procedure')")


def record(page, action, on, reason=""):
    page.select_option("select[name=action]", action)
    page.fill("input[name=on]", on.isoformat())
    if reason:
        page.select_option("select[name=reason]", reason)
    page.click("main form[action$='/record/'] button[type=submit]")
    assert "Recorded for the certification request." in page.content(), page.content()[:3000]
    page.click("main a:has-text('Back to the request')")


def test_an_illinois_u_visa_certification_no_answer_overdue_denied_with_a_reason_and_appealed(live_server, world, browser):
    base = live_server.url
    case = world.cases["assigned"]
    named(world, "legal")
    today = timezone.localdate()
    context, page = staff_page(browser, live_server, world.staff["lawyer"])
    open_from_the_start_page(page, base, case, "US-U")
    assert "Form I-918 Supplement B, signed by a certifying official" in page.content()

    page.goto(f"{base}/staff/relief/agencies/")
    page.fill("input[name=name]", "Immigration and Customs Enforcement")
    page.select_option("select[name=kind]", "police")
    page.fill("input[name=jurisdiction]", "US")
    page.click("main form button[type=submit]")
    assert "cannot be a certifying agency" in page.content()
    assert page.input_value("input[name=name]") == "Immigration and Customs Enforcement"  # typed text kept
    page.fill("input[name=name]", "Chicago Police Department (demo)")
    page.fill("input[name=region]", "Illinois")
    page.click("main form button[type=submit]")
    assert "The agency is in the directory." in page.content()

    procedure = Procedure.objects.get()
    page.goto(f"{base}/staff/relief/{procedure.public_id}/")
    page.click("a:has-text('Prepare a certification request')")
    page.select_option("select[name=agency]", label="Chicago Police Department (demo) (Illinois)")
    page.select_option("select[name=form]", "I-918B")
    page.select_option("select[name=official_role]", "designee")
    page.select_option("select[name=requested_by]", "attorney")
    page.select_option("select[name=law]", "US-IL-VOICES")
    page.click("main form button[type=submit]")
    page.click("main a:has-text('Open the request')")

    sent = today - dt.timedelta(days=60)
    record(page, "submit", sent)
    # Nothing on the page asks or tells whether the person is in removal proceedings.
    assert "removal" not in page.locator("main").inner_text().replace("5 ILCS 825/10 (90 business days; 21 in removal proceedings)", "")
    assert "in_confidence" not in page.content()
    # During an unlock the person grants, the lawyer enters the fact: only the due date changes.
    person_unlocks(world)
    page.reload()
    record(page, "in_confidence", today)
    due = add_business_days(sent, 21, Calendar("US", "IL"))
    content = page.content()
    assert due.isoformat() in content and "Overdue" in content and "5 ILCS 825/10" in content

    # The lawyer's start page flags it, with the law that sets the deadline.
    page.goto(f"{base}/staff/")
    reminders = page.locator("section.reminders").inner_text()
    assert "Overdue" in reminders and "5 ILCS 825/10" in reminders and case.code in reminders

    page.goto(f"{base}/staff/relief/certifications/{CertificationRequest.objects.get().public_id}/")
    record(page, "no_response", today)
    record(page, "deny", today, reason="not_helpful")
    request = CertificationRequest.objects.get()
    assert request.status == CertificationStatus.DENIED and request.denial_reason == "not_helpful"
    record(page, "appeal", today)
    content = page.content()
    assert "The agency must answer the appeal" in content
    assert add_business_days(today, 30, Calendar("US", "IL")).isoformat() in content
    assert CertificationRequest.objects.get().status == CertificationStatus.APPEALED

    pdf = page.request.get(f"{base}/staff/relief/{procedure.public_id}/packet.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    context.close()


def record_step(page, step, on):
    page.select_option("select[name=step]", step)
    page.fill("form[action$='/step/'] input[name=done_on]", on.isoformat())
    page.click("main form[action$='/step/'] button[type=submit]")
    assert "The step is recorded, with its date." in page.content()
    page.click("main a:has-text('Back to the procedure')")


def test_the_italian_art_18_social_path_from_proposal_to_the_questura(live_server, world, browser):
    base = live_server.url
    case = world.cases["assigned"]
    named(world, "legal")
    today = timezone.localdate()
    context, page = staff_page(browser, live_server, world.staff["lawyer"])
    open_from_the_start_page(page, base, case, "IT-18")
    record_step(page, "proposal", today - dt.timedelta(days=20))
    assert "indicative, not binding" in page.content() and "(TUI) art. 5(9)" in page.content()
    for step in ("questore_review", "prosecutor_opinion", "programme_submitted", "adherence_signed", "host_acceptance"):
        record_step(page, step, today - dt.timedelta(days=5))
    record_step(page, "permit_issued", today)
    assert Procedure.objects.get().status == ProcedureStatus.GRANTED
    assert "Granted" in page.content()
    context.close()


def test_the_spanish_31_bis_path_to_its_three_month_clock(live_server, world, browser):
    base = live_server.url
    case = world.cases["assigned"]
    named(world, "legal")
    today = timezone.localdate()
    context, page = staff_page(browser, live_server, world.staff["lawyer"])
    open_from_the_start_page(page, base, case, "ES-31BIS")
    record_step(page, "report_filed", today - dt.timedelta(days=40))
    record_step(page, "protection_order_or_prosecutor_report", today - dt.timedelta(days=30))
    record_step(page, "provisional_permit_applied", today - dt.timedelta(days=20))
    content = page.content()
    assert "Decision due within 3 months of the application" in content and "Disposición adicional primera" in content
    assert Procedure.objects.get().status == ProcedureStatus.UNDER_WAY
    context.close()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_persons_procedure_page_passes_axe(live_server, world, axe_page, language):
    from axe_playwright_python.sync_playwright import Axe

    from safereport.cases import receipts
    from safereport.cases.models import Case
    from safereport.relief import services

    code = "4821093755126604"
    Case.objects.filter(pk=world.cases["assigned"].pk).update(receipt_lookup=receipts.receipt_lookup_hash(code))
    named(world, "legal")
    procedure = services.procedure_open(
        actor=world.staff["lawyer"], case=world.cases["assigned"], mechanism="ES-31BIS", opened_on=timezone.localdate()
    )
    services.procedure_step_record(
        actor=world.staff["lawyer"], procedure=procedure, step="provisional_permit_applied", done_on=timezone.localdate()
    )
    axe_page.goto(f"{live_server.url}/{language}/back/")
    axe_page.fill("input[name=code]", code)
    axe_page.click("main form button[type=submit]")
    axe_page.goto(f"{live_server.url}/{language}/mine/")
    axe_page.click(f"a[href='/{language}/mine/steps/']")
    results = Axe().run(axe_page)
    assert results.violations_count == 0, results.generate_report()
