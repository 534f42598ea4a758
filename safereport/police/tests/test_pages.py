"""The police pages as people use them: the centre books, the officer answers, the person reads it in the portal."""

import re

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
