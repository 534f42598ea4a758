"""The police pages as people use them: the centre books, the officer answers, the person reads it in the portal."""

import re

import pytest
from django.test import Client

from conftest import sign_in
from safereport.police.models import Consultation
from safereport.police.tests.conftest import booked, plan


def staff(world, who):
    return sign_in(Client(), world.staff[who])


def test_the_booking_page_shows_the_no_firewall_warning_before_the_form(world):
    page = staff(world, "crisis_worker").get(f"/staff/police/cases/{world.cases['assigned'].public_id}/consultations/new/")
    text = page.content.decode()
    assert page.status_code == 200
    assert text.index("no law stops the police") < text.index("<form method=\"post\" novalidate>")
    assert "The police vice unit of Ghent (demo)" in text


def test_booking_without_saying_the_warning_was_read_keeps_what_was_typed_and_says_why_at_the_top(world):
    client = staff(world, "crisis_worker")
    response = client.post(
        f"/staff/police/cases/{world.cases['assigned'].public_id}/consultations/new/",
        {"police_unit": str(world.organisations["police"].public_id), "topics": ["safety_advice"], "place": "phone",
         "companion": "no", "interpreter": "yes"},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in text and text.index("error-summary") < text.index("<form method=\"post\" novalidate>")
    assert re.search(r'value="phone"[^>]*checked', text)
    assert not Consultation.objects.exists()


def test_the_booking_form_preselects_nothing_the_person_has_not_said(world):
    text = staff(world, "crisis_worker").get(
        f"/staff/police/cases/{world.cases['assigned'].public_id}/consultations/new/"
    ).content.decode()
    assert "checked" not in text


def test_the_officer_pages_never_show_the_case_its_code_or_the_persons_name(world):
    consultation = booked(world)
    case = world.cases["assigned"]
    officer = staff(world, "police_liaison")
    pages = [
        officer.get("/staff/").content.decode(),
        officer.get("/staff/police/unit/").content.decode(),
        officer.get(f"/staff/police/unit/consultations/{consultation.public_id}/").content.decode(),
    ]
    assert consultation.pseudonym in pages[1] and consultation.pseudonym in pages[2]
    for text in pages:
        assert case.code not in text and str(case.public_id) not in text
    assert "/staff/police/unit/" in pages[0]


def test_the_officer_answers_and_records_the_talk_each_with_a_page_saying_what_was_recorded(world):
    consultation = booked(world)
    officer = staff(world, "police_liaison")
    answered = officer.post(f"/staff/police/unit/consultations/{consultation.public_id}/answer/", {"answer": "accepted"})
    assert answered.status_code == 200 and "Your answer is recorded" in answered.content.decode()
    held = officer.post(
        f"/staff/police/unit/consultations/{consultation.public_id}/held/",
        {"held_on": "2026-01-02", "companion_part": "general_part", "interpreter_attended": "no",
         "contact_route": "unit_phone", "contact_route_detail": ""},
    )
    text = held.content.decode()
    assert held.status_code == 400 and "error-summary" in text
    consultation.refresh_from_db()
    assert consultation.status == "booked"


def test_the_person_reads_the_police_answer_and_the_warning_in_arabic(world, with_receipt):
    consultation = booked(world)
    from safereport.police import services

    services.consultation_answer(consultation=consultation, actor=world.staff["police_liaison"], answer="accepted")
    person = Client()
    assert person.post("/ar/back/", {"code": with_receipt}).status_code == 302
    text = person.get("/ar/mine/talk/").content.decode()
    assert "لا يوجد قانون يمنع الشرطة" in text
    assert "تم الاتفاق على الحديث." in text
    assert consultation.pseudonym not in text
    assert '/ar/mine/talk/' in person.get("/ar/mine/").content.decode()


def test_the_case_page_links_to_planning_a_talk(world):
    plan(world)
    text = staff(world, "crisis_worker").get(f"/staff/cases/{world.cases['assigned'].public_id}/").content.decode()
    assert f"/staff/police/cases/{world.cases['assigned'].public_id}/consultations/new/" in text
    assert "/staff/police/consultations/" in text


@pytest.mark.django_db(databases="__all__")
def test_a_desk_reports_with_no_identity_the_reply_reaches_the_person_and_no_police_page_names_them(world, with_receipt):
    """Issue 15 (b): the municipal desk files for a person who agreed it may help them; identity "none"."""

    from safereport.consent import services as consent_services
    from safereport.police import services

    case = world.cases["assigned"]
    consent_services.consent_record(
        case=case, categories=["needs_and_support"], purpose="referral", decision="given", understanding="understood",
        channel="staff", recipient_organisation=world.organisations["desk"], explained_by=world.staff["crisis_worker"],
        language="en",
    )
    report = services.report_file(
        case=case, actor=world.staff["desk_officer"], police_unit=world.organisations["police"], identity="none",
        reference="DESK-77", venue="police",
    )
    officer = staff(world, "police_liaison")
    reply = officer.post(
        f"/staff/police/unit/reports/{report.public_id}/reply/",
        {"record_type": "intelligence", "contact_policy": "none", "investigation_started": "no",
         "reason": "intelligence_only", "replied_on": "2026-01-02", "immigration_action": "none"},
    )
    assert reply.status_code == 200
    police_pages = [
        officer.get(path).content.decode()
        for path in ("/staff/", "/staff/police/unit/", f"/staff/police/unit/reports/{report.public_id}/")
    ]
    for text in police_pages:
        assert case.code not in text and str(case.public_id) not in text and with_receipt not in text
    assert "DESK-77" in police_pages[2] and report.pseudonym in police_pages[1]
    desk = staff(world, "desk_officer")
    assert f"/staff/police/reports/{report.public_id}/" in desk.get("/staff/police/reports/").content.decode()
    assert "/staff/police/reports/" in desk.get("/staff/").content.decode()
    relayed = desk.post(f"/staff/police/reports/{report.public_id}/relay/")
    assert relayed.status_code == 200
    person = Client()
    assert person.post("/en/back/", {"code": with_receipt}).status_code == 302
    assert "The police answered the report made for you" in person.get("/en/messages/").content.decode()
    talk = person.get("/en/mine/talk/").content.decode()
    assert "The police do not know who you are." in talk and "They will not contact you." in talk
