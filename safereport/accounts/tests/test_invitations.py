"""Staff are invited by their organisation's admin; nobody signs themselves up."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import sign_in
from safereport.accounts import services
from safereport.accounts.models import Invitation, StaffUser
from safereport.accounts.permissions import Role


def test_admin_invites_a_colleague_who_then_creates_an_account(client, world):
    sign_in(client, world.staff["dpo"])
    response = client.post("/staff/organisation/staff/invite/", {"roles": [Role.CRISIS_WORKER], "note": "new night shift"})
    assert response.status_code == 200
    link = response.context["link"]
    token = link.rstrip("/").rsplit("/", 1)[1]
    client.cookies.clear()
    response = client.post(
        f"/staff/join/{token}/",
        {"username": "new.worker", "password1": "a long enough pass phrase", "password2": "a long enough pass phrase"},
    )
    assert response.status_code == 302
    user = StaffUser.objects.get(username="new.worker")
    assert user.organisation == world.organisations["ghent"]
    assert user.roles == [Role.CRISIS_WORKER]
    # The link works once.
    assert client.get(f"/staff/join/{token}/").status_code == 410


def test_invitation_tokens_are_not_stored(world):
    _invitation, token = services.invitation_create(
        organisation=world.organisations["ghent"], roles=[Role.CLINICIAN], invited_by=world.staff["dpo"]
    )
    assert not Invitation.objects.filter(token_hash=token).exists()


def test_expired_invitation_gets_a_clear_page(client, world):
    invitation, token = services.invitation_create(
        organisation=world.organisations["ghent"], roles=[Role.CLINICIAN], invited_by=world.staff["dpo"]
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(f"/staff/join/{token}/")
    assert response.status_code == 410
    assert "does not work" in response.content.decode()


def test_a_care_centre_cannot_invite_a_police_liaison(world):
    with pytest.raises(ValidationError):
        services.invitation_create(
            organisation=world.organisations["ghent"], roles=[Role.POLICE_LIAISON], invited_by=world.staff["dpo"]
        )


def test_weak_password_is_refused_with_a_reason(client, world):
    _invitation, token = services.invitation_create(
        organisation=world.organisations["ghent"], roles=[Role.CLINICIAN], invited_by=world.staff["dpo"]
    )
    response = client.post(f"/staff/join/{token}/", {"username": "x.y.z", "password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()


def test_there_is_no_superuser(db):
    with pytest.raises(NotImplementedError):
        StaffUser.objects.create_superuser("root", "root@example.org", "pw")


def test_bootstrap_gives_a_new_organisation_its_first_administrator(db, client):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command(
        "bootstrap_organisation", name="ZSG Gent", kind="care_centre", jurisdiction="be", base_url="https://staff.example.org", stdout=out
    )
    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith("https://staff.example.org/staff/join/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    response = client.post(
        f"/staff/join/{token}/",
        {"username": "first.admin", "password1": "a long enough pass phrase", "password2": "a long enough pass phrase"},
    )
    assert response.status_code == 302
    admin = StaffUser.objects.get(username="first.admin")
    assert admin.roles == [Role.DPO_ADMIN] and admin.organisation.jurisdiction == "BE"


def test_bootstrap_refuses_an_unknown_kind(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("bootstrap_organisation", name="X", kind="immigration_enforcement", jurisdiction="BE", base_url="https://x")
