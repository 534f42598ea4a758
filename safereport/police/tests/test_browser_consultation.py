"""Issue 15 end to end in Chromium with JavaScript off.

(a) The seeds' §6.4/§6.5 scenario: the person asks for an informal talk with
a support worker present. The crisis worker plans it (Ghent is in Belgium,
where no firewall exists, so the warning is read first) and books it; the
officer sees the pseudonym and the topics, proposes another time; the person
agrees; the talk is held with the support worker in the general part; the
person decides not to report. On the police side nothing about them exists
beyond the pseudonym and the dates.
(c) The person's page shows the no-firewall warning before any booking, in
Arabic too, and passes axe.
"""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.utils import timezone

from conftest import sign_in
from safereport.cases.services import police_talk_request
from safereport.police.models import Consultation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def staff_page(browser, live_server, user):
    client = sign_in(Client(), user)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "sr_staff", "value": client.cookies["sr_staff"].value, "url": live_server.url}])
    return context, context.new_page()


def test_the_person_talks_to_the_police_informally_and_decides_not_to_report(live_server, world, browser):
    base = live_server.url
    case = world.cases["assigned"]
    police_talk_request(case=case, actor=world.staff["crisis_worker"], companion="yes", topics=["safety_advice", "threats_to_family"])

    # The crisis worker plans the talk from the case page; the warning comes before the form.
    context, page = staff_page(browser, live_server, world.staff["crisis_worker"])
    page.goto(f"{base}/staff/cases/{case.public_id}/")
    page.click("#police-consultations a[href$='/consultations/new/']")
    content = page.content()
    assert content.index("no law stops the police") < content.index('name="police_unit"')
    page.check(f"input[name=police_unit][value='{world.organisations['police'].public_id}']")
    page.check("input[name=place][value=care_centre]")
    page.check("input[name=interpreter][value=no]")
    assert page.is_checked("input[name=topics][value=threats_to_family]")  # what the person asked for
    page.click("main form button[type=submit]")
    assert page.locator("div.error-summary").count() == 1  # the warning was not ticked
    page.check("input[name=warning_told]")
    page.click("main form button[type=submit]")
    assert "The police unit sees nothing until you book a time." in page.content()
    page.click("main a:has-text('Book a time')")
    when = (timezone.localtime() + dt.timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    page.fill("input[name=proposed_for]", when)
    page.click("main form[action$='/book/'] button[type=submit]")
    assert "nothing else" in page.content()
    consultation = Consultation.objects.get()
    context.close()

    # The officer sees the pseudonym and the topics, and proposes another time.
    context, page = staff_page(browser, live_server, world.staff["police_liaison"])
    page.goto(f"{base}/staff/")
    page.click("a[href='/staff/police/unit/']")
    page.click(f"a:has-text('{consultation.pseudonym}')")
    text = page.inner_text("main")
    assert "Threats to family" in text and "Advice on their safety" in text
    assert case.code not in page.content() and str(case.public_id) not in page.content()
    page.check("input[name=answer][value=other_time]")
    other = (timezone.localtime() + dt.timedelta(days=4)).strftime("%Y-%m-%dT14:00")
    page.fill("input[name=other_time]", other)
    page.click("main form[action$='/answer/'] button[type=submit]")
    assert "Your answer is recorded" in page.content()
    context.close()

    # The person agrees (the centre records it); the officer records the talk.
    context, page = staff_page(browser, live_server, world.staff["crisis_worker"])
    page.goto(f"{base}/staff/police/consultations/{consultation.public_id}/")
    page.click("main form[action$='/agree-time/'] button[type=submit]")
    assert "agreed to the time the police proposed" in page.content()
    context.close()
    context, page = staff_page(browser, live_server, world.staff["police_liaison"])
    page.goto(f"{base}/staff/police/unit/consultations/{consultation.public_id}/")
    page.fill("input[name=held_on]", timezone.localdate().isoformat())
    page.check("input[name=companion_part][value=general_part]")
    page.check("input[name=interpreter_attended][value=no]")
    page.check("input[name=contact_route][value=via_centre]")
    page.click("main form[action$='/held/'] button[type=submit]")
    assert "the talk was held" in page.content()
    context.close()

    # The person decides not to report.
    context, page = staff_page(browser, live_server, world.staff["crisis_worker"])
    page.goto(f"{base}/staff/police/consultations/{consultation.public_id}/")
    page.check("input[name=decision][value=decide_not_to_report]")
    page.click("main form[action$='/decide/'] button[type=submit]")
    assert "Recorded" in page.content()
    context.close()

    # On the police side: the pseudonym and dates, nothing about the person.
    context, page = staff_page(browser, live_server, world.staff["police_liaison"])
    page.goto(f"{base}/staff/police/unit/")
    inbox = page.content()
    assert consultation.pseudonym in inbox and "decided not to report" in inbox
    for secret in (case.code, str(case.public_id)):
        assert secret not in inbox
    context.close()
    assert Consultation.objects.get().status == "not_reporting"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_person_reads_the_no_firewall_warning_before_any_booking(live_server, world, axe_page, with_receipt, language):
    page = axe_page
    page.goto(f"{live_server.url}/{language}/back/")
    page.fill("#id_code", with_receipt)
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/{language}/mine/talk/")
    warning = page.locator("div.warning").inner_text()
    assert ("لا يوجد قانون يمنع الشرطة" if language == "ar" else "no law stops the police") in warning
    assert page.locator("html").get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert not Consultation.objects.exists()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
