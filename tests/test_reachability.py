"""Every page a role may use is reachable by links from its start page (issue 13 §10).

For each demo persona, a crawler starts at /staff/ and follows only links. It
must reach every view the URL × role matrix lets that persona open (object
views through their lists). A new app's views are in the matrix (the matrix
test fails otherwise), so they are checked here without editing this file.
"""

import pytest

from conftest import sign_in
from tests.crawl import crawl, pages_allowed, prepare_objects
from tests.test_url_access_matrix import PERSONAS

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_page_a_persona_may_use_is_reachable_by_links_from_the_start_page(persona, client, world):
    prepare_objects(world)
    sign_in(client, world.staff[persona])
    reached = {name for _, name, response in crawl(client) if response.status_code == 200}
    missing = pages_allowed(persona) - reached
    assert not missing, f"{persona} cannot reach by links: {sorted(missing)}"


# The desk's own roles (ADR 0027 §12, demo personas since ADR 0037). Each may open
# what the desk's advocate (desk_officer, same organisation) may open, narrowed to
# the views whose declared permission the role holds; and every link it is shown
# leads to a page it may open.
DESK_ROLES = ("desk_coordinator", "desk_caseworker", "desk_legal_adviser")


def pages_for_a_desk_role(persona, world) -> set[str]:
    from django.conf import settings
    from django.urls import resolve

    from safereport.accounts.policies import roles_grant
    from safereport.core.access import access_rule_of
    from tests.test_url_access_matrix import EXPECTED

    roles = world.staff[persona].roles
    # The desk's own inbox, which no persona of the matrix holds (its advocate included).
    allowed = {"police:desk_inbox", "police:desk_contact"} if roles_grant(roles, "police:desk_inbox:use") else set()
    for name in pages_allowed("desk_officer"):
        rule = access_rule_of(resolve(EXPECTED[name][0](world).split("?")[0], urlconf=settings.STAFF_URLCONF).func)
        if rule is not None and (rule.permission is None or roles_grant(roles, rule.permission)):
            allowed.add(name)
    return allowed


@pytest.mark.parametrize("persona", DESK_ROLES)
def test_each_desk_role_reaches_its_work_by_links_and_never_a_refusal(persona, client, world):
    prepare_objects(world)  # a desk contact among them (tests/test_url_access_matrix.a_desk_contact)
    sign_in(client, world.staff[persona])
    answers = {name: response.status_code for _, name, response in crawl(client)}
    reached = {name for name, status in answers.items() if status == 200}
    missing = pages_for_a_desk_role(persona, world) - reached
    assert not missing, f"{persona} cannot reach by links: {sorted(missing)}"
    refused = {name: status for name, status in answers.items() if status >= 400}
    assert not refused, f"{persona} is shown links it may not follow: {refused}"
    assert not any(name.startswith("cases:") for name in reached), "a desk role never reaches a case"


def test_every_page_about_one_case_links_back_to_the_case(client, world):
    """Encounters, needs, consent, previews: a way back to the case page, without the browser's Back."""
    from django.conf import settings
    from django.urls import resolve

    from tests.crawl import parse

    prepare_objects(world)
    sign_in(client, world.staff["case_manager"])
    without = []
    for path, name, response in crawl(client):
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        case_id = resolve(path.split("?")[0], urlconf=settings.STAFF_URLCONF).kwargs.get("case_id")
        if case_id is None or name == "cases:detail":
            continue
        # A link to a part of the case page ("…/#evidence") is a way back too.
        if f"/staff/cases/{case_id}/" not in {link.split("#")[0] for link in parse(response.content.decode()).links}:
            without.append(name)
    assert not without, f"no link back to the case on: {sorted(set(without))}"
