"""Health probes say one word; the request log says what happened and nothing about who.

A person writes to a centre, keeps their code, comes back with it and reads
the conversation; a worker opens the case. Every log line written meanwhile
is a JSON object with a request id, a route template, a status and a
duration, and none carries the person's address, user agent or code, nor
the case's id, the one-time form token or the message.
"""

import io
import json
import logging
import re

import pytest
from django.test import Client

from conftest import sign_in
from safereport.cases.models import Case
from safereport.core.logging import JsonFormatter, RedactClientData
from safereport.portal.tests.test_contact_and_return import FIRST_MESSAGE, code_from, contact_token

pytestmark = pytest.mark.django_db(databases="__all__")

ADDRESS = "203.0.113.77"
FORWARDED = "198.51.100.23"
AGENT = "LeakCheckAgent/9.1 (observability)"


@pytest.fixture
def log_lines():
    """Every record the project logs during the test, formatted as production formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactClientData())
    loggers = [logging.getLogger(), logging.getLogger("safereport.requests"), logging.getLogger("django.request")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
    logging.getLogger("safereport.requests").setLevel(logging.INFO)
    yield lambda: [line for line in stream.getvalue().splitlines() if line]
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def test_a_journey_leaves_json_lines_without_address_agent_code_or_ids(world, log_lines):
    victim = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT, HTTP_X_FORWARDED_FOR=FORWARDED)
    token = contact_token(victim)
    response = victim.post(
        "/en/write/",
        {
            "form_token": token,
            "centre": str(world.organisations["ghent"].public_id),
            "message": FIRST_MESSAGE,
            "help_kinds": ["health"],
            "preferred_language": "en",
            "interpreter_language": "",
            "companion": "no",
            "may_contact": "no",
            "contact_how_and_when": "",
        },
    )
    code = code_from(response)
    again = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    again.get("/en/back/")
    assert again.post("/en/back/", {"code": code}).status_code == 302
    assert again.get("/en/messages/").status_code == 200
    again.post("/en/back/", {"code": "1234 5678 9012 3456"})  # a wrong code is not logged either
    case = Case.objects.get(receipt_lookup__isnull=False)
    worker = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    sign_in(worker, world.staff["crisis_worker"])
    assert worker.get(f"/staff/cases/{case.public_id}/").status_code == 200
    victim.get("/en/about/no-such-page/")  # a 404

    lines = log_lines()
    requests = [json.loads(line) for line in lines if '"logger": "safereport.requests"' in line]
    assert len(requests) >= 8
    for entry in requests:
        assert re.fullmatch(r"[0-9a-f]{32}", entry["request_id"])
        assert isinstance(entry["status"], int) and entry["duration_ms"] >= 0
    routes = {(entry["method"], entry["route"], entry["status"]) for entry in requests}
    assert ("POST", "/en/write/", 200) in routes
    assert ("GET", "/staff/cases/<uuid:case_id>/", 200) in routes
    assert ("POST", "/en/back/", 302) in routes
    assert ("GET", "/en/about/<slug:slug>/", 404) in routes
    assert len({entry["request_id"] for entry in requests}) == len(requests)

    everything = "\n".join(lines)
    for secret in (ADDRESS, FORWARDED, AGENT, code, code.replace(" ", ""), str(case.public_id), token, "no-such-page",
                   FIRST_MESSAGE[:20]):
        assert secret not in everything, f"{secret!r} reached the log"


def test_liveness_and_readiness_say_one_word_and_set_nothing(client):
    live = client.get("/healthz/live", HTTP_HOST="10.0.0.5:8000")  # a probe's host, not a site name
    ready = client.get("/healthz/ready", HTTP_HOST="10.0.0.5:8000")
    for response in (live, ready):
        assert response.status_code == 200
        assert response.content == b"ok\n"
        assert not response.cookies
        assert response["Cache-Control"] == "no-store"
    assert client.post("/healthz/ready").status_code == 405


def test_readiness_fails_with_one_word_when_the_key_store_is_away(client, settings, monkeypatch, log_lines):
    from django.db import OperationalError, connections

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 10.9.9.9 refused")

    monkeypatch.setattr(connections["keystore"], "cursor", refuse)
    response = client.get("/healthz/ready")
    assert response.status_code == 503
    assert response.content == b"unavailable\n"
    assert client.get("/healthz/live").status_code == 200
    logged = "\n".join(log_lines())
    assert "keystore database does not answer" in logged
    assert "10.9.9.9" not in logged


def database_away(monkeypatch):
    from django.db import OperationalError, connections

    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    for alias in ("default", "keystore"):
        monkeypatch.setattr(connections[alias], "cursor", refuse)


def test_while_the_database_is_away_a_person_is_told_to_try_again_and_that_nothing_was_lost(world, monkeypatch):
    victim = Client(raise_request_exception=False)
    token = contact_token(victim, "fr")
    database_away(monkeypatch)

    response = victim.post("/fr/write/", {"form_token": token, "message": FIRST_MESSAGE})

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Rien n’a été perdu" in page or "Rien n'a été perdu" in page
    assert 'lang="fr"' in page
    assert "Traceback" not in page and "OperationalError" not in page and "Connection refused" not in page
    assert not response.cookies.get("sr_portal")


def test_while_the_database_is_away_staff_get_the_same_calm_page(world, monkeypatch):
    worker = Client(raise_request_exception=False)
    sign_in(worker, world.staff["crisis_worker"])
    database_away(monkeypatch)

    response = worker.get(f"/staff/cases/{world.cases['assigned'].public_id}/")

    assert response.status_code == 503
    page = response.content.decode()
    assert "Nothing you saved before this page was lost" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_metrics_exist_only_with_the_token_and_count_without_naming_anyone(world, settings, client):
    settings.METRICS_TOKEN = "metrics-token-for-the-test"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    client.get("/en/write/")
    client.get("/en/about/no-such-page/")

    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer metrics-token-for-the-test")

    assert response.status_code == 200
    text = response.content.decode()
    assert re.search(r'safereport_requests_total\{pid="\d+",view="portal:contact",method="GET",status="2xx"\} [1-9]', text)
    assert re.search(r'safereport_request_duration_seconds_count\{pid="\d+",view="portal:contact"\} [1-9]', text)
    assert 'status="4xx"' in text
    # The demo world's four cases wait at first contact; only "unassigned" has nobody yet.
    assert re.search(r"^safereport_new_contacts_waiting 1$", text, re.MULTILINE)
    assert re.search(r"^safereport_care_plan_items_overdue 0$", text, re.MULTILINE)
    assert "no-such-page" not in text
    for case in world.cases.values():
        assert str(case.public_id) not in text


def test_metrics_are_off_without_a_token(client, settings):
    settings.METRICS_TOKEN = None
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404
