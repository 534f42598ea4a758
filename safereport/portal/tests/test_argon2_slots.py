"""When every Argon2 slot stays taken, a person is asked to try again and loses nothing (ADR 0032 §5).

The slots themselves are tested in core/tests/test_slots.py; here a test holds
the machine's only slot while a person sends the form or their code.
"""

import pytest
from django.test import Client
from django.utils.html import escape

from safereport.cases.models import PortalMessage
from safereport.core import slots
from safereport.core.models import SpentFormToken
from safereport.portal.tests.test_contact_and_return import (
    FIRST_MESSAGE,
    code_from,
    contact_token,
    portal_cases,
    write_to_centre,
)

pytestmark = pytest.mark.django_db(databases="__all__")

WRITING_BUSY = "Many people are writing right now. Your text is still here: please wait a few minutes and press Send again."
CODES_BUSY = "Many people are using this page right now. Please wait a minute and try again. Your code still works."


@pytest.fixture
def one_slot(settings, tmp_path):
    settings.ARGON2_SLOTS = 1
    settings.ARGON2_SLOT_FOLDER = tmp_path
    settings.ARGON2_SLOT_WAIT_SECONDS = 0
    return tmp_path


def every_slot_taken(folder):
    return slots.slot(folder, count=1, wait_seconds=0)


def test_a_form_sent_while_every_slot_is_taken_keeps_the_text_and_goes_when_sent_again(world, one_slot):
    person = Client()
    token = contact_token(person)
    with every_slot_taken(one_slot):
        busy = write_to_centre(person, world, language="en", form_token=token)
    page = busy.content.decode()
    assert busy.status_code == 200
    assert escape(WRITING_BUSY) in page
    assert FIRST_MESSAGE in page  # the text is still in the form
    assert 'class="receipt-code"' not in page
    assert not portal_cases().exists()
    assert not SpentFormToken.objects.exists()  # the token was not spent: pressing Send again works

    code_from(write_to_centre(person, world, language="en", form_token=token))
    assert portal_cases().count() == 1
    assert PortalMessage.objects.filter(case=portal_cases().get()).count() == 1


def test_a_code_sent_while_every_slot_is_taken_is_asked_again_and_a_typed_message_is_kept(world, one_slot):
    person = Client()
    code = code_from(write_to_centre(person, world))
    person.cookies.clear()
    person.get("/en/back/")
    with every_slot_taken(one_slot):
        busy = person.post("/en/back/", {"code": code, "pending_message": "Can I come tomorrow?"})
    assert busy.status_code == 200
    page = busy.content.decode()
    assert escape(CODES_BUSY) in page
    assert "Can I come tomorrow?" in page
    assert PortalMessage.objects.filter(case=portal_cases().get()).count() == 1  # not sent yet

    person.post("/en/back/", {"code": code, "pending_message": "Can I come tomorrow?"})
    assert PortalMessage.objects.filter(case=portal_cases().get()).count() == 2
