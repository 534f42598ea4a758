"""Staff pages in the staff member's language (issue 20, ADR 0036).

Their own choice, else their organisation's, else English; only the staff
languages of config/locales.py. The person's portal keeps its language in its URL.
"""

import pytest
from django.test import Client

from config import locales
from conftest import sign_in
from safereport.accounts import services
from safereport.audit.actors import Actor
from safereport.demo.world import build_demo_world

pytestmark = pytest.mark.django_db(databases="__all__")


def test_the_staff_languages_are_declared_once_in_the_locale_list():
    assert locales.STAFF_LANGUAGE_CODES == ("en", "fr", "nl", "es", "it")


def test_a_crisis_worker_in_ghent_sees_dutch_when_the_centre_speaks_dutch(client, world):
    services.organisation_language_set(organisation=world.organisations["ghent"], language="nl", actor=Actor.system("test"))
    sign_in(client, world.staff["crisis_worker"])
    page = client.get("/staff/")
    assert page["Content-Language"] == "nl"
    assert '<html lang="nl"' in page.content.decode()
    assert "Mijn werk vandaag" in page.content.decode()


def test_a_staff_member_s_own_choice_wins_over_the_organisation_s(client, world):
    services.organisation_language_set(organisation=world.organisations["ghent"], language="nl", actor=Actor.system("test"))
    sign_in(client, world.staff["doctor"])
    answer = client.post("/staff/profile/", {"language": "fr"})
    assert answer.status_code == 200
    assert '<html lang="fr"' in answer.content.decode()  # the confirmation is already in French
    assert client.get("/staff/")["Content-Language"] == "fr"
    # Back to following the organisation.
    client.post("/staff/profile/", {"language": ""})
    assert client.get("/staff/")["Content-Language"] == "nl"


def test_a_language_the_staff_side_does_not_speak_is_refused(client, world):
    sign_in(client, world.staff["doctor"])
    answer = client.post("/staff/profile/", {"language": "ar"})
    assert answer.status_code == 200
    assert "There is a problem" in answer.content.decode()
    world.staff["doctor"].refresh_from_db()
    assert world.staff["doctor"].language == ""


def test_the_profile_page_offers_the_organisation_s_language_first_and_preselects_nothing_else(client, world):
    sign_in(client, world.staff["utrecht_worker"])
    html = client.get("/staff/profile/").content.decode()
    assert "Your organisation&#x27;s language (English)" in html
    assert html.count("selected") == 1  # the organisation's language, which is what they have now


def test_before_signing_in_the_browser_s_staff_language_is_used_and_others_fall_back_to_english(client, world):
    assert Client(HTTP_ACCEPT_LANGUAGE="it").get("/staff/sign-in/")["Content-Language"] == "it"
    assert Client(HTTP_ACCEPT_LANGUAGE="ar").get("/staff/sign-in/")["Content-Language"] == "en"


def test_the_portal_keeps_the_language_of_its_address(client, world):
    services.organisation_language_set(organisation=world.organisations["ghent"], language="nl", actor=Actor.system("test"))
    sign_in(client, world.staff["crisis_worker"])
    assert client.get("/ar/")["Content-Language"] == "ar"


def test_the_demo_centres_speak_dutch_and_the_liege_centre_french(db):
    demo = build_demo_world()
    assert demo.organisations["ghent"].language == "nl"
    assert demo.organisations["utrecht"].language == "nl"
    assert demo.staff["liege_worker"].staff_language == "fr"
    assert demo.staff["analyst"].staff_language == "en"


def test_the_database_refuses_a_language_the_staff_side_does_not_speak(world):
    from django.db import IntegrityError, transaction

    from safereport.accounts.models import Organisation

    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=world.organisations["ghent"].pk).update(language="ar")
