"""Every throttle budget, at its edge: the limit-th request passes, the next is refused kindly
and keeps what was typed, and once the window has passed the same request goes through.
And no budget lets a guesser lock the holder of a code out (ADR 0007, ADR 0023).

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
CODE_CHECKS, CODE_CHECKS_WINDOW = 300, 60
# The per-prefix budget this replaced refused the holder after 10 guesses at their first four digits.
OLD_PREFIX_LIMIT = 10
MESSAGES_PER_CASE, MESSAGES_PER_CASE_WINDOW = 30, 600
WRONG_PASSWORDS, LOCKED_FOR = 5, timedelta(minutes=15)

BUSY = "Many people are writing right now. Your text is still here: please wait a few minutes and press Send again."
BUSY_CODES = "Many people are using this page right now. Please wait a minute and try again. Your code still works."
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


def form_token(client: Client) -> str:
    """The one-time token the contact page hands out with its form."""
    found = re.search(r'name="form_token" value="([^"]*)"', client.get("/en/write/").content.decode())
    return found.group(1) if found else ""


def contact_form(world, client, message="Something happened last night. Can I still see a doctor?"):
    return {
        "form_token": form_token(client),
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
    code = receipt_code(client.post("/en/write/", contact_form(world, client)))
    return client, code, portal_cases().latest("pk")


def wrong_code_like(code: str, n: int) -> str:
    """A well-formed code with the same first four digits that is not the real one."""
    guess = f"{code[:4]}{n:012d}"
    return guess if guess != code else f"{code[:4]}{n + 500:012d}"


# --- new contacts, all together: 60 per 10 minutes ------------------------------------


def test_new_contacts_budget(world, clock):
    client = Client()
    for n in range(1, NEW_CONTACTS + 1):
        response = client.post("/en/write/", contact_form(world, client, message=f"Message number {n}."))
        assert response.status_code == 200
        receipt_code(response)  # the limit-th contact is still accepted
    assert portal_cases().count() == NEW_CONTACTS

    typed = "Please help, I am scared to go home."
    form = contact_form(world, client, message=typed)
    response = client.post("/en/write/", form)
    body = response.content.decode()
    assert escape(BUSY) in body
    assert textarea(body, "message") == escape(typed)
    assert input_value(body, "interpreter_language_other") == "Kunama"
    # The refused form was not spent: pressing Send again later is the same form.
    assert input_value(body, "form_token") == form["form_token"]
    assert portal_cases().count() == NEW_CONTACTS

    clock.advance(NEW_CONTACTS_WINDOW)
    receipt_code(client.post("/en/write/", form))
    assert portal_cases().count() == NEW_CONTACTS + 1


# --- receipt codes ------------------------------------------------------------------------


def test_guesses_at_the_holders_first_digits_never_stop_the_holder(world, clock):
    _victim, code, case = a_victim(world)
    guesser = Client()
    for n in range(3 * OLD_PREFIX_LIMIT):
        body = guesser.post("/en/back/", {"code": wrong_code_like(code, n)}).content.decode()
        assert "We could not find this code." in body

    # In the same window, the holder's right code goes straight in, and their waiting message with it.
    holder = Client()
    response = holder.post("/en/back/", {"code": code, "pending_message": "Can I come tomorrow?"})
    # The message went: the confirmation says so (issue 13 §4).
    assert response.status_code == 302 and response["Location"] == "/en/mine/done/"
    assert PortalMessage.objects.filter(case=case).count() == 2


def test_the_holders_own_right_entries_never_run_out(world, clock):
    _victim, code, _case = a_victim(world)
    for _ in range(3 * OLD_PREFIX_LIMIT):
        response = Client().post("/en/back/", {"code": code})
        assert response.status_code == 302 and response["Location"] == "/en/messages/"


def test_code_checks_budget_protects_the_processor_for_one_window(world, clock, monkeypatch):
    """Every check, right or wrong, is one Argon2id; past the budget none is computed.

    This budget is global, so it cannot be aimed at one holder: while a flood
    has spent it, everyone, the holder too, waits at most one window, is told
    their code still works, and keeps what they typed. Nothing cheaper than
    Argon2id can tell the holder from the flood without weakening the code
    itself (ADR 0023 explains why this is the floor).
    """
    from safereport.core import throttle
    from safereport.portal import throttles
    from safereport.vault import services as vault

    _victim, code, case = a_victim(world)
    argon2 = []
    derive = vault.derive_victim_key
    monkeypatch.setattr(vault, "derive_victim_key", lambda *a, **k: argon2.append(1) or derive(*a, **k))

    assert all(throttle.spend(throttles.CODE_CHECKS) for _ in range(CODE_CHECKS - 1))
    client = Client()
    assert "We could not find this code." in client.post("/en/back/", {"code": "1000000000000000"}).content.decode()
    assert len(argon2) == 1  # the limit-th check was made

    for typed in ("2000000000000000", code):
        pending = "Is the clinic open on Sunday?"
        response = client.post("/en/back/", {"code": typed, "pending_message": pending})
        body = response.content.decode()
        assert escape(BUSY_CODES) in body
        assert input_value(body, "code") == typed
        assert textarea(body, "pending_message") == escape(pending)
    assert len(argon2) == 1  # refused before Argon2id

    clock.advance(CODE_CHECKS_WINDOW)
    response = client.post("/en/back/", {"code": code, "pending_message": pending})
    assert response.status_code == 302
    assert PortalMessage.objects.filter(case=case).count() == 2


def test_wrong_codes_typed_in_the_persons_own_pages_never_stop_the_right_one(world, clock):
    """Someone holding the open session on a shared phone cannot lock the holder out of their record."""
    from safereport.consent.models import MigrationCompartment

    victim, code, case = a_victim(world)
    note = "My permit expires in May."
    for n in range(3 * OLD_PREFIX_LIMIT):
        response = victim.post("/en/mine/private-note/", {"action": "record", "code": wrong_code_like(code, n), "text": note})
        assert response.status_code == 400
        assert "This is not the code of this record." in response.content.decode()

    response = victim.post("/en/mine/private-note/", {"action": "record", "code": code, "text": note})
    assert response.status_code == 302
    assert MigrationCompartment.objects.filter(case=case).exists()


def test_codes_typed_in_the_persons_own_pages_spend_the_same_budget(world, clock):
    from safereport.consent.models import MigrationCompartment
    from safereport.core import throttle
    from safereport.portal import throttles

    victim, code, case = a_victim(world)
    assert all(throttle.spend(throttles.CODE_CHECKS) for _ in range(CODE_CHECKS - 1))  # a_victim spent none
    note = "My permit expires in May."
    response = victim.post("/en/mine/private-note/", {"action": "record", "code": wrong_code_like(code, 1), "text": note})
    assert "This is not the code of this record." in response.content.decode()

    response = victim.post("/en/mine/private-note/", {"action": "record", "code": code, "text": note})
    body = response.content.decode()
    assert response.status_code == 400
    assert escape(BUSY_CODES) in body
    assert textarea(body, "text") == escape(note)
    assert not MigrationCompartment.objects.filter(case=case).exists()

    clock.advance(CODE_CHECKS_WINDOW)
    response = victim.post("/en/mine/private-note/", {"action": "record", "code": code, "text": note})
    assert response.status_code == 302
    assert MigrationCompartment.objects.filter(case=case).exists()


def test_the_guessing_bound_written_in_adr_0007_follows_from_the_code_checks_budget():
    """Changing the budget without recomputing the bound in the ADR fails here (and so does a wrong sum)."""
    from pathlib import Path

    from safereport.portal import throttles

    adr = (Path(__file__).parents[1] / "docs/adr/0007-throttling-without-addresses.md").read_text()
    bound = adr[adr.index("## The guessing bound") :]
    live = int(re.search(r"N = ([\d,]+) live codes", bound).group(1).replace(",", ""))
    limit, window = map(int, re.search(r"at most (\d+) checks per (\d+) s\b", bound).groups())
    stated = re.search(r"\*\*([\d,]+) years\*\*", bound).group(1)

    assert (limit, window) == (throttles.CODE_CHECKS.limit, throttles.CODE_CHECKS.window_seconds)
    per_second = limit / window
    years = 10**16 / live / per_second / 31_557_600
    assert stated == f"{round(years):,}", f"ADR 0007 says {stated} years; the budget gives {years:,.0f}"
    # The ADRs that quote the bound quote the same figure.
    for other in ("0006-receipt-codes.md", "0023-the-persons-code-no-lockout-no-duplicates-no-crash.md"):
        assert f"{stated} years" in (Path(__file__).parents[1] / "docs/adr" / other).read_text(), other


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
