"""The navigator's pages: questions, results, professional detail, staff access."""

import re

import pytest

from safereport.navigator.knowledge import default

ANSWERS = {
    "jurisdiction": "ES",
    "role": "victim",
    "crime": ["rape"],
    "perpetrator": "stranger",
    "situation": "undocumented",
    "gender": "female",
}


def test_the_questions_page_shows_skippable_questions(client):
    response = client.get("/en/rights/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Which country are you in?" in body
    assert "I&#x27;d rather not say" in body


def test_results_say_who_can_help_and_what_is_not_promised(client):
    response = client.post("/en/rights/", ANSWERS)
    body = response.content.decode()
    assert response.status_code == 200
    assert "This can help you" in body
    assert default().mechanisms["ES-31BIS"]["plain"]["en"]["summary"] in body
    assert "Who can help you start this:" in body
    assert "Know this before you report:" in body  # ES-31BIS outcome risk
    assert "does not by itself give you a right to stay" in body
    assert "not legal advice" in body


def test_results_say_plainly_when_the_law_gives_nothing(client):
    answers = {**ANSWERS, "jurisdiction": "BE", "gender": "male"}
    body = client.post("/en/rights/", answers).content.decode()
    assert "The law here gives no special protection for your situation" in body
    assert "This can help you" in body  # the Victims' Rights Directive still applies: support without reporting
    assert "This might help you" not in body


def test_skipping_every_question_except_the_country_still_answers(client):
    body = client.post("/en/rights/", {"jurisdiction": "UK"}).content.decode()
    assert "This might help you, depending on your case" in body


def test_bad_input_gets_a_clear_error_and_keeps_the_other_answers(client):
    response = client.post("/en/rights/", {**ANSWERS, "perpetrator": "martian"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please check the marked answer" in body
    # Every other answer is still chosen, so nothing has to be typed again.
    for name, value in (("role", "victim"), ("crime", "rape"), ("situation", "undocumented"), ("gender", "female")):
        assert re.search(rf'<input [^>]*name="{name}" value="{value}"[^>]*checked', body), name


def test_results_in_arabic_are_right_to_left_and_mark_untranslated_text(client):
    body = client.post("/ar/rights/", ANSWERS).content.decode()
    assert 'dir="rtl"' in body
    assert 'lang="en" dir="ltr"' in body


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_victim_page_refuses_other_methods(client, method):
    assert getattr(client, method)("/en/rights/").status_code == 405


def test_the_professional_view_shows_legal_detail_comparison_and_seed_notes(client):
    response = client.get("/en/rights/professional/", {**ANSWERS, "jurisdiction": "IT"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "IT-18" in body and "DPR 394/1999 art. 27" in body
    assert "Seed discrepancy" in body and "D7" in body
    assert "The same situation in every country" in body
    assert "Netherlands" in body and "Police firewall" in body
    assert "IT-18.scope[0].perpetrators_if.stranger" in body


def test_the_professional_view_lists_all_seed_discrepancies_without_a_situation(client):
    body = client.get("/en/rights/professional/").content.decode()
    for discrepancy in default().discrepancies:
        assert f"<strong>{discrepancy}</strong>" in body


def test_translated_summaries_of_what_does_not_fit_are_not_labelled_english(client):
    # Regression: that list labelled every item lang="en" dir="ltr", which set
    # Arabic text left to right once the data had Arabic.
    from django.utils.html import escape

    from safereport.navigator.knowledge import default

    body = client.post("/ar/rights/", ANSWERS).content.decode()
    arabic_summaries = [
        m["plain"]["ar"]["summary"] for m in default().mechanisms.values() if "ar" in m.get("plain", {})
    ]
    shown = [summary for summary in arabic_summaries if escape(summary) in body]
    assert shown, "expected some Arabic mechanism text on the page"
    for summary in shown:
        assert f'<li lang="en" dir="ltr">{escape(summary)}</li>' not in body
