"""The session-wide log watch (tests/log_watch.py) catches a line that leaks, and fails the run for it."""

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from safereport.cases.models import Case
from safereport.portal.tests.test_contact_and_return import FIRST_MESSAGE, code_from, contact_token
from tests.log_watch import WATCH

pytestmark = pytest.mark.django_db(databases="__all__")

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def leaked():
    """What the watch found in the lines this test writes; those lines are then forgotten, so the run stays green."""
    since = WATCH.mark()
    yield lambda: {leak.carries for leak in WATCH.leaks(since=since)}
    WATCH.forget(since)


def write_to_the_centre(world):
    person = Client()
    token = contact_token(person)
    response = person.post(
        "/en/write/",
        {
            "form_token": token, "centre": str(world.organisations["ghent"].public_id), "message": FIRST_MESSAGE,
            "preferred_language": "en", "interpreter_language": "", "companion": "no", "may_contact": "no",
            "contact_how_and_when": "",
        },
    )
    return code_from(response), token, Case.objects.get(receipt_lookup__isnull=False)


def test_the_journey_itself_logs_nothing_the_watch_objects_to(world, leaked):
    code, _, case = write_to_the_centre(world)
    Client().post("/en/back/", {"code": code})
    assert leaked() == set()


def test_a_line_with_the_persons_code_their_words_or_the_case_is_caught(world, leaked):
    code, token, case = write_to_the_centre(world)
    log = logging.getLogger("safereport.cases")
    log.warning("came back with %s", code)
    log.warning("came back with %s", code.replace(" ", ""))
    log.warning("the message was: %s", FIRST_MESSAGE)
    log.warning("opened case %s (%s)", case.code, case.public_id)
    log.warning("form %s", token)
    assert {"a receipt code", "a sealed text", "a case code"} <= leaked()
    assert leaked() & {"a one-time form token", "a token"}


def test_each_kind_of_value_is_caught_on_its_own(world, leaked):
    code, token, case = write_to_the_centre(world)
    log = logging.getLogger("safereport.cases")
    for value, carries in [
        (code, "a receipt code"), (code.replace(" ", ""), "a receipt code"), (case.code, "a case code"),
        (f"words: {FIRST_MESSAGE}", "a sealed text"),
    ]:
        since = WATCH.mark()
        log.warning("about %s!", value)
        assert {leak.carries for leak in WATCH.leaks(since=since)} == {carries}, value


def test_a_case_id_is_written_as_id_and_would_be_caught_if_it_were_not(world, leaked):
    _, _, case = write_to_the_centre(world)
    since = WATCH.mark()
    logging.getLogger("django.request").error("Service Unavailable: %s", f"/staff/cases/{case.public_id}/")
    assert WATCH.lines[since:] and all(str(case.public_id) not in line and "[id]" in line for line in WATCH.lines[since:])
    # A handler without the project's filter would have written it as it came:
    WATCH.lines.append(f"Service Unavailable: /staff/cases/{case.public_id}/")
    assert leaked() == {"a case id"}


@pytest.mark.parametrize(
    ("line", "carries"),
    [
        ("write to me at amina@example.org", "an e-mail address"),
        ("call +32 470 12 34 56 after six", "a phone number"),
        ("from 203.0.113.77", "an IPv4 address"),
        ("from 2001:db8:0:0:0:0:2:1", "an IPv6 address"),
        ("agent Mozilla/5.0 (X11; Linux x86_64)", "a user agent"),
    ],
)
def test_addresses_phone_numbers_and_user_agents_are_caught_whoever_wrote_them(line, carries, leaked):
    logging.getLogger("django.request").error(line)
    assert leaked() == {carries}


def test_times_durations_and_route_templates_are_not_taken_for_addresses(leaked):
    logging.getLogger("safereport.requests").info(
        "request", extra={"fields": {"route": "staff/cases/<uuid:case_id>/", "duration_ms": 12.345, "at": "09:26:00.123"}}
    )
    assert leaked() == set()


def test_a_session_that_logs_a_leak_fails_even_when_its_tests_pass(tmp_path):
    (tmp_path / "test_leaky.py").write_text(
        "import logging\n\n"
        "def test_passes_but_logs_an_address():\n"
        "    logging.getLogger('safereport.portal').warning('write to me at amina@example.org')\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT),
         "-p", "tests.log_watch", "-p", "no:randomly", str(tmp_path / "test_leaky.py")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert "1 passed" in run.stdout, run.stdout + run.stderr
    assert run.returncode == 1
    assert "log watch: 1 log lines carry what must never be logged" in run.stdout
    assert "an e-mail address (" in run.stdout and "amina@example.org" in run.stdout
