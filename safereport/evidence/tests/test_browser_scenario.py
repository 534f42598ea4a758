"""The seeds' evidence scenario (§6.2, §6.3), end to end in Chromium with JavaScript off.

After the examination the doctor records the kit and puts it in the freezer.
The person reads in Arabic what is kept and until when, and asks to keep it
longer. A release to the police is refused while she has not reported. Later
she reports and agrees to release the samples to the partnered police unit;
the kit is released and handed over with a witness, and the police unit reads
the custody record and the items' list, never a health note.
"""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone, translation

from conftest import current_totp, sign_in
from safereport.accounts.models import Organisation
from safereport.audit.actors import Actor
from safereport.cases import receipts
from safereport.cases import services as case_services
from safereport.cases.models import Case
from safereport.consent import services as consent_services
from safereport.demo.world import demo_password
from safereport.evidence import services
from safereport.evidence.models import ItemKind, Kit, KitStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

CODE = "4821093755126604"
HEALTH_NOTE = "Asthma since childhood."


def staff_page(browser, live_server, user):
    client = sign_in(Client(), user)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "sr_staff", "value": client.cookies["sr_staff"].value, "url": live_server.url}])
    return context, context.new_page()


def test_the_evidence_scenario_from_the_kit_to_the_police_unit_never_with_health_notes(live_server, world, browser):
    base = live_server.url
    # An Irish centre: twelve months, one more year on request.
    Organisation.objects.filter(pk=world.organisations["ghent"].pk).update(jurisdiction="IE")
    case = Case.objects.get(pk=world.cases["assigned"].pk)
    Case.objects.filter(pk=case.pk).update(receipt_lookup=receipts.receipt_lookup_hash(CODE))
    case_services.encounter_record(
        case=case, professional=world.staff["doctor"], kind="visit", occurred_at=timezone.now(),
        texts={"medical_history_sealed": HEALTH_NOTE},
    )
    services.location_add(actor=world.staff["doctor"], name="Freezer 1", frozen=True, min_celsius=None, max_celsius=None)

    # The doctor records the kit from the case page, by links only.
    context, page = staff_page(browser, live_server, world.staff["doctor"])
    page.goto(f"{base}/staff/cases/{case.public_id}/")
    page.click("#evidence a:has-text('Record an evidence kit')")
    page.fill("#id_exam_started_on", "2026-03-01")
    page.select_option("#id_rule_id", "IE-SATU-OPTION-3")
    page.select_option("#id_age_band", "adult")
    page.check("input[name=wet_items][value=swab]")
    page.check("input[name=returnable_items][value=upper_clothing]")
    page.click("main form button[type=submit]")
    kit = Kit.objects.get(case=case)
    assert f"Kit {kit.barcode} recorded" in page.content()
    assert kit.disposal_on == dt.date(2027, 3, 1)
    page.select_option("form[action$='/custody/'] select[name=action]", "stored")
    page.select_option("form[action$='/custody/'] select[name=location]", label="Freezer 1")
    page.click("form[action$='/custody/'] button[type=submit]")
    assert "Recorded in the custody log." in page.content()
    assert Kit.objects.get(pk=kit.pk).status == KitStatus.STORED
    # On a phone the custody log scrolls on its own; the page does not widen.
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 800})

    # The person, in Arabic, sees what is kept and until when, and asks to keep it longer.
    person = browser.new_context(java_script_enabled=False).new_page()
    person.goto(f"{base}/ar/back/")
    person.fill("input[name=code]", CODE)
    person.click("main form button[type=submit]")
    person.goto(f"{base}/ar/mine/")
    person.click("a[href='/ar/mine/kept/']")
    kept = person.content()
    with translation.override("ar"):
        jacket_in_arabic = str(ItemKind.UPPER.label)
    assert "الأدلة المحفوظة من فحصكم" in kept and "2027" in kept and jacket_in_arabic in kept
    person.click("a[href*='/ar/mine/kept/choose/']")
    person.check("input[name=choice][value=extend]")
    person.click("main form button[type=submit]")
    assert "تحقّقوا من إجابتكم" in person.content()  # check your answer
    person.click("button[value=confirm]")
    assert "تمّ تسجيل اختياركم" in person.content()
    assert Kit.objects.get(pk=kit.pk).disposal_on == dt.date(2028, 3, 1)

    # The demo's police partnership is Belgian: the centre goes back to Belgium
    # for the release (the kit keeps the Irish rule it was collected under).
    Organisation.objects.filter(pk=world.organisations["ghent"].pk).update(jurisdiction="BE")

    # Without her report, the release is refused and nothing leaves. Agreeing a
    # release has its own page, reached from the kit page.
    page.goto(f"{base}/staff/evidence/kits/{kit.public_id}/")
    page.click("main a[href$='/release/']")
    page.select_option("form[action$='/release/'] select[name=police_unit]", label="Police vice unit Ghent (demo)")
    page.click("form[action$='/release/'] button[type=submit]")
    assert "the person has not reported to the police" in page.content()
    assert Kit.objects.get(pk=kit.pk).status == KitStatus.EXTENDED

    # She reports, and agrees to release the samples to that unit.
    case_services.reporting_status_set(case=case, status="reported", actor=Actor.victim())
    consent_services.consent_record(
        case=case, categories=["forensic_samples"], purpose="investigation", decision="given", understanding="understood",
        channel="staff", recipient_organisation=world.organisations["police"], explained_by=world.staff["doctor"], language="ar",
    )
    page.goto(f"{base}/staff/evidence/kits/{kit.public_id}/")
    page.click("main a[href$='/release/']")
    page.select_option("form[action$='/release/'] select[name=police_unit]", label="Police vice unit Ghent (demo)")
    page.click("form[action$='/release/'] button[type=submit]")
    assert "Release agreed with Police vice unit Ghent (demo)" in page.content()
    page.select_option("form[action$='/hand-over/'] select[name=witness]", label="crisis_worker")
    page.fill("form[action$='/hand-over/'] input[name=receiver_ref]", "ps 4711")
    page.click("form[action$='/hand-over/'] button[type=submit]")
    assert "Write the number as printed" in page.content() and "ps 4711" in page.content()  # a shape, never a name
    # The witness types their own password and authenticator code on the same form; a wrong one is refused.
    hand_over = "form[action$='/hand-over/']"
    page.select_option(f"{hand_over} select[name=witness]", label="crisis_worker")
    page.fill(f"{hand_over} input[name=receiver_ref]", "ps-4711")
    page.fill(f"{hand_over} input[name=witness_password]", demo_password("doctor"))  # not the witness's own
    page.fill(f"{hand_over} input[name=witness_token]", current_totp(world.staff["crisis_worker"]))
    page.click(f"{hand_over} button[type=submit]")
    assert "the witness's password or authenticator code was not right" in page.content()
    assert Kit.objects.get(pk=kit.pk).status == KitStatus.RELEASE_AGREED
    assert page.input_value(f"{hand_over} input[name=witness_password]") == ""  # never sent back
    page.select_option(f"{hand_over} select[name=witness]", label="crisis_worker")
    page.fill(f"{hand_over} input[name=receiver_ref]", "ps-4711")
    page.fill(f"{hand_over} input[name=witness_password]", demo_password("crisis_worker"))
    page.fill(f"{hand_over} input[name=witness_token]", current_totp(world.staff["crisis_worker"]))
    page.click(f"{hand_over} button[type=submit]")
    assert "Handed over to the police, with your witness." in page.content()
    assert Kit.objects.get(pk=kit.pk).custody_events.get(action="handed_over").witness == world.staff["crisis_worker"]
    context.close()

    # The police unit: the custody record and the items, never a health note.
    context, police = staff_page(browser, live_server, world.staff["police_liaison"])
    police.goto(f"{base}/staff/")
    police.click("a[href='/staff/evidence/received/']")
    police.click(f"a:has-text('{kit.barcode}')")
    record = police.content()
    assert "Swab" in record and "Top, shirt or jacket" in record and "PS-4711" in record
    assert HEALTH_NOTE not in record and case.code not in record
    assert re.search(r"Handed over", record)
    context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_persons_evidence_pages_pass_axe(live_server, world, axe_page, language):
    from axe_playwright_python.sync_playwright import Axe

    case = Case.objects.get(pk=world.cases["assigned"].pk)
    Case.objects.filter(pk=case.pk).update(receipt_lookup=receipts.receipt_lookup_hash(CODE))
    kit = services.kit_collect(
        case=case, actor=world.staff["doctor"], exam_started_on=timezone.localdate(), rule_id="BE-ZSG",
        items=[("wet_sample", "swab"), ("returnable", "upper_clothing")],
    )
    freezer = services.location_add(actor=world.staff["doctor"], name="Freezer 1", frozen=True, min_celsius=None, max_celsius=None)
    services.custody_record(kit=kit, actor=world.staff["doctor"], action="stored", location=freezer)
    axe_page.goto(f"{live_server.url}/{language}/back/")
    axe_page.fill("input[name=code]", CODE)
    axe_page.click("main form button[type=submit]")
    for path in ("mine/kept/", f"mine/kept/choose/?kit={kit.public_id}"):
        axe_page.goto(f"{live_server.url}/{language}/{path}")
        results = Axe().run(axe_page)
        assert results.violations_count == 0, results.generate_report()
    axe_page.check("input[name=choice][value=destroy]")
    axe_page.click("main form button[type=submit]")
    results = Axe().run(axe_page)
    assert results.violations_count == 0, results.generate_report()
