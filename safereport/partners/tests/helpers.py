"""Helpers for the recipient-registry tests."""

import datetime as dt
import re
from io import StringIO

from django.core.management import call_command
from django.test import Client

from safereport.accounts import services as accounts
from safereport.accounts.models import Organisation
from safereport.audit.actors import Actor
from safereport.partners import services


def bootstrap(name, kind, jurisdiction):
    """Register an organisation the way anyone with shell access can: `safereport bootstrap_organisation`."""
    call_command(
        "bootstrap_organisation", name=name, kind=kind, jurisdiction=jurisdiction, base_url="https://staff.example.org",
        stdout=StringIO(),
    )
    return Organisation.objects.get(name=name)


def staff_of(organisation, username, roles):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = accounts.staff_create_directly(
        organisation=organisation, username=username, password=f"{username}-a long pass phrase", roles=roles,
        actor=Actor.system("test"),
    )
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def partner(world, organisation, purposes, *, names=None, reason=""):
    """Proposed by the Ghent DPO, approved by the Ghent case manager."""
    proposed = services.partnership_propose(
        actor=world.staff["dpo"], organisation=organisation, agreement_reference="TEST-1", agreement_date=dt.date(2026, 2, 1),
        purposes=purposes, public_names=names or {"en": organisation.name}, cross_border_reason=reason,
    )
    return services.partnership_approve(actor=world.staff["case_manager"], partnership=proposed)


def victim_client(code):
    client = Client()
    assert client.post("/en/back/", {"code": code}).status_code == 302
    return client


def shown_on_the_page(client, language="en"):
    """The organisations the person's consent page names, as its form posts them back."""
    return re.findall(r'name="shown" value="([^"]+)"', client.get(f"/{language}/mine/").content.decode())


def agree_in_portal(client, answers, language="en"):
    """The person's consent as the portal takes it (issue 13 §6): the question, then "check your answers", then agree.

    Returns the response to the agreeing POST (a redirect to the confirmation
    page), or to the question's POST when that one was refused.
    """
    asked = client.post(f"/{language}/mine/agree/", answers)
    if asked.status_code != 302:
        return asked
    check = client.get(asked["Location"]).content.decode()
    named = re.findall(r'name="named" value="([^"]+)"', check)
    return client.post(f"/{language}/mine/agree/check/", {"named": named})
