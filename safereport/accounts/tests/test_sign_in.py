"""Staff sign-in: password, then a TOTP code; nothing is reachable before both."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import current_totp, sign_in
from safereport.audit.models import AuditEvent
from safereport.demo.world import demo_password


def password_step(client, user, password=None):
    return client.post(
        "/staff/sign-in/", {"username": user.username, "password": password or demo_password(user.username)}
    )


def test_password_alone_leads_to_the_code_page_not_to_work(client, world):
    response = password_step(client, world.staff["crisis_worker"])
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/code/")
    assert client.get("/staff/cases/")["Location"].startswith("/staff/sign-in/code/")


def test_right_code_opens_the_staff_side_and_is_audited(client, world):
    user = world.staff["crisis_worker"]
    password_step(client, user)
    response = client.post("/staff/sign-in/code/", {"token": current_totp(user)})
    assert response.status_code == 302
    assert client.get("/staff/cases/").status_code == 200
    assert AuditEvent.objects.filter(action="accounts:signin:totp", actor_staff_id=user.pk).exists()


def test_wrong_code_is_refused_with_a_clear_message(client, world):
    user = world.staff["crisis_worker"]
    password_step(client, user)
    wrong = f"{(int(current_totp(user)) + 1) % 1000000:06d}"
    response = client.post("/staff/sign-in/code/", {"token": wrong})
    assert response.status_code == 200
    assert "did not match" in response.content.decode()
    assert client.get("/staff/cases/").status_code == 302


def test_malformed_code_gets_a_validation_message(client, world):
    password_step(client, world.staff["crisis_worker"])
    response = client.post("/staff/sign-in/code/", {"token": "12ab56"})
    assert "numbers only" in response.content.decode()


def test_new_account_must_enrol_an_authenticator_before_anything_else(client, world):
    user = world.staff["lawyer"]
    TOTPDevice.objects.filter(user=user).delete()
    response = password_step(client, user)
    assert response["Location"].startswith("/staff/sign-in/set-up-code/")
    page = client.get("/staff/sign-in/set-up-code/")
    assert page.status_code == 200
    assert b"data:image/png;base64," in page.content  # QR inline, no outside request
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    from django_otp.oath import TOTP

    token = TOTP(device.bin_key).token()
    response = client.post("/staff/sign-in/set-up-code/", {"token": f"{token:06d}"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/staff/").status_code == 200


def test_a_stolen_password_cannot_enrol_a_second_authenticator(client, world):
    password_step(client, world.staff["crisis_worker"])
    response = client.get("/staff/sign-in/set-up-code/")
    assert response["Location"].startswith("/staff/sign-in/code/")
    assert not TOTPDevice.objects.filter(user=world.staff["crisis_worker"], confirmed=False).exists()


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, world):
    user = world.staff["doctor"]
    for _ in range(5):
        password_step(client, user, password="not-the-password")
    response = password_step(client, user)
    assert response.status_code == 429
    assert "locked for 15 minutes" in response.content.decode()


def test_lockout_keeps_no_client_address(client, world):
    from axes.models import AccessAttempt

    for _ in range(2):
        password_step(client, world.staff["doctor"], password="nope", )
    assert AccessAttempt.objects.exists()
    assert not AccessAttempt.objects.exclude(ip_address=None).exists()


def test_wrong_password_gets_a_clear_message(client, world):
    response = password_step(client, world.staff["doctor"], password="wrong")
    assert response.status_code == 200
    assert "do not match" in response.content.decode()


def test_sign_out_everywhere_ends_other_sessions(client, world, django_user_model):
    from django.test import Client

    user = world.staff["crisis_worker"]
    other_device = sign_in(Client(), user)
    sign_in(client, user)
    assert other_device.get("/staff/cases/").status_code == 200
    client.post("/staff/sign-out/everywhere/")
    assert other_device.get("/staff/cases/").status_code == 302


def test_idle_staff_session_expires(client, world, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = -1
    sign_in(client, world.staff["crisis_worker"])
    assert client.get("/staff/cases/")["Location"].startswith("/staff/sign-in/")


def test_sensitive_action_asks_for_password_and_code_again(client, world):
    sign_in(client, world.staff["dpo"], recently=False)
    response = client.get("/staff/organisation/staff/invite/")
    assert response["Location"].startswith("/staff/sign-in/again/")


@pytest.mark.parametrize("path", ["/staff/sign-in/", "/staff/sign-in/code/"])
def test_staff_forms_refuse_posts_without_csrf_token(path, world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(path, {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "expired" in response.content.decode()
