"""The shipped data files keep every rule (the same rules `content check` prints).

Parametrised per message variant and language, so a failure names the file
and the language a translator has to fix.
"""

import pytest

from config.locales import DEFAULT_LOCALE, LANGUAGE_CODES
from safereport.content import checks
from safereport.content import text as t
from safereport.content.loader import ANY_JURISDICTION, load_library
from safereport.content.tests.conftest import REAL_DATA

LIBRARY = load_library(REAL_DATA)
VARIANTS = [v for m in LIBRARY.messages.values() for v in m.variants]
KIND = {m.slug: m.kind for m in LIBRARY.messages.values()}
TEXTS = [(v, lang) for v in VARIANTS for lang in LANGUAGE_CODES]


def _id(v) -> str:
    return f"{v.slug}@{v.id}"


def test_the_content_report_finds_no_problem():
    report = checks.run(LIBRARY)
    assert report.ok, checks.render(report)


@pytest.mark.parametrize("variant", VARIANTS, ids=_id)
def test_every_message_exists_in_every_language(variant):
    assert sorted(variant.texts) == sorted(LANGUAGE_CODES)


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v.legal_claim], ids=_id)
def test_every_legal_claim_has_sources_and_a_last_checked_date(variant):
    assert variant.sources
    assert all(s.url.startswith("https://") for s in variant.sources)
    assert variant.last_checked is not None
    assert variant.checked_against


@pytest.mark.parametrize("variant", [v for v in VARIANTS if KIND[v.slug] == "law"], ids=_id)
def test_law_is_claimed_only_for_named_jurisdictions(variant):
    assert variant.legal_claim
    assert ANY_JURISDICTION not in variant.jurisdictions


@pytest.mark.parametrize(("variant", "language"), TEXTS, ids=lambda x: x if isinstance(x, str) else _id(x))
def test_sections_and_sentences_are_short_in_every_language(variant, language):
    found = variant.texts[language]
    for section in found.sections:
        assert t.word_count(section.body) <= t.MAX_SECTION_WORDS
        longest, sentence = t.longest_sentence(section.body)
        assert longest <= t.MAX_SENTENCE_WORDS, sentence


@pytest.mark.parametrize("variant", VARIANTS, ids=_id)
def test_english_reads_at_grade_six_or_below(variant):
    for section in variant.texts[DEFAULT_LOCALE].sections:
        assert t.english_grade(section.body) <= t.MAX_ENGLISH_GRADE, section.heading


@pytest.mark.parametrize(("variant", "language"), TEXTS, ids=lambda x: x if isinstance(x, str) else _id(x))
def test_each_text_is_reviewed_or_a_draft_that_says_what_it_needs(variant, language):
    """ADR 0011 §3: every text, English included, is either a current review or a draft.

    A translation in draft needs a professional's review (the portal shows the
    "draft translation" label); English is the source text, so its draft never
    carries that label.
    """
    found = variant.texts[language]
    if found.status == "reviewed":
        assert found.is_reviewed, "the text changed after its review"
        assert found.reviewer and found.reviewed_on
        assert not found.needs_professional_review
    else:
        assert found.status == "draft"
        assert found.needs_professional_review is (language != DEFAULT_LOCALE)


def test_no_seed_reassurance_is_presented_as_law():
    # The seed's scripted line (seed fn. 7; legal-facts §9 D11) in any wording
    # we know of must not appear in any English text.
    banned = ("there are laws to protect you", "not shared with immigration", "protected against deportation")
    for variant in VARIANTS:
        text = variant.texts[DEFAULT_LOCALE].full_text().lower()
        assert not any(phrase in text for phrase in banned), variant.path.name


def test_the_centre_immigration_promise_says_it_is_not_a_law():
    message = LIBRARY.messages["no-immigration-contact"]
    assert message.kind == "centre_policy"
    assert "It is not a law." in message.variants[0].texts["en"].full_text()


def test_every_registered_slug_still_has_a_message_or_is_retired():
    assert set(LIBRARY.registered_slugs) == set(LIBRARY.messages)
    assert not set(LIBRARY.retired_slugs) & set(LIBRARY.messages)


def test_every_jurisdiction_has_a_verified_emergency_number_labelled_in_every_language():
    for jurisdiction in LIBRARY.jurisdictions.values():
        verified = [n for n in jurisdiction.crisis_numbers if n.verified]
        assert verified, jurisdiction.code
        for number in jurisdiction.crisis_numbers:
            assert set(LANGUAGE_CODES) <= set(number.labels), number.id


def test_labels_exist_in_every_language():
    for key, values in LIBRARY.labels.items():
        assert set(LANGUAGE_CODES) <= set(values), key
