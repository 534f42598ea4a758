"""Consent names the recipient (issue 11 §1, ADR 0014), in Chromium with JavaScript off, in English and Arabic.

Before agreeing "for the police", the person reads which police: the names of
the centre's partners, in their own language. An organisation registered as a
police unit but not a partner of the centre is never among them, and what is
recorded is a consent for each organisation named, shown back by name.
"""

import pytest

from safereport.accounts.permissions import OrganisationKind
from safereport.consent.models import ConsentEvent
from safereport.consent.tests.conftest import examined_case, with_receipt  # noqa: F401 - fixtures
from safereport.partners.tests.helpers import bootstrap

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

NAMES = {
    "en": "The police vice unit of Ghent (demo)",
    "ar": "وحدة الشرطة المختصة بالجرائم الجنسية في غنت (تجريبي)",
}


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_person_reads_the_names_of_the_police_before_agreeing_and_sees_them_after(
    live_server, world, browser_page_js_off, with_receipt, language  # noqa: F811 - the fixture
):
    bootstrap("Immigratiepolitie", OrganisationKind.POLICE_UNIT, "NL")
    page = browser_page_js_off
    base = live_server.url
    page.goto(f"{base}/{language}/back/")
    page.fill("#id_code", with_receipt)
    page.click("main button[type=submit]")
    page.goto(f"{base}/{language}/mine/")
    if language == "ar":
        assert page.locator("html").get_attribute("dir") == "rtl"

    form = page.locator("form[action$='/mine/agree/']")
    police = form.locator("input[name=purpose][value=investigation]")
    names = form.locator(f"#{police.get_attribute('id')}_recipients")
    # The names are there before anything is chosen, in the person's language, and only the partner's.
    assert NAMES[language] in names.inner_text()
    assert "Immigratiepolitie" not in page.content()
    assert police.get_attribute("aria-describedby") == f"{police.get_attribute('id')}_recipients"

    police.check()
    form.locator("input[name=categories][value=incident_account]").check()
    form.locator("input[name=understood]").check()
    form.locator("button[type=submit]").click()

    # Never one tap (issue 13 §6): the answers are read back with the names; nothing is recorded yet.
    assert page.url.endswith(f"/{language}/mine/agree/check/")
    assert NAMES[language] in page.locator("dl.check-answers").inner_text()
    assert not ConsentEvent.objects.exists()
    page.click("main form button[type=submit]")
    assert page.url.endswith(f"/{language}/mine/done/")
    assert NAMES[language] in page.locator(".panel-confirmation").inner_text()
    page.click("main a[href$='/mine/']")
    agreed = page.locator("ul.consents").inner_text()
    assert NAMES[language] in agreed
    events = ConsentEvent.objects.all()
    assert [(e.recipient_organisation, e.recipient_kind) for e in events] == [(world.organisations["police"], "")]
