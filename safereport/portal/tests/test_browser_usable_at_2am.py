"""Usable at 2 a.m. (issue 13), in Debian's Chromium with JavaScript off.

§1 the centre's phone, hours and non-police lines as tap-to-call links;
§3 the 16 digits read left to right in every language and never wrap at 360 px;
§5 nothing is ticked that the person did not say.
"""

import pytest

from safereport.cases.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases="__all__")]

PHONE = {"width": 360, "height": 740}


def write(page, base: str, language: str = "en") -> str:
    page.goto(f"{base}/{language}/write/")
    page.fill("#id_message", "I need to see a doctor.")
    page.check("input[name=help_kinds][value=health]")
    page.select_option("#id_centre", index=0)
    page.check("input[name=may_contact][value=no]")
    page.click("main button[type=submit]")
    return page.locator(".receipt-code").inner_text()


def test_a_new_contact_has_nothing_ticked_about_the_police_until_the_person_answers(live_server, world, browser_page_js_off):
    page = browser_page_js_off
    write(page, live_server.url)
    page.goto(f"{live_server.url}/en/messages/")
    radios = page.locator("input[name=reporting_status]")
    assert radios.count() == 4
    assert [radios.nth(i).is_checked() for i in range(4)] == [False] * 4
    assert Case.objects.get(receipt_lookup__isnull=False).reporting_status == "not_decided"
    page.check("input[name=reporting_status][value=thinking]")
    page.click("form[action$='/choice/'] button[type=submit]")
    assert "I am still thinking about it" in page.locator(".panel-confirmation").inner_text()
    page.click("main a[href$='/messages/']")
    assert page.locator("input[name=reporting_status][value=thinking]").is_checked()
    assert Case.objects.get(receipt_lookup__isnull=False).reporting_status == "thinking"


def phone_page(browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    return context, context.new_page()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_help_now_gives_the_centres_number_hours_and_the_emergency_number_as_tap_to_call_links(live_server, world, browser, language):
    context, page = phone_page(browser)
    page.goto(f"{live_server.url}/{language}/")
    # "Need help right now?" is on the first screen of a phone, above the page's own content.
    help_link = page.locator(".help-now-top a")
    assert help_link.bounding_box()["y"] + help_link.bounding_box()["height"] <= PHONE["height"]
    help_link.click()
    assert page.url.endswith(f"/{language}/help-now/")
    main = page.locator("main")
    centre = main.locator(".centre-card")
    assert centre.locator(".centre-name").inner_text() == world.organisations["ghent"].name
    assert centre.locator("a.phone").get_attribute("href") == "tel:+3290000000"
    # Demo data says so; the hours come from the data file, in the page's language.
    assert centre.locator(".demo-mark").count() == 1
    assert centre.locator("p[lang]").get_attribute("lang") == language
    emergency = main.locator(".crisis-lines a.phone")
    assert [emergency.nth(i).get_attribute("href") for i in range(emergency.count())] == ["tel:112"]
    page.screenshot(path=f"test-artifacts/help-now-{language}-360.png", full_page=True)
    context.close()


def test_every_information_page_ends_with_the_centres_number_and_the_receipt_names_the_centre_and_when_it_answers(live_server, world, browser):
    context, page = phone_page(browser)
    for path in ("/en/", "/en/about/first-visit/", "/en/rights/", "/en/write/", "/en/back/"):
        page.goto(f"{live_server.url}{path}")
        footer = page.locator("footer .help-contacts")
        assert footer.locator("a[href='tel:+3290000000']").count() == 1, path
        assert footer.locator("a[href='tel:112']").count() == 1, path
    write(page, live_server.url)
    receipt = page.locator("main")
    assert receipt.locator("a[href='tel:+3290000000']").count() == 1
    assert "We usually answer messages within one working day." in receipt.inner_text()
    assert "I have a code: read answers" in receipt.inner_text()
    page.screenshot(path="test-artifacts/receipt-en-360.png", full_page=True)
    context.close()


def test_a_centre_with_no_verified_details_shows_no_number(live_server, world, browser_page_js_off):
    """Utrecht's demo card belongs to the NL jurisdiction; a portal set to BE shows only Ghent's."""
    page = browser_page_js_off
    page.goto(f"{live_server.url}/en/help-now/")
    assert world.organisations["utrecht"].name not in page.content()
    assert "+31 30" not in page.content()


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def glyph_order(page, selector: str) -> list[float]:
    """Where each of the four digit groups is drawn, left edge first (Range rectangles)."""
    return page.evaluate(
        """(selector) => {
            const node = document.querySelector(selector);
            const text = node.firstChild.nodeType === 3 ? node.firstChild : node.querySelector('bdi').firstChild;
            const xs = [];
            for (const start of [0, 5, 10, 15]) {
                const range = document.createRange();
                range.setStart(text, start); range.setEnd(text, start + 4);
                xs.push(range.getBoundingClientRect().left);
            }
            return xs;
        }""",
        selector,
    )


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_the_code_reads_left_to_right_on_one_line_when_shown_and_when_typed(live_server, world, browser, language):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    code = write(page, live_server.url, language).strip()
    assert page.get_attribute("html", "dir") == "rtl"
    # Shown: the four groups from left to right, on one line, inside a 360 px screen.
    shown = glyph_order(page, ".receipt-code bdi")
    assert shown == sorted(shown)
    box = page.locator(".receipt-code bdi").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.querySelector('.receipt-code bdi').getClientRects().length") == 1
    page.screenshot(path=f"test-artifacts/receipt-{language}-360.png", full_page=True)
    # Typed: the input is left to right, so the groups the person types keep their order.
    context.clear_cookies()
    page.goto(f"{live_server.url}/{language}/back/")
    field = page.locator("#id_code")
    assert field.get_attribute("dir") == "ltr"
    assert page.evaluate("getComputedStyle(document.querySelector('#id_code')).direction") == "ltr"
    digits = code.translate(ARABIC_INDIC if language == "ar" else PERSIAN)
    field.fill(digits)
    page.screenshot(path=f"test-artifacts/come-back-{language}-360.png", full_page=True)
    page.click("main button[type=submit]")
    assert "/messages/" in page.url
    context.close()


def test_a_form_with_a_problem_starts_with_a_summary_linking_to_the_field_and_keeps_the_text(live_server, world, browser_page_js_off):
    page = browser_page_js_off
    page.goto(f"{live_server.url}/en/write/")
    page.check("input[name=help_kinds][value=health]")
    page.click("main button[type=submit]")  # nothing written
    summary = page.locator("main .error-summary")
    assert summary.locator("h2").inner_text() == "There is a problem"
    first = summary.locator("a").first
    target = first.get_attribute("href")
    assert page.locator(target).count() == 1
    first.click()
    assert page.url.endswith(target) and target == "#id_message"
    assert page.locator("input[name=help_kinds][value=health]").is_checked()


def test_the_first_screen_speaks_every_language(live_server, world, browser):
    from config import locales

    context, page = phone_page(browser)
    page.goto(f"{live_server.url}/")
    choices = page.locator(".language-choice > li")
    assert choices.count() == len(locales.LANGUAGE_CODES)
    arabic = page.locator(".language-choice > li[lang=ar]")
    assert arabic.get_attribute("dir") == "rtl"
    assert "يمكنكم التوقف في أي وقت" in arabic.inner_text()
    assert arabic.locator("a.choice-help").get_attribute("href") == "/ar/help-now/"
    assert page.locator("#quick-exit span[lang=ti]").count() == 1
    page.screenshot(path="test-artifacts/root-360.png", full_page=True)
    context.close()


def test_the_shift_tip_is_not_shown_on_a_touch_screen(live_server, world, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/")
    assert not page.locator(".keyboard-tip").is_visible()
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/")
    assert page.locator(".keyboard-tip").is_visible()
    context.close()
