"""Nothing is recorded that the person did not say (issue 13 §5).

A new case's reporting status is "not decided"; the summary sheet does not
tell the person they have not reported; staff forms offer no preselected
purpose, ground, decision or need.
"""

import importlib
import re

import pytest
from django.apps import apps

from conftest import sign_in
from safereport.audit.actors import Actor
from safereport.cases.models import Case, ReportingStatus
from safereport.cases.services import transitions

pytestmark = pytest.mark.django_db(databases="__all__")

# Selects where a person's answer, or a recorded purpose or ground, is chosen.
CHOICE_SELECTS = ("purpose", "ground", "psychological_care", "self_harm", "reporting_status", "examination", "companion")


def selects_with_a_preselected_answer(html: str) -> list[str]:
    """Names of the choice selects above whose first option is not empty, or that have an option selected."""
    found = []
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', html, flags=re.S):
        if name not in CHOICE_SELECTS:
            continue
        first = re.search(r'<option value="([^"]*)"', body)
        chosen = re.findall(r'<option value="([^"]*)"[^>]* selected', body)
        if (first and first.group(1)) or any(chosen):
            found.append(name)
    return found


def test_a_new_case_has_not_decided_anything_about_the_police(world):
    case = Case.objects.create(care_centre=world.organisations["ghent"])
    assert case.reporting_status == ReportingStatus.NOT_DECIDED


def test_the_summary_sheet_says_nothing_about_reporting_the_person_did_not_say(world, client):
    case = world.cases["assigned"]
    sign_in(client, world.staff["crisis_worker"])
    page = client.get(f"/staff/cases/{case.public_id}/summary/").content.decode()
    assert "You have not reported" not in page
    assert "Going to the police is your choice. You do not have to decide now." in page
    transitions.reporting_status_set(case=case, status=ReportingStatus.NOT_REPORTING, actor=Actor.victim())
    page = client.get(f"/staff/cases/{case.public_id}/summary/").content.decode()
    assert "You have not reported to the police. You do not have to." in page


def test_staff_forms_preselect_no_purpose_ground_decision_or_need(world, client):
    case = world.cases["assigned"]
    sign_in(client, world.staff["case_manager"])
    pages = {
        "case": f"/staff/cases/{case.public_id}/",
        "needs": f"/staff/cases/{case.public_id}/needs/",
        "consent": f"/staff/consent/cases/{case.public_id}/",
    }
    seen = set()
    for where, url in pages.items():
        html = client.get(url).content.decode()
        assert selects_with_a_preselected_answer(html) == [], where
        seen |= {name for name in re.findall(r'<select name="([^"]+)"', html) if name in CHOICE_SELECTS}
    # The check looked at the forms it is about (a renamed field would make it pass vacuously).
    assert {"purpose", "ground", "psychological_care", "self_harm", "examination"} <= seen


def test_a_form_left_on_choose_one_is_refused_not_recorded(world, client):
    case = world.cases["assigned"]
    sign_in(client, world.staff["crisis_worker"])
    response = client.post(f"/staff/cases/{case.public_id}/reporting/", {"reporting_status": ""})
    assert Case.objects.get(pk=case.pk).reporting_status == ReportingStatus.NOT_DECIDED
    assert response.status_code in (302, 400)


migration = importlib.import_module("safereport.cases.migrations.0009_reporting_not_decided")


def test_the_migration_turns_a_default_nobody_chose_into_not_decided_and_keeps_what_was_said(world):
    said = world.cases["assigned"]
    unsaid = world.cases["unassigned"]
    transitions.reporting_status_set(case=said, status=ReportingStatus.NOT_REPORTING, actor=Actor.victim())
    Case.objects.filter(pk=unsaid.pk).update(reporting_status=ReportingStatus.NOT_REPORTING)
    migration.unsaid_becomes_not_decided(apps, None)
    assert Case.objects.get(pk=said.pk).reporting_status == ReportingStatus.NOT_REPORTING
    assert Case.objects.get(pk=unsaid.pk).reporting_status == ReportingStatus.NOT_DECIDED


def test_a_needs_assessment_left_on_choose_one_shows_an_error_summary_linking_to_the_field(world, client):
    case = world.cases["assigned"]
    sign_in(client, world.staff["crisis_worker"])
    response = client.post(f"/staff/cases/{case.public_id}/needs/", {"safety_notes": "Sleeps at a friend's place"})
    page = response.content.decode()
    assert response.status_code in (200, 400)
    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#id_psychological_care"' in summary and 'href="#id_self_harm"' in summary
    assert "Sleeps at a friend&#x27;s place" in page  # typed text kept


def test_the_inbox_says_new_waiting_since_the_language_and_the_help_asked_for_in_words(world, client):
    from django.utils import timezone

    case = world.cases["unassigned"]
    Case.objects.filter(pk=case.pk).update(
        help_kinds=["health", "not_sure"], preferred_language="ar", last_victim_message_at=timezone.now()
    )
    sign_in(client, world.staff["crisis_worker"])
    page = client.get("/staff/cases/inbox/").content.decode()
    entry = page.split(f"{case.code}</a>", 1)[1].split("</li>", 1)[0]
    assert "new" in entry and "waiting since" in entry
    assert "العربية" in entry and "Medical care" in entry and "I am not sure yet" in entry
    assert "not_sure" not in entry and "health" not in entry
