"""Every string a person or staff member typed is shown isolated: in a <bdi> or an element with dir="auto".

Isolation keeps a typed string's direction to itself: Arabic next to a number
in a label, or an override that came in before the boundary cleaned such
things, cannot reorder the page's own words around it. Each test fills every
typed field of a case with a marker, renders the pages that show them, and
checks the element around each marker.
"""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from conftest import sign_in
from safereport.cases import services as case_services
from safereport.consent import services as consent_services
from safereport.consent.purposes import Purpose
from safereport.consent.tests.helpers import give
from safereport.core.categories import DataCategory as C
from safereport.portal.tests.test_contact_and_return import code_from, portal_cases, write_to_centre

pytestmark = pytest.mark.django_db(databases="__all__")

# Markers mix directions, as real text does: "ZQ" + an Arabic word + a number.
MARK = {
    name: f"ZQ{name} كلمة 7"
    for name in (
        "message",
        "reply",
        "contact",
        "case_interpreter",
        "visit_interpreter",
        "access",
        "times",
        "note",
        "name",
        "care",
        "account",
        "encounter_interpreter",
        "consent_language",
        "consent_interpreter",
    )
}


class Surroundings(HTMLParser):
    """For each marker found in the text of a page: the innermost element around it and its attributes."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base", "embed", "track"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.found: dict[str, list[tuple[str, dict[str, str | None]]]] = {}

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        for name, marker in MARK.items():
            if marker.split()[0] in data:
                self.found.setdefault(name, []).append(self.stack[-1] if self.stack else ("(none)", {}))


def surroundings(html: str) -> dict[str, list[tuple[str, dict[str, str | None]]]]:
    parser = Surroundings()
    parser.feed(html)
    return parser.found


def assert_isolated(html: str, expected: set[str], page: str) -> None:
    found = surroundings(html)
    assert expected <= set(found), f"{page}: not shown at all: {expected - set(found)}"
    for name, places in found.items():
        for tag, attributes in places:
            # <bdi> takes its direction from its own text; elsewhere dir="auto" does (a fixed dir would force one).
            isolated = attributes.get("dir") == "auto" or (tag == "bdi" and "dir" not in attributes)
            assert isolated, f"{page}: {name} shown inside <{tag} {attributes}> without isolation"


@pytest.fixture
def typed_case(world):
    """A case the person wrote into and staff worked on, with a marker in every typed field."""
    victim = Client()
    code = code_from(
        write_to_centre(
            victim,
            world,
            message=MARK["message"],
            may_contact="yes",
            contact_how_and_when=MARK["contact"],
            interpreter_language="other",
            interpreter_language_other=MARK["case_interpreter"],
        )
    )
    victim.post("/en/back/", {"code": code})
    victim.post(
        "/en/visit/",
        {
            "kind": "talk",
            "interpreter_language": "other",
            "interpreter_language_other": MARK["visit_interpreter"],
            "access_needs": MARK["access"],
            "safe_times": MARK["times"],
        },
    )
    case = portal_cases().get()
    worker, doctor = world.staff["crisis_worker"], world.staff["doctor"]
    case_services.case_assign(case=case, assignee=worker, actor=worker)
    case_services.case_assign(case=case, assignee=doctor, actor=worker)
    case_services.message_send_from_centre(case=case, author=worker, text=MARK["reply"])
    case_services.appointment_propose(
        appointment=case.appointments.get(), actor=worker, proposed_for=timezone.now(), note=MARK["note"]
    )
    case_services.name_as_given_set(case=case, actor=worker, name=MARK["name"])
    case_services.care_plan_item_add(
        case=case, actor=worker, kind="other", owner=worker, due_on=timezone.localdate(), detail=MARK["care"]
    )
    encounter = case_services.encounter_record(
        case=case,
        professional=doctor,
        kind="visit",
        occurred_at=timezone.now(),
        texts={"account_sealed": MARK["account"]},
        interpreter_language="other",
        interpreter_language_other=MARK["encounter_interpreter"],
    )
    give(
        world,
        case,
        [C.INCIDENT_ACCOUNT],
        interpreter_language="other",
        interpreter_language_other=MARK["consent_interpreter"],
    )
    case.refresh_from_db()
    return case, victim, encounter


def test_the_staff_case_page_isolates_everything_typed(world, typed_case):
    case, _, _ = typed_case
    html = sign_in(Client(), world.staff["crisis_worker"]).get(f"/staff/cases/{case.public_id}/").content.decode()
    expected = {"message", "reply", "contact", "case_interpreter", "visit_interpreter", "access", "times", "name", "care"}
    assert_isolated(html, expected, "case page")


def test_the_encounter_page_isolates_what_was_recorded(world, typed_case):
    case, _, encounter = typed_case
    staff = sign_in(Client(), world.staff["doctor"])
    html = staff.get(f"/staff/cases/{case.public_id}/encounters/{encounter.public_id}/").content.decode()
    assert_isolated(html, {"account", "encounter_interpreter"}, "encounter page")


def test_the_consent_page_isolates_the_languages_of_the_ledger(world, typed_case):
    case, _, _ = typed_case
    html = sign_in(Client(), world.staff["doctor"]).get(f"/staff/consent/cases/{case.public_id}/").content.decode()
    assert_isolated(html, {"consent_interpreter"}, "consent page")


def test_the_portal_isolates_the_conversation_and_the_copy(typed_case):
    _, victim, _ = typed_case
    assert_isolated(victim.get("/en/messages/").content.decode(), {"message", "reply", "note"}, "conversation")
    assert_isolated(victim.get("/en/mine/copy/").content.decode(), {"message", "reply"}, "copy")


def test_a_package_isolates_what_it_carries(world, typed_case):
    case, _, _ = typed_case
    package = consent_services.disclosure_build(
        case=case, recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"]
    )
    html = sign_in(Client(), world.staff["police_liaison"]).get(f"/staff/consent/packages/{package.public_id}/").content.decode()
    assert_isolated(html, {"account"}, "package")


def test_the_check_finds_a_string_that_is_not_isolated():
    """The checker itself can fail: a marker in a plain cell is reported."""
    html = f"<table><tr><td>{MARK['name']}</td></tr></table><p>{MARK['care']}</p><bdi>{MARK['note']}</bdi>"
    with pytest.raises(AssertionError, match="name shown inside <td"):
        assert_isolated(html, {"name"}, "sample")
    assert_isolated(f'<span dir="auto">{MARK["name"]}</span><bdi>{MARK["note"]}</bdi>', {"name", "note"}, "sample")
