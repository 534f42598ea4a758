"""Reply to a new contact in two clicks; closing asks why (issue 13 §11, ADR 0030).

From the inbox, a worker opens a new contact and, on that one page, takes the
case and sends the first reply in one POST ("Take this case and send reply").
"Close case" opens a page that asks for confirmation and a reason from a list;
the reason is on the audit event and shown on the case page as words.
"""

import re

import pytest
from django.test import Client

from conftest import sign_in
from safereport.audit.models import AuditEvent
from safereport.cases.models import Case
from safereport.cases.tests.test_browser_scenarios import staff_page

pytestmark = pytest.mark.django_db(databases="__all__")


def test_taking_and_replying_is_one_post_from_the_case_page(world):
    case = world.cases["unassigned"]
    worker = world.staff["crisis_worker"]
    client = sign_in(Client(), worker)
    page = client.get(f"/staff/cases/{case.public_id}/").content.decode()
    assert "Take this case and send reply" in page and 'name="take" value="1"' in page

    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/staff/cases/{case.public_id}/reply/",
        {"take": "1", "message": "We are here. You can write any time.", "form_token": token},
        follow=True,
    )
    assert worker in case.assigned_staff.all()
    assert case.messages.filter(sender="centre").count() == 1
    assert "You took this case and your reply is saved." in response.content.decode()
    actions = list(AuditEvent.objects.filter(case_ref=str(case.public_id)).values_list("action", flat=True))
    assert {"cases:case:assigned", "cases:message:sent"} <= set(actions)
    # Now it is theirs: the plain reply button.
    assert "Take this case and send reply" not in client.get(f"/staff/cases/{case.public_id}/").content.decode()


def test_an_empty_reply_takes_nothing(world):
    case = world.cases["unassigned"]
    client = sign_in(Client(), world.staff["crisis_worker"])
    response = client.post(f"/staff/cases/{case.public_id}/reply/", {"take": "1", "message": ""})
    assert response.status_code == 400
    assert not case.assigned_staff.exists() and not case.messages.filter(sender="centre").exists()


def test_close_case_asks_for_a_reason_and_shows_it_in_words(world):
    case = world.cases["assigned"]
    client = sign_in(Client(), world.staff["crisis_worker"])
    detail = client.get(f"/staff/cases/{case.public_id}/").content.decode()
    assert f'href="/staff/cases/{case.public_id}/close/"' in detail
    assert 'value="close"' not in detail  # no one-tap close button

    # The old one-tap POST only leads to the question.
    response = client.post(f"/staff/cases/{case.public_id}/status/", {"transition": "close"})
    assert response["Location"] == f"/staff/cases/{case.public_id}/close/"
    assert Case.objects.get(pk=case.pk).status != "closed"

    page = client.get(f"/staff/cases/{case.public_id}/close/").content.decode()
    assert "Why is this case closed?" in page and "checked" not in page
    response = client.post(f"/staff/cases/{case.public_id}/close/", {})
    assert response.status_code == 400 and "Choose why the case is closed." in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()
    assert Case.objects.get(pk=case.pk).status != "closed"

    response = client.post(f"/staff/cases/{case.public_id}/close/", {"reason": "person_asked"}, follow=True)
    assert Case.objects.get(pk=case.pk).status == "closed"
    event = AuditEvent.objects.filter(action="cases:case:transition", details__to="closed").get()
    assert event.details["reason"] == "person_asked"
    page = response.content.decode()
    assert "Case closed. Reason: The person asked to close it." in page
    assert "(The person asked to close it)" in page and "person_asked" not in page


def test_a_reason_not_on_the_list_closes_nothing(world):
    case = world.cases["assigned"]
    client = sign_in(Client(), world.staff["crisis_worker"])
    response = client.post(f"/staff/cases/{case.public_id}/close/", {"reason": "tired_of_it"})
    assert response.status_code == 400 and Case.objects.get(pk=case.pk).status != "closed"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, databases="__all__")
def test_in_chromium_a_worker_takes_and_replies_then_closes_with_a_reason(live_server, world, browser):
    case = world.cases["unassigned"]
    context, page = staff_page(browser, live_server, world.staff["crisis_worker"])
    page.goto(f"{live_server.url}/staff/cases/inbox/")
    page.click(f"a:has-text('{case.code}')")
    page.fill("#id_message", "We are here. You can write any time.")
    page.click("button:has-text('Take this case and send reply')")
    assert "You took this case and your reply is saved." in page.content()
    assert world.staff["crisis_worker"] in case.assigned_staff.all()

    page.click("a:has-text('Close case')")
    page.click("main form button[type=submit]")
    assert "Choose why the case is closed." in page.locator(".error-summary").inner_text()
    page.check("input[name=reason][value=supported_elsewhere]")
    page.click("main form button[type=submit]")
    assert "The person is now supported by another service" in page.locator("#status").inner_text()
    assert Case.objects.get(pk=case.pk).status == "closed"
    context.close()
