"""The seed's scenarios §6.2 and §6.4, end to end in Chromium with JavaScript
off, through the portal and the staff pages, asserting what the person in
each scenario was promised. (§6.3 belongs to the consent work.)"""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from conftest import sign_in
from safereport.audit.actors import Actor
from safereport.audit.models import AuditEvent
from safereport.cases.models import CarePlanItem, Case, PoliceTalk
from safereport.referrals import services as referrals
from safereport.referrals.models import Referral, ReferralService

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def staff_page(browser, live_server, user):
    """A JS-off browser context holding a staff session (password + TOTP done, as sign_in does)."""
    client = sign_in(Client(), user)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "sr_staff", "value": client.cookies["sr_staff"].value, "url": live_server.url}])
    return context, context.new_page()


def choose(page, name, value):
    if page.locator(f"select[name={name}]").count():
        page.select_option(f"select[name={name}]", value)
    else:
        page.check(f"input[name={name}][value={value}]")


def victim_writes_and_asks_for_a_visit(page, base):
    page.goto(f"{base}/en/write/")
    page.fill("#id_message", "A lady gave me a leaflet. I do not want to go to the police. I have some pain.")
    page.check("input[name=help_kinds][value=health]")
    page.select_option("#id_centre", index=0)
    page.check("input[name=may_contact][value=no]")
    page.click("main button[type=submit]")
    code = page.locator(".receipt-code").inner_text().strip()
    page.goto(f"{base}/en/back/")
    page.fill("#id_code", code)
    page.click("main button[type=submit]")
    page.click("a[href$='/visit/']")
    page.check("input[name=kind][value=medical]")
    choose(page, "companion", "yes")
    page.click("main button[type=submit]")
    return code


def test_scenario_6_2_first_contact_no_police_no_name_appointment_with_support_worker(live_server, world, browser):
    base = live_server.url
    victim = browser.new_context(java_script_enabled=False)
    vpage = victim.new_page()
    code = victim_writes_and_asks_for_a_visit(vpage, base)
    case = Case.objects.exclude(receipt_lookup=None).get()

    context, page = staff_page(browser, live_server, world.staff["crisis_worker"])
    page.goto(f"{base}/staff/cases/dashboard/")
    assert case.code in page.locator("#unanswered").inner_text()
    page.click(f"#unanswered a:has-text('{case.code}')")
    page.click("form[action$='/take/'] button")
    # She answers, gives the confidentiality and choice messages; no name ("I'd prefer not to").
    page.click("a[href$='/encounters/new/']")
    page.select_option("#id_kind", "phone")
    page.fill("#id_occurred_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_notes_sealed", "Ongoing for three years; feels safe now. Has a support worker.")
    for slug in ("confidentiality-and-data", "your-choice", "no-immigration-contact", "evidence-kept-while-you-decide"):
        page.check(f"input[name=km_{slug}_given]")
    page.select_option("select[name=km_your-choice_understanding]", "understood")
    page.select_option("select[name=km_confidentiality-and-data_understanding]", "understood")
    page.click("main form button[type=submit]")
    assert "Encounter saved." in page.content()
    page.click("form[action$='/status/'] button[value=mark_seen]")
    # "I can book an appointment for you now … you can bring your support worker."
    tomorrow = (timezone.localtime() + dt.timedelta(days=1)).replace(hour=10, minute=0)
    page.fill("input[name=proposed_for]", tomorrow.strftime("%Y-%m-%dT%H:%M"))
    page.check("input[name=confirmed]")
    page.click("form[action*='/propose/'] button")
    context.close()

    case.refresh_from_db()
    # Promised: you don't have to report; no name needed; nothing shared with anyone.
    assert case.reporting_status == "not_decided"
    assert case.name_as_given_sealed is None
    assert not Referral.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="consent:").exists()
    # "Are you going to tell them I'm calling?" — the police liaison cannot even find the case.
    police = sign_in(Client(), world.staff["police_liaison"])
    assert police.get(f"/staff/cases/{case.public_id}/").status_code == 404
    # The next professional is prompted for what was not confirmed.
    doctor = sign_in(Client(), world.staff["doctor"])
    case.assigned_staff.add(world.staff["doctor"])
    form = doctor.get(f"/staff/cases/{case.public_id}/encounters/new/").content.decode()
    assert "Told, but understanding not confirmed" in form
    # The person sees the confirmed appointment with their code.
    vpage.goto(f"{base}/en/back/")
    vpage.fill("#id_code", code)
    vpage.click("main button[type=submit]")
    assert "Confirmed" in vpage.content()
    victim.close()


def test_scenario_6_4_assessment_care_plan_referral_police_talk_and_follow_up(live_server, world, browser):
    base = live_server.url
    case = world.cases["assigned"]
    Case.objects.filter(pk=case.pk).update(preferred_language="ar")
    referrals.referral_directory_load(actor=Actor.system("test"))
    shelter = ReferralService.objects.get(key="be-caw-oost-vlaanderen")
    shelter.organisation = world.organisations["ngo"]
    shelter.save()

    context, page = staff_page(browser, live_server, world.staff["doctor"])
    page.goto(f"{base}/staff/cases/{case.public_id}/encounters/new/")
    page.select_option("#id_kind", "visit")
    page.fill("#id_occurred_at", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    page.check("#id_companion_present")
    page.fill("#id_breaks_taken", "1")  # "Thank you for letting me take a break"
    page.fill("#id_safety_sealed", "People who may harm her are looking for her; son and mother threatened abroad.")
    page.click("main form button[type=submit]")

    page.click("a[href$='/needs/']")
    page.check("#id_accommodation_needed")
    for value in ("women_only", "high_security"):
        page.check(f"input[name=accommodation_types][value={value}]")
    page.select_option("#id_psychological_care", "declined")  # has her support worker
    for value in ("money", "food", "clothes", "medication"):
        page.check(f"input[name=basic_needs][value={value}]")
    page.check("#id_threatened")
    page.check("#id_family_abroad_threatened")
    page.select_option("#id_self_harm", "thoughts")
    page.click("main form button[type=submit]")
    plan = page.locator("#care-plan").inner_text()
    for kind in ("Safe accommodation", "Medication", "Basic needs", "Safety", "Follow-up call"):
        assert kind in plan
    # "I'd also like to ask the organisation … to register you with a GP."
    page.select_option("#id_kind", "gp_registration")
    page.select_option("#id_owner", str(world.staff["doctor"].public_id))
    page.fill("#id_due_on", (timezone.localdate() + dt.timedelta(days=1)).isoformat())
    page.click("form[action$='/care-plan/'] button")
    # "Some numbers you can call if you feel you need help before then."
    page.check("input[name=numbers][value=eu-112]")
    page.click("form[action$='/crisis-numbers/'] button")
    # Informal, anonymous talk with the police, with her support worker.
    choose(page, "companion", "yes")
    page.check("input[name=topics][value=threats_to_family]")
    page.check("input[name=topics][value=safety_advice]")
    page.fill("#id_planned_for", (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.click("form[action$='/police-talk/'] button")
    assert "Nothing has been sent to the police." in page.content()
    # Warm referral to the women-only shelter: sharing without consent is refused…
    page.select_option("#id_service", str(shelter.public_id))
    page.check("#id_share_data")
    page.click("#referrals form button")
    assert "has not consented" in page.content()
    # She agrees, once it is explained, that the shelter may know her needs and
    # safety situation (recorded in the consent ledger), and the referral goes.
    from safereport.consent.services import consent_record

    consent_record(
        case=case,
        categories=["needs_and_support", "safety_and_risk"],
        purpose="referral",
        decision="given",
        understanding="understood",
        channel="staff",
        recipient_organisation=world.organisations["ngo"],
        explained_by=world.staff["doctor"],
    )
    page.select_option("#id_service", str(shelter.public_id))
    page.check("#id_share_data")
    page.click("#referrals form button")
    assert "Referral sent to " in page.content()
    # The sheet she takes away, in Arabic.
    page.goto(f"{base}/staff/cases/{case.public_id}/summary/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert "112" in page.content()
    context.close()

    items = {i.kind: i for i in CarePlanItem.objects.filter(case=case)}
    assert items["follow_up_call"].due_on == timezone.localdate() + dt.timedelta(days=2)
    assert items["gp_registration"].owner == world.staff["doctor"]
    case.refresh_from_db()
    assert case.crisis_numbers_given == ["eu-112"]
    assert case.reporting_status == "informal_talk_arranged"
    talk = PoliceTalk.objects.get(case=case)
    assert talk.companion == "yes" and set(talk.topics) == {"threats_to_family", "safety_advice"}
    referral = Referral.objects.get()
    assert referral.shares_data and referral.recipient == world.organisations["ngo"]
    # Of what she agreed to, only categories with content go (ADR 0008): the safety
    # note from the encounter. Her needs were recorded as choices, with no free text
    # under "needs and support", so that category has nothing to send.
    assert list(referral.shared_categories) == ["safety_and_risk"]
    assert AuditEvent.objects.filter(action="cases:referral:refused").count() == 1
    # The shelter's staff see it (only theirs) and track it: accepted, then first contact.
    context, partner = staff_page(browser, live_server, world.staff["ngo_advocate"])
    partner.goto(f"{base}/staff/referrals/incoming/")
    partner.click("button[value=accepted]")
    partner.click("button[value=first_contact]")
    assert "First contact made" in partner.content()
    partner.goto(f"{base}/staff/cases/{case.public_id}/")
    assert case.code not in partner.content()  # refused: partners never see the case
    context.close()
    referral.refresh_from_db()
    assert referral.status == "first_contact"
    lawyer = sign_in(Client(), world.staff["lawyer"])
    assert case.code not in lawyer.get("/staff/referrals/incoming/").content.decode()
