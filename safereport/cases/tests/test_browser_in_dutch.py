"""A Dutch-speaking crisis worker in Ghent: first contact → reply → encounter → package, in Dutch
(issue 20, ADR 0036). Chromium, JavaScript off.

Every page the worker reaches is compared with the same page in English
(tests/test_staff_pages_translated.py): no visible text may be left in English.
"""

import pytest
from django.test import Client

from conftest import sign_in
from safereport.accounts.models import StaffUser
from safereport.cases import services as case_services
from safereport.consent.tests.helpers import give
from safereport.consent.tests.test_browser_scenario import staff_page
from safereport.core.categories import DataCategory as C
from tests.test_staff_pages_translated import data_names, english_left, visible_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


class _Shown:
    def __init__(self, html: str):
        self.content = html.encode()


# What people typed: data, the same whatever language the page is in.
TYPED = {
    "first": "Ik wil niet naar de politie. Kan iemand met me praten?",
    "reply": "Je bent welkom. Wanneer past het om langs te komen?",
    "account": "Ze vertelde wat er gebeurde, in haar eigen woorden.",
}


def english_on(page, user, base: str) -> set[str]:
    """Visible text on the page that reads the same in English (the page is fetched again in English)."""
    path = page.url.removeprefix(base)
    StaffUser.objects.filter(pk=user.pk).update(language="en")
    in_english = sign_in(Client(), user).get(path)
    StaffUser.objects.filter(pk=user.pk).update(language="")
    return english_left(
        visible_text(_Shown(page.content()), "nl"), visible_text(in_english, "en"), language="nl", names=data_names() | set(TYPED.values())
    )


def test_a_dutch_crisis_worker_goes_from_first_contact_to_a_package_with_no_english_left(live_server, world, browser):
    base = live_server.url
    world.organisations["ghent"].language = "nl"
    world.organisations["ghent"].save(update_fields=["language"])
    worker = world.staff["crisis_worker"]
    case = world.cases["assigned"]
    case_services.message_send_from_victim(case=case, text=TYPED["first"])
    context, page = staff_page(browser, live_server, worker)
    left: dict[str, set[str]] = {}

    def check(name: str) -> None:
        assert page.get_attribute("html", "lang") == "nl", name
        found = english_on(page, worker, base)
        if found:
            left[name] = found
        page.screenshot(path=f"test-artifacts/dutch-{name}.png", full_page=True)

    page.goto(f"{base}/staff/")
    check("start")
    page.click("a[href='/staff/cases/inbox/']")
    check("inbox")
    page.goto(f"{base}/staff/cases/{case.public_id}/")
    assert "Eerste contact" in page.inner_text("main")
    check("case")

    page.fill("#id_message", TYPED["reply"])
    page.click(f"form[action='/staff/cases/{case.public_id}/reply/'] button[type=submit]")
    assert "Antwoord opgeslagen" in page.content()
    check("after-reply")

    page.goto(f"{base}/staff/cases/{case.public_id}/encounters/new/")
    check("encounter-form")
    page.select_option("select[name=kind]", index=1)
    page.fill("input[name=occurred_at]", "2026-12-01T10:00")
    page.fill("textarea[name=account_sealed]", TYPED["account"])
    page.click("main form button[type=submit]")
    assert "Contactmoment opgeslagen" in page.content()
    check("after-encounter")

    give(world, case, [C.INCIDENT_ACCOUNT])
    page.goto(f"{base}/staff/consent/cases/{case.public_id}/")
    check("consent")
    page.select_option("#build-form select[name=recipient]", str(world.organisations["police"].pk))
    page.select_option("#build-form select[name=purpose]", "investigation")
    page.click("#build-form button[type=submit]")
    assert "/packages/preview/" in page.url
    check("package-preview")
    page.click("#send-form button[type=submit]")
    assert "Pakket verstuurd naar" in page.content()
    context.close()

    assert not left, "\n".join(f"{name}: {sorted(texts)}" for name, texts in left.items())
