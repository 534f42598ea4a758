"""Every Argon2id derivation waits for one of the machine's slots (ADR 0032 §5); the parameters stay."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password
from django.test import RequestFactory
from django.utils import translation

from safereport.core import slots
from safereport.core.views import server_error
from safereport.vault.hashers import SlottedArgon2PasswordHasher
from safereport.vault.services import receipt_lookup_hash

SLOTTED = "safereport.vault.hashers.SlottedArgon2PasswordHasher"


@pytest.fixture
def one_slot(settings, tmp_path):
    settings.ARGON2_SLOTS = 1
    settings.ARGON2_SLOT_FOLDER = tmp_path
    settings.ARGON2_SLOT_WAIT_SECONDS = 0
    return tmp_path


def test_a_receipt_hash_waits_for_a_slot_and_is_the_same_hash_with_or_without_one(one_slot):
    free = receipt_lookup_hash("1234567812345678")
    with slots.slot(one_slot, count=1, wait_seconds=0), pytest.raises(slots.Busy):
        receipt_lookup_hash("1234567812345678")
    assert receipt_lookup_hash("1234567812345678") == free


def test_staff_passwords_keep_djangos_argon2_format_and_wait_for_a_slot(one_slot, settings):
    settings.PASSWORD_HASHERS = [SLOTTED]
    stored = make_password("a long staff passphrase")
    assert stored.startswith("argon2$argon2id$")
    # The same parameters and format as Django's own hasher: stored hashes verify either way.
    assert Argon2PasswordHasher().verify("a long staff passphrase", stored)
    assert SlottedArgon2PasswordHasher().params().time_cost == Argon2PasswordHasher().params().time_cost
    assert check_password("a long staff passphrase", stored)
    with slots.slot(one_slot, count=1, wait_seconds=0), pytest.raises(slots.Busy):
        check_password("a long staff passphrase", stored)


def test_a_page_without_its_own_answer_says_try_again_nothing_was_lost():
    request = RequestFactory().get("/en/some-page/")
    try:
        raise slots.Busy("no free slot")
    except slots.Busy:
        response = server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Nothing was lost" in response.content.decode()


def test_the_try_again_page_is_in_the_language_of_the_path_not_of_the_workers_last_request():
    request = RequestFactory().get("/en/write/")
    with translation.override("nl"):  # what a staff member's request left in this worker
        try:
            raise slots.Busy("no free slot")
        except slots.Busy:
            response = server_error(request)
    assert "Nothing was lost" in response.content.decode()
