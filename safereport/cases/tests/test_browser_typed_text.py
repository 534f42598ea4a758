"""What a person typed is drawn as they wrote it on the staff case page, in Chromium with JavaScript off.

An override character typed into the portal once turned "Arabic" into
"cibarA" on the staff page, and the rest of the line with it. Now the
portal drops such characters, and the page isolates every typed string, so
even a value stored before that cannot turn the page's own words around.
What is checked is where Chromium draws each character, read back by the
test (the page itself runs no script).
"""

import pytest
from django.test import Client

from conftest import sign_in
from safereport.cases import services as case_services
from safereport.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

RLO = "\u202e"

# Each drawn character of an element, by line and then left to right: the text as a reader sees it.
DRAWN = """element => {
    const drawn = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const box = range.getBoundingClientRect();
            if (box.width > 0) drawn.push([Math.round(box.top), box.left, node.data[i]]);
        }
    }
    return drawn;
}"""


def as_seen(locator) -> str:
    drawn = sorted(locator.evaluate(DRAWN))
    return "".join(char for _, _, char in drawn)


def staff_page(browser, live_server, user):
    client = sign_in(Client(), user)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "sr_staff", "value": client.cookies["sr_staff"].value, "url": live_server.url}])
    return context, context.new_page()


def test_an_override_typed_as_the_interpreter_language_reads_arabic_on_the_staff_page(live_server, world, browser):
    base = live_server.url
    victim = browser.new_context(java_script_enabled=False)
    page = victim.new_page()
    page.goto(f"{base}/en/write/")
    page.select_option("#id_centre", index=0)
    page.fill("#id_message", "I would like to talk to someone.")
    page.check("input[name=interpreter_language][value=other]")
    page.fill("#id_interpreter_language_other", f"{RLO}Arabic")
    page.check("input[name=companion][value=yes]")
    page.check("input[name=may_contact][value=no]")
    page.click("main button[type=submit]")
    assert page.locator(".receipt-code").count() == 1
    victim.close()

    case = Case.objects.exclude(receipt_lookup=None).get()
    context, staff = staff_page(browser, live_server, world.staff["crisis_worker"])
    staff.goto(f"{base}/staff/cases/{case.public_id}/")
    header = staff.locator("main p", has_text="Interpreter").first
    seen = as_seen(header)
    assert "Interpreter: Arabic · Companion: Yes" in seen, seen
    context.close()


def test_a_stored_override_stays_inside_its_own_value(live_server, world, browser):
    """Isolation on its own: a value written before the boundary cleaned it still carries an override."""
    case = world.cases["assigned"]
    # The service seals what it is given; only the forms clean. Written here directly,
    # as rows from before the boundary were.
    case_services.appointment_request(
        case=case,
        kind="talk",
        interpreter_language="other",
        interpreter_language_other=f"{RLO}Sorani",
        companion="no",
        access_needs="",
        safe_times="",
    )
    context, staff = staff_page(browser, live_server, world.staff["crisis_worker"])
    staff.goto(f"{live_server.url}/staff/cases/{case.public_id}/")
    line = staff.locator("section.appointment p", has_text="Interpreter").first
    seen = as_seen(line)
    # The value itself is drawn as it was stored; the page's words after it are not touched.
    assert "Interpreter: inaroS. Companion: No." in seen, seen
    context.close()
