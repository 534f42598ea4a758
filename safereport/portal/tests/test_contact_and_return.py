"""A person writes anonymously, keeps a code, comes back, and talks with the centre."""

import re

import pytest
from django.test import Client
from django.utils.html import escape

from conftest import sign_in
from safereport.audit.models import AuditEvent
from safereport.cases import receipts
from safereport.cases.models import Appointment, AppointmentStatus, Case, PortalMessage
from safereport.core.models import ThrottleWindow

pytestmark = pytest.mark.django_db(databases="__all__")

FIRST_MESSAGE = "Something happened last night. I do not have papers. Can I still see a doctor?"


def portal_cases():
    return Case.objects.filter(receipt_lookup__isnull=False)


def contact_token(client, language="en") -> str:
    """The one-time token the contact page hands out with its form (ADR 0023)."""
    found = re.search(r'name="form_token" value="([^"]*)"', client.get(f"/{language}/write/").content.decode())
    return found.group(1) if found else ""


def write_to_centre(client, world, language="ar", **overrides):
    form = {
        "form_token": contact_token(client, language),
        "centre": str(world.organisations["ghent"].public_id),
        "message": FIRST_MESSAGE,
        "help_kinds": ["health", "not_sure"],
        "preferred_language": "ar",
        "interpreter_language": "ar",
        "companion": "yes",
        "may_contact": "no",
        "contact_how_and_when": "",
    }
    form.update(overrides)
    return client.post(f"/{language}/write/", form)


def code_from(response) -> str:
    match = re.search(r'<p class="receipt-code"[^>]*><bdi>([0-9 ]+)</bdi>', response.content.decode())
    assert match, "receipt code not shown"
    return match.group(1)


def test_writing_to_a_centre_creates_a_case_and_shows_a_code_once(world):
    client = Client()
    response = write_to_centre(client, world)
    assert response.status_code == 200
    code = code_from(response)
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", code)
    case = Case.objects.get(receipt_lookup=receipts.receipt_lookup_hash(code.replace(" ", "")))
    assert case.care_centre == world.organisations["ghent"]
    assert case.help_kinds == ["health", "not_sure"]
    assert case.preferred_language == "ar"
    assert not case.may_contact
    assert AuditEvent.objects.filter(action="cases:case:opened_from_portal", actor_kind="victim").exists()


def test_the_code_and_the_message_are_not_stored_in_clear(world):
    response = write_to_centre(Client(), world)
    code = code_from(response).replace(" ", "")
    case = portal_cases().get()
    assert code not in (case.receipt_lookup or "")
    message = PortalMessage.objects.get(case=case)
    assert FIRST_MESSAGE.encode() not in bytes(message.body_sealed)


def test_the_contact_form_asks_nothing_that_identifies():
    from safereport.portal.forms import ContactForm

    for name in ContactForm.base_fields:
        for word in ("name", "birth", "nationality", "passport", "document", "status", "country", "phone", "email"):
            assert word not in name


def test_returning_with_the_code_shows_the_conversation_and_a_reply(world):
    victim = Client()
    code = code_from(write_to_centre(victim, world))
    victim.cookies.clear()
    case = portal_cases().get()

    worker = sign_in(Client(), world.staff["crisis_worker"])
    page = worker.get(f"/staff/cases/{case.public_id}/").content.decode()
    form_token = re.search(r'name="form_token" value="([^"]*)"', page).group(1)
    worker.post(
        f"/staff/cases/{case.public_id}/reply/",
        {"message": "You are welcome here. Papers do not matter for care.", "form_token": form_token},
    )

    response = victim.post("/en/back/", {"code": code})
    assert response.status_code == 302
    page = victim.get("/en/messages/").content.decode()
    assert FIRST_MESSAGE in page
    assert "Papers do not matter for care." in page


@pytest.mark.parametrize("typed", ["", "1234", "abcd efgh ijkl mnop", "1234 5678 9012 345X", "1" * 40])
def test_malformed_codes_get_a_clear_message(typed, world):
    response = Client().post("/en/back/", {"code": typed})
    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()


def test_codes_typed_in_arabic_indic_or_persian_digits_work(world):
    code = code_from(write_to_centre(Client(), world)).replace(" ", "")
    arabic = "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] for d in code)
    response = Client().post("/ar/back/", {"code": arabic})
    assert response.status_code == 302


def test_a_wrong_code_is_refused_without_saying_more(world):
    response = Client().post("/en/back/", {"code": "0000 0000 0000 0000"})
    assert "could not find this code" in response.content.decode()


def test_wrong_codes_sharing_a_prefix_never_slow_that_prefix(world):
    client = Client()
    for attempt in range(30):
        client.post("/en/back/", {"code": f"1234 0000 0000 {attempt:04d}"})
    response = client.post("/en/back/", {"code": "1234 0000 0000 9999"})
    assert "could not find this code" in response.content.decode()
    assert ThrottleWindow.objects.filter(bucket__contains="1234").count() == 0  # nothing is kept about the digits


def test_a_message_typed_when_the_session_ended_is_kept_and_sent_after_the_code(world):
    victim = Client()
    code = code_from(write_to_centre(victim, world))
    victim.cookies.clear()  # the session is gone (idle, browser closed)
    victim.get("/en/back/")  # a fresh CSRF cookie for the form
    response = victim.post("/en/messages/send/", {"message": "Can I come tomorrow?"})
    assert "Can I come tomorrow?" in response.content.decode()
    victim.post("/en/back/", {"code": code, "pending_message": "Can I come tomorrow?"})
    assert PortalMessage.objects.filter(case=portal_cases().get()).count() == 2


@pytest.mark.parametrize(
    "text,expected",
    [
        ("", "Please write a few words"),
        ("x" * 5001, "shorter than 5000"),
    ],
)
def test_bad_contact_input_gets_a_clear_error_and_keeps_the_rest(text, expected, world):
    response = write_to_centre(
        Client(), world, language="en", message=text, interpreter_language="other", interpreter_language_other="Kunama"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert expected in html
    assert 'value="Kunama"' in html
    assert re.search(r'<input type="radio" name="interpreter_language" value="other"[^>]* checked', html)
    assert not portal_cases().exists()


def test_control_characters_are_removed_but_mixed_direction_text_is_kept(world):
    victim = Client()
    mixed = "\u202bأنا في Gent منذ 3 أيام\u202c\x00\x1b[31m"
    code = code_from(write_to_centre(victim, world, message=mixed))
    victim.post("/en/back/", {"code": code})
    page = victim.get("/en/messages/").content.decode()
    assert "أنا في Gent منذ 3 أيام" in page
    assert "\x00" not in page and "\x1b" not in page


def test_a_tampered_centre_choice_is_refused(world):
    response = write_to_centre(Client(), world, centre=str(world.organisations["police"].public_id))
    assert response.status_code == 200
    assert not portal_cases().exists()


def test_asking_for_a_visit_and_answering_the_proposal(world):
    victim = Client()
    code_from(write_to_centre(victim, world))
    victim.post(
        "/en/visit/",
        {"kind": "examination", "interpreter_language": "ar", "companion": "no", "access_needs": "A female doctor", "safe_times": "Mornings"},
    )
    appointment = Appointment.objects.get()
    worker = sign_in(Client(), world.staff["crisis_worker"])
    page = worker.get(f"/staff/cases/{appointment.case.public_id}/").content.decode()
    assert "A female doctor" in page and "Mornings" in page
    worker.post(
        f"/staff/cases/{appointment.case.public_id}/appointments/{appointment.public_id}/propose/",
        {"proposed_for": "2026-12-01T10:00", "note": "Ask for Anna at the side door."},
    )
    page = victim.get("/en/messages/").content.decode()
    assert "Ask for Anna at the side door." in page
    victim.post("/en/visit/answer/", {"appointment": str(appointment.public_id), "answer": "accept"})
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CONFIRMED


def test_information_pages_set_no_cookie_but_the_contact_page_sets_only_csrf(world):
    assert not Client().get("/en/").cookies
    cookies = Client().get("/en/write/").cookies
    assert set(cookies) == {"csrftoken"}
    cookie = cookies["csrftoken"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and not cookie["expires"] and not cookie["max-age"]


def test_the_return_session_cookie_is_strict_and_ends_with_the_browser(world):
    response = write_to_centre(Client(), world)
    cookie = response.cookies["sr_portal"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and not cookie["expires"]


def test_closing_the_messages_ends_the_session(world):
    victim = Client()
    write_to_centre(victim, world)
    victim.post("/en/close/")
    assert victim.get("/en/messages/").status_code == 302


@pytest.mark.parametrize("language", ["en", "ar", "ti"])
def test_information_pages_show_every_key_message_with_its_kind(language, db):
    from safereport.content.selectors import key_messages_for

    home = Client().get(f"/{language}/").content.decode()
    messages = key_messages_for(language=language)
    assert messages
    for message in messages:
        assert f"/{language}/about/{message.slug}/" in home
        page = Client().get(f"/{language}/about/{message.slug}/")
        assert page.status_code == 200
        assert not page.cookies
        assert escape(message.title) in page.content.decode()


def test_a_law_message_shows_its_sources_and_check_date_and_a_promise_says_it_is_a_promise(db):
    from safereport.content.selectors import key_messages_for

    messages = key_messages_for(language="en", jurisdiction="BE")
    law = next(m for m in messages if m.kind == "law")
    html = Client().get(f"/en/about/{law.slug}/").content.decode()
    assert "What the law says" in html and "Last checked" in html
    promise = next(m for m in messages if m.kind == "centre_policy")
    assert "What this centre promises" in Client().get(f"/en/about/{promise.slug}/").content.decode()


def test_help_now_shows_the_emergency_number(db):
    html = Client().get("/fa/help-now/").content.decode()
    assert ">112<" in html


def test_binary_garbage_in_a_form_gets_a_clear_page_not_a_crash(world):
    client = Client()
    client.get("/en/write/")
    response = client.generic(
        "POST", "/en/write/", b"message=\xff\xfe\x00\x81&centre=\xc3\x28", content_type="application/x-www-form-urlencoded"
    )
    # The contact form answers bad input like any other: the page again, with the error marked.
    assert response.status_code == 200
    assert 'id="id_centre_errors"' in response.content.decode()
    assert not portal_cases().exists()


def test_a_tampered_appointment_id_cannot_touch_another_persons_visit(world):
    first, second = Client(), Client()
    write_to_centre(first, world)
    first.post("/en/visit/", {"kind": "talk"})
    theirs = Appointment.objects.get()
    Appointment.objects.filter(pk=theirs.pk).update(status=AppointmentStatus.PROPOSED)
    write_to_centre(second, world)
    second.post("/en/visit/answer/", {"appointment": str(theirs.public_id), "answer": "decline"})
    theirs.refresh_from_db()
    assert theirs.status == AppointmentStatus.PROPOSED


def test_a_tampered_hidden_field_that_is_not_a_uuid_is_ignored_calmly(world):
    victim = Client()
    write_to_centre(victim, world)
    response = victim.post("/en/visit/answer/", {"appointment": "'; DROP TABLE cases_case; --", "answer": "accept"})
    assert response.status_code == 302


def test_pages_that_need_the_code_send_people_back_to_the_code_page(world):
    for path in ("/en/messages/", "/en/visit/"):
        response = Client().get(path)
        assert response.status_code == 302 and "/en/back/" in response["Location"]


def test_the_person_sets_their_own_reporting_choice_and_it_is_audited_as_theirs(world):
    victim = Client()
    write_to_centre(victim, world)
    response = victim.post("/en/messages/choice/", {"reporting_status": "thinking"})
    assert response.status_code == 302
    assert portal_cases().get().reporting_status == "thinking"
    event = AuditEvent.objects.filter(action="cases:reporting_status:set").latest("id")
    assert event.actor_kind == "victim"
    assert re.search(r'value="thinking"[^>]*checked', victim.get("/en/messages/").content.decode())
