"""Training scenarios in the staff languages (issue 20, ADR 0035 and 0036).

A trainee whose staff language is Dutch, French, Spanish or Italian reads the
scenario in that language, marked with it; a text with no translation is
shown in English and marked lang="en". The certificate is in the trainee's
language, whoever prints it. `safereport data check` refuses a language block
that lacks a text the English has.
"""

import re

import pytest

from conftest import sign_in
from safereport.accounts import services as accounts
from safereport.datafiles import load
from safereport.ops import translations
from safereport.training import selectors, services
from safereport.training.datafiles import Scenario, _check

pytestmark = pytest.mark.django_db

STAFF_LANGUAGES = ("nl", "fr", "es", "it")
# The first words the trainee reads of "First contact by phone, with an interpreter", per language.
FIRST_CONTACT = {
    "nl": ("Eerste contact aan de telefoon, met een tolk", "De telefoon gaat.", "Heb je een tolk aangeboden"),
    "fr": ("Premier contact par téléphone, avec un interprète", "Le téléphone sonne.", "Avez-vous proposé un interprète"),
    "es": ("Primer contacto por teléfono, con intérprete", "Suena el teléfono.", "¿Ofreciste un intérprete"),
    "it": ("Primo contatto telefonico, con un interprete", "Squilla il telefono.", "Hai offerto un interprete"),
}


def related():
    return {"content.messages": load("content.messages"), "police.options": load("police.options")}


def unescaped(response) -> str:
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


@pytest.mark.parametrize("language", STAFF_LANGUAGES)
def test_a_trainee_reads_the_scenario_in_their_staff_language(language, client, world):
    trainee = accounts.staff_language_set(user=world.staff["trainee"], language=language)
    title, situation, question = FIRST_CONTACT[language]
    sign_in(client, trainee)

    home = unescaped(client.get("/staff/training/"))
    assert f'<h2 lang="{language}">{title}</h2>' in home
    assert "First contact by phone" not in home

    step = client.post("/staff/training/scenarios/first-contact-by-phone/start/")
    page = unescaped(client.get(step["Location"]))
    assert f'<h1 lang="{language}">{title}</h1>' in page
    assert re.search(rf'<blockquote class="situation" lang="{language}">{situation}', page)
    assert f'<span lang="{language}">{question}' in page
    assert 'lang="en"' not in page and "The phone rings." not in page

    answered = client.post(step["Location"], {"no_need_to_tell": "yes", "interpreter_offered": "not_yet"})
    recorded = unescaped(client.get(answered["Location"]))
    assert f'<blockquote class="model-answer" lang="{language}">' in recorded
    assert "The crisis worker says her name" not in recorded


def test_the_trainer_reads_the_scenario_list_and_a_scenario_in_their_language(client, world):
    trainer = accounts.staff_language_set(user=world.staff["trainer"], language="fr")
    sign_in(client, trainer)
    listing = unescaped(client.get("/staff/training/scenarios/"))
    assert '<span lang="fr">« Est-ce que l\'immigration le saura ? » là où il n\'y a pas de pare-feu</span>' in listing
    page = unescaped(client.get("/staff/training/scenarios/will-immigration-know/"))
    # The wrong answers are translated too; the honest one still comes from the legal data only.
    assert '<li lang="fr">Ne vous inquiétez pas pour ça.' in page
    assert 'lang="en"' not in page


def test_a_text_with_no_translation_is_shown_in_english_and_marked_so():
    scenario = selectors.scenario("first-contact-by-phone")
    without_dutch = scenario.model_copy(update={"texts": {k: v for k, v in scenario.texts.items() if k != "nl"}})
    shown = selectors.localised(without_dutch, "nl")
    assert (shown.title, shown.title.language) == (scenario.title, "en")
    assert shown.step[0].check[0].question.language == "en"

    # One missing text falls back alone; the rest stays Dutch.
    dutch = scenario.texts["nl"]
    steps = dict(dutch.steps)
    steps["silence"] = steps["silence"].model_copy(update={"model_answer": ""})
    partial = scenario.model_copy(update={"texts": {"nl": dutch.model_copy(update={"steps": steps})}})
    shown = selectors.localised(partial, "nl")
    assert shown.step[0].model_answer.language == "en" and shown.step[0].situation.language == "nl"
    assert shown.title.language == "nl"


def test_the_data_check_names_a_missing_text_a_missing_wrong_answer_and_an_unknown_step():
    raw = selectors.scenario("will-immigration-know").model_dump(by_alias=True)
    dutch = next(t for t in raw["texts"].values() if t["language"] == "nl")
    del dutch["steps"]["coming_in"]["model_answer"]
    wrong = dutch["steps"]["and_if_i_report"]["wrong_answers"]
    wrong["honest_legal_answer"] = wrong["honest_legal_answer"][:2]
    dutch["steps"]["a_step_that_is_not_there"] = {"situation": "…"}
    broken = Scenario.model_validate(raw)
    messages = [p.message for p in _check({"will-immigration-know.toml": broken}, related())]
    assert messages == [
        "check 'honest_legal_answer' needs 3 wrong answers in nl",
        "no step 'a_step_that_is_not_there' (the nl text names one)",
        "step 'coming_in' model_answer is missing in nl",
    ]


def test_the_data_check_refuses_a_placeholder_the_english_does_not_have():
    raw = selectors.scenario("needs-assessment").model_dump(by_alias=True)
    raw["texts"]["it"]["title"] = "La valutazione dei bisogni di {nome}"
    messages = [p.message for p in _check({"needs-assessment.toml": Scenario.model_validate(raw)}, related())]
    assert messages == ["title: the placeholders differ from the English in it"]


def test_every_scenario_has_a_draft_in_every_staff_language_and_passes_the_check():
    for scenario in selectors.scenarios():
        assert sorted(scenario.texts) == sorted(STAFF_LANGUAGES), scenario.slug
        assert {t.status for t in scenario.texts.values()} == {"draft"}  # nobody has reviewed them yet
    assert list(_check({s.slug: s for s in selectors.scenarios()}, related())) == []


def completed(trainee, slug):
    """A scenario played to the end through the services, every check met."""
    attempt = services.attempt_start(trainee=trainee, scenario_slug=slug)
    for step in selectors.scenario_or_404(slug).step:
        answers = {c.key: "honest" if c.kind == "legal" else "yes" for c in step.check}
        services.step_answer(attempt=attempt, actor=trainee, step_key=step.key, answers=answers)
    return attempt


def test_the_certificate_is_in_the_trainee_s_language_when_an_english_reading_trainer_prints_it(client, world):
    training = world.organisations["training"]
    training.language = "it"
    training.save(update_fields=["language"])
    trainee = world.staff["trainee"]  # follows the organisation: Italian
    trainee.refresh_from_db()
    completed(trainee, "needs-assessment")

    html = selectors.certificate_html(selectors.certificate_of(trainee=trainee))
    assert '<html lang="it">' in html
    assert '<td lang="it">La valutazione dei bisogni dopo un lungo colloquio</td>' in html
    assert "Certificate of completion" not in html

    trainer = accounts.staff_language_set(user=world.staff["trainer"], language="en")
    sign_in(client, trainer)
    pdf = client.get(f"/staff/training/trainees/{trainee.public_id}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_translations_status_counts_the_training_scenarios_per_staff_language():
    rows = {(r.language, r.area): r for r in translations.status()}
    for language in STAFF_LANGUAGES:
        row = rows[(language, translations.TRAINING)]
        assert (row.reviewed, row.drafted, row.missing, row.required) == (0, 5, 0, True)
    assert rows[("ar", translations.TRAINING)].total == 0  # staff read the scenarios, not the people they help
