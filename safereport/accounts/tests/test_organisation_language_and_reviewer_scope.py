"""The DPO sets the organisation's staff language and a reviewer's languages and scope (issue 20, ADR 0036)."""

import pytest
from django.test import Client

from conftest import sign_in
from safereport.accounts.models import ReviewScope
from safereport.audit.models import AuditEvent

pytestmark = pytest.mark.django_db(databases="__all__")


def test_the_dpo_sets_dutch_for_the_centre_and_a_colleague_without_a_choice_sees_it_at_once(client, world):
    worker = Client()
    sign_in(worker, world.staff["crisis_worker"])
    assert "My work today" in worker.get("/staff/").content.decode()
    sign_in(client, world.staff["dpo"])
    assert "/staff/organisation/language/" in client.get("/staff/organisation/staff/").content.decode()

    answer = client.post("/staff/organisation/language/", {"language": "nl"})
    assert answer.status_code == 302 and answer["Location"] == "/staff/organisation/language/check/"
    world.organisations["ghent"].refresh_from_db()
    assert world.organisations["ghent"].language == "en"  # nothing changes before the check page
    check = client.get("/staff/organisation/language/check/").content.decode()
    assert "Nederlands" in check and "will see their pages in this one at once" in check

    done = client.post("/staff/organisation/language/check/")

    assert done.status_code == 200
    world.organisations["ghent"].refresh_from_db()
    assert world.organisations["ghent"].language == "nl"
    assert AuditEvent.objects.filter(action="accounts:organisation:language_set").exists()
    assert "Mijn werk vandaag" in worker.get("/staff/").content.decode()


def test_a_language_that_is_not_a_staff_language_is_refused_on_the_page(client, world):
    sign_in(client, world.staff["dpo"])
    answer = client.post("/staff/organisation/language/", {"language": "ar"})
    assert answer.status_code == 400 and "error" in answer.content.decode()
    world.organisations["ghent"].refresh_from_db()
    assert world.organisations["ghent"].language == "en"


def test_the_dpo_gives_the_translator_ukrainian_and_narrows_the_scope_to_the_organisation(client, world):
    translator = world.staff["translator"]
    assert translator.review_scope == ReviewScope.DEPLOYMENT  # the demo's translator reviews the service's texts
    sign_in(client, world.staff["dpo"])
    listing = client.get("/staff/organisation/staff/").content.decode()
    url = f"/staff/organisation/staff/{translator.public_id}/review/"
    assert url in listing

    answer = client.post(url, {"languages": ["ar", "uk"], "scope": "organisation"})
    assert answer.status_code == 302
    check = client.get(answer["Location"]).content.decode()
    assert "Texts of their own organisation" in check and "Українська" in check
    client.post(answer["Location"])

    translator.refresh_from_db()
    assert translator.review_languages == ["ar", "uk"] and translator.review_scope == ReviewScope.ORGANISATION
    event = AuditEvent.objects.get(action="accounts:staff:review_scope_set")
    assert event.subject == f"staff:{translator.public_id}"
    reviewer = Client()
    sign_in(reviewer, translator)
    page = reviewer.get("/staff/translations/strings/")
    assert page.status_code == 200 and "You review no language of the whole service" in page.content.decode()


def test_only_a_translation_reviewer_has_review_languages(client, world):
    sign_in(client, world.staff["dpo"])
    worker = world.staff["crisis_worker"]
    assert client.get(f"/staff/organisation/staff/{worker.public_id}/review/").status_code == 404
    answer = client.post(f"/staff/organisation/staff/{world.staff['translator'].public_id}/review/",
                         {"languages": ["xx"], "scope": "deployment"})
    assert answer.status_code == 400
