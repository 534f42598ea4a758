"""A person writes to the demo desk and comes back with their code, in Chromium with JavaScript off (issue 15).

Every page they see after choosing the desk names the desk and never speaks
of "the centre": the receipt, their messages, their information.
"""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

DESK = "City welcome desk Ghent (demo)"
MESSAGE = "I need help with my papers and somewhere safe to talk."
CENTRE_WORDS = {"en": "centre", "ar": "مركز"}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_person_writes_to_the_desk_and_comes_back_and_no_page_speaks_of_a_centre(live_server, world, browser, desk_open, language):
    base = f"{live_server.url}/{language}"
    writing = browser.new_context(java_script_enabled=False)
    page = writing.new_page()
    page.goto(f"{base}/write/")
    page.fill("#id_message", MESSAGE)
    page.select_option("#id_centre", value=str(world.organisations["desk"].public_id))
    page.check("input[name=may_contact][value=no]")
    page.click("main button[type=submit]")
    code = re.sub(r"\D", "", page.inner_text(".receipt-code"))
    seen = {"receipt": page.inner_text("body")}
    writing.close()

    returning = browser.new_context(java_script_enabled=False)  # later, another device: only the code
    page = returning.new_page()
    page.goto(f"{base}/back/")
    page.fill("#id_code", code)
    page.click("main button[type=submit]")
    assert page.url.endswith("/messages/")
    seen["messages"] = page.inner_text("body")
    page.click("main a[href$='/mine/']")
    seen["information"] = page.inner_text("body")
    returning.close()

    assert DESK in seen["receipt"] and DESK in seen["messages"]
    assert MESSAGE in seen["messages"]
    for name, text in seen.items():
        assert CENTRE_WORDS[language] not in text.lower(), f"the {name} page ({language}) speaks of a centre"
