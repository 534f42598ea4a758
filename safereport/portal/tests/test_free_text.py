"""What a person types in the portal: no direction control survives, a language is chosen from
the list, and the name of any other language is sealed like the rest of what they wrote."""

import re

import pytest
from django.test import Client

from safereport.cases.models import Appointment, Case, PortalMessage
from safereport.cases.sealing import open_sealed
from safereport.portal.tests.test_contact_and_return import code_from, portal_cases, write_to_centre

pytestmark = pytest.mark.django_db(databases="__all__")

RLO, PDF, LRI, PDI = "\u202e", "\u202c", "\u2066", "\u2069"


def opened(case: Case, record, field: str) -> str:
    return open_sealed(case=case, record=record, field=field)


def plain_columns(model, pk) -> str:
    """Every value of a row but its sealed ones, as one string to search."""
    row = model.objects.filter(pk=pk).values().get()
    return " ".join(str(value) for name, value in row.items() if not name.endswith("_sealed"))


def test_a_bidi_override_in_a_portal_message_does_not_survive(world):
    victim = Client()
    code = code_from(write_to_centre(victim, world, message=f"I need {RLO}Arabic{PDF} help {LRI}now{PDI}"))
    victim.post("/en/back/", {"code": code})
    victim.post("/en/messages/send/", {"message": f"{RLO}Second message"})
    case = portal_cases().get()
    texts = [opened(case, m, "body_sealed") for m in PortalMessage.objects.filter(case=case).order_by("id")]
    assert texts == ["I need Arabic help now", "Second message"]


def test_right_to_left_writing_reaches_the_centre_unchanged(world):
    arabic, persian = "أحتاج طبيبة", "می\u200cخواهم با یک زن صحبت کنم"
    code_from(write_to_centre(Client(), world, message=f"{arabic}\n{persian}"))
    case = portal_cases().get()
    assert opened(case, case.messages.get(), "body_sealed") == f"{arabic}\n{persian}"


def test_another_language_is_sealed_and_loses_its_override(world):
    code_from(write_to_centre(Client(), world, interpreter_language="other", interpreter_language_other=f"{RLO}Kurmanji"))
    case = portal_cases().get()
    assert case.interpreter_language == "other"
    assert opened(case, case, "interpreter_language_other_sealed") == "Kurmanji"
    assert "Kurmanji" not in plain_columns(Case, case.pk)
    assert b"Kurmanji" not in bytes(case.interpreter_language_other_sealed)


def test_a_language_from_the_list_is_kept_as_its_code_and_nothing_is_sealed(world):
    code_from(write_to_centre(Client(), world, interpreter_language="ti"))
    case = portal_cases().get()
    assert (case.interpreter_language, case.interpreter_language_other_sealed) == ("ti", None)


def test_the_name_of_another_language_is_read_only_when_another_language_is_chosen(world):
    code_from(write_to_centre(Client(), world, interpreter_language="ar", interpreter_language_other="Kurmanji"))
    case = portal_cases().get()
    assert (case.interpreter_language, case.interpreter_language_other_sealed) == ("ar", None)


def test_another_language_without_its_name_gets_a_clear_error_and_keeps_the_rest(world):
    response = write_to_centre(Client(), world, language="en", interpreter_language="other")
    html = response.content.decode()
    assert "Please write the name of the language, or choose one from the list." in html
    assert "Something happened last night" in html
    assert not portal_cases().exists()


def test_a_typed_language_is_not_accepted_as_a_choice(world):
    response = write_to_centre(Client(), world, language="en", interpreter_language="Arabic")
    assert response.status_code == 200
    assert not portal_cases().exists()


def test_the_interpreter_question_shows_languages_by_name_with_nothing_chosen(client):
    html = client.get("/en/write/").content.decode()
    radios = re.findall(r'<input type="radio" name="interpreter_language" value="([^"]*)"([^>]*)>', html)
    assert [value for value, _ in radios] == ["none", "en", "fr", "nl", "es", "it", "ar", "fa", "ti", "uk", "other"]
    assert not any("checked" in attributes for _, attributes in radios)
    # Endonyms, with the name in the page's language; never a code.
    assert "العربية (Arabic)" in html and "ትግርኛ (Tigrinya)" in html
    assert 'name="interpreter_language_other"' in html


def test_asking_for_a_visit_seals_another_language_too(world):
    victim = Client()
    code = code_from(write_to_centre(victim, world))
    victim.post("/en/back/", {"code": code})
    victim.post(
        "/en/visit/",
        {"kind": "talk", "interpreter_language": "other", "interpreter_language_other": f"Dari{PDF}", "companion": "no"},
    )
    appointment = Appointment.objects.get()
    assert appointment.interpreter_language == "other"
    assert opened(appointment.case, appointment, "interpreter_language_other_sealed") == "Dari"
    assert "Dari" not in plain_columns(Appointment, appointment.pk)
