"""The victim navigator, end to end in Chromium with JavaScript off, in English and Arabic."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("language", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_the_victim_navigator_works_without_javascript(live_server, browser_page_js_off, language, direction):
    page = browser_page_js_off
    page.goto(f"{live_server.url}/{language}/rights/")
    assert page.locator("html").get_attribute("dir") == direction
    page.select_option("select[name=jurisdiction]", "ES")
    page.check("input[name=role][value=victim]")
    page.check("input[name=crime][value=rape]")
    page.check("input[name=perpetrator][value=stranger]")
    page.check("input[name=gender][value=female]")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#m-ES-31BIS").count() == 1
    assert "/rights/" in page.url and "rape" not in page.url  # answers travel in the body, not the address
    assert page.context.cookies() == []
    # The "does not fit" list opens without JavaScript (<details>).
    page.locator("details.does-not-fit summary").click()
    assert page.locator("details.does-not-fit[open]").count() == 1


# Each tick box and the words that go with it, measured in the page (issue 12 §3).
CHOICE_GEOMETRY = """() => {
  const gap = (a, b) => {
    const dx = Math.max(0, a.left - b.right, b.left - a.right);
    const dy = Math.max(0, a.top - b.bottom, b.top - a.bottom);
    return Math.hypot(dx, dy);
  };
  const choices = [...document.querySelectorAll('fieldset input[type=checkbox], fieldset input[type=radio]')];
  // The words of each answer: its label's text (the span inside it when the box sits in the label).
  const words = choices.map((input) => {
    const label = document.querySelector(`label[for="${input.id}"]`);
    return (label.querySelector('span') || label).getBoundingClientRect();
  });
  return choices.map((input, i) => {
    const box = input.getBoundingClientRect();
    const own = words[i];
    const middle = (box.top + box.bottom) / 2;
    const others = words.filter((_, j) => j !== i).map((w) => gap(box, w));
    return {
      id: input.id,
      inside_label: input.closest('label') !== null && input.closest('label').htmlFor === input.id,
      same_row: middle >= own.top && middle <= own.bottom,
      own: gap(box, own),
      nearest_other: Math.min(...others),
    };
  });
}"""


@pytest.mark.parametrize("language", ["en", "ar", "fa", "ti"])
def test_each_tick_box_sits_with_its_own_answer_on_a_phone(live_server, browser_page_js_off, language):
    """Issue 12 §3: at 360 px each box shares a row with its own words and is nearer to them than
    to any other answer, in left-to-right and right-to-left scripts alike; the page is shorter."""
    page = browser_page_js_off
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/{language}/rights/")
    choices = page.evaluate(CHOICE_GEOMETRY)
    assert len(choices) > 30
    for choice in choices:
        assert choice["inside_label"], choice
        assert choice["same_row"], choice
        assert choice["own"] < choice["nearest_other"], choice
    # The page was ~4,900 px tall on a phone with a box on a line of its own above each answer.
    # The form of questions alone now takes under 3,000 px; every page's footer adds the centre's
    # phone and the crisis lines (issue 13), about 400 px more.
    height = page.evaluate("document.documentElement.scrollHeight")
    questions = page.evaluate("document.querySelector('main form').getBoundingClientRect().height")
    print(language, "page height at 360 px:", height, "questions:", questions)
    assert questions < 3000, questions
    assert height < 4500, height


@pytest.mark.parametrize("language", ["en", "ar"])
def test_questions_and_results_have_no_accessibility_violations(live_server, axe_page, language):
    """The new date field, the warning and the detail blocks keep the pages accessible."""
    from axe_playwright_python.sync_playwright import Axe

    page = axe_page
    page.goto(f"{live_server.url}/{language}/rights/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.select_option("select[name=jurisdiction]", "US")
    page.check("input[name=crime][value=rape]")
    page.fill("input[name=counted_from]", "2026-03-31")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    page.locator("#m-US-U ~ details.practice summary, section:has(#m-US-U) details.practice summary").first.click()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
