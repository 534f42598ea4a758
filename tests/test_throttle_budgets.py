"""Every throttle budget, at its edge: the limit-th request passes, the next is refused kindly
and keeps what was typed, and once the window has passed the same request goes through.

The budgets are written out here from docs/adr/0007-throttling-without-addresses.md
(and the sign-in settings), not read from safereport.portal.throttles, so a
changed number fails a test instead of moving it.

Time moves with a fixed clock (django.utils.timezone.now, which the budgets and
django-otp read). It starts on an hour boundary, which is a boundary of every
window, so no window ends half-way through a test. django-axes keeps its own
reference to the clock, so its cool-off is passed by ageing its rows instead.
"""

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from conftest import current_totp
from safereport.cases.models import Case, PortalMessage
from safereport.demo.world import demo_password

pytestmark = pytest.mark.django_db(databases="__all__")

NEW_CONTACTS, NEW_CONTACTS_WINDOW = 60, 600
CODES_EVERYWHERE, CODES_EVERYWHERE_WINDOW = 300, 60
CODES_PER_PREFIX, CODES_PER_PREFIX_WINDOW = 10, 300
MESSAGES_PER_CASE, MESSAGES_PER_CASE_WINDOW = 30, 600
WRONG_PASSWORDS, LOCKED_FOR = 5, timedelta(minutes=15)

BUSY = "Many people are writing right now. Your text is still here: please wait a few minutes and press Send again."
TOO_MANY_TRIES = "Too many tries right now. Please wait five minutes and try again. Your code still works."
MANY_MESSAGES = "You sent many messages in a short time. Your text is still here: please wait ten minutes."


class Clock:
    def __init__(self):
        self.now = datetime.fromtimestamp((int(time.time()) // 3600 + 1) * 3600, tz=UTC)

    def advance(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    fixed = Clock()
    monkeypatch.setattr(timezone, "now", lambda: fixed.now)
    return fixed


def contact_form(world, message="Something happened last night. Can I still see a doctor?"):
    return {
        "centre": str(world.organisations["ghent"].public_id),
        "message": message,
        "preferred_language": "en",
        "interpreter_language": "other",
        "interpreter_language_other": "Kunama",
        "companion": "no",
        "may_contact": "no",
        "contact_how_and_when": "",
    }


def receipt_code(response) -> str:
    found = re.search(r'<p class="receipt-code"[^>]*><bdi>([0-9 ]+)</bdi>', response.content.decode())
    assert found, "no receipt code shown"
    return found.group(1).replace(" ", "")


def portal_cases():
    return Case.objects.filter(receipt_lookup__isnull=False)


def textarea(body: str, name: str) -> str:
    found = re.search(rf'<textarea [^>]*name="{name}"[^>]*>\n?(.*?)</textarea>', body, re.S)
    assert found, f"no {name} field"
    return found.group(1)


def input_value(body: str, name: str) -> str:
    found = re.search(rf'<input [^>]*name="{name}"[^>]*value="([^"]*)"', body)
    assert found, f"no value kept in {name}"
    return found.group(1)


def a_victim(world) -> tuple[Client, str, Case]:
    client = Client()
    code = receipt_code(client.post("/en/write/", contact_form(world)))
    return client, code, portal_cases().latest("pk")


def wrong_code_like(code: str, n: int) -> str:
    """A well-formed code with the same first four digits that is not the real one."""
    guess = f"{code[:4]}{n:012d}"
    return guess if guess != code else f"{code[:4]}{n + 500:012d}"


# --- new contacts, all together: 60 per 10 minutes ------------------------------------


def test_new_contacts_budget(world, clock):
    client = Client()
    for n in range(1, NEW_CONTACTS + 1):
        response = client.post("/en/write/", contact_form(world, message=f"Message number {n}."))
        assert response.status_code == 200
        receipt_code(response)  # the limit-th contact is still accepted
    assert portal_cases().count() == NEW_CONTACTS

    typed = "Please help, I am scared to go home."
    response = client.post("/en/write/", contact_form(world, message=typed))
    body = response.content.decode()
    assert escape(BUSY) in body
    assert textarea(body, "message") == escape(typed)
    assert input_value(body, "interpreter_language_other") == "Kunama"
    assert portal_cases().count() == NEW_CONTACTS

    clock.advance(NEW_CONTACTS_WINDOW)
    receipt_code(client.post("/en/write/", contact_form(world, message=typed)))
    assert portal_cases().count() == NEW_CONTACTS + 1


# --- receipt codes ------------------------------------------------------------------------


def test_codes_per_prefix_budget_slows_guessing_but_the_holder_gets_in_after_the_window(world, clock):
    _victim, code, case = a_victim(world)
    guesser = Client()
    for n in range(CODES_PER_PREFIX):
        body = guesser.post("/en/back/", {"code": wrong_code_like(code, n)}).content.decode()
        assert "We could not find this code." in body  # counted, and still answered

    # The real holder shares the prefix: slowed for this window, told their code still works.
    holder = Client()
    pending = "Can I come tomorrow?"
    response = holder.post("/en/back/", {"code": code, "pending_message": pending})
    body = response.content.decode()
    assert response.status_code == 200
    assert escape(TOO_MANY_TRIES) in body
    assert input_value(body, "code") == code
    assert textarea(body, "pending_message") == escape(pending)
    assert PortalMessage.objects.filter(case=case).count() == 1

    # Another prefix has its own budget.
    other = f"{(int(code[:4]) + 1) % 10000:04d}000000000000"
    assert "We could not find this code." in guesser.post("/en/back/", {"code": other}).content.decode()

    clock.advance(CODES_PER_PREFIX_WINDOW)
    response = holder.post("/en/back/", {"code": code, "pending_message": pending})
    assert response.status_code == 302 and response["Location"] == "/en/messages/"
    assert PortalMessage.objects.filter(case=case).count() == 2


def test_codes_everywhere_budget(world, clock):
    from safereport.core import throttle
    from safereport.portal import throttles

    _victim, code, case = a_victim(world)
    # Spend all but one through the budget itself (the other 299 guesses would
    # each need their own prefix); the view spends the rest.
    assert all(throttle.spend(throttles.WRONG_CODES_GLOBAL) for _ in range(CODES_EVERYWHERE - 1))
    client = Client()
    assert "We could not find this code." in client.post("/en/back/", {"code": "1000000000000000"}).content.decode()

    pending = "Is the clinic open on Sunday?"
    response = client.post("/en/back/", {"code": code, "pending_message": pending})
    body = response.content.decode()
    assert escape(TOO_MANY_TRIES) in body
    assert input_value(body, "code") == code
    assert textarea(body, "pending_message") == escape(pending)

    clock.advance(CODES_EVERYWHERE_WINDOW)
    response = client.post("/en/back/", {"code": code, "pending_message": pending})
    assert response.status_code == 302
    assert PortalMessage.objects.filter(case=case).count() == 2


def test_codes_typed_again_in_the_persons_own_pages_share_the_per_prefix_budget_per_case(world, clock):
    from safereport.consent.models import MigrationCompartment

    victim, code, case = a_victim(world)
    note = "My permit expires in May."
    for n in range(CODES_PER_PREFIX):
        response = victim.post("/en/mine/private-note/", {"action": "record", "code": wrong_code_like(code, n), "text": note})
        assert response.status_code == 400
        assert "This is not the code of this record." in response.content.decode()

    response = victim.post("/en/mine/private-note/", {"action": "record", "code": code, "text": note})
    body = response.content.decode()
    assert response.status_code == 400
    assert escape(TOO_MANY_TRIES) in body
    assert textarea(body, "text") == escape(note)
    assert not MigrationCompartment.objects.filter(case=case).exists()

    clock.advance(CODES_PER_PREFIX_WINDOW)
    response = victim.post("/en/mine/private-note/", {"action": "record", "code": code, "text": note})
    assert response.status_code == 302
    assert MigrationCompartment.objects.filter(case=case).exists()


# --- messages into one case: 30 per 10 minutes ------------------------------------------


def test_messages_per_case_budget(world, clock):
    victim, _code, case = a_victim(world)
    for n in range(1, MESSAGES_PER_CASE + 1):
        response = victim.post("/en/messages/send/", {"message": f"Message {n}"})
        assert response.status_code == 302, n
    assert PortalMessage.objects.filter(case=case).count() == 1 + MESSAGES_PER_CASE

    typed = "One more thing: I can only come in the morning."
    response = victim.post("/en/messages/send/", {"message": typed})
    body = response.content.decode()
    assert response.status_code == 400
    assert escape(MANY_MESSAGES) in body
    assert textarea(body, "message") == escape(typed)
    assert PortalMessage.objects.filter(case=case).count() == 1 + MESSAGES_PER_CASE

    # Another person's case has its own budget.
    other, _other_code, other_case = a_victim(world)
    assert other.post("/en/messages/send/", {"message": "Hello"}).status_code == 302

    clock.advance(MESSAGES_PER_CASE_WINDOW)
    assert victim.post("/en/messages/send/", {"message": typed}).status_code == 302
    assert PortalMessage.objects.filter(case=case).count() == 2 + MESSAGES_PER_CASE


# --- staff sign-in ------------------------------------------------------------------------


def password_step(client, username, password):
    return client.post("/staff/sign-in/", {"username": username, "password": password})


def test_staff_lockout_after_five_wrong_passwords_for_fifteen_minutes(world):
    from axes.models import AccessAttempt

    client = Client()
    # One short of the limit, then the right password: in, and the count starts again.
    for _ in range(WRONG_PASSWORDS - 1):
        assert password_step(client, "doctor", "not-the-password").status_code == 200
    assert password_step(client, "doctor", demo_password("doctor")).status_code == 302

    client = Client()
    for _ in range(WRONG_PASSWORDS - 1):
        response = password_step(client, "doctor", "not-the-password")
        assert response.status_code == 200 and "do not match" in response.content.decode()
    # The limit-th wrong password locks the account, even against the right one.
    assert password_step(client, "doctor", "not-the-password").status_code == 429
    response = password_step(client, "doctor", demo_password("doctor"))
    assert response.status_code == 429
    assert "This account is locked for 15 minutes" in response.content.decode()
    # Accounts are locked, not addresses or other people.
    assert password_step(Client(), "crisis_worker", demo_password("crisis_worker")).status_code == 302

    AccessAttempt.objects.update(attempt_time=timezone.now() - LOCKED_FOR - timedelta(seconds=1))
    response = password_step(client, "doctor", demo_password("doctor"))
    assert response.status_code == 302 and response["Location"].startswith("/staff/sign-in/code/")


def test_a_wrong_second_factor_code_makes_the_next_try_wait(world, clock):
    user = world.staff["crisis_worker"]
    client = Client()
    password_step(client, "crisis_worker", demo_password("crisis_worker"))
    wrong = f"{(int(current_totp(user)) + 1) % 1000000:06d}"
    assert "did not match" in client.post("/staff/sign-in/code/", {"token": wrong}).content.decode()

    # django-otp waits 2^(failures - 1) seconds, here one, before it checks a code again.
    response = client.post("/staff/sign-in/code/", {"token": current_totp(user)})
    assert "Too many wrong codes. Wait a minute, then try again." in response.content.decode()

    clock.advance(1)
    response = client.post("/staff/sign-in/code/", {"token": current_totp(user)})
    assert response.status_code == 302 and response["Location"] == "/staff/"
