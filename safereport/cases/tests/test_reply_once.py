"""A staff reply takes effect once (issue 19, ADR 0032).

The case page's reply form carries a one-time token (safereport.core.once, as
the contact form does since ADR 0023). A second click, a reload of the answer,
Send pressed again after an app server died before answering, or two posts at
the same moment on two app servers: the person sees one reply.
"""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from conftest import sign_in
from safereport.audit.models import AuditEvent
from safereport.cases import services
from safereport.cases.models import PortalMessage, Sender
from safereport.cases.selectors import conversation_for_staff
from safereport.cases.views.cases import reply_purpose
from safereport.core import once

pytestmark = pytest.mark.django_db(databases="__all__")

REPLY = "You can come tomorrow at ten. Papers do not matter for care."
SAVED = "Reply saved. The person sees it when they come back with their code."
ALREADY = "This reply was already saved; it was not sent a second time."
OPEN_TOO_LONG = "This page was open for a long time. If your reply is not in the conversation above, press Send reply again."


def replies_on(case) -> list[PortalMessage]:
    return list(PortalMessage.objects.filter(case=case, sender=Sender.CENTRE))


def sent_events(case) -> int:
    return AuditEvent.objects.filter(action="cases:message:sent", subject=f"case:{case.public_id}").count()


def reply_token_on_the_page(client, case) -> str:
    page = client.get(f"/staff/cases/{case.public_id}/").content.decode()
    found = re.search(r'name="form_token" value="([^"]*)"', page)
    assert found, "the case page carries the reply form's one-time token"
    return found.group(1)


def press_send(client, case, token, message=REPLY):
    return client.post(
        f"/staff/cases/{case.public_id}/reply/", {"message": message, "form_token": token}, follow=True
    )


def test_send_pressed_twice_stores_one_reply_and_the_second_press_says_it_was_already_saved(world):
    case = world.cases["assigned"]
    worker = sign_in(Client(), world.staff["crisis_worker"])
    token = reply_token_on_the_page(worker, case)

    first = press_send(worker, case, token)
    assert SAVED in first.content.decode()
    second = press_send(worker, case, token)
    body = second.content.decode()
    assert second.status_code == 200 and ALREADY in body and SAVED not in body

    assert len(replies_on(case)) == 1
    assert sent_events(case) == 1


def test_the_same_form_pressed_again_on_the_other_app_server_stores_nothing_new(world):
    # The first answer was lost with the instance that stored it; the browser
    # sends the same form again, and the proxy hands it to the other instance
    # (another client here, the same signed-in worker: sessions live in the database).
    case = world.cases["assigned"]
    on_a = sign_in(Client(), world.staff["crisis_worker"])
    token = reply_token_on_the_page(on_a, case)
    press_send(on_a, case, token)

    on_b = sign_in(Client(), world.staff["crisis_worker"])
    again = press_send(on_b, case, token)
    assert ALREADY in again.content.decode()
    assert len(replies_on(case)) == 1


def test_each_page_load_gives_a_new_form_so_a_second_reply_goes_through(world):
    case = world.cases["assigned"]
    worker = sign_in(Client(), world.staff["crisis_worker"])
    press_send(worker, case, reply_token_on_the_page(worker, case), message="First reply.")
    press_send(worker, case, reply_token_on_the_page(worker, case), message="Second reply.")
    conversation, _ = conversation_for_staff(case=case, actor=world.staff["crisis_worker"])
    texts = [m.text for m in conversation if m.from_centre]
    assert texts[-2:] == ["First reply.", "Second reply."]


def test_a_reply_without_a_token_or_with_a_forged_one_saves_nothing_and_keeps_the_text(world):
    case = world.cases["assigned"]
    worker = sign_in(Client(), world.staff["crisis_worker"])
    for token in ("", "forged:token:value", once.issue("portal:contact").value):
        response = press_send(worker, case, token)
        body = response.content.decode()
        assert response.status_code == 400
        assert OPEN_TOO_LONG in body
        assert "Papers do not matter for care." in body  # the typed text is kept
        fresh = re.search(r'name="form_token" value="([^"]*)"', body).group(1)
        assert once.read(fresh, purpose=reply_purpose(case)) is not None
    assert replies_on(case) == []


def test_a_token_from_one_cases_page_sends_nothing_to_another_case(world):
    assigned, other = world.cases["assigned"], world.cases["unassigned"]
    worker = sign_in(Client(), world.staff["case_manager"])
    token = reply_token_on_the_page(worker, assigned)
    response = press_send(worker, other, token)
    assert response.status_code == 400
    assert replies_on(other) == []


def test_an_empty_reply_keeps_its_token_unspent(world):
    case = world.cases["assigned"]
    worker = sign_in(Client(), world.staff["crisis_worker"])
    token = reply_token_on_the_page(worker, case)
    refused = press_send(worker, case, token, message="")
    assert refused.status_code == 400
    assert f'value="{token}"' in refused.content.decode()  # the same form, still unsent
    assert SAVED in press_send(worker, case, token).content.decode()
    assert len(replies_on(case)) == 1


def test_the_service_spends_the_token_with_the_reply_so_a_second_call_stores_nothing(world):
    case = world.cases["assigned"]
    token = once.issue(reply_purpose(case))
    first = services.message_reply(case=case, author=world.staff["crisis_worker"], text=REPLY, form_token=token)
    second = services.message_reply(case=case, author=world.staff["crisis_worker"], text=REPLY, form_token=token)
    assert first is not None and second is None
    assert len(replies_on(case)) == 1 and sent_events(case) == 1


@pytest.mark.django_db(databases="__all__", transaction=True)
def test_two_posts_of_the_same_form_at_the_same_moment_store_one_reply(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write transaction; the race needs PostgreSQL")
    case = world.cases["assigned"]
    token = once.issue(reply_purpose(case))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def press(author):
        try:
            barrier.wait()
            sent = services.message_reply(case=case, author=author, text=REPLY, form_token=token)
            outcomes.append("stored" if sent is not None else "already saved")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press, args=(world.staff["crisis_worker"],)) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already saved", "stored"]
    assert len(replies_on(case)) == 1 and sent_events(case) == 1
