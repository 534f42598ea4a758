"""The victim's journeys in Debian's Chromium, with JavaScript off and on.

UX contract (research/ux-anchors.md): Q1 exit first, Q2/Q3 exit without and
with JS, Q4 nothing after exit, Q5 no storage, W1/W2 weight and requests,
T1 JS-off parity, A1 axe, R1 direction.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from config import locales

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

INFORMATION_PAGES = ["/{lang}/", "/{lang}/write/", "/{lang}/back/", "/{lang}/help-now/", "/{lang}/about/first-visit/", "/{lang}/rights/"]


def write_and_keep_code(page, base: str, language: str = "en") -> str:
    page.goto(f"{base}/{language}/")
    page.click("a[href$='/write/']")
    page.fill("#id_message", "I need to see a doctor. I do not want the police.")
    page.check("input[name=help_kinds][value=health]")
    page.select_option("#id_centre", index=0)
    page.check("input[name=may_contact][value=no]")
    page.click("main button[type=submit]")
    code = page.locator(".receipt-code").inner_text()
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", code.strip())
    return code


def come_back_and_write(page, base: str, code: str, language: str = "en") -> None:
    page.goto(f"{base}/{language}/back/")
    page.fill("#id_code", code)
    page.click("main button[type=submit]")
    assert "/messages/" in page.url
    assert "I do not want the police." in page.content()
    page.fill("#id_message", "Can I come on Monday?")
    page.click("main form[action$='/messages/send/'] button[type=submit]")
    # A confirmation, then the way back (issue 13 §4).
    assert page.url.endswith(f"/{language}/mine/done/")
    page.click("main a[href$='/messages/']")
    assert "Can I come on Monday?" in page.content()
    page.click("a[href$='/visit/']")
    page.check("input[name=kind][value=first_visit]")
    page.fill("#id_safe_times", "Mornings before nine")
    page.click("main button[type=submit]")
    assert page.url.endswith(f"/{language}/mine/done/")
    page.click("main a[href$='/messages/']")
    assert "Asked for; the centre will answer" in page.content()


@pytest.mark.parametrize("javascript", [False, True], ids=["js-off", "js-on"])
def test_write_keep_the_code_come_back_and_ask_for_a_visit(live_server, world, browser, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    code = write_and_keep_code(page, live_server.url)
    context.clear_cookies()  # a new day, maybe another phone
    come_back_and_write(page, live_server.url, code)
    if javascript:
        storage = page.evaluate("[localStorage.length, sessionStorage.length, !!navigator.serviceWorker?.controller]")
        assert storage == [0, 0, False]
    cookies = {cookie["name"]: cookie for cookie in context.cookies()}
    # The return session is live (they just wrote) and nothing else is kept.
    assert set(cookies) == {"sr_portal", "csrftoken"}
    assert all(c["httpOnly"] and c["sameSite"] == "Strict" and c["expires"] == -1 for c in cookies.values())
    context.close()


def test_the_same_journey_works_in_arabic_right_to_left(live_server, world, browser_page_js_off):
    page = browser_page_js_off
    code = write_and_keep_code(page, live_server.url, "ar")
    assert page.get_attribute("html", "dir") == "rtl"
    page.screenshot(path="test-artifacts/portal-ar-receipt.png", full_page=True)
    page.goto(f"{live_server.url}/ar/back/")
    page.fill("#id_code", "".join("٠١٢٣٤٥٦٧٨٩"[int(d)] if d.isdigit() else d for d in code))
    page.click("main button[type=submit]")
    assert "/messages/" in page.url


def test_after_quick_exit_back_shows_nothing_that_was_typed(live_server, world, browser_page_js_off):
    page = browser_page_js_off
    page.route("**/leave?*", lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title>"))
    page.goto(f"{live_server.url}/en/write/")
    page.fill("#id_message", "secret words")
    page.click("#quick-exit")
    assert page.title() == "Weather"
    page.go_back()
    assert page.input_value("#id_message") == ""


@pytest.mark.parametrize("path", INFORMATION_PAGES)
def test_pages_are_light_and_talk_only_to_us(live_server, world, browser_page_js_on, path):
    page = browser_page_js_on
    sizes: list[int] = []
    urls: list[str] = []
    page.on("requestfinished", lambda request: (urls.append(request.url), sizes.append(request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"])))
    page.goto(live_server.url + path.format(lang="en"))
    page.wait_for_load_state("networkidle")
    assert all(url.startswith(live_server.url) for url in urls), urls
    assert len(urls) <= 6, urls
    assert sum(sizes) <= 60 * 1024, sum(sizes)


@pytest.mark.parametrize("language", locales.LANGUAGE_CODES)
def test_every_portal_page_in_every_language_passes_axe_and_starts_with_quick_exit(live_server, world, axe_page, language):
    for path in INFORMATION_PAGES:
        axe_page.goto(live_server.url + path.format(lang=language))
        direction = "rtl" if language in locales.RTL_LANGUAGE_CODES else "ltr"
        assert axe_page.get_attribute("html", "dir") == direction
        assert axe_page.get_attribute("html", "lang") == language
        results = Axe().run(axe_page)
        assert results.violations_count == 0, f"{path} {language}: {results.generate_report()}"
        axe_page.keyboard.press("Tab")
        assert axe_page.evaluate("document.activeElement.id") == "quick-exit", path


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pages_behind_the_code_pass_axe_too(live_server, world, axe_page, language):
    code = write_and_keep_code(axe_page, live_server.url, language)
    axe_page.context.clear_cookies()
    axe_page.goto(f"{live_server.url}/{language}/back/")
    axe_page.fill("#id_code", code)
    axe_page.click("main button[type=submit]")
    for path in ("messages/", "visit/", "mine/", "mine/copy/", "mine/private-note/", "mine/remove/"):
        axe_page.goto(f"{live_server.url}/{language}/{path}")
        assert axe_page.get_attribute("html", "lang") == language
        results = Axe().run(axe_page)
        assert results.violations_count == 0, f"{path}: {results.generate_report()}"
        axe_page.keyboard.press("Tab")
        assert axe_page.evaluate("document.activeElement.id") == "quick-exit", path
