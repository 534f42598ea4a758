"""The staff session gets a new key once the second factor is passed (docs/adr/0022)."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import current_totp
from safereport.demo.world import demo_password

pytestmark = pytest.mark.django_db(databases="__all__")


def password_step(client, username):
    response = client.post("/staff/sign-in/", {"username": username, "password": demo_password(username)})
    assert response.status_code == 302
    return client.cookies["sr_staff"].value


def assert_rotated(client, before: str, csrf_before: str) -> None:
    after = client.cookies["sr_staff"].value
    assert after and after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert client.get("/staff/").status_code == 200
    # The key held between password and code opens nothing now.
    stale = Client()
    stale.cookies["sr_staff"] = before
    assert stale.get("/staff/").status_code == 302
    assert client.cookies["csrftoken"].value != csrf_before


def test_the_code_step_gives_the_session_a_new_key(world):
    client = Client()
    before = password_step(client, "crisis_worker")
    client.get("/staff/sign-in/code/")  # the form page sets the CSRF cookie
    csrf_before = client.cookies["csrftoken"].value
    response = client.post("/staff/sign-in/code/", {"token": current_totp(world.staff["crisis_worker"])})
    assert response.status_code == 302
    assert_rotated(client, before, csrf_before)


def test_enrolling_an_authenticator_gives_the_session_a_new_key(world):
    TOTPDevice.objects.filter(user=world.staff["lawyer"]).delete()
    client = Client()
    before = password_step(client, "lawyer")
    client.get("/staff/sign-in/set-up-code/")
    csrf_before = client.cookies["csrftoken"].value
    device = TOTPDevice.objects.get(user=world.staff["lawyer"], confirmed=False)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    response = client.post("/staff/sign-in/set-up-code/", {"token": f"{token:06d}"})
    assert response.status_code == 302
    assert_rotated(client, before, csrf_before)
