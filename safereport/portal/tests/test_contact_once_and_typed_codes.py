"""The contact form takes effect once, and a typed code is read or refused clearly (issue 11 §4, ADR 0023)."""

import re

import pytest
from django.test import Client
from django.utils.html import escape

from safereport.cases.models import Case
from safereport.core.models import SpentFormToken
from safereport.portal.tests.test_contact_and_return import (
    FIRST_MESSAGE,
    code_from,
    contact_token,
    write_to_centre,
)

pytestmark = pytest.mark.django_db(databases="__all__")

ALREADY_SENT = "Your message was already sent"
OPEN_TOO_LONG = "This page was open for a long time. If you already sent this message, you do not need to send it again. If not, press Send."
CHARACTERS = "Please type only the numbers of your code, as plain digits like 0 1 2 3 4 5 6 7 8 9."
MIXED = "Please type all the numbers of your code with the same kind of digits"
ARABIC = "٠١٢٣٤٥٦٧٨٩"


def portal_cases():
    return Case.objects.filter(receipt_lookup__isnull=False)


def contact(client, token, message=FIRST_MESSAGE, world=None):
    return client.post(
        "/en/write/",
        {
            "form_token": token,
            "centre": str(world.organisations["ghent"].public_id),
            "message": message,
            "preferred_language": "en",
            "interpreter_language": "",
            "companion": "no",
            "may_contact": "no",
            "contact_how_and_when": "",
        },
    )


# --- the same form sent again ------------------------------------------------------------


def test_the_same_form_sent_twice_opens_one_case_and_the_second_answer_shows_no_code(world):
    client = Client()
    token = contact_token(client)
    first = contact(client, token, world=world)
    code_from(first)
    assert portal_cases().count() == 1

    again = contact(client, token, world=world)
    body = again.content.decode()
    assert again.status_code == 200
    assert ALREADY_SENT in body
    assert 'class="receipt-code"' not in body and not re.search(r"\d{4} \d{4} \d{4} \d{4}", body)
    # This browser's return session is still open: the way to the messages is offered.
    assert 'href="/en/messages/"' in body
    assert portal_cases().count() == 1
    assert portal_cases().get().messages.count() == 1


def test_a_form_sent_again_from_another_browser_says_only_that_it_went(world):
    client = Client()
    token = contact_token(client)
    code_from(contact(client, token, world=world))
    body = contact(Client(), token, world=world).content.decode()
    assert ALREADY_SENT in body
    assert 'href="/en/messages/"' not in body  # no session here: nothing of the case
    assert 'href="/en/back/"' in body
    assert portal_cases().count() == 1


def test_the_already_sent_page_is_in_the_persons_language(world):
    client = Client()
    token = contact_token(client, "ar")
    code_from(contact(client, token, world=world))
    body = client.post("/ar/write/", {"form_token": token}).content.decode()
    assert 'lang="ar"' in body and 'dir="rtl"' in body
    assert ALREADY_SENT not in body
    assert "أُرسلت رسالتكم من قبل" in body


def test_a_form_without_a_token_or_with_a_forged_one_sends_nothing_and_keeps_the_text(world):
    for token in ("", "forged:1abc:xyz", contact_token(Client()) + "x"):
        client = Client()
        response = contact(client, token, message="Please help me.", world=world)
        body = response.content.decode()
        assert escape(OPEN_TOO_LONG) in body
        assert "Please help me." in body
        assert not portal_cases().exists()
        # The page carries a fresh token, and with it the same text goes.
        fresh = re.search(r'name="form_token" value="([^"]*)"', body).group(1)
        assert fresh and fresh != token
        code_from(contact(client, fresh, message="Please help me.", world=world))
        assert portal_cases().count() == 1
        portal_cases().delete()


def test_an_old_token_is_refused_as_too_old(world, monkeypatch):
    import time

    client = Client()
    token = contact_token(client)
    later = time.time() + 24 * 3600 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert escape(OPEN_TOO_LONG) in contact(client, token, world=world).content.decode()
    assert not portal_cases().exists()


def test_an_invalid_form_keeps_its_token_unspent(world):
    client = Client()
    token = contact_token(client)
    body = contact(client, token, message="", world=world).content.decode()
    assert "Please write a few words" in body
    assert f'name="form_token" value="{token}"' in body
    assert not SpentFormToken.objects.exists()
    code_from(contact(client, token, world=world))


def test_the_service_spends_the_token_with_the_case_so_a_second_call_opens_nothing(world):
    from safereport.cases import services
    from safereport.core import once

    token = once.issue("portal:contact")
    contact_ = services.PortalContact(
        care_centre=world.organisations["ghent"],
        message="Hello",
        help_kinds=[],
        preferred_language="en",
        interpreter_language="",
        companion="",
        may_contact=False,
        contact_how_and_when="",
        may_leave_message=False,
    )
    assert services.case_open_from_portal(contact=contact_, form_token=token) is not None
    assert services.case_open_from_portal(contact=contact_, form_token=token) is None
    assert portal_cases().count() == 1
    with pytest.raises(once.AlreadySpent):
        once.spend(token)
    # Only the digest is kept, never the token.
    assert list(SpentFormToken.objects.values_list("digest", flat=True)) == [token.digest]
    assert token.value not in token.digest


def test_a_token_for_another_form_is_not_a_contact_token(world):
    from safereport.core import once

    other = once.issue("somewhere:else")
    assert once.read(other.value, purpose="portal:contact") is None
    assert once.read(other.value, purpose="somewhere:else") == other


# --- codes as people type them -----------------------------------------------------------


@pytest.mark.parametrize(
    "typed,message",
    [
        ("1234 5678 9012 345²", CHARACTERS),
        ("①②③④ 5678 9012 3456", CHARACTERS),
        ("1234 5678 ٩٠١٢ ٣٤٥٦", MIXED),
    ],
)
def test_codes_with_raised_circled_or_mixed_digits_get_a_clear_message_and_keep_what_was_typed(typed, message, world):
    response = Client().post("/en/back/", {"code": typed, "pending_message": "Can I come tomorrow?"})
    body = response.content.decode()
    assert response.status_code == 200
    assert escape(message) in body
    assert f'value="{typed}"' in body
    assert "Can I come tomorrow?" in body


@pytest.mark.parametrize("digits", [ARABIC, "۰۱۲۳۴۵۶۷۸۹", "０１２３４５６７８９"], ids=["arabic-indic", "persian", "fullwidth"])
def test_codes_in_arabic_indic_persian_or_fullwidth_digits_open_the_record(digits, world):
    code = code_from(write_to_centre(Client(), world)).replace(" ", "")
    typed = " ".join("".join(digits[int(d)] for d in code[i : i + 4]) for i in range(0, 16, 4))
    assert Client().post("/ar/back/", {"code": typed}).status_code == 302


def test_a_raised_digit_in_the_persons_own_pages_is_a_message_not_a_crash(world):
    victim = Client()
    code = code_from(write_to_centre(victim, world)).replace(" ", "")
    response = victim.post("/en/mine/private-note/", {"action": "record", "code": code[:15] + "²", "text": "A note"})
    assert response.status_code == 400
    assert escape(CHARACTERS) in response.content.decode()
    response = victim.post("/en/mine/remove/", {"confirm": "yes", "code": "①" * 16})
    assert response.status_code == 400
    assert escape(CHARACTERS) in response.content.decode()
    assert portal_cases().exists()
