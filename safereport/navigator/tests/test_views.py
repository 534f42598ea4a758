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


# --- issue 12 -------------------------------------------------------------------


def test_every_result_says_it_is_not_yet_reviewed_by_a_lawyer(client):
    """Issue 12 §1: a transcription date is not a review; both views say so."""
    body = client.post("/en/rights/", ANSWERS).content.decode()
    shown = len(re.findall(r'class="mechanism"', body))
    assert shown and body.count("Not yet reviewed by a lawyer.") >= shown
    assert "last reviewed" not in body.lower()


def test_spanish_results_warn_before_the_police_beside_the_victims_rights_message(client):
    """Issue 12 §1: in Spain the EU victims' rights text is never shown without the warning."""
    body = client.post("/es/rights/", {**ANSWERS, "crime": ["theft"], "gender": "male"}).content.decode()
    warning = default().jurisdictions["ES"]["reporting_risk"]["plain"]["es"]
    assert body.count(warning) >= 2  # at the top and inside the victims' rights section
    section = body[body.index('id="m-EU-VRD"'):]
    assert warning in section[: section.index("</section>")]


def test_results_show_exposure_deadlines_evidence_costs_and_steps_with_sources(client):
    """Issue 12 §2: what applying exposes, time limits, evidence, costs and steps, each with sources."""
    answers = {**ANSWERS, "jurisdiction": "US", "counted_from": "2026-03-31"}
    body = client.post("/en/rights/", answers).content.decode()
    start = body.index('id="m-US-U"')
    section = body[start: body.index("</section>", start)]
    assert "Who learns about you if you apply" in section and "USCIS" in section
    assert "If that was on 31 March 2026, you have until 30 September 2026." in section
    assert "Counted from the day the police or prosecutor signed the form." in section
    assert "Who can confirm it:" in section and "certifying agency" in section
    assert "Next steps, in order" in section
    assert "https://www.ecfr.gov/current/title-8/section-214.14" in section
    # No fee data for the U visa in the research: said, not guessed.
    assert "Not known yet. Ask a lawyer." in section


def test_a_date_that_is_not_a_date_is_refused_and_the_answers_are_kept(client):
    body = client.post("/en/rights/", {**ANSWERS, "counted_from": "next tuesday"}).content.decode()
    assert "Please check the marked answer" in body
    assert 'value="next tuesday"' in body and 'value="ES" selected' in body


def test_staff_view_shows_review_state_and_the_practical_blocks(client):
    """Issue 12 §1-2 in the professional view: transcribed on, review state, exposure, deadlines."""
    query = "jurisdiction=NL&role=victim&crime=trafficking&perpetrator=organisation&situation=undocumented&counted_from=2026-01-10"
    body = client.get(f"/en/rights/professional/?{query}").content.decode()
    assert "Transcribed on" in body and "Not yet reviewed by a lawyer." in body
    assert "What applying exposes" in body and "the IND" in body
    assert "2026-04-10" in body  # the 3-month reflection period from 10 January
    assert "No fee for the temporary trafficking permit." in body
    assert "What reporting to the police can expose here" in body


def test_the_lawyers_staff_view_shows_exposure_deadlines_and_review_state(client, world):
    """Issue 12 §1-2 in the staff front end: a lawyer signed in sees the same detail."""
    from conftest import sign_in

    sign_in(client, world.staff["lawyer"])
    query = "jurisdiction=UK&role=victim&crime=domestic_violence&perpetrator=partner&situation=undocumented&counted_from=2026-01-31"
    response = client.get(f"/staff/navigator/?{query}")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Not yet reviewed by a lawyer." in body and "Transcribed on" in body
    assert "What applying exposes" in body and "Home Office" in body
    assert "2026-04-30" in body  # 3 months of the concession from 31 January (month end kept)
    assert "https://gov.uk/government/publications/victims-of-domestic-violence/migrant-victims-of-domestic-abuse-concession-accessible" in body


def test_a_skipped_question_comes_back_as_that_question_with_its_answers_in_the_persons_language(client):
    """Seen on the demo: an Arabic page said "if your role is one of: victim" and
    "if your gender is one of: female, other" — English, and the engine's codes."""
    body = client.post("/ar/rights/", {"jurisdiction": "ES", "crime": ["rape"], "situation": "undocumented"}).content.decode()
    assert "is one of" not in body
    assert "female, other" not in body
    assert "إذا كان جوابكم عن «جنسكم (يهم فقط في بعض البلدان)» واحدًا من هذه:" in body
    assert "<li>امرأة</li>" in body


def test_a_condition_only_the_data_states_is_marked_as_english_on_an_arabic_page(client):
    body = client.post("/ar/rights/", {"jurisdiction": "ES", "role": "victim", "crime": ["rape"], "gender": "female"}).content.decode()
    assert 'lang="en" dir="ltr">If the criminal case does not establish the violence' in body
