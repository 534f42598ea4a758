"""Issue 18, done when: a trainee completes two scenarios end to end in Chromium with JavaScript off.

The trainee starts from the staff start page, plays "First contact by phone,
with an interpreter" and "Will immigration know?" by clicking radio buttons
(nothing preselected; an empty step shows the error summary), reads the
confirmation and the model answer after each step, and ends with two
completed scenarios and a certificate. The trainer then sees both completed
and the one weak point. Both staff pages pass axe.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from conftest import sign_in
from safereport.training import selectors
from safereport.training.models import Attempt

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def staff_page(browser, live_server, user, *, js=False):
    client = sign_in(Client(), user)
    context = browser.new_context(java_script_enabled=js, bypass_csp=js)
    context.add_cookies([{"name": "sr_staff", "value": client.cookies["sr_staff"].value, "url": live_server.url}])
    return context, context.new_page()


def answer_every_step(page, *, miss: str = ""):
    """On each step: tick "Yes" (or the honest answer), except the check named `miss`; record; go on."""
    while page.locator("main form button:has-text('Record my answers')").count():
        for group in page.locator("main fieldset").all():
            name = group.locator("input[type=radio]").first.get_attribute("name")
            if group.locator("input[value=honest]").count():
                # The honest answer offered is the legal data's no-firewall warning, word for word.
                assert selectors.honest_answer("BE") in group.locator("label:has(input[value=honest])").inner_text()
            if name == miss:
                choice = group.locator("input[value^=wrong_], input[value=not_yet]").first
            else:
                choice = group.locator("input[value=yes], input[value=honest]").first
            choice.check()
        page.click("main form button:has-text('Record my answers')")
        assert page.locator("h1").inner_text() == "Recorded"
        assert "What the professional in the example said" in page.content()
        page.click("main a:has-text('Next step'), main a:has-text('See your results')")


def test_a_trainee_completes_two_scenarios_end_to_end_with_javascript_off(live_server, world, browser):
    base = live_server.url
    context, page = staff_page(browser, live_server, world.staff["trainee"])
    page.goto(f"{base}/staff/")
    page.click("main a:has-text('Training: practise scenarios')")
    assert "Nothing you do here reaches a real person" in page.content()

    # First scenario: an empty step is refused with the error summary, nothing preselected.
    page.locator("li", has_text="First contact by phone").locator("button:has-text('Start this scenario')").click()
    assert page.locator("input[type=radio]:checked").count() == 0
    page.click("main form button:has-text('Record my answers')")
    assert page.locator("div.error-summary").count() == 1
    answer_every_step(page)
    assert "Every self-check met." in page.content()

    # Second scenario: the honest answer about immigration is the legal data's, and the trainee misses it.
    page.click("main a:has-text('Training')")
    page.locator("li", has_text="Will immigration know?").locator("button:has-text('Start this scenario')").click()
    answer_every_step(page, miss="honest_legal_answer")
    assert "1 point to practise again" in page.content()
    assert selectors.honest_answer("BE") in page.content()

    page.click("main a:has-text('Training')")
    assert "You have completed 2 scenarios." in page.content()
    href = page.locator("main a:has-text('certificate of completion')").get_attribute("href")
    certificate = page.request.get(f"{base}{href}")
    assert certificate.headers["content-type"] == "application/pdf" and certificate.body().startswith(b"%PDF")
    context.close()

    attempts = Attempt.objects.filter(trainee=world.staff["trainee"], completed_at__isnull=False)
    assert sorted(attempts.values_list("scenario", flat=True)) == ["first-contact-by-phone", "will-immigration-know"]
    assert {a.case.care_centre.kind for a in attempts} == {"training_centre"}

    # The trainer sees both completions and the weak point, in words.
    context, page = staff_page(browser, live_server, world.staff["trainer"])
    page.goto(f"{base}/staff/")
    page.click("main a:has-text('your trainees')")
    assert "2 of 5" in page.content()
    page.click("main a:has-text('trainee')")
    assert page.content().count("completed on") == 2
    assert "Was the honest legal answer given?" in page.content()
    context.close()


def test_the_training_pages_pass_axe(live_server, world, browser):
    context, page = staff_page(browser, live_server, world.staff["trainee"], js=True)
    page.goto(f"{live_server.url}/staff/training/")
    page.locator("li", has_text="needs assessment").locator("button:has-text('Start this scenario')").click()
    for url in (page.url, f"{live_server.url}/staff/training/"):
        page.goto(url)
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    context.close()


def test_a_dutch_trainee_plays_a_scenario_in_dutch_with_javascript_off(live_server, world, browser):
    """Issue 20: the trainee's staff language is Dutch, so the scenario is too, marked lang="nl"."""
    trainee = world.staff["trainee"]
    trainee.language = "nl"
    trainee.save(update_fields=["language"])
    context, page = staff_page(browser, live_server, trainee)
    page.goto(f"{live_server.url}/staff/training/")
    assert page.locator("html").get_attribute("lang") == "nl"
    scenario = page.locator("li", has_text="Eerste contact aan de telefoon, met een tolk")
    assert scenario.locator("h2").get_attribute("lang") == "nl"
    scenario.locator("button").click()

    situation = page.locator("blockquote.situation")
    assert situation.get_attribute("lang") == "nl"
    assert situation.inner_text().startswith("De telefoon gaat.")
    assert page.locator("main fieldset legend span[lang=nl]").count() == 2
    assert page.locator("[lang=en]").count() == 0
    for group in page.locator("main fieldset").all():
        group.locator("input[value=yes]").check()
    page.locator("main form button").click()
    answer = page.locator("blockquote.model-answer")
    assert answer.get_attribute("lang") == "nl" and "De crisishulpverlener zegt haar naam" in answer.inner_text()
    context.close()
