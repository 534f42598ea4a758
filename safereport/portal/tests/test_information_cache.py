"""Information pages kept ready per language (docs/adr/0034): faster, and nothing leaks between visitors.

A page served from the cache renders no template (the test client lists the
templates a response rendered), touches no database, creates no session, and
carries the same security headers as the page the full path made.
"""

import pytest
from django.core.cache import cache
from django.test import override_settings

from conftest import sign_in

pytestmark = pytest.mark.django_db(databases="__all__")

SECURITY_HEADERS = (
    "Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
    "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Permissions-Policy", "Cache-Control",
    "X-Robots-Tag", "Content-Language", "Content-Type",
)


@pytest.fixture(autouse=True)
def kept_for_ten_minutes():
    cache.clear()
    with override_settings(PORTAL_INFORMATION_CACHE_SECONDS=600):
        yield
    cache.clear()


def test_the_second_visitor_gets_the_kept_page_with_the_same_headers_and_no_database(client, django_assert_num_queries):
    first = client.get("/fr/about/first-visit/")
    assert first.status_code == 200 and first.templates  # made by the full path
    with django_assert_num_queries(0):
        second = client.get("/fr/about/first-visit/")
    assert second.status_code == 200 and not second.templates  # kept: no template rendered
    assert second.content == first.content
    for header in SECURITY_HEADERS:
        assert second[header] == first[header], header
    assert second["X-Request-ID"] != first["X-Request-ID"]  # each request keeps its own id
    assert not second.cookies and not client.cookies
    from django.contrib.sessions.models import Session

    assert Session.objects.count() == 0


@pytest.mark.parametrize("path", ["/{lang}/", "/{lang}/help-now/", "/{lang}/about/victim-rights-eu/"])
def test_each_language_keeps_its_own_page(client, path):
    pages = {}
    for language in ("en", "ar", "ti"):
        client.get(path.format(lang=language))
        kept = client.get(path.format(lang=language))
        assert not kept.templates
        assert kept["Content-Language"] == language
        assert f'<html lang="{language}"' in kept.content.decode()
        pages[language] = kept.content
    assert len(set(pages.values())) == 3


def test_a_person_with_a_session_always_gets_the_full_path(client, world):
    from safereport.portal.tests.test_contact_and_return import write_to_centre

    write_to_centre(client, world)  # they have written: their session cookie is set
    assert "sr_portal" in client.cookies
    client.get("/en/")
    again = client.get("/en/")
    assert again.templates, "a person with a session must never be given a kept page"


def test_a_query_string_or_a_post_is_never_answered_from_the_cache(client):
    client.get("/en/help-now/")
    assert client.get("/en/help-now/?x=1").templates
    assert client.post("/en/help-now/").status_code == 405


def test_a_host_this_server_does_not_answer_to_is_refused_even_when_kept(client):
    client.get("/en/")
    assert client.get("/en/", HTTP_HOST="evil.example").status_code == 400


def test_staff_pages_are_never_kept(client, world):
    sign_in(client, world.staff["crisis_worker"])
    client.get("/staff/")
    assert client.get("/staff/").templates


def test_turned_off_nothing_is_kept(client):
    with override_settings(PORTAL_INFORMATION_CACHE_SECONDS=0):
        client.get("/en/")
        assert client.get("/en/").templates
