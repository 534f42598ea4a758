"""A failed sign-in leaves no user agent, typed username, path or form behind (docs/adr/0022)."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client

from safereport.demo.world import demo_password

pytestmark = pytest.mark.django_db(databases="__all__")

AGENT = "UniqueAgent/7.3 (lockout-check)"


WRONG = "not-the-password"


def failed(username: str, password: str = WRONG, **extra) -> int:
    client = Client(HTTP_USER_AGENT=AGENT, HTTP_ACCEPT="text/x-marker-accept", **extra)
    return client.post("/staff/sign-in/?from=marker-query", {"username": username, "password": password}).status_code


def stored_text() -> str:
    rows = [
        *AccessAttempt.objects.values_list(),
        *AccessFailureLog.objects.values_list(),
        *AccessLog.objects.values_list(),
    ]
    return repr(rows)


def test_a_failed_sign_in_stores_neither_the_agent_nor_the_typed_username(world):
    assert failed("Amina.Typo-Name") == 200
    assert failed("doctor", password="hunter2-typed-into-the-wrong-box") == 200
    assert AccessAttempt.objects.count() == 2
    text = stored_text()
    for leaked in (AGENT, "Amina", "amina", "doctor", "hunter2", "marker-query", "x-marker-accept", "/staff/sign-in/"):
        assert leaked not in text, leaked
    assert not AccessAttempt.objects.exclude(user_agent="").exists()
    assert not AccessAttempt.objects.exclude(get_data="").exclude(post_data="").exists()


def test_the_lockout_still_counts_per_account_whatever_the_case_typed(world):
    for username in ("doctor", "Doctor", "DOCTOR", "doctor"):
        assert failed(username) == 200
    # The fifth wrong password, however typed, locks the account, even against the right one.
    assert failed("dOCTOR") == 429
    assert failed("doctor", password=demo_password("doctor")) == 429
    # Another account is untouched.
    assert Client().post("/staff/sign-in/", {"username": "crisis_worker", "password": demo_password("crisis_worker")}).status_code == 302


def test_the_right_password_before_the_limit_clears_the_count(world):
    for _ in range(4):
        failed("doctor")
    assert Client().post("/staff/sign-in/", {"username": "doctor", "password": demo_password("doctor")}).status_code == 302
    assert not AccessAttempt.objects.exists()
