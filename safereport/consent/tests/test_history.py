"""The person's access history tells the truth: a sentence per action, refusals as refusals, repeats counted."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from conftest import sign_in
from safereport.audit.models import AuditEvent
from safereport.cases import services as case_services
from safereport.consent import selectors, services
from safereport.consent.history import Event, lines
from safereport.consent.purposes import Purpose
from safereport.core.categories import DataCategory as C

pytestmark = pytest.mark.django_db(databases="__all__")


def victim_page(code, language="en"):
    client = Client()
    assert client.post(f"/{language}/back/", {"code": code}).status_code == 302
    # Every line: the newest ones and those behind "show older lines" (issue 13 §9).
    lists = client.get(f"/{language}/mine/").content.decode().split('<ul class="history">')[1:]
    return plain("".join(part.split("</ul>")[0] for part in lists))


def plain(text):
    """Without the isolate marks around organisation names (issue 13 §8): what the reader sees."""
    return text.replace("\u2068", "").replace("\u2069", "")


def event(action, when, roles="crisis_worker", organisation="Care centre Ghent (demo)", subject="case:1", **details):
    return Event(when, action, roles, organisation, subject, details)


def test_a_refused_police_attempt_reads_as_refused(world, examined_case, with_receipt):
    police = sign_in(Client(), world.staff["police_liaison"])
    assert police.get(f"/staff/cases/{examined_case.public_id}/").status_code == 404
    history = victim_page(with_receipt)
    assert "Police liaison officer at Police vice unit Ghent (demo) tried to open your record and was refused" in history
    assert "made a change" not in history
    police_lines = [line for line in selectors.access_history_for_victim(examined_case) if "Police liaison" in plain(line.sentence)]
    assert [line.access for line in police_lines] == ["refused"]


def test_a_staff_reply_reads_as_a_message_not_as_sharing(world, examined_case, with_receipt):
    case_services.message_send_from_centre(case=examined_case, author=world.staff["crisis_worker"], text="You can come tomorrow.")
    history = victim_page(with_receipt)
    assert "Crisis worker at Care centre Ghent (demo) wrote you a message" in history
    assert "shared information" not in history


def test_an_override_reads_as_sharing_without_agreement_once_it_is_safe(world, examined_case, with_receipt):
    override = services.override_request(
        case=examined_case, ground="immediate_risk_to_life", justification="Threat tonight.", categories=[C.SAFETY_AND_RISK],
        recipient=world.organisations["police"], purpose=Purpose.INVESTIGATION, actor=world.staff["doctor"],
    )
    selectors.override_justification_for(actor=world.staff["case_manager"], override=override)
    override = services.override_decide(override=override, approver=world.staff["case_manager"], approve=True)
    services.override_send(override=override, actor=world.staff["doctor"])
    with pytest.raises(services.DisclosureRefused):
        services.override_send(override=override, actor=world.staff["doctor"])  # used once already
    assert "without your agreement" not in victim_page(with_receipt)
    assert not [line for line in selectors.access_history_for_victim(examined_case) if "Case manager" in line.sentence or "information" in line.sentence]
    services.override_mark_safe_to_tell(override=override, actor=world.staff["doctor"])
    history = victim_page(with_receipt)
    for sentence in (
        "Nurse or doctor at Care centre Ghent (demo) asked to share information about you without your agreement, because of a safety concern",
        "Case manager at Care centre Ghent (demo) read why sharing without your agreement was asked for",
        "Case manager at Care centre Ghent (demo) approved sharing information about you without your agreement",
        # The recipient's name is isolated (issue 13 §8).
        "Nurse or doctor at Care centre Ghent (demo) sent information about you · <bdi>Police vice unit Ghent (demo)</bdi> · Safety and risk",
        "Nurse or doctor at Care centre Ghent (demo) tried to send information about you and was refused",
        "Nurse or doctor at Care centre Ghent (demo) decided it is now safe to tell you about sharing without your agreement",
    ):
        assert sentence in history
    assert "made a change" not in history


def test_repeated_opens_by_one_role_on_one_day_are_one_line_with_a_count(world, examined_case, with_receipt):
    worker = sign_in(Client(), world.staff["crisis_worker"])
    for _ in range(12):
        assert worker.get(f"/staff/cases/{examined_case.public_id}/").status_code == 200
    police = sign_in(Client(), world.staff["police_liaison"])
    police.get(f"/staff/cases/{examined_case.public_id}/")
    sign_in(Client(), world.staff["doctor"]).get(f"/staff/cases/{examined_case.public_id}/")
    history = victim_page(with_receipt)
    opened = "Crisis worker at Care centre Ghent (demo) opened your record"
    assert history.count(opened) == 1 and "12 times that day" in history
    # The refusal in between is not buried: it has its own line, and so has the other role.
    assert "tried to open your record and was refused" in history
    assert history.count("Nurse or doctor at Care centre Ghent (demo) opened your record") == 1
    assert AuditEvent.objects.filter(action="cases:case:opened", actor_staff_id=world.staff["crisis_worker"].pk).count() == 12
    with translation.override("ar"):
        arabic = victim_page(with_receipt, "ar")
    assert "12" in arabic and "times that day" not in arabic


def test_views_collapse_per_day_per_role_per_action_and_count_openings_not_fields():
    day = timezone.now().replace(hour=12)
    events = [
        event("cases:case:opened", day),
        *(event("cases:encounter:read", day - timedelta(minutes=5), subject="cases.Encounter:7", field=f) for f in ("a", "b", "c")),
        event("cases:case:opened", day - timedelta(minutes=10), roles="clinician"),
        event("cases:case:access_refused", day - timedelta(minutes=20), roles="police_liaison", organisation="Police"),
        event("cases:case:opened", day - timedelta(minutes=30)),
        *(event("cases:encounter:read", day - timedelta(minutes=40), subject="cases.Encounter:7", field=f) for f in ("a", "b", "c")),
        event("cases:encounter:read", day - timedelta(minutes=41), subject="cases.Encounter:8", field="a"),
        event("cases:case:opened", day - timedelta(days=1)),
    ]
    found = lines(events)
    assert [(line.access, line.times) for line in found] == [
        ("viewed", 2),  # the crisis worker opened the record twice that day
        ("viewed", 3),  # read visit notes: encounter 7 twice (three fields each), encounter 8 once
        ("viewed", 1),  # another role
        ("refused", 1),
        ("viewed", 1),  # the day before
    ]
    assert found[0].occurred_at == day and found[0].repeated == "2 times that day"
    assert found[2].repeated == "" and plain(found[3].sentence) == "Police liaison officer at Police tried to open your record and was refused"


def test_an_event_from_before_actions_were_declared_still_reads_truthfully():
    now = timezone.now()
    found = lines([event("cases:thing:refused", now), event("cases:thing:opened", now), event("cases:thing:frobbed", now)])
    assert [plain(line.sentence) for line in found] == [
        "Crisis worker at Care centre Ghent (demo) tried to reach your record and was refused",
        "Crisis worker at Care centre Ghent (demo) looked at your record",
        "Crisis worker at Care centre Ghent (demo) made a change to your record",
    ]


def test_views_day_after_day_by_the_same_people_are_one_line_with_the_days_and_a_refusal_breaks_the_run():
    """Issue 13 §9: "Crisis worker at X opened your record 5 times between 2 and 4 December"."""
    day = timezone.make_aware(timezone.datetime(2026, 12, 4, 12, 0))
    events = [
        event("cases:case:opened", day),
        event("cases:case:opened", day - timedelta(minutes=5)),
        event("cases:case:opened", day - timedelta(days=1)),
        event("cases:case:opened", day - timedelta(days=2)),
        event("cases:case:opened", day - timedelta(days=2, minutes=5)),
        event("cases:case:access_refused", day - timedelta(days=3), roles="police_liaison", organisation="Police"),
        event("cases:case:opened", day - timedelta(days=4)),
    ]
    with translation.override("en"):
        found = lines(events)
    assert [(line.access, line.times) for line in found] == [("viewed", 5), ("refused", 1), ("viewed", 1)]
    assert found[0].repeated == "5 times between 2 December and 4 December"
    assert found[0].occurred_at == day  # the newest


def add_history(world, case):
    """Staff events over several days, written as the audit log would have written them then."""
    from unittest import mock

    from safereport.audit.actors import Actor
    from safereport.audit.services import record

    now = timezone.now()
    worker, police, doctor = world.staff["crisis_worker"], world.staff["police_liaison"], world.staff["doctor"]
    writes = [
        (6, worker, "cases:case:opened"), (5, worker, "cases:case:opened"), (4, worker, "cases:case:opened"),
        (3, police, "cases:case:access_refused"), (3, doctor, "cases:case:opened"), (2, police, "cases:case:access_refused"),
        (2, worker, "cases:case:opened"), (1, police, "cases:case:access_refused"), (1, doctor, "cases:case:opened"),
    ]
    for days, who, action in writes:
        with mock.patch("safereport.audit.services.timezone.now", return_value=now - timedelta(days=days)):
            record(action, actor=Actor.staff(who), subject=f"case:{case.public_id}", case_ref=str(case.public_id))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, databases="__all__")
@pytest.mark.parametrize("language", ["en", "ar"])
def test_who_opened_my_record_is_short_on_a_phone_and_groups_the_days(live_server, world, browser, examined_case, with_receipt, language):  # noqa: F811
    add_history(world, examined_case)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/back/")
    page.fill("#id_code", with_receipt)
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/{language}/mine/")
    first = page.locator("ul.history").first
    assert first.locator("li").count() == 5
    more = page.locator("details.history-more")
    assert more.count() == 1 and more.get_attribute("open") is None
    grouped = {"en": "3 times between", "ar": "مرات بين"}[language]
    assert grouped in more.text_content() or grouped in first.text_content()
    # The rest is one tap away, and the page does not grow sideways.
    more.locator("summary").click()
    assert more.locator("li").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
