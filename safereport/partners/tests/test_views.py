"""The register pages: reached from the start page, proposed by the DPO, approved by a case manager."""

import re

import pytest
from django.test import Client

from conftest import sign_in
from safereport.accounts.models import Organisation
from safereport.accounts.permissions import OrganisationKind
from safereport.partners.models import Partnership
from safereport.partners.tests.helpers import bootstrap

pytestmark = pytest.mark.django_db(databases="__all__")


def test_the_dpo_reaches_the_register_from_the_start_page_and_sees_every_partnership(world):
    dpo = sign_in(Client(), world.staff["dpo"])
    start = dpo.get("/staff/").content.decode()
    assert 'href="/staff/partners/"' in start
    register = dpo.get("/staff/partners/").content.decode()
    for name in ("Police vice unit Ghent (demo)", "The police vice unit of Ghent (demo)", "DEMO-POLICE-2026", "Case manager"):
        assert name in register
    assert 'href="/staff/partners/propose/"' in register
    # Others have no link: the crisis worker's start page does not offer it.
    assert 'href="/staff/partners/"' not in sign_in(Client(), world.staff["crisis_worker"]).get("/staff/").content.decode()


def test_a_partnership_proposed_on_the_page_waits_for_the_case_manager_who_approves_it_there(world):
    zone = bootstrap("Politie Zone Noord", OrganisationKind.POLICE_UNIT, "BE")
    dpo = sign_in(Client(), world.staff["dpo"])
    form = dpo.get("/staff/partners/propose/").content.decode()
    assert 'lang="ar" dir="rtl"' in form  # the Arabic name is typed right to left
    response = dpo.post(
        "/staff/partners/propose/",
        {"organisation": zone.pk, "agreement_reference": "PZN-2026-1", "agreement_date": "2026-04-01",
         "purposes": ["investigation"], "name_en": "The police of zone North", "name_ar": "شرطة المنطقة الشمالية"},
    )
    assert response.status_code == 302
    assert "until a case manager approves" in dpo.get("/staff/partners/").content.decode()
    partnership = Partnership.objects.get(organisation=zone)
    assert partnership.public_names == {"en": "The police of zone North", "ar": "شرطة المنطقة الشمالية"}
    # The DPO has no approve button; the case manager sees what waits, from the start page.
    assert f"/staff/partners/{partnership.public_id}/approve/" not in dpo.get("/staff/partners/").content.decode()
    manager = sign_in(Client(), world.staff["case_manager"])
    assert "1 proposal waits for your approval" in manager.get("/staff/").content.decode()
    register = manager.get("/staff/partners/").content.decode()
    assert f"/staff/partners/{partnership.public_id}/approve/" in register
    assert manager.post(f"/staff/partners/{partnership.public_id}/approve/").status_code == 302
    partnership.refresh_from_db()
    assert partnership.in_force and partnership.approved_by == world.staff["case_manager"]


def test_a_refused_proposal_says_why_in_words_and_nothing_is_recorded(world):
    intruder = bootstrap("Immigratiepolitie", OrganisationKind.POLICE_UNIT, "NL")
    dpo = sign_in(Client(), world.staff["dpo"])
    response = dpo.post(
        "/staff/partners/propose/",
        {"organisation": intruder.pk, "agreement_reference": "X", "agreement_date": "2026-04-01",
         "purposes": ["investigation"], "name_en": "The police"},
    )
    assert response.status_code == 400
    assert "matches an immigration-enforcement body" in response.content.decode()
    assert not Partnership.objects.filter(organisation=intruder).exists()


def test_the_register_flags_a_partner_whose_name_now_matches_the_denylist_and_ending_it_is_one_step(world):
    Organisation.objects.filter(pk=world.organisations["desk"].pk).update(name="Stad Gent – dienst Vreemdelingenzaken")
    dpo = sign_in(Client(), world.staff["dpo"])
    register = dpo.get("/staff/partners/").content.decode()
    assert "matches an immigration-enforcement body" in register
    partnership = Partnership.objects.get(organisation=world.organisations["desk"])
    assert dpo.post(f"/staff/partners/{partnership.public_id}/end/", {"reason": ""}).status_code == 400
    assert dpo.post(f"/staff/partners/{partnership.public_id}/end/", {"reason": "Reports to the immigration office"}).status_code == 302
    partnership.refresh_from_db()
    assert partnership.revoked_at is not None and partnership.revoked_by == world.staff["dpo"]
    assert re.search(r"Ended", dpo.get("/staff/partners/").content.decode())
