"""A partner outside SafeReport is handed over by phone or on paper, never "Referral sent" (issue 13 §15, ADR 0030).

And the demo has the reviewed directory on day one.
"""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from conftest import sign_in
from safereport.audit.actors import Actor
from safereport.referrals import services as referrals
from safereport.referrals.models import Referral, ReferralService

pytestmark = pytest.mark.django_db(databases="__all__")


def outside_and_inside(world):
    referrals.referral_directory_load(actor=Actor.system("test"))
    entries = ReferralService.objects.filter(jurisdiction="BE", is_active=True).order_by("key")
    inside = entries.get(key="be-demo-migrant-women-support")
    inside.organisation = world.organisations["ngo"]
    inside.save()
    outside = entries.exclude(pk=inside.pk).filter(organisation__isnull=True).first()
    assert outside is not None
    return outside, inside


def test_a_partner_outside_safereport_is_a_hand_over_with_steps_not_a_sent_referral(world):
    outside, inside = outside_and_inside(world)
    case = world.cases["assigned"]
    worker = sign_in(Client(), world.staff["crisis_worker"])
    page = worker.get(f"/staff/cases/{case.public_id}/").content.decode()
    assert escape(f"{outside.name} (by phone or on paper)") in page
    assert escape(f"{inside.name} (by phone or on paper)") not in page

    response = worker.post(f"/staff/referrals/for-case/{case.public_id}/", {"service": str(outside.public_id)}, follow=True)
    page = response.content.decode()
    assert "Referral sent" not in page
    assert escape(f"Recorded: a hand-over to {outside.name} by phone or on paper. SafeReport sent them nothing.") in page
    assert "Hand over by phone or on paper" in page and 'class="hand-over-steps"' in page
    referral = Referral.objects.get()
    assert referral.recipient is None and not referral.shares_data

    response = worker.post(f"/staff/referrals/for-case/{case.public_id}/", {"service": str(inside.public_id)}, follow=True)
    assert escape(f"Referral sent to {inside.name}.") in response.content.decode()


def test_the_demo_loads_the_reviewed_directory_on_day_one():
    call_command("demo_data", stdout=io.StringIO())
    assert ReferralService.objects.filter(jurisdiction="BE").exists()
    assert ReferralService.objects.filter(jurisdiction="NL").exists()
