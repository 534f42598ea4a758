"""The checks catch each kind of broken data (on a scratch copy of data/content)."""

import datetime as dt
import re

import pytest

from safereport.content import checks
from safereport.content.loader import ContentDataError, load_library


def _report(directory, **kwargs):
    return checks.run(load_library(directory), **kwargs)


def _problems(directory, **kwargs) -> str:
    return "\n".join(str(p) for p in _report(directory, **kwargs).problems)


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _drop_language(path, language):
    blocks = path.read_text(encoding="utf-8").split("\n[[texts]]\n")
    kept = [b for b in blocks if not b.startswith(f'language = "{language}"')]
    assert len(kept) == len(blocks) - 1
    path.write_text("\n[[texts]]\n".join(kept), encoding="utf-8")


def test_the_scratch_copy_starts_clean(data_copy):
    assert _report(data_copy).ok


def test_a_missing_language_fails(data_copy):
    _drop_language(data_copy / "messages" / "your-choice.toml", "ti")
    assert "no text in 'ti'" in _problems(data_copy)


def test_a_legal_claim_without_sources_fails(data_copy):
    path = data_copy / "messages" / "victim-rights-eu.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"\nsources = \[.*?\n\]\n", "\n", text, flags=re.S), encoding="utf-8")
    assert "legal_claim = true but no [[sources]]" in _problems(data_copy)


def test_a_legal_claim_not_rechecked_for_a_year_fails(data_copy):
    later = dt.date(2026, 11, 24) + dt.timedelta(days=400)
    assert "over a year ago" in _problems(data_copy, today=later)


def test_a_law_message_for_every_jurisdiction_fails(data_copy):
    _edit(
        data_copy / "messages" / "police-and-immigration-law.NL.toml",
        'jurisdictions = ["NL"]',
        'jurisdictions = ["*"]',
    )
    assert "must name its jurisdictions" in _problems(data_copy)


def test_a_law_message_without_the_legal_claim_flag_fails(data_copy):
    _edit(data_copy / "messages" / "victim-rights-eu.toml", "legal_claim = true", "legal_claim = false")
    assert "set legal_claim = true" in _problems(data_copy)


def test_a_sentence_over_twenty_words_fails_in_any_language(data_copy):
    long = " ".join(["ዓመጽ"] * 21) + "።"
    _edit(data_copy / "messages" / "your-choice.toml", "ታሪኽኩም ክትነግሩ ኣየድልየኩምን።", long)
    assert "sentence of 21 words" in _problems(data_copy)


def test_a_section_over_150_words_fails(data_copy):
    padding = " ".join(["Tu peux dire non."] * 40)
    _edit(data_copy / "messages" / "your-choice.toml", "Vous pouvez dire non.", padding)
    assert "(max 150)" in _problems(data_copy)


def test_english_above_grade_six_fails(data_copy):
    hard = (
        "Notwithstanding jurisdictional considerations, institutional confidentiality obligations "
        "necessitate comprehensive documentation."
    )
    _edit(data_copy / "messages" / "your-choice.toml", "You can say no.", hard)
    assert "reading grade" in _problems(data_copy)


def test_a_translation_not_marked_for_review_fails(data_copy):
    path = data_copy / "messages" / "first-visit.toml"
    _edit(
        path,
        'language = "fa"\nstatus = "draft"\nneeds_professional_review = true',
        'language = "fa"\nstatus = "draft"\nneeds_professional_review = false',
    )
    assert "must say needs_professional_review = true" in _problems(data_copy)


def test_a_review_goes_stale_when_the_text_changes(data_copy):
    path = data_copy / "messages" / "first-visit.toml"
    _edit(
        path,
        'language = "nl"\nstatus = "draft"',
        'language = "nl"\nstatus = "reviewed"\nreviewer = "A. Translator"\nreviewed_on = 2026-11-01\nreviewed_digest = "0000"',
    )
    assert "changed after review" in _problems(data_copy)


def test_a_reviewed_text_with_a_matching_digest_counts_as_reviewed(data_copy):
    path = data_copy / "messages" / "first-visit.toml"
    digest = load_library(data_copy).messages["first-visit"].variants[0].texts["nl"].digest
    _edit(
        path,
        'language = "nl"\nstatus = "draft"',
        f'language = "nl"\nstatus = "reviewed"\nreviewer = "A. Translator"\nreviewed_on = 2026-11-01\nreviewed_digest = "{digest}"',
    )
    report = _report(data_copy)
    assert report.ok, checks.render(report)
    assert report.languages["nl"].reviewed == 1


def test_a_retention_period_that_disagrees_with_the_jurisdiction_data_fails(data_copy):
    _edit(data_copy / "jurisdictions.toml", "months = 6", "months = 12")
    problems = _problems(data_copy)
    assert "evidence_retention_months = 6 but jurisdictions.toml says 12" in problems


def test_a_text_that_does_not_state_the_retention_period_fails(data_copy):
    _edit(data_copy / "messages" / "evidence-kept-while-you-decide.BE.toml", "6 місяців", "пів року")
    assert "[uk]: the text does not state evidence_retention_months = 6" in _problems(data_copy)


def test_persian_digits_state_the_retention_period_too(data_copy):
    _edit(data_copy / "messages" / "evidence-kept-while-you-decide.BE.toml", "6 ماه", "۶ ماه")
    assert _report(data_copy).ok


def test_a_dropped_slug_fails_until_it_is_retired(data_copy):
    (data_copy / "messages" / "first-visit.toml").unlink()
    assert "'first-visit' is active but has no data file" in _problems(data_copy)
    _edit(data_copy / "slugs.toml", '  "first-visit",\n', "")
    _edit(data_copy / "slugs.toml", "retired = []", 'retired = ["first-visit"]')
    assert _report(data_copy).ok


def test_two_variants_for_one_jurisdiction_fail(data_copy):
    _edit(
        data_copy / "messages" / "police-and-immigration-law.NL.toml",
        'jurisdictions = ["NL"]',
        'jurisdictions = ["NL", "BE"]',
    )
    assert "2 variants cover 'BE'" in _problems(data_copy)


def test_an_unknown_kind_is_a_data_error(data_copy):
    _edit(data_copy / "messages" / "first-visit.toml", 'kind = "centre_policy"', 'kind = "reassurance"')
    with pytest.raises(ContentDataError, match="kind must be one of"):
        load_library(data_copy)


def test_a_verified_number_needs_an_official_source(data_copy):
    _edit(
        data_copy / "jurisdictions.toml",
        'id = "be-police-101"\nnumber = "101"\nverified = false',
        'id = "be-police-101"\nnumber = "101"\nverified = true',
    )
    assert "be-police-101: verified numbers need confidence = high and a source" in _problems(data_copy)


def test_a_centre_card_needs_hours_in_every_language_and_demo_data_is_never_verified(data_copy):
    path = data_copy / "jurisdictions.toml"
    _edit(path, 'name = "Care centre Ghent (demo)"\nphone = "+32 9 000 00 00"\nverified = false', 'name = "Care centre Ghent (demo)"\nphone = "+32 9 000 00 00"\nverified = true')
    _edit(path, 'hours = { en = "Open day and night, every day.", fr = "Ouvert jour et nuit, tous les jours.", ', 'hours = { en = "Open day and night, every day.", ')
    problems = _problems(data_copy)
    assert "centre Care centre Ghent (demo): hours missing in fr" in problems
    assert "centre Care centre Ghent (demo): demo data cannot be verified" in problems
