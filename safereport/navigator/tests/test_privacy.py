"""The victim view keeps nothing: no session, no cookie, no database row, no log line."""

import logging

import pytest

from safereport.navigator.tests.test_views import ANSWERS

# The date that counts time limits (issue 12 §2) is as private as the rest.
SECRET_ANSWERS = {**ANSWERS, "crime": ["sexual_exploitation", "rape"], "perpetrator": "family", "counted_from": "2026-02-14"}


@pytest.mark.django_db
def test_answering_touches_no_database_and_sets_no_cookie(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.post("/en/rights/", SECRET_ANSWERS)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    # (client.session would create a session itself; look at what the browser holds.)
    assert not client.cookies
    from django.contrib.sessions.models import Session

    assert Session.objects.count() == 0


def test_answers_never_reach_a_log(client, caplog):
    caplog.set_level(logging.DEBUG)
    client.post("/en/rights/", SECRET_ANSWERS)
    client.post("/en/rights/", {**SECRET_ANSWERS, "perpetrator": "nonsense"})  # an error path too
    logged = " ".join(record.getMessage() for record in caplog.records)
    for answer in ("sexual_exploitation", "rape", "family", "undocumented", "nonsense"):
        assert answer not in logged


def test_answers_never_appear_in_the_address(client):
    response = client.post("/en/rights/", SECRET_ANSWERS)
    assert "rape" not in response.request["PATH_INFO"] and not response.request.get("QUERY_STRING")


def test_results_are_not_cached(client):
    response = client.post("/en/rights/", SECRET_ANSWERS)
    assert "no-store" in response.headers.get("Cache-Control", "")


def test_nothing_about_the_situation_survives_to_the_next_visit(client):
    from django.test import Client

    fresh = Client().get("/en/rights/").content
    client.post("/en/rights/", SECRET_ANSWERS)
    assert client.get("/en/rights/").content == fresh


@pytest.mark.django_db(databases="__all__")  # the audit anchors live in the key store
def test_no_audit_event_is_written(client):
    from django.apps import apps

    models = [m for m in apps.get_models() if m._meta.app_label == "audit"]
    before = {m: m.objects.count() for m in models}
    client.post("/en/rights/", SECRET_ANSWERS)
    assert {m: m.objects.count() for m in models} == before
