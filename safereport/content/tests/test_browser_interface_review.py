"""Ghent's translator corrects one Arabic portal string and approves another, in Chromium
with JavaScript off (issue 20, ADR 0036)."""

import pytest
from django.test import Client

from conftest import sign_in
from safereport.content import selectors
from safereport.content.models import InterfaceStringReview
from safereport.core import catalogues

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]


def staff_page(browser, live_server, user):
    # As consent's browser scenarios do; copied, since content may not import a case app's tests.
    client = sign_in(Client(), user)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies([{"name": "sr_staff", "value": client.cookies["sr_staff"].value, "url": live_server.url}])
    return context, context.new_page()


def test_the_translator_corrects_one_arabic_portal_string_and_approves_another(live_server, world, browser):
    base = live_server.url
    context, page = staff_page(browser, live_server, world.staff["translator"])

    page.goto(f"{base}/staff/")
    page.click("text=Interface texts to review")
    page.select_option("select[name=area]", "portal")
    page.fill("input[name=q]", "Help after something")
    page.click("button:has-text('Show')")
    page.click("a:has-text('Help after something happened to you')")
    assert "مساعدة بعد شيء حدث لكم" in page.content()
    page.check("input[name=decision][value=correct]")
    page.fill("textarea[name=form_0]", "")
    page.click("button:has-text('Continue')")
    assert "is empty" in page.content()  # refused on the server; nothing recorded
    page.check("input[name=decision][value=correct]")
    page.fill("textarea[name=form_0]", "مساعدة بعد ما حدث لكم")
    page.click("button:has-text('Continue')")
    assert "Check your review" in page.content() and "مساعدة بعد ما حدث لكم" in page.content()
    page.click("button:has-text('Record my correction')")
    assert "Correction saved" in page.content() and "after the next update" in page.content()
    page.screenshot(path="test-artifacts/review-arabic-correction.png", full_page=True)

    page.click("a:has-text('Interface texts to review')")
    page.fill("input[name=q]", "read answers")
    page.click("button:has-text('Show')")
    page.click("a:has-text('I have a code: read answers')")
    page.check("input[name=decision][value=approve]")
    page.click("button:has-text('Continue')")
    page.click("button:has-text('Record my approval')")
    assert "Approval saved" in page.content()
    context.close()

    statuses = {s.entry.msgid: s.status for s in selectors.interface_strings("ar")}
    assert statuses["Help after something happened to you"] == selectors.CORRECTION_WAITING
    assert statuses["I have a code: read answers"] == catalogues.REVIEWED
    assert InterfaceStringReview.objects.count() == 2
